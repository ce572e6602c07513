from shequ.core.api.serializers import ScopedModelSerializer, community_field
from shequ.volunteers import models

__all__ = ["VolunteerSerializer"]


# The API also links a volunteer to the resident register (`resident`), which the page and the import do not.
class VolunteerSerializer(ScopedModelSerializer):
    community = community_field()

    class Meta:
        model = models.Volunteer
        fields = ["id", "community", "name", "skills", "registered_on", "active", "resident", "division_code"]
        read_only_fields = ["division_code"]
