from django.db.models import Prefetch
from rest_framework import status
from rest_framework.response import Response

from shequ.core.api.viewsets import BaseViewSet, ReadOnlyViewSet
from shequ.people import lookups
from shequ.people.api import serializers
from shequ.people.models import CareRecord, FloatingRecord, Household, Resident, ResidentMove

__all__ = ["CareRecordViewSet", "FloatingRecordViewSet", "HouseholdViewSet", "ResidentMoveViewSet", "ResidentViewSet"]


class HouseholdViewSet(BaseViewSet):
    queryset = Household.objects.all()
    select_related = ("community",)


class ResidentViewSet(BaseViewSet):
    queryset = Resident.objects.unscoped("class attribute; get_queryset restricts")
    select_related = ("community",)

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.request.user.has_perm("people.view_carerecord"):
            visible = CareRecord.objects.restrict(self.request.user)
            queryset = queryset.prefetch_related(Prefetch("care_records", visible, to_attr="visible_care_records"))
        return queryset

    def create(self, request, *args, **kwargs):
        return self._answering_hidden_registrations(super().create, request, *args, **kwargs)

    def update(self, request, *args, **kwargs):
        return self._answering_hidden_registrations(super().update, request, *args, **kwargs)

    def _answering_hidden_registrations(self, call, request, *args, **kwargs):
        """An ID number registered where the user cannot see: a 400 answered here, not through the exception
        handler, so that the request's transaction commits the access-log row of the look-up (issue #12). The
        write's own savepoint has already been rolled back; nothing else was written."""
        try:
            return call(request, *args, **kwargs)
        except serializers.HiddenRegistrationError as error:
            lookups.log(request.user, source="api")
            return Response(error.detail, status=status.HTTP_400_BAD_REQUEST)


class FloatingRecordViewSet(BaseViewSet):
    queryset = FloatingRecord.objects.all()


class CareRecordViewSet(BaseViewSet):
    queryset = CareRecord.objects.all()


class ResidentMoveViewSet(ReadOnlyViewSet):
    """Each community's move history; written only by the move services."""

    queryset = ResidentMove.objects.all()
