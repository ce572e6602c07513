"""The safe-community pages: each register's form, filters and table come from its declaration (registers.py)."""

from shequ.core.views import ModelViews
from shequ.safety import models

__all__ = [
    "DeviceStatusReportViews",
    "DisputeCaseViews",
    "DisputePartyViews",
    "JointDefenceMemberViews",
    "JointDefenceTeamViews",
    "PatrolAreaViews",
    "PatrolRecordViews",
    "PoliceOfficerViews",
    "PoliceRoomViews",
    "SurveillanceDeviceViews",
]


class PoliceRoomViews(ModelViews):
    model = models.PoliceRoom


class PoliceOfficerViews(ModelViews):
    model = models.PoliceOfficer


class JointDefenceTeamViews(ModelViews):
    model = models.JointDefenceTeam


class JointDefenceMemberViews(ModelViews):
    model = models.JointDefenceMember


class PatrolAreaViews(ModelViews):
    model = models.PatrolArea


class PatrolRecordViews(ModelViews):
    model = models.PatrolRecord


class DisputeCaseViews(ModelViews):
    model = models.DisputeCase


class DisputePartyViews(ModelViews):
    model = models.DisputeParty


class SurveillanceDeviceViews(ModelViews):
    model = models.SurveillanceDevice


class DeviceStatusReportViews(ModelViews):
    model = models.DeviceStatusReport
