from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.forms import CommunityRecordForm, ScopedModelForm, style_widgets
from shequ.core.personal import normalise_id_number
from shequ.people import lookups, services
from shequ.people.choices import MoveKind, ResidenceStatus
from shequ.people.models import CareRecord, Household, Resident, ResidentMove
from shequ.people.rights import care_choices, may_use_category

__all__ = ["CareRecordForm", "HouseholdForm", "MoveForm", "ResidentForm", "UnmaskForm"]


class HouseholdForm(CommunityRecordForm):
    registered_address = forms.CharField(
        label=_("registered address"),
        max_length=200,
        required=False,
        help_text=_("Stored encrypted; leave empty to keep the current one."),
    )

    class Meta:
        model = Household
        fields = ["community", "grid", "number", "dwelling", "registration"]

    def save(self, commit=True):
        if self.cleaned_data.get("registered_address"):
            services.set_address(self.instance, self.cleaned_data["registered_address"], name="registered_address")
        return super().save(commit)


class ResidentForm(CommunityRecordForm):
    """Plaintext ID number, phone and address are taken here and stored only encrypted, indexed and masked."""

    id_number = forms.CharField(
        label=_("ID number"),
        max_length=20,
        required=False,
        help_text=_("Sex and birth date are taken from it. Leave empty to keep the current one."),
    )
    phone = forms.CharField(label=_("phone"), max_length=20, required=False)
    address = forms.CharField(label=_("detailed address"), max_length=200, required=False)

    class Meta:
        model = Resident
        fields = [
            "community",
            "grid",
            "household",
            "name",
            "id_number",
            "phone",
            "address",
            "ethnicity",
            "relation",
            "registration_type",
            "residence_status",
            "political_status",
            "education",
            "employment",
            "marital_status",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["id_number"].required = self.instance.pk is None
        # Moving out and death are recorded through the move page, which keeps the community's history.
        self.fields["residence_status"].choices = [
            (value, label)
            for value, label in ResidenceStatus.choices
            if value in (ResidenceStatus.PRESENT, ResidenceStatus.AWAY)
        ]

    def clean_id_number(self):
        value = normalise_id_number(self.cleaned_data.get("id_number", ""))
        if not value:
            return ""
        services.apply_identity(self.instance, value)  # each raises ValidationError with the reason
        try:
            services.ensure_unregistered(self.instance, acting_user=self.user)
        except lookups.HiddenRegistration:
            lookups.log(self.user, source="page")
            raise
        return value

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "")
        if value:
            services.set_phone(self.instance, value)
        return value

    def clean(self):
        data = super().clean()
        household, community = data.get("household"), data.get("community")
        if household and community and household.community_id != community.pk:
            self.add_error("household", _("The household belongs to another community."))
        return data

    def save(self, commit=True):
        if self.cleaned_data.get("address"):
            services.set_address(self.instance, self.cleaned_data["address"])
        return super().save(commit)


class CareRecordForm(ScopedModelForm):
    detail = forms.CharField(
        label=_("details"), widget=forms.Textarea, required=False, help_text=_("Stored encrypted.")
    )

    class Meta:
        model = CareRecord
        fields = ["resident", "category", "disability_type", "disability_grade", "start_date", "end_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Sensitive categories only for the sensitive-care duty (AC-4; issue #12, leak 2).
        field = self.fields["category"]
        field.choices = [("", _("(choose)")), *care_choices(self.user)]

    def clean(self):
        """A sensitive category for a resident outside the writer's sensitive-care scope is refused as an unknown
        choice, before the uniqueness check could confirm that the resident already is in it (issue #12)."""
        data = super().clean()
        category, resident = data.get("category"), data.get("resident") or self.instance_resident()
        if category and resident is not None and not may_use_category(self.user, category, resident.division_code):
            field = self.fields["category"]
            self.add_error("category", field.error_messages["invalid_choice"] % {"value": category})
        return data

    def instance_resident(self):
        return self.instance.resident if self.instance.resident_id else None

    def save(self, commit=True):
        if self.cleaned_data.get("detail"):
            services.set_address(self.instance, self.cleaned_data["detail"], name="detail")
        return super().save(commit)


class UnmaskForm(forms.Form):
    field = forms.ChoiceField(
        label=_("field"),
        choices=[
            ("id_number", _("ID number")),
            ("phone", _("phone")),
            ("address", _("detailed address")),
        ],
    )
    reason = forms.CharField(label=_("reason"), max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class MoveForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[
            ("transfer", _("Move to another household")),
            (MoveKind.MOVE_OUT, _("Moved out of the city")),
            (MoveKind.DEATH, _("Death")),
        ],
    )
    household = forms.ModelChoiceField(label=_("to household"), queryset=Household.objects.none(), required=False)
    # The bounds of the move's history entry (issue #12): no move before 1949 or in the future.
    date = forms.DateField(label=_("date"), validators=ResidentMove._meta.get_field("date").validators)
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["household"].queryset = Household.objects.restrict(user, "view").select_related("community")
        style_widgets(self)

    def clean(self):
        data = super().clean()
        if data.get("kind") == "transfer" and not data.get("household"):
            self.add_error("household", _("Choose the household the resident moves to."))
        return data
