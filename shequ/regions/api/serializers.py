from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

from shequ.core.api.serializers import ScopedModelSerializer
from shequ.regions.models import Division, Grid, resolve_level_and_parent

__all__ = ["DivisionSerializer", "GridSerializer"]


class DivisionSerializer(ScopedModelSerializer):
    parent = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Division.objects.unscoped("validated by scope check"),
        required=False,
        allow_null=True,
    )
    level = serializers.ChoiceField(choices=Division._meta.get_field("level").choices, required=False)

    class Meta:
        model = Division
        fields = ["id", "code", "name", "level", "parent", "source", "edition", "division_code"]
        read_only_fields = ["source", "division_code"]

    def validate(self, attrs):
        code = attrs.get("code") or getattr(self.instance, "code", "")
        if self.instance is not None and "code" in attrs and attrs["code"] != self.instance.code:
            raise serializers.ValidationError({"code": _("A division's code cannot change; add a new division.")})
        try:
            attrs["level"], attrs["parent"] = resolve_level_and_parent(
                code, attrs.get("level"), attrs.get("parent", getattr(self.instance, "parent", None))
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error))
        return super().validate(attrs)


class GridSerializer(ScopedModelSerializer):
    community = serializers.SlugRelatedField(
        slug_field="code", queryset=Division.objects.unscoped("validated by scope check").communities()
    )

    class Meta:
        model = Grid
        fields = ["id", "code", "community", "sequence", "name", "description", "division_code"]
        read_only_fields = ["code", "division_code"]
