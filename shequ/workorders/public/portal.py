"""The public portal (issue #5): a resident submits a request without an account and looks up its status.

Abuse is held off without any third-party script: a honeypot field, a self-hosted proof of work (the browser
finds a nonce whose SHA-256 with a signed, single-use challenge starts with zero bits; `static/shequ/pow.js`),
and rate limits per IP and per phone kept in the cache under blind-index keys (no IP or phone in a cache key,
AU-5). Every submission carries an idempotency key made when the form was shown, so a double click or a resent
form gives one order. The privacy notice is shown and the version the resident accepted is stored.

The form says plainly what may become public (issue #12): a report or suggestion in a public category, after
staff review, without name, phone or house number, numbers masked. The resident may opt out with one box; an
order opted out of is never published.
"""

import hashlib
import logging
import re
import secrets
import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from shequ.core.forms import add_service_errors, style_widgets
from shequ.core.personal import normalise_phone
from shequ.core.text import has_control_characters
from shequ.regions.models import Division
from shequ.workorders import photos, services
from shequ.workorders.choices import OrderStatus, RequestType, Satisfaction, Source
from shequ.workorders.forms import CategoryNameField, MarksErrors, MultipleFileInput, PhotosField
from shequ.workorders.models import Category, WorkOrder
from shequ.workorders.public.limits import client_ip, over_limit

__all__ = ["DivisionsView", "MultipleFileInput", "StatusView", "SubmitView", "SurveyView", "solve"]

logger = logging.getLogger("shequ.workorders.portal")
POW_SALT = "shequ.portal.pow"
POW_MAX_AGE = 3600


# ---- proof of work and rate limits -----------------------------------------------------------------------------


def new_challenge() -> str:
    return signing.dumps({"r": secrets.token_hex(8), "b": settings.SHEQU_PORTAL_POW_BITS}, salt=POW_SALT)


def leading_zero_bits(digest: bytes) -> int:
    bits = 0
    for byte in digest:
        if byte == 0:
            bits += 8
            continue
        return bits + 8 - byte.bit_length()
    return bits


def solve(challenge: str) -> str:
    """The nonce a browser would find (used by tests and command-line clients)."""
    bits = signing.loads(challenge, salt=POW_SALT)["b"]
    nonce = 0
    while leading_zero_bits(hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()) < bits:
        nonce += 1
    return str(nonce)


def check_work(challenge: str, nonce: str) -> bool:
    try:
        bits = signing.loads(challenge, salt=POW_SALT, max_age=POW_MAX_AGE)["b"]
    except signing.BadSignature:
        return False
    if leading_zero_bits(hashlib.sha256(f"{challenge}:{nonce}".encode()).digest()) < bits:
        return False
    # Single use: a solved challenge cannot be replayed for a second request.
    return cache.add(f"shequ:pow:{hashlib.sha256(challenge.encode()).hexdigest()}", 1, POW_MAX_AGE)


# ---- forms -------------------------------------------------------------------------------------------------------


class DivisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


CommunityChoiceField = DivisionChoiceField
CategoryChoiceField = CategoryNameField  # a category by its name alone, never its code (issue #13)

# The phone keypad for numbers (issue #13): `type="tel"` and `inputmode="numeric"` open the digits, not the letters.
PHONE_INPUT = {"type": "tel", "inputmode": "numeric", "autocomplete": "tel"}


def city_divisions(reason: str):
    """The city's divisions: public names (every resident may read them), hence unscoped."""
    return Division.objects.unscoped(reason).within(settings.SHEQU_CITY_CODE[:4])


