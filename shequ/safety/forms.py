"""The dispute party's form (GOV-3): plaintext phone and ID number are taken here and stored only encrypted,
indexed and masked (DESIGN.md §5); the other registers' forms derive from their declarations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.forms import ScopedModelForm
from shequ.safety import models
from shequ.safety.personal import clean_id_number, clean_phone, protect_party

__all__ = ["DisputePartyForm"]


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
