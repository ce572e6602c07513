"""The gate's forms (ADM-1): a request names its item, and a department's staff may cite only their own items."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shequ.accounts.models import Department
from shequ.admission.access import own_departments, sender_refusal
from shequ.admission.models import MAX_HOURS, AdmittedItem, CommunityRequest, DepartmentTarget
from shequ.admission.services import check_file
from shequ.core.forms import CommunityRecordForm, ScopedModelForm, style_widgets
from shequ.regions.models import Division

__all__ = ["AdmittedItemForm", "CommunityRequestForm", "DeclineForm", "DepartmentTargetForm", "ReplyForm", "SendForm"]


def _bounded_file(file, field: str):
    """The services' own check (`services.check_file`), shown on the form's field before anything is sent."""
    try:
        check_file(file, field)
    except ValidationError as refused:
        raise forms.ValidationError(refused.message_dict[field]) from None
    return file


def departments_for(user):
    """The departments `user` may draft items for: those in view, and a department's staff their own."""
    return Department.objects.restrict(user, "view") | Department.objects.filter(pk__in=own_departments(user))


class AdmittedItemForm(ScopedModelForm):
    class Meta:
        model = AdmittedItem
        fields = [
            "department",
            "code",
            "name",
            "kind",
            "legal_basis",
            "funding_per_community",
            "valid_from",
            "valid_until",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments_for(self.user)


class DepartmentTargetForm(ScopedModelForm):
    """A department's target (GUAR-2): a department's staff set targets for their own department."""

    class Meta:
        model = DepartmentTarget
        fields = ["department", "division", "title", "description", "owner_name", "deadline", "status", "progress",
                  "progress_note"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments_for(self.user)


class CommunityRequestForm(CommunityRecordForm):
    class Meta:
        model = CommunityRequest
        fields = ["community", "item", "title", "content", "sent_on", "deadline"]

    def clean(self):
        data = super().clean()
        refusal = sender_refusal(self.user, data.get("item"))
        if refusal is not None:
            self.add_error("item", refusal)
        return data


class SendForm(forms.Form):
    """One request to every community of a division: a community, a street's or a district's."""

    division = forms.ModelChoiceField(
        label=_("to the communities of"),
        queryset=Division.objects.none(),
        help_text=_("A community, street or district."),
    )
    item = forms.ModelChoiceField(label=_("admitted item"), queryset=AdmittedItem.objects.none())
    title = forms.CharField(label=_("title"), max_length=100)
    content = forms.CharField(
        label=_("content"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    deadline = forms.DateField(
        label=_("deadline to complete"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    attachment = forms.FileField(label=_("attachment"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["division"].queryset = Division.objects.restrict(user, "view").exclude(level="city")
        self.fields["item"].queryset = AdmittedItem.objects.restrict(user, "view").select_related("department")
        style_widgets(self)

    def clean_attachment(self):
        return _bounded_file(self.cleaned_data.get("attachment"), "attachment")


class ReplyForm(forms.Form):
    reply = forms.CharField(label=_("reply"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 4}))
    hours = forms.DecimalField(
        label=_("hours spent"), required=False, min_value=0, max_value=MAX_HOURS, max_digits=6, decimal_places=1
    )
    reply_file = forms.FileField(label=_("reply file"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean_reply_file(self):
        return _bounded_file(self.cleaned_data.get("reply_file"), "reply_file")


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("reason for declining"), min_length=4, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
