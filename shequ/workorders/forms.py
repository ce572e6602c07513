from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.forms import style_widgets
from shequ.regions.models import Division
from shequ.workorders import models
from shequ.workorders.choices import RequestType, Satisfaction

__all__ = [
    "ActionForm",
    "CallbackForm",
    "CategoryForm",
    "ExtensionForm",
    "IntakeForm",
]


class CategoryForm(forms.ModelForm):
    class Meta:
        model = models.Category
        fields = [
            "code",
            "name",
            "parent",
            "description",
            "active",
            "public",
            "accept_yellow",
            "accept_red",
            "handle_yellow",
            "handle_red",
            "emergency_accept_red",
            "emergency_handle_red",
        ]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    # The yellow limit before the red one, and every limit at most a year: `Category.clean` and its validators.


class IntakeForm(forms.Form):
    """A request taken by telephone (or entered by a grid worker) — the same intake as every other path."""

    request_type = forms.ChoiceField(label=_("request type"), choices=RequestType.choices)
    category = forms.ModelChoiceField(label=_("category"), queryset=models.Category.objects.filter(active=True))
    description = forms.CharField(label=_("description"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    community = forms.ModelChoiceField(label=_("community"), queryset=Division.objects.none(), required=False)
    address = forms.CharField(label=_("address"), max_length=200, required=False)
    caller_name = forms.CharField(label=_("caller"), max_length=50, required=False)
    phone = forms.CharField(label=_("caller's phone"), max_length=20, required=False)
    emergency = forms.BooleanField(label=_("emergency"), required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)  # with its prefix, fits the column

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = Division.objects.restrict(user).communities().order_by("code")
        style_widgets(self)


class ActionForm(forms.Form):
    """One form for the simple transitions; the page shows only the fields the chosen action needs."""

    text = forms.CharField(
        label=_("reason or reply"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )
    unit = forms.ModelChoiceField(label=_("handling unit"), queryset=models.HandlingUnit.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = models.HandlingUnit.objects.filter(active=True).order_by("division_code")
        style_widgets(self)


class ExtensionForm(forms.Form):
    until = forms.DateTimeField(label=_("new limit"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    reason = forms.CharField(label=_("reason"), max_length=300)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class CallbackForm(forms.Form):
    satisfaction = forms.ChoiceField(label=_("satisfaction"), choices=Satisfaction.choices)
    solved = forms.TypedChoiceField(
        label=_("solved"), choices=[("yes", _("Solved")), ("no", _("Not solved"))], coerce=lambda v: v == "yes"
    )
    note = forms.CharField(label=_("note"), max_length=300, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
