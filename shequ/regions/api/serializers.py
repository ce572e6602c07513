from rest_framework import serializers

from shequ.core.api.serializers import ScopedModelSerializer
from shequ.regions.models import Division, Grid
from shequ.regions.validators import level_of_code, parent_code_of

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
            raise serializers.ValidationError({"code": "区划代码不可修改；新代码请新建区划。"})
        level = level_of_code(code)
        if "level" in attrs and attrs["level"] != level:
            raise serializers.ValidationError({"level": f"代码 {code} 对应的层级是“{level.label}”。"})
        attrs["level"] = level
        expected_parent = parent_code_of(code)
        parent = attrs.get("parent", getattr(self.instance, "parent", None))
        if expected_parent is None:
            if parent is not None:
                raise serializers.ValidationError({"parent": "市级区划没有上级区划。"})
        else:
            if parent is None:
                parent = Division.objects.unscoped("parent lookup").filter(code=expected_parent).first()
                if parent is None:
                    raise serializers.ValidationError({"code": f"上级区划 {expected_parent} 不存在。"})
            elif parent.code != expected_parent:
                raise serializers.ValidationError({"parent": f"{code} 的上级区划应为 {expected_parent}。"})
            attrs["parent"] = parent
        return super().validate(attrs)


class GridSerializer(ScopedModelSerializer):
    community = serializers.SlugRelatedField(
        slug_field="code", queryset=Division.objects.unscoped("validated by scope check").communities()
    )

    class Meta:
        model = Grid
        fields = ["id", "code", "community", "sequence", "name", "description", "division_code"]
        read_only_fields = ["code", "division_code"]
