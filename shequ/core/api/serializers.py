from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from shequ.core.models import ScopedModel
from shequ.core.views import user_may

__all__ = ["ScopedModelSerializer"]


class ScopedModelSerializer(serializers.ModelSerializer):
    """Writes may reference only records within the writer's view scope; anything else is 403 (issue #2, AC-3).

    (The record's own scope is checked after saving, in `BaseViewSet`.)
    """

    def validate(self, attrs):
        attrs = super().validate(attrs)
        request = self.context.get("request")
        if request is None:
            return attrs
        for value in attrs.values():
            if isinstance(value, ScopedModel):
                meta = value._meta
                if not user_may(request.user, f"{meta.app_label}.view_{meta.model_name}", value.division_code):
                    raise PermissionDenied(_("A referenced record is outside your jurisdiction."))
        return attrs
