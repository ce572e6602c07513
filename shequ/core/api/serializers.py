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

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            related = getattr(field, "child_relation", field)
            queryset = getattr(related, "queryset", None)
            if queryset is not None and getattr(queryset.model, "fail_closed", False):
                # Existence is looked up here; whether the writer may reference it is checked in validate().
                related.queryset = queryset.model.objects.unscoped("reference checked by ScopedModelSerializer")
        return fields

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
