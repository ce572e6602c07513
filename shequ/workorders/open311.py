"""Open311 GeoReport v2 at `/open311/v2/` (issue #5; http://wiki.open311.org/GeoReport_v2), in XML and JSON.

Services are the active request categories (`service_code` = category code). Requests are work orders submitted
through this API or the public portal (orders taken by telephone stay private); our states map to `open` and
`closed`, with the reply or the stage as `status_notes` and the handling unit as `agency_responsible`. A POST needs
an `api_key` issued by `manage.py open311_key`. Locations: `lat`+`long` inside the city, `address_string`, or
`address_id` — the 12-digit code of a community of the city. Errors follow the specification:
`[{"code": 400, "description": "…"}]` / `<errors><error>…</error></errors>` with that HTTP status.
"""

import hashlib
from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from shequ.workorders import catalogue, services
from shequ.workorders.choices import OrderStatus, RequestType, Source
from shequ.workorders.models import Category, Open311Client, WorkOrder

__all__ = ["SPECIFICATION", "URL_NAMES", "urlpatterns"]

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
PUBLIC_SOURCES = (Source.API, Source.PORTAL)
DEFAULT_WINDOW_DAYS = 90  # the spec's default for GET requests without dates
MAX_RESULTS = 1000


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
                ElementTree.SubElement(element, item_name.get(name, name.rstrip("s"))).text = str(item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)


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


class Open311View(View):
    def dispatch(self, request, *args, fmt, **kwargs):
        if fmt not in ("xml", "json"):
            return error("xml", 404, "Format must be xml or json.")
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


class ServiceListView(Open311View):
    def get(self, request, fmt):
        categories = Category.objects.filter(active=True).select_related("parent").order_by("code")
        return render([service_json(c) for c in categories], fmt, root="services", item="service")


class ServiceDefinitionView(Open311View):
    def get(self, request, fmt, code):
        category = Category.objects.filter(active=True, code=code).first()
        if category is None:
            raise Open311Error(404, f"Service {code} does not exist.")
        return render(
            {"service_code": category.code, "attributes": []}, fmt, root="service_definition", item="service_definition"
        )


def request_json(order: WorkOrder) -> dict:
    closed = order.status == OrderStatus.CLOSED
    return {
        "service_request_id": order.number,
        "status": "closed" if closed else "open",
        "status_notes": order.reply or order.get_status_display(),
        "service_name": order.category.name,
        "service_code": order.category.code,
        "description": order.description,
        "agency_responsible": order.unit.name if order.unit_id else "",
        "service_notice": "",
        "requested_datetime": stamp(order.created),
        "updated_datetime": stamp(order.last_updated),
        "expected_datetime": None if closed else stamp(order.red_at),
        "address": order.address,
        "address_id": order.community.code if order.community_id else "",
        "zipcode": "",
        "lat": str(order.latitude) if order.latitude is not None else None,
        "long": str(order.longitude) if order.longitude is not None else None,
        "media_url": "",
    }


def public_orders():
    return (
        WorkOrder.objects.unscoped("Open311 lists the publicly reported requests")
        .filter(source__in=PUBLIC_SOURCES)
        .select_related("category", "unit", "community")
    )


def _parse_date(value: str, name: str):
    parsed = parse_datetime(value) if value else None
    if value and parsed is None:
        raise Open311Error(400, f"{name} must be a W3C datetime, e.g. 2026-06-01T09:00:00+08:00.")
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


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
        south, west, north, east = settings.SHEQU_CITY_BOUNDS
        if not (south <= latitude <= north and west <= longitude <= east):
            raise Open311Error(400, "The location is outside the city.")
        latitude, longitude = round(latitude, 6), round(longitude, 6)
    return community, latitude, longitude, address


@method_decorator(csrf_exempt, name="dispatch")
class RequestListView(Open311View):
    def get(self, request, fmt):
        params = request.GET
        orders = public_orders()
        ids = [i for i in params.get("service_request_id", "").split(",") if i]
        if ids:
            orders = orders.filter(number__in=ids)  # the spec: other parameters are then ignored
        else:
            codes = [c for c in params.get("service_code", "").split(",") if c]
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
            statuses = {s for s in params.get("status", "").split(",") if s}
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
        client = _client(data.get("api_key", ""))
        code = data.get("service_code", "").strip()
        if not code:
            raise Open311Error(400, "service_code is required.")
        category = catalogue.active_category(code)
        if category is None:
            raise Open311Error(404, f"Service {code} does not exist.")
        community, latitude, longitude, address = _location(data)
        name = " ".join(p for p in (data.get("last_name", "").strip(), data.get("first_name", "").strip()) if p)
        try:
            order, _created = services.submit(
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
                idempotency_key=(
                    f"open311:{client.pk}:{request.headers['Idempotency-Key']}"
                    if request.headers.get("Idempotency-Key")
                    else None
                ),
            )
        except ValidationError as invalid:
            field, messages = next(iter(invalid.message_dict.items()))
            raise Open311Error(400, f"{field}: {messages[0]}") from None
        except services.IdempotencyConflict as conflict:
            raise Open311Error(422, str(conflict)) from None
        body = [{"service_request_id": order.number, "service_notice": "", "account_id": None}]
        return render(body, fmt, root="service_requests", item="request", status=201)


class RequestDetailView(Open311View):
    def get(self, request, fmt, number):
        order = public_orders().filter(number=number).first()
        if order is None:
            raise Open311Error(404, f"Service request {number} does not exist.")
        return render([request_json(order)], fmt, root="service_requests", item="request")


class TokenView(Open311View):
    def get(self, request, fmt, token):
        order = public_orders().filter(token=token).first()
        if order is None:
            raise Open311Error(404, f"Token {token} does not exist.")
        return render(
            [{"service_request_id": order.number, "token": token}], fmt, root="service_requests", item="request"
        )


app_name = "open311"
urlpatterns = [
    path("", lambda request: DiscoveryView.as_view()(request, fmt="xml"), name="root"),
    path("discovery.<str:fmt>", DiscoveryView.as_view(), name="discovery"),
    path("services.<str:fmt>", ServiceListView.as_view(), name="services"),
    path("services/<str:code>.<str:fmt>", ServiceDefinitionView.as_view(), name="service"),
    path("requests.<str:fmt>", RequestListView.as_view(), name="requests"),
    path("requests/<str:number>.<str:fmt>", RequestDetailView.as_view(), name="request"),
    path("tokens/<str:token>.<str:fmt>", TokenView.as_view(), name="token"),
]
URL_NAMES = {f"open311:{pattern.name}" for pattern in urlpatterns}
