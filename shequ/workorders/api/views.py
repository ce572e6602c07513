"""The call centre's API (issue #5): catalogues, units and routing; orders read, taken in and handled through the
same services as the pages. Illegal moves are 409, a replayed idempotency key with another body is 422; a request
for a community outside the user's jurisdiction is refused by the intake itself (403)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from shequ.core.api.viewsets import BaseViewSet
from shequ.workorders import access, filtersets, models, services
from shequ.workorders.api import serializers
from shequ.workorders.choices import Source
from shequ.workorders.services.intake import IDEMPOTENCY_KEY
from shequ.workorders.steps import STEPS

__all__ = ["CategoryViewSet", "HandlingUnitViewSet", "RoutingRuleViewSet", "WorkOrderViewSet"]


class CategoryViewSet(BaseViewSet):
    queryset = models.Category.objects.all()


class HandlingUnitViewSet(BaseViewSet):
    queryset = models.HandlingUnit.objects.all()


class RoutingRuleViewSet(BaseViewSet):
    queryset = models.RoutingRule.objects.all()


# The steps taken through the API, by their path (`steps.STEPS`: the name with hyphens).
ACTIONS = {step.api_name: step for step in STEPS.values() if step.api}


class WorkOrderViewSet(BaseViewSet):
    """Orders are read, taken in (POST) and moved through their steps; never edited or deleted directly."""

    http_method_names = ["get", "post", "head", "options"]
    # A step needs the order in view; who may take which step is `access.may_act` (jurisdiction or unit).
    action_permissions = {"step": "view"}
    queryset = models.WorkOrder.objects.all()
    serializer_class = serializers.WorkOrderSerializer
    filterset_class = filtersets.WorkOrderFilterSet
    select_related = ("category", "community", "unit", "duplicate_of")

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.prefetch_related("events__unit") if self.action == "retrieve" else queryset

    @extend_schema(
        request=serializers.IntakeSerializer,
        responses={201: serializers.ReceiptSerializer, 200: serializers.ReceiptSerializer},
    )
    def create(self, request, *args, **kwargs):
        intake = serializers.IntakeSerializer(data=request.data)
        intake.is_valid(raise_exception=True)
        data = intake.validated_data
        key = request.headers.get("Idempotency-Key")
        if key is not None and not IDEMPOTENCY_KEY.fullmatch(key):  # the column holds 100 with the prefix (#12)
            return Response(
                {"Idempotency-Key": ["1 to 64 printable ASCII characters."]}, status=status.HTTP_400_BAD_REQUEST
            )
        try:
            order, created = services.submit(
                acting_user=request.user,
                source=Source.PHONE,
                **data,
                idempotency_key=f"api:{request.user.pk}:{key}" if key else None,
            )
        except services.IdempotencyConflict as conflict:
            return Response({"detail": str(conflict)}, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
        body = serializers.ReceiptSerializer(order).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(
        operation_id="workorders_orders_step",
        request=serializers.ActionSerializer,
        responses={200: serializers.WorkOrderSerializer},
    )
    @action(detail=True, methods=["post"], url_path=r"(?P<step>[a-z-]+)")
    def step(self, request, pk=None, step=None):
        """One transition: accept, start, return, transfer, dispatch, reply, close, reopen, extend,
        decide-extension, callback."""
        order = self.get_object()
        if step not in ACTIONS:
            return Response({"detail": "Unknown action."}, status=status.HTTP_404_NOT_FOUND)
        if not access.may_act(request.user, order, ACTIONS[step].name):
            raise PermissionDenied
        body = serializers.ActionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data, user = body.validated_data, request.user
        try:
            order = self.run(step, order, user, data)
        except services.IllegalTransition as illegal:
            return Response({"detail": str(illegal)}, status=status.HTTP_409_CONFLICT)
        except (ValidationError, DjangoPermissionDenied):
            raise
        order.refresh_from_db()
        return Response(serializers.WorkOrderSerializer(order).data)

    @staticmethod
    def run(step, order, user, data):
        """The body's values for the inputs the step takes (`Step.inputs`); `services.perform` checks them."""
        taken = ACTIONS[step]
        fields = {spec.name: data[spec.name] for spec in taken.inputs if data.get(spec.name) is not None}
        return services.perform(order, taken.name, actor=user, **fields)
