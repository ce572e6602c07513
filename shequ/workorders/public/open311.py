"""Open311 GeoReport v2 at `/open311/v2/` (issue #5; http://wiki.open311.org/GeoReport_v2), in XML and JSON.

Services are the active request categories marked public (`service_code` = category code). The requests published
are only those staff approved for publication (issue #12, `workorders.publication`): submitted through this API or
the public portal, of a public request type and category, not opted out by the resident; their address is cut to
the street or residential area, `lat`/`long` rounded to 0.001° (about 100 m), and ID-number and phone patterns in
the description and the reply masked. Our states map to `open` and `closed`, with the reply or the stage as
`status_notes` and the handling unit as `agency_responsible`. GET requests answers at most `MAX_RESULTS` (200)
requests per call, the newest first: narrow the dates to see older ones.

A POST needs an `api_key` issued by `manage.py open311_key` and may go to any active category (one not public is
taken in but never published). Locations: `lat`+`long` inside the city, `address_string`, or `address_id` — the
12-digit code of a community of the city. `email` is stored encrypted, `media_url` (http or https) kept for staff.
Every value is bounded: over-long or control characters are a 400 naming the field, never cut silently. An
`Idempotency-Key` header (1 to 64 printable ASCII characters) makes a retry answer 200 with the first answer.
The answer carries the `service_request_id` at once and, for clients written for deferred servers, a `token` that
`tokens/<token>` resolves to the same id (the token is known only to the client that posted).

Errors follow the specification, on every endpoint and method: `[{"code": 400, "description": "…"}]` /
`<errors><error>…</error></errors>` with that HTTP status. XML output replaces any character XML 1.0 forbids.
"""

import datetime as dt
import hashlib
import re
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from shequ.core.text import has_control_characters
from shequ.workorders import catalogue, services
from shequ.workorders.choices import PUBLIC_REQUEST_TYPES, OrderStatus, Publication, RequestType, Source
from shequ.workorders.models import Category, Open311Client, WorkOrder
from shequ.workorders.public.limits import client_ip, over_limit
from shequ.workorders.publication import PUBLIC_SOURCES, mask_personal_numbers, public_address
from shequ.workorders.services.intake import IDEMPOTENCY_KEY

__all__ = [
    "MAX_RESULTS",
    "SPECIFICATION",
    "DiscoveryView",
    "RequestDetailView",
    "RequestListView",
    "ServiceDefinitionView",
    "ServiceListView",
    "TokenView",
]

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
DEFAULT_WINDOW_DAYS = 90  # the spec's default for GET requests without dates
MAX_RESULTS = 200  # requests per GET (issue #12): the feed is not a bulk export
EARLIEST, LATEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC), dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
COORDINATE_PLACES = Decimal("0.001")  # published positions: about 100 m, the street, not the doorstep
# Text parameters of a POST and the most characters each may have (names: the stored caller is "last first").
POST_FIELDS = {
    "api_key": 200,
    "service_code": 20,
    "description": None,  # the intake's own check and message (at most MAX_DESCRIPTION)
    "address_string": 200,
    "address_id": 12,
    "lat": 32,
    "long": 32,
    "first_name": 50,
    "last_name": 50,
    "phone": 20,
    "email": 100,
    "media_url": 500,
    "device_id": 200,
    "account_id": 200,
}


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, description


def key_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def stamp(value) -> str | None:
    """W3C ISO 8601 with the offset, as the specification requires."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


# ---- rendering -------------------------------------------------------------------------------------------------

# Characters XML 1.0 does not allow (C0 controls but tab, LF, CR; surrogates; U+FFFE and U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """A text every XML 1.0 parser accepts: each character XML forbids becomes U+FFFD (defence in depth for rows
    stored before control characters were refused, and for values echoed in error messages)."""
    return _NOT_XML.sub("\ufffd", text)


def _xml_value(parent, name: str, value) -> None:
    element = ElementTree.SubElement(parent, name)
    if isinstance(value, list):
        item_name = {"formats": "format", "endpoints": "endpoint", "attributes": "attribute", "keywords": "keyword"}
        for item in value:
            if isinstance(item, dict):
                child = ElementTree.SubElement(element, item_name.get(name, name.rstrip("s")))
                for key, inner in item.items():
                    _xml_value(child, key, inner)
            else:
                ElementTree.SubElement(element, item_name.get(name, name.rstrip("s"))).text = xml_safe(str(item))
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = xml_safe(str(value))


def render(data, fmt: str, *, root: str, item: str, status: int = 200) -> HttpResponse:
    """JSON as the spec's examples show it; XML with `<root><item>…</item></root>` (a dict renders as `root`)."""
    if fmt == "json":
        return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    top = ElementTree.Element(root)
    for entry in data if isinstance(data, list) else [data]:
        node = ElementTree.SubElement(top, item) if isinstance(data, list) else top
        for key, value in entry.items():
            _xml_value(node, key, value)
    body = ElementTree.tostring(top, encoding="unicode")
    return HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + body, status=status, content_type="text/xml; charset=utf-8"
    )


