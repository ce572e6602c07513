"""Password policy: validators everywhere, history, forced change, expiry, the change page (issue #12, IA-2)."""

import io
import sys
from datetime import timedelta

from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from shequ.accounts.models import PasswordHistory, User
from shequ.accounts.services import GrantError, grant_role
from shequ.accounts.tests.helpers import NEW_PASSWORD, OLD_PASSWORD, too_short_message
from shequ.core.choices import AccessEvent
from shequ.core.models import AccessLog
from shequ.core.testing.fixtures import build_tree, make_user

REUSED = "此密码最近使用过；请选择一个与最近 5 个密码都不同的密码。"


def grant(*args, stdin=None):
    out = io.StringIO()
    old, sys.stdin = sys.stdin, io.StringIO(stdin or "")
    try:
        call_command("grant", *args, stdout=out)
    finally:
        sys.stdin = old
    return out.getvalue()


class GrantValidatesPasswordsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def test_grant_refuses_the_password_a_and_changes_nothing(self):
        users = User.objects.count()
        with self.assertRaisesMessage(CommandError, too_short_message()):
            grant("wang", "street_staff", "350203001000", "--password-stdin", stdin="a\n")
        self.assertEqual(User.objects.count(), users)
        self.assertFalse(User.objects.filter(username="wang").exists())
        self.assertFalse(AccessLog.objects.filter(event=AccessEvent.PERMISSION_CHANGE).exists())

    def test_grant_refuses_a_numeric_password(self):
        with self.assertRaisesMessage(CommandError, "密码只包含数字。"):
            grant("wang", "street_staff", "350203001000", "--password-stdin", stdin="123456789012345\n")
        self.assertFalse(User.objects.filter(username="wang").exists())

    def test_grant_refuses_a_reused_password_of_an_existing_user(self):
        user = self.tree.users["street"]
        with self.assertRaisesMessage(GrantError, REUSED):
            grant_role(
                acting_user=None,
                username=user.username,
                role="street_staff",
                division_code="350203001000",
                password=OLD_PASSWORD,
            )
        user.refresh_from_db()
        self.assertFalse(user.must_change_password)

    def test_a_password_set_by_grant_must_be_changed_at_first_login(self):
        grant("wang", "street_staff", "350203001000", "--password-stdin", stdin=NEW_PASSWORD + "\n")
        self.assertTrue(User.objects.get(username="wang").must_change_password)
        out = grant("zhou", "street_staff", "350203001000")
        self.assertIn("password (shown once): ", out)
        self.assertTrue(User.objects.get(username="zhou").must_change_password)
        # A new password for an existing user is an administrator's reset: changed at the next login too.
        street = self.tree.users["street"]
        grant(street.username, "street_staff", "350203001000", "--password-stdin", stdin=NEW_PASSWORD + "\n")
        street.refresh_from_db()
        self.assertTrue(street.must_change_password)


