from django.db.models import Prefetch
from rest_framework import viewsets

from shequ.accounts.api.serializers import UserSerializer
from shequ.accounts.filtersets import UserFilterSet
from shequ.accounts.models import Assignment, User

__all__ = ["UserViewSet"]


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    """Users with an assignment inside the administrator's jurisdiction (accounts.view_user)."""

    queryset = User.objects.all()
    serializer_class = UserSerializer
    filterset_class = UserFilterSet

    def get_queryset(self):
        return User.objects.restrict(self.request.user, "view").prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("division", "department"))
        )