def error(fmt: str, status: int, description: str) -> HttpResponse:
    return render([{"code": status, "description": description}], fmt, root="errors", item="error", status=status)


@method_decorator(csrf_exempt, name="dispatch")
class Open311View(View):
    """No session and no cookie are used here (a POST is authorised by its `api_key`): no CSRF check, so that a
    POST to a GET-only endpoint is answered in the Open311 error format (405), not by Django's HTML 403."""

    def dispatch(self, request, *args, fmt, **kwargs):
        if fmt not in ("xml", "json"):
            return error("xml", 404, "Format must be xml or json.")
        # Per address, in the shared cache (one count across every instance, issue #18): a client polling the
        # feed or posting in a loop is told to slow down before it costs the database anything.
        if over_limit("open311-ip", client_ip(request), settings.SHEQU_OPEN311_IP_LIMIT, 3600):
            return error(fmt, 429, "Too many requests from this address. Try again later.")
        try:
            return super().dispatch(request, *args, fmt=fmt, **kwargs)
        except Open311Error as failure:
            return error(fmt, failure.status, failure.description)

    def http_method_not_allowed(self, request, *args, fmt="xml", **kwargs):
        response = error(fmt, 405, f"Method {request.method} is not allowed here.")
        response["Allow"] = ", ".join(m.upper() for m in self.http_method_names if hasattr(self, m))
        return response


# ---- endpoints -------------------------------------------------------------------------------------------------


class DiscoveryView(Open311View):
    def get(self, request, fmt):
        changeset = Category.objects.order_by("-last_updated").values_list("last_updated", flat=True).first()
        data = {
            "changeset": stamp(changeset or timezone.now()),
            "contact": settings.SHEQU_OPEN311_CONTACT,
            "key_service": settings.SHEQU_OPEN311_KEY_SERVICE,
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": request.build_absolute_uri(reverse("open311:root")).rstrip("/"),
                    "changeset": stamp(changeset or timezone.now()),
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        }
        return render(data, fmt, root="discovery", item="discovery")


def service_json(category: Category) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": False,
        "type": "realtime",
        "keywords": "",
        "group": category.parent.name if category.parent_id else "",
    }


def public_categories():
    return Category.objects.filter(active=True, public=True)


class ServiceListView(Open311View):
    def get(self, request, fmt):
        categories = public_categories().select_related("parent").order_by("code")
        return render([service_json(c) for c in categories], fmt, root="services", item="service")


class ServiceDefinitionView(Open311View):
    def get(self, request, fmt, code):
        category = public_categories().filter(code=code).first()
        if category is None:
            raise Open311Error(404, f"Service {code} does not exist.")
        return render(
            {"service_code": category.code, "attributes": []}, fmt, root="service_definition", item="service_definition"
        )


def _coordinate(value) -> float | None:
    return float(value.quantize(COORDINATE_PLACES)) if value is not None else None


def request_json(order: WorkOrder) -> dict:
    """One published request, cut down for the public (issue #12): no name, phone or e-mail; the address to the
    street or residential area; ID and phone patterns masked; the position rounded; numbers as JSON numbers."""
    closed = order.status == OrderStatus.CLOSED
    return {
        "service_request_id": order.number,
        "status": "closed" if closed else "open",
        "status_notes": mask_personal_numbers(order.reply) or order.get_status_display(),
        "service_name": order.category.name,
        "service_code": order.category.code,
        "description": mask_personal_numbers(order.description),
        "agency_responsible": order.unit.name if order.unit_id else "",
        "service_notice": "",
        "requested_datetime": stamp(order.created),
        "updated_datetime": stamp(order.last_updated),
        "expected_datetime": None if closed else stamp(order.red_at),
        "address": public_address(order.address),
        "address_id": order.community.code if order.community_id else "",
        "zipcode": "",
        "lat": _coordinate(order.latitude),
        "long": _coordinate(order.longitude),
        "media_url": order.media_url,
    }


