import re
from datetime import date

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.core.crypto import blind_index
from shequ.core.filtersets import ScopedFilterSet
from shequ.core.personal import normalise_id_number, normalise_phone
from shequ.people.choices import SENSITIVE_CARE, CareCategory, MoveKind, RegistrationType, ResidenceStatus, Sex
from shequ.people.models import CareRecord, FloatingRecord, Household, Resident, ResidentMove
from shequ.people.rights import care_choices

__all__ = [
    "CareRecordFilterSet",
    "FloatingRecordFilterSet",
    "HouseholdFilterSet",
    "ResidentFilterSet",
    "ResidentMoveFilterSet",
]

_ID_NUMBER = re.compile(r"^[0-9]{17}[0-9X]$")
_PHONE = re.compile(r"^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$")
_LETTERS = re.compile(r"^[a-z]+$")


class HouseholdFilterSet(ScopedFilterSet):
    search_fields = ("number",)

    class Meta:
        model = Household
        fields = ["q", "division", "registration"]


class ResidentFilterSet(ScopedFilterSet):
    """`q` finds by exact ID number or phone (blind index), pinyin or initials prefix, or part of the name."""

    residence_status = django_filters.ChoiceFilter(choices=ResidenceStatus.choices, label=_("residence status"))
    registration_type = django_filters.ChoiceFilter(choices=RegistrationType.choices, label=_("registration type"))
    sex = django_filters.ChoiceFilter(choices=Sex.choices, label=_("sex"))
    minor = django_filters.BooleanFilter(method="filter_minor", label=_("minor"))
    care = django_filters.ChoiceFilter(choices=CareCategory.choices, method="filter_care", label=_("care category"))
    # By number, not a drop-down: a community has thousands of households.
    household = django_filters.CharFilter(field_name="household__number", label=_("household number"))

    class Meta:
        model = Resident
        fields = ["q", "division", "residence_status", "registration_type", "sex", "minor", "care", "household"]

    @staticmethod
    def is_private(value: str) -> bool:
        value = value.strip()
        return bool(_ID_NUMBER.match(normalise_id_number(value)) or _PHONE.match(normalise_phone(value)))

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if _ID_NUMBER.match(normalise_id_number(value)):
            return queryset.filter(id_number_digest=blind_index(normalise_id_number(value), kind="id_number"))
        if _PHONE.match(normalise_phone(value)):
            return queryset.filter(phone_digest=blind_index(normalise_phone(value), kind="phone"))
        if _LETTERS.match(value.lower()):
            return queryset.filter(pinyin_keys__contains=" " + value.lower())
        return queryset.filter(name__contains=value)

    def filter_minor(self, queryset, name, value):
        today = timezone.localdate()
        try:
            cutoff = today.replace(year=today.year - 18)
        except ValueError:  # 29 February
            cutoff = date(today.year - 18, 3, 1)
        return queryset.filter(birth_date__gt=cutoff) if value else queryset.filter(birth_date__lte=cutoff)

    @property
    def form(self):
        """The care filter offers only the categories the user may see, and is absent without care records (AC-4;
        issue #12 crawl): its labels told every role of the register that the hidden categories exist. Only the
        widget's choices change, so that a hidden category asked for by address is still refused (403)."""
        form = super().form
        field = form.fields.get("care")
        if field is not None:
            user = getattr(self.request, "user", None)
            if not self.may_filter_care(user):
                del form.fields["care"]
            else:
                allowed = {value for value, _label in care_choices(user)}
                field.widget.choices = [
                    (value, label) for value, label in field.choices if not value or value in allowed
                ]
        return form

    @staticmethod
    def may_filter_care(user) -> bool:
        return user is not None and user.has_perm("people.view_carerecord")

    def filter_queryset(self, queryset):
        # Without the field on the form, a care category asked for by address is refused as before, not ignored.
        if self.data.get("care") and not self.may_filter_care(getattr(self.request, "user", None)):
            raise PermissionDenied
        return super().filter_queryset(queryset)

    def filter_care(self, queryset, name, value):
        """Filtering on care categories is refused to roles without that duty (AC-4): 403, not an empty list."""
        user = getattr(self.request, "user", None)
        permission = "people.view_sensitive_care" if value in SENSITIVE_CARE else "people.view_carerecord"
        if user is None or not user.has_perm(permission):
            raise PermissionDenied
        visible = CareRecord.objects.restrict(user).filter(category=value)
        return queryset.filter(care_records__in=visible).distinct()


class DaysFilter(django_filters.NumberFilter):
    """A whole number of days (an integer field, not a decimal one)."""

    field_class = forms.IntegerField


# Permits "expiring within" 0 to 3650 days: beyond, the date arithmetic overflows (a 500 before issue #12).
MAX_EXPIRING_DAYS = 3650


class FloatingRecordFilterSet(ScopedFilterSet):
    expiring = DaysFilter(
        method="filter_expiring",
        label=_("permit expires within (days)"),
        min_value=0,
        max_value=MAX_EXPIRING_DAYS,
    )

    class Meta:
        model = FloatingRecord
        fields = ["division", "expiring"]

    def filter_expiring(self, queryset, name, value):
        return queryset.permits_expiring(int(value))


class CareRecordFilterSet(ScopedFilterSet):
    category = django_filters.ChoiceFilter(choices=CareCategory.choices, label=_("care category"))
    search_fields = ("resident__name",)

    class Meta:
        model = CareRecord
        fields = ["q", "division", "category"]

    @property
    def form(self):
        """Categories the user may not see are not offered (AC-4; issue #12, leak 2). Set on the form's own field:
        the filter's field is built once and shared by deep copies (the schema generator builds it first)."""
        form = super().form
        form.fields["category"].choices = care_choices(getattr(self.request, "user", None))
        return form


class ResidentMoveFilterSet(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(choices=MoveKind.choices, label=_("kind"))
    search_fields = ("resident_name",)

    class Meta:
        model = ResidentMove
        fields = ["q", "division", "kind"]
