"""An administrator's one-time password link (issue #12, IA-2): once, for 24 hours, within the jurisdiction."""

import re
from datetime import timedelta

import time_machine
from django.test import TestCase
from django.utils import timezone

from shequ.accounts.models import Assignment, PasswordResetLink, User
from shequ.accounts.tests.helpers import NEW_PASSWORD, OLD_PASSWORD, too_short_message
from shequ.core.choices import AccessEvent
from shequ.core.models import AccessLog
from shequ.core.testing.fixtures import build_tree, make_user

INVALID = "此链接无效：已被使用、已过期或不存在。请向管理员索取新的链接。"
REUSED = "此密码最近使用过；请选择一个与最近 5 个密码都不同的密码。"


class ResetLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def setUp(self):
        self.target = self.tree.users["community"]
        User.objects.filter(pk=self.target.pk).update(must_change_password=True)

    def make_link(self, level="district") -> str:
        self.client.force_login(self.tree.users[level])
        response = self.client.post(f"/accounts/users/{self.target.pk}/reset-link/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("no-store", response["Cache-Control"])
        self.client.logout()
        return re.search(
            r'<code id="reset-link">http://testserver(/accounts/password/reset/[^<]+/)</code>',
            response.content.decode(),
        ).group(1)

    def set_password(self, path, password=NEW_PASSWORD):
        return self.client.post(path, {"new_password1": password, "new_password2": password})

    def test_the_link_sets_a_password_once_and_forces_nothing_further(self):
        path = self.make_link()
        raw = path.rsplit("/", 2)[1]
        link = PasswordResetLink.objects.get(user=self.target)
        self.assertNotEqual(link.digest, raw)  # only the digest is kept
        self.assertEqual(link.created_by, self.tree.users["district"])
        self.assertAlmostEqual(link.expires, timezone.now() + timedelta(hours=24), delta=timedelta(minutes=1))
        created = AccessLog.objects.get(event=AccessEvent.PERMISSION_CHANGE, detail__action="password_reset_link")
        self.assertEqual((created.username, created.detail["target"]), ("district_user", "community_user"))
        self.assertNotIn(raw, str(created.detail))

        page = self.client.get(path)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "community_user")
        self.assertEqual(
            self.set_password(path, "short").context["form"].errors["new_password2"], [too_short_message()]
        )
        self.assertEqual(self.set_password(path, OLD_PASSWORD).context["form"].errors["new_password2"], [REUSED])
        response = self.set_password(path)
        self.assertRedirects(response, "/accounts/login/", fetch_redirect_response=False)
        self.target.refresh_from_db()
        self.assertTrue(self.target.check_password(NEW_PASSWORD))
        self.assertFalse(self.target.must_change_password)
        link.refresh_from_db()
        self.assertIsNotNone(link.used)
        used = AccessLog.objects.get(event=AccessEvent.PERMISSION_CHANGE, detail__action="password_reset")
        self.assertEqual(used.username, "community_user")

        # A second use is refused and changes nothing.
        for response in (self.client.get(path), self.set_password(path, "another long pass 99")):
            self.assertEqual(response.status_code, 404)
            self.assertContains(response, INVALID, status_code=404)
        self.target.refresh_from_db()
        self.assertTrue(self.target.check_password(NEW_PASSWORD))

        # Nothing further is forced: the user signs in and works.
        login = self.client.post("/accounts/login/", {"username": "community_user", "password": NEW_PASSWORD})
        self.assertRedirects(login, "/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/places/areas/").status_code, 200)

    def test_an_expired_link_is_refused(self):
        path = self.make_link()
        with time_machine.travel(timezone.now() + timedelta(hours=24, seconds=1)):
            self.assertContains(self.client.get(path), INVALID, status_code=404)
            self.assertEqual(self.set_password(path).status_code, 404)
        self.target.refresh_from_db()
        self.assertTrue(self.target.check_password(OLD_PASSWORD))

    def test_a_new_link_voids_the_earlier_one_and_unknown_tokens_are_refused(self):
        first = self.make_link()
        second = self.make_link("city")
        self.assertEqual(self.client.get(first).status_code, 404)
        self.assertEqual(self.client.get(second).status_code, 200)
        self.assertEqual(self.client.get("/accounts/password/reset/not-a-token/").status_code, 404)

    def test_only_an_administrator_of_all_the_users_jurisdiction_may_make_one(self):
        User.objects.filter(pk=self.target.pk).update(must_change_password=False)  # may sign in to try its own
        make_user("d2_admin", "district_admin", self.tree["D2"])
        self.tree.users["d2"] = User.objects.get(username="d2_admin")
        for level in ("street", "community", "auditor", "unpermitted", "d2"):
            with self.subTest(level=level):
                self.client.force_login(self.tree.users[level])
                self.assertEqual(self.client.post(f"/accounts/users/{self.target.pk}/reset-link/").status_code, 404)
        # A user who also holds a role outside D1 is beyond D1's administrator (but not the city's).
        Assignment.objects.create(user=self.target, role="community_staff", division=self.tree["C4"])
        self.client.force_login(self.tree.users["district"])
        self.assertEqual(self.client.post(f"/accounts/users/{self.target.pk}/reset-link/").status_code, 404)
        self.assertEqual(self.client.get(f"/accounts/users/{self.target.pk}/reset-link/").status_code, 405)
        self.assertFalse(PasswordResetLink.objects.exists())
        self.assertFalse(AccessLog.objects.filter(event=AccessEvent.PERMISSION_CHANGE).exists())
        self.make_link("city")
        self.assertEqual(PasswordResetLink.objects.count(), 1)

    def test_an_operator_is_reset_only_by_an_operator(self):
        User.objects.filter(pk=self.target.pk).update(is_superuser=True)
        self.client.force_login(self.tree.users["city"])
        self.assertEqual(self.client.post(f"/accounts/users/{self.target.pk}/reset-link/").status_code, 404)