def public_orders():
    """The requests staff approved for publication, of a public channel, request type and category: every
    condition is read again here, so that unmarking a category hides its requests at once."""
    return (
        WorkOrder.objects.unscoped("Open311 lists the requests approved for publication")
        .filter(
            publication=Publication.PUBLISHED,
            source__in=PUBLIC_SOURCES,
            request_type__in=PUBLIC_REQUEST_TYPES,
            category__public=True,
        )
        .select_related("category", "unit", "community")
    )


def _parse_date(value: str, name: str):
    """A W3C datetime between 2000 and 2099 (issue #12: 2026-02-30 was a ValueError, year 1 or 9999 with an
    offset an OverflowError, each a 500)."""
    if not value:
        return None
    try:
        parsed = parse_datetime(value.strip())
        if parsed is not None:
            if timezone.is_naive(parsed):
                parsed = timezone.make_aware(parsed)
            parsed = parsed.astimezone(dt.UTC)
    except (ValueError, OverflowError):
        parsed = None
    if parsed is None or not EARLIEST <= parsed < LATEST:
        raise Open311Error(400, f"{name} must be a W3C datetime between 2000 and 2099, e.g. 2026-06-01T09:00:00+08:00.")
    return parsed


def _list(value: str, name: str) -> list[str]:
    """A comma-separated parameter, each item trimmed ("1, 2" is 1 and 2), empty items dropped, at most
    `MAX_RESULTS` of them."""
    items = [item.strip() for item in value.split(",") if item.strip()]
    if len(items) > MAX_RESULTS:
        raise Open311Error(400, f"{name} may list at most {MAX_RESULTS} values.")
    return items


def _client(key: str) -> Open311Client:
    if not key:
        raise Open311Error(403, "An api_key is required.")
    client = catalogue.active_client(key_digest(key))
    if client is None:
        raise Open311Error(403, "The api_key is not valid.")
    return client


def _location(data) -> tuple:
    """(community, latitude, longitude, address): one of lat+long, address_string or address_id is required."""
    lat, lon = data.get("lat", "").strip(), data.get("long", "").strip()
    address = data.get("address_string", "").strip()
    address_id = data.get("address_id", "").strip()
    if not ((lat and lon) or address or address_id):
        raise Open311Error(400, "A location is required: lat and long, address_string or address_id.")
    community = latitude = longitude = None
    if address_id:
        community = catalogue.community(address_id)
        if community is None or not address_id.startswith(settings.SHEQU_CITY_CODE[:4]):
            raise Open311Error(400, f"address_id {address_id} is not a community code of this city.")
    if lat or lon:
        try:
            latitude, longitude = Decimal(lat), Decimal(lon)
        except InvalidOperation:
            raise Open311Error(400, "lat and long must be decimal degrees.") from None
        if not (latitude.is_finite() and longitude.is_finite()):  # NaN and Infinity (NaN was a 500, issue #12)
            raise Open311Error(400, "lat and long must be decimal degrees.")
        south, west, north, east = settings.SHEQU_CITY_BOUNDS
        if not (south <= latitude <= north and west <= longitude <= east):
            raise Open311Error(400, "The location is outside the city.")
        latitude, longitude = round(latitude, 6), round(longitude, 6)
    return community, latitude, longitude, address


def _check_post(data) -> None:
    """Every text parameter bounded and free of control characters, else a 400 naming it (issue #12)."""
    for name, limit in POST_FIELDS.items():
        value = data.get(name, "")
        if has_control_characters(value):
            raise Open311Error(400, f"{name} contains control characters.")
        if limit is not None and len(value.strip()) > limit:
            raise Open311Error(400, f"{name} is too long: at most {limit} characters.")
    email, media_url = data.get("email", "").strip(), data.get("media_url", "").strip()
    if email:
        try:
            EmailValidator()(email)
        except ValidationError:
            raise Open311Error(400, "email is not a valid e-mail address.") from None
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            raise Open311Error(400, "media_url is not an http or https URL.") from None


def _idempotency_key(request, client) -> str | None:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    if not IDEMPOTENCY_KEY.fullmatch(key):
        raise Open311Error(400, "Idempotency-Key must be 1 to 64 printable ASCII characters.")
    return f"open311:{client.pk}:{key}"


