"""Error responses in the caller's format (issue #12): a client of `/api/` gets JSON, an Open311 client gets the
GeoReport error list, a browser gets the page — also for errors raised before any view runs (an unknown route, an
over-size body, a crash)."""

from xml.sax.saxutils import escape

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

__all__ = ["bad_request", "page_not_found", "permission_denied", "server_error"]

MESSAGES = {
    400: lambda: _("The request could not be read (too large or malformed)."),
    403: lambda: _("You do not have permission to perform this action."),
    404: lambda: _("Not found."),
    500: lambda: _("The server could not complete the request; it has been logged."),
}


def _machine_response(request, status: int) -> HttpResponse | None:
    path = request.path
    message = MESSAGES[status]()
    if path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})
    if path.startswith("/open311/"):
        if path.endswith(".xml"):
            body = (
                '<?xml version="1.0" encoding="UTF-8"?>\n'
                f"<errors><error><code>{status}</code><description>{escape(message)}</description></error></errors>"
            )
            return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")
        return JsonResponse(
            [{"code": status, "description": message}],
            status=status,
            safe=False,
            json_dumps_params={"ensure_ascii": False},
        )
    return None


def bad_request(request, exception):
    return _machine_response(request, 400) or defaults.bad_request(request, exception)


def permission_denied(request, exception):
    return _machine_response(request, 403) or defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    return _machine_response(request, 404) or defaults.page_not_found(request, exception)


def server_error(request):
    return _machine_response(request, 500) or defaults.server_error(request)