class SubmitForm(MarksErrors, forms.Form):
    """The resident's request (SVC-5). The community is chosen district → street → community (three selects that
    narrow each other through `DivisionsView`) or found by typing its name; the phone is required, because the
    status look-up asks for its last four digits (issue #13)."""

    request_type = forms.ChoiceField(label=gettext_lazy("What is it?"), choices=RequestType.choices)
    category = CategoryChoiceField(label=gettext_lazy("category"), queryset=Category.objects.none())
    description = forms.CharField(
        label=gettext_lazy("description"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    district = DivisionChoiceField(label=gettext_lazy("district"), queryset=Division.objects.none(), required=False)
    street = DivisionChoiceField(label=gettext_lazy("street or town"), queryset=Division.objects.none(), required=False)
    community = DivisionChoiceField(label=gettext_lazy("community"), queryset=Division.objects.none())
    address = forms.CharField(label=gettext_lazy("address"), max_length=200, required=False)
    phone = forms.CharField(
        label=gettext_lazy("mobile phone (for the call-back and to look up the status)"),
        max_length=20,
        widget=forms.TextInput(attrs=PHONE_INPUT),
        help_text=gettext_lazy("Required: the status look-up asks for its last four digits."),
    )
    photos = PhotosField(label=gettext_lazy("photos (optional, at most 3)"), required=False)
    private = forms.BooleanField(label=gettext_lazy("Do not publish my request."), required=False)
    consent = forms.BooleanField(label=gettext_lazy("I have read the privacy notice."))
    # The honeypot: people never see it, and it is out of the keyboard's path (tabindex -1: hidden from assistive
    # technology without a focusable element inside aria-hidden, issue #13).
    website = forms.CharField(
        required=False, label="website", widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})
    )
    challenge = forms.CharField(widget=forms.HiddenInput)
    nonce = forms.CharField(widget=forms.HiddenInput, required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(active=True).order_by("code")
        divisions = city_divisions("public list of the city's divisions").order_by("code")
        self.fields["district"].queryset = divisions.filter(level="district")
        self.fields["street"].queryset = divisions.filter(level="street")
        self.fields["community"].queryset = divisions.communities()
        style_widgets(self)
        # Shown: only the streets of the chosen district and the communities of the chosen street (or the one found
        # by typing); accepted: any of the city's, checked to agree with each other in `clean`.
        district, street, community = (self._chosen(name) for name in ("district", "street", "community"))
        streets = list(divisions.filter(parent=district)) if district else []
        communities = list(divisions.filter(parent=street)) if street else []
        if community and community not in communities:
            communities.append(community)
        choose = _("(choose)")
        self.fields["street"].widget.choices = [("", choose), *((item.pk, item.name) for item in streets)]
        self.fields["community"].widget.choices = [
            ("", choose if communities else _("(choose the street, or type the name)")),
            *((item.pk, item.name) for item in communities),
        ]

    def _chosen(self, name: str):
        """The division the bound form names in `name`, if it is one of the field's (else None: no narrowing)."""
        if not self.is_bound:
            return None
        value = self.data.get(self.add_prefix(name))
        if not value or not str(value).isdigit() or len(str(value)) > 18:
            return None
        return self.fields[name].queryset.filter(pk=value).first()

    def clean(self):
        data = super().clean()
        if any(name in self._errors for name in ("challenge", "nonce", "idempotency_key")):
            # Hidden fields: their errors are never shown beside them, so the form says it in words.
            self.add_error(None, _("The page expired or the check did not finish. Please submit again."))
        district, street, community = data.get("district"), data.get("street"), data.get("community")
        if district and street and street.parent_id != district.pk:
            self.add_error("street", _("This street is not in the chosen district."))
        if street and community and community.parent_id != street.pk:
            self.add_error("community", _("This community is not in the chosen street."))
        return data


class LookupForm(MarksErrors, forms.Form):
    number = forms.CharField(
        label=gettext_lazy("receipt number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    last_four = forms.RegexField(
        label=gettext_lazy("last four digits of the phone"),
        regex=r"^\d{4}$",
        max_length=4,
        widget=forms.TextInput(
            attrs={"type": "tel", "inputmode": "numeric", "pattern": "[0-9]{4}", "autocomplete": "off"}
        ),
        error_messages={"invalid": gettext_lazy("Enter four digits.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


# ---- views -------------------------------------------------------------------------------------------------------


def _blank_form():
    return SubmitForm(initial={"challenge": new_challenge(), "idempotency_key": uuid.uuid4().hex})


class SubmitView(View):
    def get(self, request):
        return self.page(request, _blank_form())

    def page(self, request, form, status=200, **extra):
        return render(
            request,
            "workorders/portal_submit.html",
            {"form": form, "notice_version": settings.SHEQU_PRIVACY_NOTICE_VERSION, **extra},
            status=status,
        )

    def post(self, request):
        form = SubmitForm(request.POST, request.FILES)
        if over_limit("portal-ip", client_ip(request), settings.SHEQU_PORTAL_IP_LIMIT, 3600):
            return self.page(request, form, status=429, refused=_("Too many requests from here. Try again later."))
        if not form.is_valid():
            return self.page(request, form, status=400)
        data = form.cleaned_data
        if data["website"]:
            return self.page(request, _blank_form(), status=400, refused=_("The request could not be accepted."))
        if not check_work(data["challenge"], data["nonce"] or ""):
            form = SubmitForm({**request.POST.dict(), "challenge": new_challenge(), "nonce": ""})
            form.is_valid()
            return self.page(
                request,
                form,
                status=400,
                refused=_("The page expired or the check did not finish. Please submit again."),
            )
        try:
            images = photos.clean_photos(data["photos"])
        except ValidationError as invalid:
            form.add_error("photos", invalid.message_dict["photos"])
            return self.page(request, form, status=400)
        phone = normalise_phone(data["phone"])
        if phone and over_limit("portal-phone", phone, settings.SHEQU_PORTAL_PHONE_LIMIT, 86400):
            return self.page(request, form, status=429, refused=_("Too many requests for this phone today."))
        try:
            order, created = services.submit(
                acting_user=services.PUBLIC,
                source=Source.PORTAL,
                request_type=data["request_type"],
                category=data["category"],
                description=data["description"],
                community=data["community"],
                address=data["address"],
                phone=phone,
                idempotency_key=f"portal:{data['idempotency_key']}",
                privacy_notice_version=settings.SHEQU_PRIVACY_NOTICE_VERSION,
                publish=not data["private"],
            )
        except ValidationError as invalid:
            add_service_errors(form, invalid)
            return self.page(request, form, status=400)
        except services.IdempotencyConflict:
            return self.page(
                request,
                _blank_form(),
                status=422,
                refused=_("This form was already sent with other content. Please fill it in again."),
            )
        if created:
            photos.save_photos(order, images)
        return render(request, "workorders/portal_receipt.html", {"order": order})


class StatusView(View):
    """Receipt number plus the phone's last four digits; a wrong pair and an unknown number get the same answer."""

    def get(self, request):
        # From the receipt (issue #13): the number is carried over, the resident types only the four digits.
        number = request.GET.get("number", "").strip()
        form = LookupForm(initial={"number": number} if re.fullmatch(r"\d{1,20}", number) else None)
        if form.initial:
            form.fields["last_four"].widget.attrs["autofocus"] = True
        return render(request, "workorders/portal_status.html", {"form": form})

    def post(self, request):
        form = LookupForm(request.POST)
        if over_limit("portal-lookup", client_ip(request), settings.SHEQU_PORTAL_LOOKUP_LIMIT, 3600):
            return render(
                request,
                "workorders/portal_status.html",
                {"form": form, "refused": _("Too many look-ups from here. Try again later.")},
                status=429,
            )
        order = None
        if form.is_valid():
            candidate = (
                WorkOrder.objects.unscoped("portal look-up by receipt number and phone")
                .filter(number=form.cleaned_data["number"].strip())
                .select_related("unit", "category")
                .first()
            )
            if (
                candidate
                and candidate.caller_phone_masked
                and candidate.caller_phone_masked[-4:] == form.cleaned_data["last_four"]
            ):
                order = candidate
        survey = None
        if order is not None and order.status == OrderStatus.CLOSED and order.callback_at is None:
            if not order.duplicate_of_id:
                survey = services.survey_url(order)
        return render(
            request,
            "workorders/portal_status.html",
            {"form": form, "order": order, "searched": form.is_valid(), "survey": survey},
        )


class DivisionsView(View):
    """The portal's community choice (issue #13): public names of the city's divisions as JSON, nothing else.

    `?parent=<id>` — the children of a city, district or street (the districts, a district's streets, a street's
    communities); `?q=<text>` — at most 20 communities whose name contains the text, each with its street and
    district; neither — the city's districts. A malformed request answers 400, an unknown or out-of-city parent 404,
    each with a message in the resident's language."""

    LIMIT = 20
    MAX_QUERY = 20

    def get(self, request):
        divisions = city_divisions("public names for the portal's community choice")
        parent, query = request.GET.get("parent", "").strip(), request.GET.get("q", "").strip()
        if query:
            if len(query) > self.MAX_QUERY or has_control_characters(query):
                return self.refuse(
                    _("Community name: type at most {n} characters.").format(n=self.MAX_QUERY), status=400
                )
            found = (
                divisions.communities()
                .filter(name__contains=query)
                .select_related("parent__parent")
                .order_by("code")[: self.LIMIT]
            )
            return JsonResponse({"results": [self.community(item) for item in found]})
        if parent:
            if not parent.isdigit() or len(parent) > 18:
                return self.refuse(_("Unknown division."), status=400)
            node = divisions.filter(pk=parent, level__in=("city", "district", "street")).first()
            if node is None:
                return self.refuse(_("Unknown division."), status=404)
            children = divisions.filter(parent=node)
        else:
            children = divisions.filter(level="district")
        return JsonResponse({"results": [{"id": item.pk, "name": item.name} for item in children.order_by("code")]})

    @staticmethod
    def community(item) -> dict:
        street = item.parent
        district = street.parent if street else None
        return {
            "id": item.pk,
            "name": item.name,
            "street": street.name if street else "",
            "district": district.name if district else "",
        }

    @staticmethod
    def refuse(message: str, status: int):
        return JsonResponse({"error": message, "results": []}, status=status)


class SurveyForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=gettext_lazy("How satisfied are you with the handling?"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
    )
    solved = forms.TypedChoiceField(
        label=gettext_lazy("Is the problem solved?"),
        choices=[("yes", gettext_lazy("Yes")), ("no", gettext_lazy("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class SurveyView(View):
    """The resident's own satisfaction survey of a closed order (PP-7), reached by the signed single-use link sent
    on closing or shown by the status look-up: staff may not answer it (403), an answered or no longer closed
    order refuses a second answer (409), and many answers from one address in a day are reported to the log."""

    template = "workorders/portal_survey.html"

    def dispatch(self, request, token):
        if request.user.is_authenticated:
            refused = _("Staff accounts may not answer residents' surveys.")
            return render(request, self.template, {"refused": refused}, status=403)
        order, is_open = services.surveyed_order(token)
        if order is None:
            return render(request, self.template, {"refused": _("This survey link is not valid.")}, status=404)
        if not is_open:
            return render(request, self.template, {"refused": ANSWERED}, status=409)
        self.order = order
        return super().dispatch(request, token)

    def get(self, request, token):
        return render(request, self.template, {"form": SurveyForm(), "order": self.order})

    def post(self, request, token):
        form = SurveyForm(request.POST)
        if not form.is_valid():
            return render(request, self.template, {"form": form, "order": self.order}, status=400)
        if over_limit("portal-survey", client_ip(request), settings.SHEQU_PORTAL_SURVEY_REPORT, 24 * 3600):
            # Reported, not refused: a housing estate may share one address. No address in the log (AU-5).
            logger.warning("survey answers from one address exceed %s today", settings.SHEQU_PORTAL_SURVEY_REPORT)
        try:
            answered = services.record_callback(
                self.order,
                actor=services.PUBLIC,
                satisfaction=form.cleaned_data["satisfaction"],
                solved=form.cleaned_data["solved"],
                note=_("answered by the resident online"),
                closed_at=self.order.closed_at,
            )
        except services.IllegalTransition:
            return render(request, self.template, {"refused": ANSWERED}, status=409)
        return render(request, self.template, {"thanked": True, "order": answered})


ANSWERED = gettext_lazy("This survey has been answered already, or the request is being handled again.")