class RequestListView(Open311View):
    def get(self, request, fmt):
        params = request.GET
        orders = public_orders()
        ids = _list(params.get("service_request_id", ""), "service_request_id")
        if ids:
            orders = orders.filter(number__in=ids)  # the spec: other parameters are then ignored
        else:
            codes = _list(params.get("service_code", ""), "service_code")
            if codes:
                orders = orders.filter(category__code__in=codes)
            start = _parse_date(params.get("start_date", ""), "start_date")
            end = _parse_date(params.get("end_date", ""), "end_date")
            if start is None and end is None:
                start = timezone.now() - timezone.timedelta(days=DEFAULT_WINDOW_DAYS)
            if start is not None:
                orders = orders.filter(created__gte=start)
            if end is not None:
                orders = orders.filter(created__lte=end)
            statuses = set(_list(params.get("status", ""), "status"))
            if statuses - {"open", "closed"}:
                raise Open311Error(400, "status must be open or closed.")
            if statuses == {"open"}:
                orders = orders.exclude(status=OrderStatus.CLOSED)
            elif statuses == {"closed"}:
                orders = orders.filter(status=OrderStatus.CLOSED)
        rows = [request_json(o) for o in orders.order_by("-created")[:MAX_RESULTS]]
        return render(rows, fmt, root="service_requests", item="request")

    def post(self, request, fmt):
        data = request.POST
        client = _client(data.get("api_key", "").strip())
        if over_limit("open311-client", str(client.pk), settings.SHEQU_OPEN311_CLIENT_LIMIT, 3600):
            raise Open311Error(429, "Too many requests with this api_key. Try again later.")
        _check_post(data)
        idempotency_key = _idempotency_key(request, client)
        code = data.get("service_code", "").strip()
        if not code:
            raise Open311Error(400, "service_code is required.")
        category = catalogue.active_category(code)
        if category is None:
            raise Open311Error(404, f"Service {code} does not exist.")
        community, latitude, longitude, address = _location(data)
        name = " ".join(p for p in (data.get("last_name", "").strip(), data.get("first_name", "").strip()) if p)
        if len(name) > POST_FIELDS["last_name"]:
            raise Open311Error(400, "first_name and last_name are too long: at most 50 characters together.")
        try:
            order, created = services.submit(
                acting_user=services.PUBLIC,  # the client, keyed by its api_key, is stored on the order
                source=Source.API,
                request_type=RequestType.REPORT,
                category=category,
                description=data.get("description", ""),
                community=community,
                address=address,
                caller_name=name,
                phone=data.get("phone", "").strip(),
                client=client,
                latitude=latitude,
                longitude=longitude,
                email=data.get("email", "").strip(),
                media_url=data.get("media_url", "").strip(),
                idempotency_key=idempotency_key,
            )
        except ValidationError as invalid:
            field, messages = next(iter(invalid.message_dict.items()))
            raise Open311Error(400, f"{OPEN311_NAMES.get(field, field)}: {messages[0]}") from None
        except services.IdempotencyConflict as conflict:
            raise Open311Error(422, str(conflict)) from None
        body = [{"service_request_id": order.number, "token": order.token, "service_notice": "", "account_id": None}]
        # A replay of the same request (same Idempotency-Key and body) is answered as the first time, with 200.
        return render(body, fmt, root="service_requests", item="request", status=201 if created else 200)


OPEN311_NAMES = {"address": "address_string", "caller_name": "last_name"}


class RequestDetailView(Open311View):
    def get(self, request, fmt, number):
        order = public_orders().filter(number=number).first()
        if order is None:
            raise Open311Error(404, f"Service request {number} does not exist.")
        return render([request_json(order)], fmt, root="service_requests", item="request")


class TokenView(Open311View):
    """The id of a request by the token its POST answered with: only the client that posted knows the token, and
    the answer holds nothing but the id (the request itself is public only once approved)."""

    def get(self, request, fmt, token):
        order = (
            WorkOrder.objects.unscoped("Open311 token look-up by the client that posted")
            .filter(token=token, source=Source.API)
            .only("number", "token")
            .first()
        )
        if order is None:
            raise Open311Error(404, f"Token {token} does not exist.")
        return render(
            [{"service_request_id": order.number, "token": token}], fmt, root="service_requests", item="request"
        )
