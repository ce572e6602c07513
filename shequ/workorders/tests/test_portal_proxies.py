"""The portal's rate limit per address behind a trusted proxy (issue #18): each forwarded resident is limited on
its own, and a forged X-Forwarded-For from an untrusted address is counted against that address."""

import ipaddress

from django.core.cache import cache
from django.test import TestCase, override_settings

from shequ.core.testing.fixtures import build_tree
from shequ.workorders.testing import make_desk
from shequ.workorders.tests.test_portal import PortalTests


@override_settings(
    SHEQU_TRUSTED_PROXIES=(ipaddress.ip_network("127.0.0.1/32"),),
    SHEQU_PORTAL_POW_BITS=6,
    SHEQU_PORTAL_IP_LIMIT=2,
    SHEQU_PORTAL_PHONE_LIMIT=5,
)
class ForwardedPortalTests(TestCase):
    form = PortalTests.form
    orders = PortalTests.orders

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)

    def setUp(self):
        cache.clear()

    def submit(self, n: int, **headers):
        return self.client.post(
            "/portal/", self.form(phone=f"1390000{n:04d}", description=f"第{n}次"), **headers
        ).status_code

    def test_two_forwarded_residents_are_limited_each_on_their_own(self):
        via_nginx = {"REMOTE_ADDR": "127.0.0.1"}
        first = {**via_nginx, "HTTP_X_FORWARDED_FOR": "203.0.113.1"}
        second = {**via_nginx, "HTTP_X_FORWARDED_FOR": "203.0.113.2"}
        self.assertEqual([self.submit(n, **first) for n in range(3)], [200, 200, 429])
        self.assertEqual([self.submit(n, **second) for n in range(3, 6)], [200, 200, 429])
        self.assertEqual(self.orders().count(), 4)

    def test_a_forged_header_from_an_untrusted_address_is_judged_by_that_address(self):
        forged = [
            self.submit(n, REMOTE_ADDR="198.51.100.20", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}") for n in range(3)
        ]
        self.assertEqual(forged, [200, 200, 429])
        # The addresses it claimed are untouched: a resident really at 203.0.113.1 (through nginx) still gets in.
        self.assertEqual(self.submit(7, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.1"), 200)
