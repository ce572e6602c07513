from shequ.core.forms import CommunityRecordForm, ScopedModelForm
from shequ.volunteers import models

__all__ = ["ServiceRecordForm", "VolunteerActivityForm", "VolunteerForm", "VolunteerTeamForm"]


class VolunteerForm(CommunityRecordForm):
    class Meta:
        model = models.Volunteer
        fields = ["community", "name", "skills", "registered_on", "active"]


class VolunteerTeamForm(CommunityRecordForm):
    class Meta:
        model = models.VolunteerTeam
        fields = ["community", "name", "leader_name", "members"]


class VolunteerActivityForm(CommunityRecordForm):
    class Meta:
        model = models.VolunteerActivity
        fields = ["community", "title", "team", "held_on", "place"]


class ServiceRecordForm(ScopedModelForm):
    class Meta:
        model = models.ServiceRecord
        fields = ["volunteer", "activity", "served_on", "hours", "verified"]
