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
import secrets
import time
import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from shequ.core.crypto import blind_index
from shequ.core.forms import add_service_errors, style_widgets
from shequ.core.personal import normalise_phone
from shequ.regions.models import Division
from shequ.workorders import photos, services
from shequ.workorders.choices import OrderStatus, RequestType, Satisfaction, Source
from shequ.workorders.models import Category, WorkOrder

__all__ = ["StatusView", "SubmitView", "SurveyView", "solve"]

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


def over_limit(kind: str, subject: str, limit: int, seconds: int) -> bool:
    """Count one attempt for `subject` (hashed: never an IP or phone in a cache key) and say if it is too many."""
    window = int(time.time() // seconds)
    key = f"shequ:limit:{kind}:{blind_index(subject, kind='rate-limit')[:32]}:{window}"
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        count = 1
    return count > limit


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


# ---- forms -------------------------------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to three photos; what they are is checked by `photos.clean_photos`."""

    widget = MultipleFileInput(attrs={"accept": "image/*"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        return [super(PhotosField, self).clean(item, initial) for item in files]


class CommunityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class CategoryChoiceField(forms.ModelChoiceField):
    """A category by its name alone: its code is the staff's filing number, not the resident's word (issue #13)."""

    def label_from_instance(self, obj):
        return obj.name


class SubmitForm(forms.Form):
    request_type = forms.ChoiceField(label=gettext_lazy("What is it?"), choices=RequestType.choices)
    category = CategoryChoiceField(label=gettext_lazy("category"), queryset=Category.objects.none())
    description = forms.CharField(
        label=gettext_lazy("description"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )
    community = CommunityChoiceField(label=gettext_lazy("community"), queryset=Division.objects.none())
    address = forms.CharField(label=gettext_lazy("address"), max_length=200, required=False)
    phone = forms.CharField(
        label=gettext_lazy("mobile phone (for the call-back and to look up the status)"),
        max_length=20,
        required=False,
    )
    photos = PhotosField(label=gettext_lazy("photos (optional, at most 3)"), required=False)
    private = forms.BooleanField(label=gettext_lazy("Do not publish my request."), required=False)
    consent = forms.BooleanField(label=gettext_lazy("I have read the privacy notice."))
    website = forms.CharField(required=False, label="website")  # the honeypot: people never see it
    challenge = forms.CharField(widget=forms.HiddenInput)
    nonce = forms.CharField(widget=forms.HiddenInput, required=False)
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(active=True).order_by("code")
        self.fields["community"].queryset = (
            Division.objects.unscoped("public list of the city's communities")
            .communities()
            .within(settings.SHEQU_CITY_CODE[:4])
            .order_by("code")
        )
        style_widgets(self)


class LookupForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("receipt number"), max_length=20)
    last_four = forms.RegexField(label=gettext_lazy("last four digits of the phone"), regex=r"^\d{4}$")

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
        phone = normalise_phone(data["phone"]) if data["phone"] else ""
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
        return render(request, "workorders/portal_status.html", {"form": LookupForm()})

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
