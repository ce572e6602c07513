"""TOTP two-factor authentication (issue #12, IA-1): enrolment, the verification step, who must use it.

The root conftest.py switches `SHEQU_REQUIRE_2FA` off for the suites that sign administrators in with force_login;
every test here that is about the requirement switches it back on.
"""

from datetime import timedelta

import time_machine
from django.test import TestCase, override_settings
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from shequ.accounts.services import issue_token
from shequ.accounts.tests.helpers import OLD_PASSWORD, code_for, confirmed_device, mark_verified
from shequ.core.choices import AccessEvent
from shequ.core.models import AccessLog
from shequ.core.testing.fixtures import build_tree

INVALID_CODE = "验证码无效。请检查手机时间后重试。"


@override_settings(SHEQU_REQUIRE_2FA=True)
class RequiredRolesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def test_administrators_and_auditors_are_sent_to_enrolment_and_can_do_nothing_else(self):
        for level in ("city", "district", "auditor"):
            with self.subTest(level=level):
                self.client.force_login(self.tree.users[level])
                for path in ("/", "/places/areas/", "/accounts/password/", "/accounts/two-factor/verify/"):
                    self.assertRedirects(
                        self.client.get(path), f"/accounts/two-factor/?next={path}", fetch_redirect_response=False
                    )
                self.assertRedirects(
                    self.client.post("/places/areas/add/", {}), "/accounts/two-factor/", fetch_redirect_response=False
                )
                api = self.client.get("/api/accounts/users/")
                self.assertEqual(
                    (api.status_code, api.json()), (403, {"detail": "请先在 /accounts/two-factor/ 完成登录步骤。"})
                )
                self.assertEqual(self.client.get("/accounts/two-factor/").status_code, 200)
                self.client.logout()

    def test_street_and_community_staff_may_go_on_without_a_device(self):
        for level in ("street", "community"):
            with self.subTest(level=level):
                self.client.force_login(self.tree.users[level])
                self.assertEqual(self.client.get("/places/areas/").status_code, 200)

    def test_the_rule_is_on_by_default(self):
        from django.conf import settings

        from shequ.settings import SHEQU_REQUIRE_2FA

        self.assertTrue(SHEQU_REQUIRE_2FA)  # what settings.py gives outside the test configuration
        self.assertTrue(settings.SHEQU_REQUIRE_2FA)  # and what this class runs under

    def test_api_tokens_are_unchanged(self):
        raw = issue_token(acting_user=None, user=self.tree.users["city"], name="hotline")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
        self.assertEqual(client.get("/api/accounts/users/").status_code, 200)


@override_settings(SHEQU_REQUIRE_2FA=True)
class EnrolmentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def setUp(self):
        self.user = self.tree.users["city"]
        self.client.force_login(self.user)

    def test_enrolment_shows_an_inline_qr_code_and_the_secret_then_confirms_a_valid_code(self):
        page = self.client.get("/accounts/two-factor/?next=/places/areas/")
        self.assertEqual(page.status_code, 200)
        device = TOTPDevice.objects.get(user=self.user)
        self.assertFalse(device.confirmed)
        content = page.content.decode()
        self.assertIn('<svg width="', content)  # drawn here, inline
        self.assertNotRegex(content, r'<img[^>]+src="https?://')  # no outside service
        self.assertIn(page.context["secret"], content)
        self.assertEqual(len(page.context["secret"]), 32)  # 20 random bytes, base32
        # A second visit shows the same unconfirmed device, not a new secret.
        self.assertEqual(self.client.get("/accounts/two-factor/").context["secret"], page.context["secret"])

        wrong = self.client.post(
            "/accounts/two-factor/", {"token": "000000" if code_for(device) != "000000" else "111111"}
        )
        self.assertEqual(wrong.context["form"].errors["token"], [INVALID_CODE])
        device.refresh_from_db()
        self.assertFalse(device.confirmed)
        self.assertRedirects(
            self.client.get("/places/areas/"),
            "/accounts/two-factor/?next=/places/areas/",
            fetch_redirect_response=False,
        )

        # A failure throttles the device for a second (django-otp): even the right code is refused at once.
        throttled = self.client.post("/accounts/two-factor/", {"token": code_for(device)})
        self.assertEqual(throttled.context["form"].errors["token"], [INVALID_CODE])
        with time_machine.travel(timezone.now() + timedelta(seconds=3), tick=False):
            data = {"token": code_for(device), "next": "/places/areas/"}
            response = self.client.post("/accounts/two-factor/", data)
        self.assertRedirects(response, "/places/areas/", fetch_redirect_response=False)
        device.refresh_from_db()
        self.assertTrue(device.confirmed)
        self.assertEqual(self.client.session[DEVICE_ID_SESSION_KEY], device.persistent_id)
        self.assertEqual(self.client.get("/places/areas/").status_code, 200)
        log = AccessLog.objects.get(event=AccessEvent.PERMISSION_CHANGE)
        self.assertEqual(log.detail, {"target": "city_user", "action": "otp_enrol"})

    def test_a_code_that_is_not_six_digits_is_refused(self):
        self.client.get("/accounts/two-factor/")
        response = self.client.post("/accounts/two-factor/", {"token": "12ab56"})
        self.assertEqual(response.context["form"].errors["token"], ["请输入身份验证器应用显示的六位数字。"])
        self.assertFalse(TOTPDevice.objects.get(user=self.user).confirmed)


