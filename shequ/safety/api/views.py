"""The safe-community API: each register's serializer and filters come from its declaration (registers.py); beyond
them, a case made from a work order (GOV-3) and the video platform's status reports (GOV-2)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from shequ.core.api.serializers import Serializer
from shequ.core.api.viewsets import BaseViewSet
from shequ.safety import models, services
from shequ.safety.models import HAPPENED
from shequ.safety.registers import DeviceStatusReportRegister, DisputeCaseRegister
from shequ.workorders.models import WorkOrder

REPORT = DeviceStatusReportRegister.serializer_class()
CASE = DisputeCaseRegister.serializer_class()

__all__ = [
    "DeviceStatusReportViewSet",
    "DisputeCaseViewSet",
    "DisputePartyViewSet",
    "FireInspectionViewSet",
    "HelpEducationCaseViewSet",
    "HelpGroupMemberViewSet",
    "HelpVisitViewSet",
    "JointDefenceMemberViewSet",
    "JointDefenceTeamViewSet",
    "PatrolAreaViewSet",
    "PatrolRecordViewSet",
    "PoliceOfficerViewSet",
    "PoliceRoomViewSet",
    "SafetyActivityViewSet",
    "SurveillanceDeviceViewSet",
]


class PoliceRoomViewSet(BaseViewSet):
    queryset = models.PoliceRoom.objects.select_related("community")


class PoliceOfficerViewSet(BaseViewSet):
    queryset = models.PoliceOfficer.objects.select_related("room")


class JointDefenceTeamViewSet(BaseViewSet):
    queryset = models.JointDefenceTeam.objects.select_related("community")


class JointDefenceMemberViewSet(BaseViewSet):
    queryset = models.JointDefenceMember.objects.select_related("team")


class PatrolAreaViewSet(BaseViewSet):
    queryset = models.PatrolArea.objects.select_related("community")


class PatrolRecordViewSet(BaseViewSet):
    queryset = models.PatrolRecord.objects.select_related("area")


class CaseFromOrderSerializer(Serializer):
    """How a work order becomes a case (GOV-3): the kind of dispute and, optionally, the case's title."""

    kind = serializers.CharField(
        label=gettext_lazy("kind of dispute"),
        max_length=20,
        help_text="neighbours, family, property, labour, damages or other.",
    )
    title = serializers.CharField(
        label=gettext_lazy("title"), max_length=100, required=False, allow_blank=True, default=""
    )


class DisputeCaseViewSet(BaseViewSet):
    queryset = models.DisputeCase.objects.select_related("community")

    @extend_schema(
        summary="Make a case from a work order",
        description="The order's community, description and caller (as the applicant) are carried over; the "
        "deadline is 30 days ahead. An order outside the caller's jurisdiction is 404, as if it did not exist.",
        parameters=[OpenApiParameter("work_order", int, OpenApiParameter.PATH, description="The work order's id.")],
        request=CaseFromOrderSerializer,
        responses={201: CASE},
    )
    @action(detail=False, methods=["post"], url_path=r"from-order/(?P<work_order>[0-9]+)")
    def from_order(self, request, work_order, *args, **kwargs):
        incoming = CaseFromOrderSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        order = WorkOrder.objects.restrict(request.user, "view").filter(pk=int(work_order)).first()
        if order is None:
            raise NotFound
        try:
            case = services.case_from_order(
                acting_user=request.user, order=order, kind=data["kind"], title=data["title"]
            )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None
        return Response(CASE(case, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED)


class DisputePartyViewSet(BaseViewSet):
    queryset = models.DisputeParty.objects.select_related("case")


class SurveillanceDeviceViewSet(BaseViewSet):
    queryset = models.SurveillanceDevice.objects.select_related("community", "residential_area")


class StatusReportSerializer(Serializer):
    """A status report as the video platform posts it, to the device's code (GOV-2)."""

    status = serializers.CharField(
        label=gettext_lazy("status"), max_length=20, help_text="online, offline, fault or removed."
    )
    reported_at = serializers.DateTimeField(label=gettext_lazy("reported at"), validators=HAPPENED)
    note = serializers.CharField(
        label=gettext_lazy("note"), max_length=200, required=False, allow_blank=True, default=""
    )


class DeviceStatusReportViewSet(BaseViewSet):
    queryset = models.DeviceStatusReport.objects.select_related("device")

    @extend_schema(
        summary="Report a device's status (video platform)",
        description="Idempotent: the same device, moment and status again answers 200 with the stored report; a "
        "new one 201. The caller is a staff API account (token) holding the add permission where the device is; a "
        "video platform posts with its own key to /api/safety/platform/device-status/{code}/ instead.",
        parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH, description="The device's code.")],
        request=StatusReportSerializer,
        responses={200: REPORT, 201: REPORT},
    )
    @action(detail=False, methods=["post"], url_path=r"by-code/(?P<code>[^/]+)")
    def report(self, request, code, *args, **kwargs):
        incoming = StatusReportSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        try:
            data = incoming.validated_data
            stored, created = services.report_status(
                acting_user=request.user,
                code=code,
                status=data["status"],
                reported_at=data["reported_at"],
                note=data["note"],
            )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from None
        body = REPORT(stored, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class FireInspectionViewSet(BaseViewSet):
    queryset = models.FireInspection.objects.select_related("community", "residential_area")


class SafetyActivityViewSet(BaseViewSet):
    queryset = models.SafetyActivity.objects.select_related("community")


# The restricted registers (GOV-4) answer only a request that states its reason (`core.restricted`).
REASON = extend_schema(
    parameters=[
        OpenApiParameter(
            "X-Access-Reason",
            str,
            OpenApiParameter.HEADER,
            required=True,
            description="Why these restricted records are read or written (4 to 200 characters, percent-encoded "
            "UTF-8); kept in the access log with every request.",
        )
    ]
)


@REASON
class HelpEducationCaseViewSet(BaseViewSet):
    queryset = models.HelpEducationCase.objects.select_related("resident")

    def get_queryset(self):
        return super().get_queryset().prefetch_related(models.with_visit_days())  # each row's next visit due


@REASON
class HelpGroupMemberViewSet(BaseViewSet):
    queryset = models.HelpGroupMember.objects.select_related("case")


@REASON
class HelpVisitViewSet(BaseViewSet):
    queryset = models.HelpVisit.objects.select_related("case")
