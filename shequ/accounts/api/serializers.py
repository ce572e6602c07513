from rest_framework import serializers

from shequ.accounts.models import Assignment, User
from shequ.core.api.serializers import ModelSerializer

__all__ = ["AssignmentSerializer", "UserSerializer"]


class AssignmentSerializer(ModelSerializer):
    division = serializers.SlugRelatedField(slug_field="code", read_only=True)
    department = serializers.StringRelatedField()

    class Meta:
        model = Assignment
        fields = ["id", "role", "division", "department"]


class UserSerializer(ModelSerializer):
    assignments = AssignmentSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "email", "is_active", "last_login", "assignments"]
