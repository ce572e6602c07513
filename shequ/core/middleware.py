"""Per-request plumbing: a request id and the change context (DESIGN.md §6), and a transaction for writes only."""

import logging
import time
import uuid

from django.db import OperationalError, connection, connections, transaction
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from shequ.core.context import change_context, request_id_scope
from shequ.core.utils import client_ip, forwarded_client, ipaddress_or_none, is_trusted_proxy

__all__ = ["ReadsOutsideTransactionsMiddleware", "RequestContextMiddleware", "TrustedProxyMiddleware"]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
request_log = logging.getLogger("shequ.request")


class TrustedProxyMiddleware:
    """First in the chain: REMOTE_ADDR becomes the client's address when the request came through a trusted proxy
    (SHEQU_TRUSTED_PROXIES, `core.utils.forwarded_client`), so that the rate limits, the login lock-out (axes), the
    access log and the request log all judge the resident, not nginx (issue #18). The address that connected is kept
    in META["SHEQU_PEER_ADDR"]."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        peer = request.META.get("REMOTE_ADDR", "")
        request.META["SHEQU_PEER_ADDR"] = peer
        request.META["REMOTE_ADDR"] = forwarded_client(peer, request.META.get("HTTP_X_FORWARDED_FOR", ""))
        return self.get_response(request)


class RequestContextMiddleware:
    """Give each request an id (echoed as `X-Request-ID`) and open the change context for its writes. A trusted
    proxy's X-Request-ID (nginx's $request_id, deploy/nginx/shequ.conf) is kept, so that its access log line and
    ours share the id (issue #18); from anyone else the header is ignored."""

    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def forwarded_id(request) -> uuid.UUID | None:
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        peer = ipaddress_or_none(request.META.get("SHEQU_PEER_ADDR", ""))
        if not given or not is_trusted_proxy(peer):
            return None
        try:
            return uuid.UUID(given)
        except ValueError:
            return None

    def __call__(self, request):
        request.id = self.forwarded_id(request) or uuid.uuid4()
        started = time.perf_counter()
        with (
            request_id_scope(request.id),
            change_context(request.user, source="web", request_id=request.id, ip_address=client_ip(request)),
        ):
            response = self.get_response(request)
            if request_log.isEnabledFor(logging.INFO):
                match = getattr(request, "resolver_match", None)
                # One line a request (issue #18): its URL name and path without the query string (a search holds
                # names and numbers), the status, the time and the client's address; JsonFormatter redacts.
                request_log.info(
                    "%s %s %s",
                    request.method,
                    request.path,
                    response.status_code,
                    extra={
                        "method": request.method,
                        "view": match.view_name if match else None,
                        "path": request.path,
                        "status": response.status_code,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                        "client": client_ip(request),
                    },
                )
        response["X-Request-ID"] = str(request.id)
        return response


class ReadsOutsideTransactionsMiddleware:
    """`ATOMIC_REQUESTS` for requests that write, not for those that read (issue #12, DESIGN.md §11).

    On SQLite every transaction begins IMMEDIATE (a writer takes the write lock at once, so that two writers never
    deadlock on an upgrade); wrapping a GET in one made every page wait for — and fail behind — a long write such as
    an import, and one long export block every other user's page. Here a GET, HEAD or OPTIONS runs its view in
    autocommit: under WAL its reads never wait for a writer, and a write it makes (an access-log row) is one
    statement of its own. POST, PUT, PATCH and DELETE keep the request transaction: all or nothing.

    It must be the last middleware with a `process_view`: answering here skips `make_view_atomic`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        """SQLite has one writer: a write that waited out the busy timeout behind another (an import's write
        phase, ADR 0007) is told so and asked to retry, never answered with a 500."""
        if not (isinstance(exception, OperationalError) and "database is locked" in str(exception)):
            return None
        message = _("The database is busy with another write (an import, most likely); try again in a minute.")
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=503, json_dumps_params={"ensure_ascii": False})
        else:
            response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "60"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in SAFE_METHODS or not any(
            connection.settings_dict["ATOMIC_REQUESTS"] for connection in connections.all()
        ):
            return None
        if connection.in_atomic_block:
            # Called inside a transaction someone else opened (a test case, a nested call): a savepoint of its
            # own, so that an error answer (DRF marks the innermost block for rollback) undoes only this request.
            with transaction.atomic():
                return view_func(request, *view_args, **view_kwargs)
        return view_func(request, *view_args, **view_kwargs)
