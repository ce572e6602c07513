import copy
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import UniqueConstraint
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.validators import UniqueTogetherValidator

from shequ.core.models import ScopedModel
from shequ.core.rights import user_may

__all__ = ["FieldsOncePerClass", "ModelSerializer", "ScopedModelSerializer", "Serializer", "community_field"]


def community_field():
    """A community by its 12-digit code; whether the writer may use it is the scope check's business."""
    from shequ.regions.models import Division

    return serializers.SlugRelatedField(
        label=gettext_lazy("community"),
        slug_field="code",
        queryset=Division.objects.unscoped("checked by the scope check").communities(),
    )


def _clean_errors(error: DjangoValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return {("non_field_errors" if k == "__all__" else k): v for k, v in error.message_dict.items()}
    return {"non_field_errors": error.messages}


def _has_children(field) -> bool:
    """Nested serializers and fields made around another field (many=True relations, lists) own that field."""
    return isinstance(field, serializers.BaseSerializer) or any(
        isinstance(value, serializers.Field) for value in (*field._args, *field._kwargs.values())
    )


def _copy(field):
    """A new field with the same attributes and its own list of validators (see `FieldsOncePerClass`)."""
    new = object.__new__(type(field))
    new.__dict__.update(field.__dict__)
    if "_validators" in field.__dict__:
        new._validators = list(field._validators)
    return new


class FieldsOncePerClass:
    """DRF builds a serializer's fields for every instance — declared ones deep-copied (each `Field.__init__` run
    again), a model's built from the model: for a 30-field receipt that was a third of an intake request's own
    work. Here they are built once per class, and each instance gets shallow copies: its own attributes, so that
    binding or replacing one (a queryset, a label) stays with the instance, and its own list of validators; the
    values the attributes hold (labels, choices, querysets, error messages) are read-only by DRF's contract.
    Fields around another field (nested serializers, many=True relations, lists) are deep-copied: their child must
    be their own. Subclasses that adapt fields per request still get fresh ones."""

    def get_fields(self):
        cls = type(self)
        if "_built_fields" not in cls.__dict__:
            cls._built_fields = [(name, field, _has_children(field)) for name, field in super().get_fields().items()]
        return {name: copy.deepcopy(field) if deep else _copy(field) for name, field, deep in cls._built_fields}


class Serializer(FieldsOncePerClass, serializers.Serializer):
    """DRF's Serializer with its fields built once per class."""


class ModelSerializer(FieldsOncePerClass, serializers.ModelSerializer):
    """DRF's ModelSerializer with its fields built once per class."""


def _field_label(serializer, name: str) -> str:
    """The model field's verbose name (translated), else the serializer's label: DRF makes declared fields' labels
    from their names ("Community"), which a Chinese error should not show."""
    try:
        return str(serializer.Meta.model._meta.get_field(name).verbose_name)
    except (AttributeError, FieldDoesNotExist):
        return str(serializer.fields[name].label) if name in serializer.fields else name


class ReferenceInScope:
    """The scope check of one reference field (a foreign key, or a many-to-many list as a whole)."""

    requires_context = True

    def __call__(self, value, serializer_field):
        serializer = serializer_field.parent
        request = serializer.context.get("request")
        if request is not None:
            serializer.check_references(request.user, serializer_field.field_name, value)


class ScopedModelSerializer(ModelSerializer):
    """Writes may reference only records within the writer's view scope; anything else is 403 (issue #2, AC-3).

    (The record's own scope is checked after saving, in `BaseViewSet`.)
    """

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            related = getattr(field, "child_relation", field)
            queryset = getattr(related, "queryset", None)
            if queryset is None or not issubclass(queryset.model, ScopedModel):
                continue
            if getattr(queryset.model, "fail_closed", False):
                # Existence is looked up here; whether the writer may reference it is checked right after.
                related.queryset = queryset.model.objects.unscoped("reference checked by ScopedModelSerializer")
            # First of the field's checks, so that no later rule (a field's own validation, uniqueness, the
            # model's clean) answers about a record the writer may not see.
            field.validators = [ReferenceInScope(), *field.validators]
        return fields

    def get_validators(self):
        """Uniqueness errors speak the constraint's own message (e.g. "already holds this post"), not DRF's
        generic one naming the columns."""
        validators = super().get_validators()
        messages = {
            frozenset(constraint.fields): constraint.violation_error_message
            for constraint in self.Meta.model._meta.constraints
            if isinstance(constraint, UniqueConstraint)
            and constraint.violation_error_message != constraint.default_violation_error_message
        }
        for validator in validators:
            if isinstance(validator, UniqueTogetherValidator) and frozenset(validator.fields) in messages:
                validator.message = messages[frozenset(validator.fields)]
        return validators

    def validate(self, attrs):
        attrs = super().validate(attrs)
        self.run_model_clean(attrs)
        request = self.context.get("request")
        if request is None:
            return attrs
        for name, value in attrs.items():
            self.check_references(request.user, name, value)
        return attrs

    def check_references(self, user, name: str, value) -> None:
        """Every record a write references — a foreign key or each member of a many-to-many list — must be one the
        writer may see; otherwise 403 naming the field, and nothing is written (issues #11, #12; AC-3)."""
        for record in value if isinstance(value, list | tuple | set) else (value,):
            if not isinstance(record, ScopedModel):
                continue
            meta = record._meta
            if not user_may(user, f"{meta.app_label}.view_{meta.model_name}", record.division_code):
                label = _field_label(self, name)
                raise PermissionDenied(
                    _("{field}: a referenced record is outside your jurisdiction.").format(field=label)
                )

    def run_model_clean(self, attrs) -> None:
        """The model's own `clean()` — the rules pages enforce through their forms hold for the API too."""
        model: Any = self.Meta.model
        many = {field.name for field in model._meta.many_to_many}
        candidate = copy.copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            if name not in many:
                setattr(candidate, name, value)
        try:
            candidate.clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(_clean_errors(error)) from None
