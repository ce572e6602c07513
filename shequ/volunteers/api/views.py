from shequ.core.api.viewsets import BaseViewSet
from shequ.volunteers import filtersets, models
from shequ.volunteers.api import serializers

__all__ = ["ServiceRecordViewSet", "VolunteerActivityViewSet", "VolunteerTeamViewSet", "VolunteerViewSet"]


class VolunteerViewSet(BaseViewSet):
    queryset = models.Volunteer.objects.all()
    serializer_class = serializers.VolunteerSerializer
    filterset_class = filtersets.VolunteerFilterSet


class VolunteerTeamViewSet(BaseViewSet):
    queryset = models.VolunteerTeam.objects.all()
    serializer_class = serializers.VolunteerTeamSerializer
    filterset_class = filtersets.VolunteerTeamFilterSet


class VolunteerActivityViewSet(BaseViewSet):
    queryset = models.VolunteerActivity.objects.all()
    serializer_class = serializers.VolunteerActivitySerializer
    filterset_class = filtersets.VolunteerActivityFilterSet


class ServiceRecordViewSet(BaseViewSet):
    queryset = models.ServiceRecord.objects.all()
    serializer_class = serializers.ServiceRecordSerializer
    filterset_class = filtersets.ServiceRecordFilterSet
