from shequ.core.api.serializers import ScopedModelSerializer, community_field
from shequ.volunteers import models

__all__ = ["ServiceRecordSerializer", "VolunteerActivitySerializer", "VolunteerSerializer", "VolunteerTeamSerializer"]


class VolunteerSerializer(ScopedModelSerializer):
    community = community_field()

    class Meta:
        model = models.Volunteer
        fields = ["id", "community", "name", "skills", "registered_on", "active", "resident", "division_code"]
        read_only_fields = ["division_code"]


class VolunteerTeamSerializer(ScopedModelSerializer):
    community = community_field()

    class Meta:
        model = models.VolunteerTeam
        fields = ["id", "community", "name", "leader_name", "members", "division_code"]
        read_only_fields = ["division_code"]


class VolunteerActivitySerializer(ScopedModelSerializer):
    community = community_field()

    class Meta:
        model = models.VolunteerActivity
        fields = ["id", "community", "title", "team", "held_on", "place", "division_code"]
        read_only_fields = ["division_code"]


class ServiceRecordSerializer(ScopedModelSerializer):
    class Meta:
        model = models.ServiceRecord
        fields = ["id", "volunteer", "activity", "served_on", "hours", "verified", "verified_by", "division_code"]
        read_only_fields = ["division_code", "verified_by"]
