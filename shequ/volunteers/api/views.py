"""The volunteers API: each register's serializer and filters come from its declaration (registers.py)."""

from shequ.core.api.viewsets import BaseViewSet
from shequ.volunteers import models

__all__ = ["ServiceRecordViewSet", "VolunteerActivityViewSet", "VolunteerTeamViewSet", "VolunteerViewSet"]


class VolunteerViewSet(BaseViewSet):
    queryset = models.Volunteer.objects.all()


class VolunteerTeamViewSet(BaseViewSet):
    queryset = models.VolunteerTeam.objects.all()


class VolunteerActivityViewSet(BaseViewSet):
    queryset = models.VolunteerActivity.objects.all()


class ServiceRecordViewSet(BaseViewSet):
    queryset = models.ServiceRecord.objects.all()
