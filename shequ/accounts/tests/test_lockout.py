"""Lockout per account-and-address and per address, with an administrator's unlock (issue #12, IA-3).

The policy and why it is so are in accounts/lockout.py.
"""

import io
from datetime import timedelta

import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from shequ.accounts.tests.helpers import OLD_PASSWORD, confirmed_device
from shequ.core.choices import AccessEvent
from shequ.core.models import AccessLog
from shequ.core.testing.fixtures import build_tree, make_user

FAILURE = "用户名或密码不正确，或账户已被暂时锁定。"
STRANGER, OWNER = "203.0.113.9", "10.1.2.3"


class LockoutTests(TestCase):
    def setUp(self):
        self.user = make_user("chen")
        make_user("wang")

    def login(self, username="chen", password="wrong", ip=STRANGER):
        return self.client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)

    def succeeded(self, response) -> bool:
        if response.status_code == 302:
            self.client.logout()
            return True
        self.assertEqual(response.context["form"].non_field_errors(), [FAILURE])
        return False

    def test_settings(self):
        self.assertEqual(settings.AXES_LOCKOUT_PARAMETERS, [["username", "ip_address"], "ip_address"])
        self.assertEqual((settings.AXES_FAILURE_LIMIT, settings.SHEQU_LOGIN_IP_FAILURE_LIMIT), (5, 20))
        self.assertEqual(settings.AXES_COOLOFF_TIME, timedelta(minutes=30))

    def test_five_failures_lock_the_account_from_that_address_only(self):
        for _ in range(5):
            self.assertFalse(self.succeeded(self.login()))
        self.assertFalse(self.succeeded(self.login(password=OLD_PASSWORD)))  # locked there, right password or not
        # The stranger cannot lock the owner out: from the owner's address the account signs in.
        self.assertTrue(self.succeeded(self.login(password=OLD_PASSWORD, ip=OWNER)))
        # Nor does the owner's success free the stranger.
        self.assertFalse(self.succeeded(self.login(password=OLD_PASSWORD)))
        self.assertEqual(AccessLog.objects.filter(event=AccessEvent.LOCKOUT).count(), 3)

    def test_twenty_failures_from_one_address_lock_the_address_for_every_account(self):
        with time_machine.travel(timezone.now(), tick=False) as clock:
            for n in range(20):  # spraying: four guesses each at five names, none locked by the pair rule
                self.assertFalse(self.succeeded(self.login(username=f"user{n % 5}")))
            self.assertFalse(self.succeeded(self.login(username="wang", password=OLD_PASSWORD)))
            self.assertTrue(self.succeeded(self.login(username="wang", password=OLD_PASSWORD, ip=OWNER)))
            clock.shift(timedelta(minutes=30, seconds=1))  # the cool-off ends every lock by itself
            self.assertTrue(self.succeeded(self.login(username="wang", password=OLD_PASSWORD)))

    def test_signing_in_to_ones_own_account_does_not_clear_the_address_count(self):
        for n in range(19):
            self.assertFalse(self.succeeded(self.login(username=f"user{n % 5}")))
        self.assertTrue(self.succeeded(self.login(username="wang", password=OLD_PASSWORD)))
        self.assertFalse(self.succeeded(self.login(username="user0")))  # the twentieth
        self.assertFalse(self.succeeded(self.login(username="wang", password=OLD_PASSWORD)))

    def test_a_success_clears_the_pairs_failures(self):
        for _ in range(4):
            self.login()
        self.assertTrue(self.succeeded(self.login(password=OLD_PASSWORD)))
        for _ in range(4):
            self.login()
        self.assertTrue(self.succeeded(self.login(password=OLD_PASSWORD)))

    def test_unlock_command_clears_every_address_and_is_access_logged(self):
        for ip in (STRANGER, OWNER):
            for _ in range(5):
                self.login(ip=ip)
        out = io.StringIO()
        call_command("unlock", "chen", stdout=out)
        self.assertEqual(out.getvalue(), "chen: 2 failure record(s) cleared.\n")
        self.assertFalse(AccessAttempt.objects.filter(username="chen").exists())
        self.assertTrue(self.succeeded(self.login(password=OLD_PASSWORD)))
        log = AccessLog.objects.get(event=AccessEvent.LOCKOUT, success=True)
        self.assertEqual((log.username, log.detail), ("", {"target": "chen", "action": "unlock", "cleared": 2}))
        with self.assertRaisesMessage(CommandError, "User nobody does not exist."):
            call_command("unlock", "nobody")

    def test_unlock_can_remove_a_lost_authenticator(self):
        confirmed_device(self.user)
        out = io.StringIO()
        call_command("unlock", "chen", "--two-factor", stdout=out)
        self.assertEqual(out.getvalue(), "chen: 0 failure record(s) cleared.\nchen: 1 two-factor device(s) removed.\n")
        self.assertFalse(TOTPDevice.objects.filter(user=self.user).exists())
        log = AccessLog.objects.get(event=AccessEvent.PERMISSION_CHANGE)
        self.assertEqual(log.detail, {"target": "chen", "action": "otp_remove", "removed": 1})


class UnlockPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def setUp(self):
        self.target = self.tree.users["community"]  # in C1, inside D1
        AccessAttempt.objects.create(
            username="community_user",
            ip_address=STRANGER,
            user_agent="",
            failures_since_start=5,
            attempt_time=timezone.now(),
            get_data="",
            post_data="",
            http_accept="",
            path_info="/accounts/login/",
        )

    def post(self, level):
        self.client.force_login(self.tree.users[level])
        return self.client.post(f"/accounts/users/{self.target.pk}/unlock/")

    def test_an_administrator_of_the_users_jurisdiction_unlocks(self):
        response = self.post("district")
        self.assertRedirects(response, f"/accounts/users/{self.target.pk}/", fetch_redirect_response=False)
        self.assertFalse(AccessAttempt.objects.exists())
        log = AccessLog.objects.get(event=AccessEvent.LOCKOUT)
        self.assertEqual(
            (log.username, log.detail),
            ("district_user", {"target": "community_user", "action": "unlock", "cleared": 1}),
        )
        page = self.client.get(f"/accounts/users/{self.target.pk}/")
        self.assertContains(page, "已解除 community_user 的登录锁定。")
        self.assertContains(page, 'id="unlock-button"')

    def test_others_cannot_and_nothing_changes(self):
        district2 = make_user("d2_admin", "district_admin", self.tree["D2"])
        self.tree.users["d2"] = district2
        for level in ("street", "community", "auditor", "unpermitted", "d2"):
            with self.subTest(level=level):
                self.assertEqual(self.post(level).status_code, 404)
        self.client.force_login(self.tree.users["auditor"])  # sees the user, may not change it: no button
        page = self.client.get(f"/accounts/users/{self.target.pk}/")
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, 'id="unlock-button"')
        self.client.force_login(self.tree.users["district"])
        self.assertEqual(self.client.get(f"/accounts/users/{self.target.pk}/unlock/").status_code, 405)
        self.assertEqual(AccessAttempt.objects.count(), 1)
        self.assertFalse(AccessLog.objects.filter(event=AccessEvent.LOCKOUT).exists())