class PasswordChangePageTests(TestCase):
    def setUp(self):
        self.user = make_user("chen")
        self.client.force_login(self.user)

    def change(self, old, new, confirm=None, next_url=None):
        data = {"old_password": old, "new_password1": new, "new_password2": confirm or new}
        if next_url:
            data["next"] = next_url
        return self.client.post("/accounts/password/", data)

    def errors(self, response):
        self.assertEqual(response.status_code, 200)
        return response.context["form"].errors

    def test_change_sets_the_password_keeps_the_session_and_is_access_logged(self):
        response = self.change(OLD_PASSWORD, NEW_PASSWORD)
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.user.refresh_from_db()
        self.assertTrue(self.user.check_password(NEW_PASSWORD))
        self.assertFalse(self.user.must_change_password)
        self.assertEqual(self.client.get("/").status_code, 200)  # still signed in
        log = AccessLog.objects.get(event=AccessEvent.PERMISSION_CHANGE)
        self.assertEqual((log.username, log.detail), ("chen", {"target": "chen", "action": "password_change"}))
        self.assertNotIn(NEW_PASSWORD, str(log.detail))
        self.assertEqual(PasswordHistory.objects.filter(user=self.user).count(), 2)

    def test_short_wrong_old_and_mismatched_passwords_are_refused(self):
        self.assertEqual(self.errors(self.change(OLD_PASSWORD, "short pass"))["new_password2"], [too_short_message()])
        self.assertEqual(
            self.errors(self.change("not my password", NEW_PASSWORD))["old_password"],
            ["你的旧密码不正确。请重新输入。"],
        )
        self.assertEqual(
            self.errors(self.change(OLD_PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x"))["new_password2"],
            ["输入的两个密码不一致。"],
        )
        self.user.refresh_from_db()
        self.assertTrue(self.user.check_password(OLD_PASSWORD))

    def test_none_of_the_last_five_passwords_may_be_reused(self):
        passwords = [OLD_PASSWORD] + [f"plum blossom river {n}" for n in range(1, 6)]
        for old, new in zip(passwords[:3], passwords[1:4], strict=True):
            self.assertEqual(self.change(old, new).status_code, 302)
        # Now the last five are passwords[0..3]: each of them, the current one included, is refused.
        for reused in passwords[:4]:
            with self.subTest(reused=reused):
                self.assertEqual(self.errors(self.change(passwords[3], reused))["new_password2"], [REUSED])
        self.assertEqual(self.change(passwords[3], passwords[4]).status_code, 302)
        self.assertEqual(self.change(passwords[4], passwords[5]).status_code, 302)
        # Six changes later the first password has left the history of five.
        self.assertEqual(PasswordHistory.objects.filter(user=self.user).count(), 5)
        self.assertEqual(self.change(passwords[5], OLD_PASSWORD).status_code, 302)

    def test_the_page_is_open_to_every_signed_in_user_and_not_to_strangers(self):
        self.assertEqual(self.client.get("/accounts/password/").status_code, 200)
        self.client.logout()
        response = self.client.get("/accounts/password/")
        self.assertRedirects(response, "/accounts/login/?next=/accounts/password/", fetch_redirect_response=False)


class ForcedChangeTests(TestCase):
    """Until a forced or expired password is changed, every page leads to the change page (fails closed)."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def setUp(self):
        self.user = self.tree.users["street"]

    def sign_in(self, **fields):
        User.objects.filter(pk=self.user.pk).update(**fields)
        self.client.force_login(self.user)

    def assert_sent_to_change(self, path="/places/areas/"):
        response = self.client.get(path)
        self.assertRedirects(response, f"/accounts/password/?next={path}", fetch_redirect_response=False)

    def test_first_login_leads_every_page_to_the_change_page_until_changed(self):
        self.sign_in(must_change_password=True)
        self.assert_sent_to_change()
        self.assert_sent_to_change("/")
        post = self.client.post("/places/areas/add/", {"name": "x"})
        self.assertRedirects(post, "/accounts/password/", fetch_redirect_response=False)
        api = self.client.get("/api/places/areas/")
        self.assertEqual(api.status_code, 403)
        self.assertEqual(api.json(), {"detail": "请先在 /accounts/password/ 完成登录步骤。"})
        page = self.client.get("/accounts/password/")
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "请先设置新密码，然后再继续。")
        response = self.client.post(
            "/accounts/password/",
            {
                "old_password": OLD_PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
                "next": "/places/areas/",
            },
        )
        self.assertRedirects(response, "/places/areas/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/places/areas/").status_code, 200)

    def test_expiry_is_off_by_default(self):
        self.sign_in(password_changed=timezone.now() - timedelta(days=3650))
        self.assertEqual(self.client.get("/places/areas/").status_code, 200)

    @override_settings(SHEQU_PASSWORD_MAX_AGE_DAYS=90)
    def test_an_expired_password_must_be_changed(self):
        self.sign_in(password_changed=timezone.now() - timedelta(days=89))
        self.assertEqual(self.client.get("/places/areas/").status_code, 200)
        User.objects.filter(pk=self.user.pk).update(password_changed=timezone.now() - timedelta(days=91))
        self.assert_sent_to_change()
        self.assertContains(self.client.get("/accounts/password/"), "你的密码已过期，请设置新密码。")

    @override_settings(SHEQU_PASSWORD_MAX_AGE_DAYS=90)
    def test_a_password_never_changed_expires_from_the_date_joined(self):
        self.sign_in(password_changed=None, date_joined=timezone.now() - timedelta(days=100))
        self.assert_sent_to_change()

    def test_setting_a_password_records_when_and_its_hash(self):
        before = timezone.now()
        user = make_user("new_one")
        self.assertGreaterEqual(user.password_changed, before)
        self.assertEqual(list(user.password_history.values_list("password", flat=True)), [user.password])
