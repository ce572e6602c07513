"""X-Forwarded-For is honoured only from SHEQU_TRUSTED_PROXIES (issue #18): the client's address then reaches the
rate limits, the lock-out and the logs; a forged header from anyone else is judged by the address that connected."""

import ipaddress

from django.http import HttpResponse
from django.test import RequestFactory, SimpleTestCase, override_settings

from shequ.core.context import current_change_context
from shequ.core.middleware import RequestContextMiddleware, TrustedProxyMiddleware
from shequ.core.utils import forwarded_client

PROXIES = (ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("10.8.0.0/16"), ipaddress.ip_network("::1"))


class ForwardedClientTests(SimpleTestCase):
    def test_from_a_trusted_proxy_the_nearest_untrusted_hop_is_the_client(self):
        self.assertEqual(forwarded_client("127.0.0.1", "203.0.113.5", PROXIES), "203.0.113.5")
        # A load balancer (10.8.0.3) before nginx (127.0.0.1): both trusted, the resident left of them.
        self.assertEqual(forwarded_client("127.0.0.1", "203.0.113.5, 10.8.0.3", PROXIES), "203.0.113.5")
        self.assertEqual(forwarded_client("::1", "2001:db8::7", PROXIES), "2001:db8::7")

    def test_what_a_client_forged_left_of_its_own_address_is_never_reached(self):
        # The resident sent "X-Forwarded-For: 1.1.1.1"; our proxy appended the address it saw.
        self.assertEqual(forwarded_client("127.0.0.1", "1.1.1.1, 198.51.100.20", PROXIES), "198.51.100.20")

    def test_from_an_untrusted_address_the_header_is_ignored(self):
        self.assertEqual(forwarded_client("198.51.100.20", "127.0.0.1", PROXIES), "198.51.100.20")
        self.assertEqual(forwarded_client("198.51.100.20", "203.0.113.5", PROXIES), "198.51.100.20")
        self.assertEqual(forwarded_client("127.0.0.1", "203.0.113.5", ()), "127.0.0.1")  # no list: never

    def test_a_hop_that_is_not_an_address_stops_at_the_last_trusted_one(self):
        self.assertEqual(forwarded_client("127.0.0.1", "203.0.113.5, unknown", PROXIES), "127.0.0.1")
        self.assertEqual(forwarded_client("127.0.0.1", "", PROXIES), "127.0.0.1")
        self.assertEqual(forwarded_client("127.0.0.1", "203.0.113.5, garbage, 10.8.0.3", PROXIES), "10.8.0.3")

    def test_all_hops_trusted_gives_the_leftmost(self):
        self.assertEqual(forwarded_client("127.0.0.1", "10.8.0.9, 10.8.0.3", PROXIES), "10.8.0.9")


@override_settings(SHEQU_TRUSTED_PROXIES=PROXIES)
class MiddlewareTests(SimpleTestCase):
    def seen(self, peer: str, forwarded: str | None) -> tuple[str, str, str | None]:
        """What the views and the change context see for a request from `peer` carrying `forwarded`."""
        captured = {}

        def view(request):
            captured["context_ip"] = current_change_context().ip_address
            return HttpResponse("ok")

        headers = {"REMOTE_ADDR": peer}
        if forwarded is not None:
            headers["HTTP_X_FORWARDED_FOR"] = forwarded
        request = RequestFactory().get("/", **headers)
        request.user = None
        TrustedProxyMiddleware(RequestContextMiddleware(view))(request)
        return request.META["REMOTE_ADDR"], request.META["SHEQU_PEER_ADDR"], captured["context_ip"]

    def test_the_real_address_reaches_the_change_context(self):
        self.assertEqual(self.seen("127.0.0.1", "203.0.113.5"), ("203.0.113.5", "127.0.0.1", "203.0.113.5"))

    def test_a_forged_header_from_an_untrusted_address(self):
        self.assertEqual(
            self.seen("198.51.100.20", "203.0.113.5"), ("198.51.100.20", "198.51.100.20", "198.51.100.20")
        )

    def test_no_header(self):
        self.assertEqual(self.seen("127.0.0.1", None), ("127.0.0.1", "127.0.0.1", "127.0.0.1"))


@override_settings(SHEQU_TRUSTED_PROXIES=PROXIES)
class RequestIdTests(SimpleTestCase):
    def answer(self, peer: str, request_id: str) -> str:
        request = RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_REQUEST_ID=request_id)
        request.user = None
        response = TrustedProxyMiddleware(RequestContextMiddleware(lambda request: HttpResponse("ok")))(request)
        return response["X-Request-ID"]

    def test_nginx_request_id_is_kept_from_a_trusted_proxy_only(self):
        nginx_id = "0f1e2d3c4b5a69788796a5b4c3d2e1f0"  # $request_id: 32 hex digits
        self.assertEqual(self.answer("127.0.0.1", nginx_id), "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")
        self.assertNotEqual(self.answer("198.51.100.20", nginx_id), "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")
        self.assertEqual(len(self.answer("127.0.0.1", "not-an-id")), 36)
