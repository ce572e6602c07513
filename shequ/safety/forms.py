"""Forms beyond the declarations: the dispute party's (GOV-3: plaintext phone and ID number are taken here and
stored only encrypted, indexed and masked, DESIGN.md §5) and the help-and-education records' (GOV-4: the kind, the
notes and a visit's content are sealed); the other registers' forms derive from their declarations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.forms import ScopedModelForm
from shequ.safety import models
from shequ.safety.choices import HelpKind
from shequ.safety.personal import clean_id_number, clean_phone, protect_party, seal
from shequ.safety.services import duplicate_help_kind

__all__ = ["DisputePartyForm", "HelpEducationCaseForm", "HelpVisitForm"]


class DisputePartyForm(ScopedModelForm):
    phone = forms.CharField(
        label=_("phone"), max_length=20, required=False, help_text=_("Leave empty to keep the current one.")
    )
    id_number = forms.CharField(
        label=_("ID number"), max_length=20, required=False, help_text=_("Leave empty to keep the current one.")
    )

    class Meta:
        model = models.DisputeParty
        fields = ["case", "role", "name", "phone", "id_number"]

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean_id_number(self):
        return clean_id_number(self.cleaned_data.get("id_number", ""))

    def save(self, commit=True):
        data = self.cleaned_data
        protect_party(self.instance, phone=data.get("phone") or None, id_number=data.get("id_number") or None)
        return super().save(commit)


class HelpEducationCaseForm(ScopedModelForm):
    kind = forms.ChoiceField(label=_("kind"), choices=HelpKind.choices, help_text=_("Stored encrypted."))
    notes = forms.CharField(
        label=_("notes"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
        help_text=_("Stored encrypted."),
    )

    class Meta:
        model = models.HelpEducationCase
        fields = ["resident", "kind", "started_on", "ends_on", "visit_every_days", "status", "notes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.update(kind=self.instance.kind, notes=self.instance.notes)

    def clean(self):
        data = super().clean()
        resident, kind = data.get("resident"), data.get("kind")
        if resident is not None and kind and duplicate_help_kind(resident, kind, exclude=self.instance.pk):
            self.add_error("kind", _("This resident already has a help-and-education case of this kind."))
        return data

    def save(self, commit=True):
        seal(self.instance, "kind", self.cleaned_data["kind"], indexed=True)
        seal(self.instance, "notes", self.cleaned_data.get("notes", ""))
        return super().save(commit)


class HelpVisitForm(ScopedModelForm):
    content = forms.CharField(
        label=_("what was found and done"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("Stored encrypted."),
    )

    class Meta:
        model = models.HelpVisit
        fields = ["case", "visited_on", "visitor", "content"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["content"] = self.instance.content

    def save(self, commit=True):
        seal(self.instance, "content", self.cleaned_data["content"])
        return super().save(commit)
