"""Per-request plumbing: a request id and the change context (DESIGN.md §6)."""

import uuid

from shequ.core.context import change_context
from shequ.core.utils import client_ip

__all__ = ["RequestContextMiddleware"]


class RequestContextMiddleware:
    """Give each request an id (echoed as `X-Request-ID`) and open the change context for its writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = uuid.uuid4()
        with change_context(request.user, source="web", request_id=request.id, ip_address=client_ip(request)):
            response = self.get_response(request)
        response["X-Request-ID"] = str(request.id)
        return response
