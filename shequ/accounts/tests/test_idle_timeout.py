"""Idle timeout beside the absolute session age (issue #12, IA-6): SHEQU_IDLE_TIMEOUT_MINUTES, default 30."""

from datetime import timedelta

import time_machine
from django.conf import settings
from django.test import TestCase, override_settings
from django.utils import timezone

from shequ.core.choices import AccessEvent
from shequ.core.models import AccessLog
from shequ.core.testing.fixtures import make_user

SIGNED_OUT = "由于长时间未操作，你已退出登录。"


class IdleTimeoutTests(TestCase):
    def setUp(self):
        self.user = make_user("chen")
        self.client.force_login(self.user)

    def test_defaults(self):
        self.assertEqual(settings.SHEQU_IDLE_TIMEOUT_MINUTES, 30)
        self.assertEqual(settings.SESSION_COOKIE_AGE, 12 * 60 * 60)

    def test_activity_keeps_the_session_and_thirty_idle_minutes_end_it(self):
        with time_machine.travel(timezone.now(), tick=False) as clock:
            self.assertEqual(self.client.get("/").status_code, 200)
            for _ in range(3):  # an hour and a half of work, a request every 29 minutes
                clock.shift(timedelta(minutes=29))
                self.assertEqual(self.client.get("/").status_code, 200)
            clock.shift(timedelta(minutes=30, seconds=61))
            response = self.client.get("/places/areas/")
            self.assertRedirects(response, "/accounts/login/?next=/places/areas/", fetch_redirect_response=False)
            self.assertNotIn("_auth_user_id", self.client.session)
            self.assertContains(self.client.get("/accounts/login/"), SIGNED_OUT)
            # Signed out for good: the next request is anonymous too, pages and API alike.
            self.assertEqual(self.client.get("/").status_code, 302)
            self.assertEqual(self.client.get("/api/places/areas/").status_code, 401)
        log = AccessLog.objects.get(event=AccessEvent.LOGOUT)
        self.assertEqual((log.username, log.success), ("chen", True))

    def test_a_write_after_the_idle_time_is_not_made(self):
        with time_machine.travel(timezone.now(), tick=False) as clock:
            self.client.get("/")
            clock.shift(timedelta(minutes=45))
            response = self.client.post("/accounts/password/", {})
        self.assertRedirects(response, "/accounts/login/?next=/accounts/password/", fetch_redirect_response=False)

    def test_steady_activity_still_ends_at_the_absolute_limit(self):
        # The last activity lives in the cache, so activity never renews the session's expiry: it ends 12 hours
        # after the sign-in, however busy the user (the middleware's own check holds if a save ever renews it).
        with time_machine.travel(timezone.now(), tick=False) as clock:
            self.client.force_login(self.user)
            for _ in range(12 * 60 // 20):
                self.assertEqual(self.client.get("/").status_code, 200)
                clock.shift(timedelta(minutes=20))
            clock.shift(timedelta(minutes=1))
            response = self.client.get("/")
            self.assertRedirects(response, "/accounts/login/?next=/", fetch_redirect_response=False)
            self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_page_view_does_not_write_the_session(self):
        """Reads write nothing to the database (issue #12: on SQLite a write waits behind an import)."""
        from django.contrib.sessions.models import Session

        self.client.get("/")
        stored = Session.objects.get().session_data
        with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
            self.assertEqual(self.client.get("/").status_code, 200)
        self.assertEqual(Session.objects.get().session_data, stored)

    @override_settings(SHEQU_IDLE_TIMEOUT_MINUTES=5)
    def test_the_limit_is_configurable(self):
        with time_machine.travel(timezone.now(), tick=False) as clock:
            self.client.get("/")
            clock.shift(timedelta(minutes=6, seconds=1))
            self.assertEqual(self.client.get("/").status_code, 302)

    @override_settings(SHEQU_IDLE_TIMEOUT_MINUTES=0)
    def test_zero_switches_it_off(self):
        with time_machine.travel(timezone.now(), tick=False) as clock:
            self.client.get("/")
            clock.shift(timedelta(hours=11))
            self.assertEqual(self.client.get("/").status_code, 200)