class VerificationTests(TestCase):
    """Whoever has a device verifies a code after the password, whatever SHEQU_REQUIRE_2FA says."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def setUp(self):
        self.user = self.tree.users["street"]  # 2FA is optional for street staff; this one has chosen it
        self.device = confirmed_device(self.user)

    def test_after_the_password_every_page_asks_for_the_code_until_it_is_given(self):
        response = self.client.post("/accounts/login/", {"username": "street_user", "password": OLD_PASSWORD})
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertRedirects(
            self.client.get("/places/areas/"),
            "/accounts/two-factor/verify/?next=/places/areas/",
            fetch_redirect_response=False,
        )
        # Not even the password page or enrolment of another device before the code.
        for path in ("/accounts/password/", "/accounts/two-factor/"):
            self.assertRedirects(
                self.client.get(path), f"/accounts/two-factor/verify/?next={path}", fetch_redirect_response=False
            )
        self.assertEqual(self.client.get("/api/places/areas/").status_code, 403)

        wrong = self.client.post("/accounts/two-factor/verify/", {"token": code_for(self.device, drift=-5)})
        self.assertEqual(wrong.context["form"].errors["token"], [INVALID_CODE])
        failure = AccessLog.objects.get(event=AccessEvent.LOGIN_FAILED)
        self.assertEqual((failure.username, failure.success, failure.detail), ("street_user", False, {"step": "otp"}))
        self.assertNotIn(DEVICE_ID_SESSION_KEY, self.client.session)

        with time_machine.travel(timezone.now() + timedelta(seconds=3), tick=False):  # past the throttle
            right = self.client.post(
                "/accounts/two-factor/verify/", {"token": code_for(self.device), "next": "/places/areas/"}
            )
        self.assertRedirects(right, "/places/areas/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/places/areas/").status_code, 200)

    def test_force_login_alone_is_not_verified_and_a_verified_session_passes(self):
        self.client.force_login(self.user)
        self.assertEqual(self.client.get("/places/areas/").status_code, 302)
        mark_verified(self.client, self.device)
        self.assertEqual(self.client.get("/places/areas/").status_code, 200)

    def test_an_unconfirmed_device_does_not_count(self):
        self.device.confirmed = False
        self.device.save()
        self.client.force_login(self.user)
        self.assertEqual(self.client.get("/places/areas/").status_code, 200)

    @override_settings(SHEQU_REQUIRE_2FA=True)
    def test_a_required_role_with_a_device_verifies_rather_than_enrols(self):
        city = self.tree.users["city"]
        device = confirmed_device(city)
        self.client.force_login(city)
        self.assertRedirects(self.client.get("/"), "/accounts/two-factor/verify/?next=/", fetch_redirect_response=False)
        mark_verified(self.client, device)
        self.assertEqual(self.client.get("/").status_code, 200)
        self.assertRedirects(self.client.get("/accounts/two-factor/"), "/", fetch_redirect_response=False)
