from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shequ.core.forms import style_widgets
from shequ.regions.models import Division, Grid
from shequ.workorders import models
from shequ.workorders.choices import RequestType, Satisfaction

__all__ = [
    "ActionForm",
    "CallbackForm",
    "CategoryForm",
    "CategoryNameField",
    "ExtensionForm",
    "GridIncidentForm",
    "IntakeForm",
    "MarksErrors",
    "PhotosField",
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
            "public_service",
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


# ---- the grid worker's incident form (issue #13) -----------------------------------------------------------------


class MarksErrors:
    """Marks each field with an error `aria-invalid` (and Tabler's `is-invalid`), so that a screen reader announces
    it and the page's script can move the focus to the first one (issue #13, accessibility). Every error, the
    form's own and those a service adds later, goes through `add_error`."""

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                if "is-invalid" not in attrs.get("class", "").split():
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to three photos; what they are (count, bytes, pixels) is checked by `photos.clean_photos`."""

    widget = MultipleFileInput(attrs={"accept": "image/*"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(PhotosField, self).clean(item, initial) for item in files]


class CategoryNameField(forms.ModelChoiceField):
    """A category by its name alone: its code is a filing number, not a word anyone reads (issue #13)."""

    def label_from_instance(self, obj):
        return obj.name


class GridNameField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.community.name} · {obj.name}"


def _coordinate(value, low: Decimal, high: Decimal):
    """A coordinate in decimal degrees within [low, high], to the micro-degree (about 0.1 m, the column's
    precision); NaN and infinity are not numbers here (issue #12: NaN was a 500)."""
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    if not number.is_finite() or not low <= number <= high:
        return None
    return round(number, 6)


class GridIncidentForm(MarksErrors, forms.Form):
    """An incident a grid worker found on patrol (SVC-8 → SVC-5): the category, photos taken with the phone's
    camera, the place — the worker's grid, and the phone's position if the worker shares it — and what is wrong.
    No caller's name or phone: the worker is the reporter, and the order records them as its creator.

    `grids` are the grids the worker may report from (their own); a grid outside them is refused as an unknown
    choice, so an order cannot be filed into another community by editing the page."""

    category = CategoryNameField(
        label=_("category"), queryset=models.Category.objects.filter(active=True).order_by("code")
    )
    description = forms.CharField(
        label=_("what is wrong"), widget=forms.Textarea(attrs={"rows": 4}), max_length=models.MAX_DESCRIPTION
    )
    photos = PhotosField(
        label=_("photos (at most 3)"),
        required=False,
        # The phone opens its rear camera; a desktop opens the file chooser.
        widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    grid = GridNameField(label=_("grid"), queryset=Grid.objects.none())
    address = forms.CharField(label=_("place (street, building, landmark)"), max_length=200, required=False)
    emergency = forms.BooleanField(label=_("emergency"), required=False)
    # Filled by the page's script from the phone's position, only after the worker pressed the button.
    latitude = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)
    longitude = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, grids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = grids.select_related("community").order_by("code")
        only = list(grids.values_list("pk", flat=True)[:2])
        if len(only) == 1 and not self.is_bound:
            self.initial.setdefault("grid", only[0])  # the worker's only grid: nothing to choose (issue #13)
        style_widgets(self)

    def clean(self):
        data = super().clean()
        # The hidden fields' own errors are never shown beside them: each is said as the form's, in words.
        if "idempotency_key" in self._errors:
            self.add_error(None, ValidationError(INCOMPLETE, code="incomplete"))
        latitude, longitude = data.get("latitude") or "", data.get("longitude") or ""
        if "latitude" in self._errors or "longitude" in self._errors:
            self.add_error(None, ValidationError(OUTSIDE, code="location"))
            return data
        if not latitude and not longitude:
            data["latitude"] = data["longitude"] = None
            return data
        south, west, north, east = settings.SHEQU_CITY_BOUNDS
        data["latitude"] = _coordinate(latitude, south, north)
        data["longitude"] = _coordinate(longitude, west, east)
        if data["latitude"] is None or data["longitude"] is None:
            self.add_error(None, ValidationError(OUTSIDE, code="location"))
        return data


INCOMPLETE = _("The page is incomplete: reload it and fill the form in again.")
OUTSIDE = _("Location: the position is not a place in the city. Read the location again or leave it out.")
