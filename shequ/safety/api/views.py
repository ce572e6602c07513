"""The safe-community API: each register's serializer and filters come from its declaration (registers.py)."""

from shequ.core.api.viewsets import BaseViewSet
from shequ.safety import models

__all__ = [
    "DeviceStatusReportViewSet",
    "DisputeCaseViewSet",
    "DisputePartyViewSet",
    "JointDefenceMemberViewSet",
    "JointDefenceTeamViewSet",
    "PatrolAreaViewSet",
    "PatrolRecordViewSet",
    "PoliceOfficerViewSet",
    "PoliceRoomViewSet",
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


class DisputeCaseViewSet(BaseViewSet):
    queryset = models.DisputeCase.objects.select_related("community")


class DisputePartyViewSet(BaseViewSet):
    queryset = models.DisputeParty.objects.select_related("case")


class SurveillanceDeviceViewSet(BaseViewSet):
    queryset = models.SurveillanceDevice.objects.select_related("community", "residential_area")


class DeviceStatusReportViewSet(BaseViewSet):
    queryset = models.DeviceStatusReport.objects.select_related("device")
