"""Accounts: grant, lockout, the uniform login failure, the access log and API tokens (issue #2, IA-3, AU-1)."""

import io
from datetime import timedelta

import time_machine
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import timezone
from rest_framework.test import APIClient

from shequ.accounts.models import ApiToken, Assignment, User
from shequ.accounts.roles import Role
from shequ.accounts.services import issue_token, revoke_role
from shequ.core.choices import AccessEvent
from shequ.core.models import AccessLog
from shequ.core.testing.fixtures import build_tree, make_user

FAILURE = "用户名或密码不正确，或账户已被暂时锁定。"


class GrantCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def grant(self, *args, stdin=None):
        out = io.StringIO()
        if stdin is not None:
            import sys

            old, sys.stdin = sys.stdin, io.StringIO(stdin)
            try:
                call_command("grant", *args, stdout=out)
            finally:
                sys.stdin = old
        else:
            call_command("grant", *args, stdout=out)
        return out.getvalue()

    def test_creates_a_user_with_a_generated_password_printed_once(self):
        out = self.grant("wang", "street_staff", "350203001000")
        password = out.split("password (shown once): ")[1].strip()
        user = User.objects.get(username="wang")
        self.assertTrue(user.check_password(password))
        self.assertEqual(
            list(user.assignments.values_list("role", "division_code")), [("street_staff", "350203001000")]
        )
        log = AccessLog.objects.get(event=AccessEvent.PERMISSION_CHANGE)
        self.assertEqual(
            (log.username, log.detail), ("", {"target": "wang", "role": "street_staff", "action": "grant"})
        )
        self.assertNotIn(password, str(log.detail))

    def test_password_from_stdin_and_update_of_an_existing_assignment(self):
        self.grant("li", "community_staff", "350203001001", "--password-stdin", stdin="a long pass phrase 7\n")
        self.assertTrue(User.objects.get(username="li").check_password("a long pass phrase 7"))
        out = self.grant("li", "community_staff", "350203001001", "--department", "民政科")
        self.assertNotIn("password", out)
        assignment = Assignment.objects.get(user__username="li")
        self.assertEqual(assignment.department.name, "民政科")
        self.assertEqual(
            list(
                AccessLog.objects.filter(event=AccessEvent.PERMISSION_CHANGE)
                .order_by("id")
                .values_list("detail__action", flat=True)
            ),
            ["grant", "update"],
        )

    def test_unknown_role_user_or_division_exits_non_zero_and_changes_nothing(self):
        users, assignments = User.objects.count(), Assignment.objects.count()
        cases = [
            (("zhao", "mayor", "350203001000"), "未知角色 mayor"),
            (("zhao", "street_staff", "350203999000"), "区划 350203999000 不存在。"),
            (("zhao", "street_staff", "350203001000", "--existing"), "用户 zhao 不存在。"),
            (("zhao", "street_staff", "350203001001"), "角色“街道工作人员”只能授予以下层级的区划：街道（乡镇）。"),
        ]
        for args, message in cases:
            with self.subTest(args=args), self.assertRaisesMessage(CommandError, message):
                self.grant(*args)
        self.assertEqual((User.objects.count(), Assignment.objects.count()), (users, assignments))
        self.assertFalse(AccessLog.objects.filter(event=AccessEvent.PERMISSION_CHANGE).exists())


class LoginLockoutTests(TestCase):
    """Five failures lock the account from that address for 30 minutes; every failure looks the same (IA-3)."""

    def setUp(self):
        self.user = make_user("chen")

    def login(self, username="chen", password="wrong"):
        return self.client.post("/accounts/login/", {"username": username, "password": password})

    def failure_message(self, response):
        self.assertEqual(response.status_code, 200)
        return response.context["form"].non_field_errors()

    def test_lockout_after_five_failures_then_release_after_thirty_minutes(self):
        with time_machine.travel(timezone.now(), tick=False) as clock:
            for _ in range(5):
                self.assertEqual(self.failure_message(self.login()), [FAILURE])
            locked = self.login(password="correct horse battery")
            self.assertEqual(self.failure_message(locked), [FAILURE])
            self.assertNotIn("_auth_user_id", self.client.session)
            clock.shift(timedelta(minutes=29))
            self.assertEqual(self.failure_message(self.login(password="correct horse battery")), [FAILURE])
            clock.shift(timedelta(minutes=1, seconds=1))
            response = self.login(password="correct horse battery")
            self.assertEqual(response.status_code, 302)
            self.assertEqual(self.client.session["_auth_user_id"], str(self.user.pk))
        events = list(AccessLog.objects.order_by("id").values_list("event", flat=True))
        # The fifth failure locks; each of the two attempts refused while locked is logged as a lockout too.
        self.assertEqual(events.count(AccessEvent.LOCKOUT), 3)
        self.assertEqual(events.count(AccessEvent.LOGIN_FAILED), 7)
        self.assertEqual(events[-1], AccessEvent.LOGIN)

    def test_unknown_user_wrong_password_and_locked_account_read_the_same(self):
        unknown = self.failure_message(self.login(username="nobody"))
        wrong = self.failure_message(self.login())
        for _ in range(4):
            self.login()
        locked = self.failure_message(self.login(password="correct horse battery"))
        self.assertEqual(unknown, wrong)
        self.assertEqual(wrong, locked)
        self.assertEqual(unknown, [FAILURE])

    def test_login_and_failure_are_access_logged_without_the_password(self):
        self.login()
        self.login(password="correct horse battery")
        rows = list(AccessLog.objects.order_by("id").values_list("event", "username", "success"))
        self.assertEqual(rows, [(AccessEvent.LOGIN_FAILED, "chen", False), (AccessEvent.LOGIN, "chen", True)])
        self.assertFalse(AccessLog.objects.filter(detail__icontains="wrong").exists())


class ApiTokenTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def test_token_authenticates_and_is_stored_only_as_a_digest(self):
        raw = issue_token(acting_user=None, user=self.tree.users["street"], name="test")
        token = ApiToken.objects.get()
        self.assertNotEqual(token.digest, raw)
        self.assertEqual(token.digest, ApiToken.digest_of(raw))
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
        response = client.get("/api/regions/divisions/", {"level": "community"})
        self.assertEqual((response.status_code, response.data["count"]), (200, 2))
        client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
        self.assertEqual(client.get("/api/regions/divisions/").status_code, 401)
        token.revoked = True
        token.save()
        client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
        self.assertEqual(client.get("/api/regions/divisions/").status_code, 401)


class KeptCallerTests(TestCase):
    """The caller of a token is read once per process and kept; every change to who it is stops the next request
    at once (issue #5 intake speed, AC-6)."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def setUp(self):
        self.user = self.tree.users["street"]
        self.client = APIClient()
        self.client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(acting_user=None, user=self.user, name='t')}")

    def communities(self):
        response = self.client.get("/api/regions/divisions/", {"level": "community"})
        return response.status_code, response.data.get("count")

    def test_a_kept_caller_costs_no_query_and_its_last_use_is_written_once_a_minute(self):
        self.assertEqual(self.communities(), (200, 2))
        # The request's savepoint, its release, the page and its count: no token, user or assignment read.
        with self.assertNumQueries(4):
            self.assertEqual(self.communities(), (200, 2))
        first = ApiToken.objects.get().last_used
        with time_machine.travel(timezone.now() + timedelta(minutes=2)):
            self.assertEqual(self.communities(), (200, 2))
        self.assertGreater(ApiToken.objects.get().last_used, first + timedelta(minutes=1))

    def test_a_deactivated_user_stops_at_once(self):
        self.assertEqual(self.communities(), (200, 2))
        self.user.is_active = False
        self.user.save()
        self.assertEqual(self.communities(), (401, None))

    def test_a_withdrawn_role_stops_at_once_and_a_granted_one_counts_at_once(self):
        self.assertEqual(self.communities(), (200, 2))
        assignment = Assignment.objects.get(user=self.user)
        division = assignment.division
        revoke_role(acting_user=None, assignment=assignment)
        self.assertEqual(self.communities(), (403, None))
        Assignment.objects.create(user=self.user, role=Role.STREET_STAFF, division=division)
        self.assertEqual(self.communities(), (200, 2))

    def test_a_login_keeps_the_caller_and_a_request_never_sees_another_requests_user(self):
        self.assertEqual(self.communities(), (200, 2))
        self.user.last_login = timezone.now()
        self.user.save(update_fields=["last_login"])
        with self.assertNumQueries(4):
            self.assertEqual(self.communities(), (200, 2))
        first = self.client.get("/api/regions/divisions/").wsgi_request.user
        second = self.client.get("/api/regions/divisions/").wsgi_request.user
        self.assertEqual((first.pk, second.pk), (self.user.pk, self.user.pk))
        self.assertIsNot(first, second)
        self.assertIsNot(first._assignment_cache, second._assignment_cache)


class UserApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def usernames(self, level):
        client = APIClient()
        client.force_login(self.tree.users[level])
        response = client.get("/api/accounts/users/")
        return response.status_code, sorted(row["username"] for row in response.data.get("results", []))

    def test_administrators_see_the_users_of_their_jurisdiction(self):
        self.assertEqual(
            self.usernames("city"),
            (
                200,
                [
                    "auditor_user",
                    "city_user",
                    "community_user",
                    "district_user",
                    "street_user",
                ],
            ),
        )
        self.assertEqual(self.usernames("district"), (200, ["community_user", "district_user", "street_user"]))
        self.assertEqual(self.usernames("street"), (403, []))
        self.assertEqual(self.usernames("community"), (403, []))

    def test_roles_are_permission_sets(self):
        street = self.tree.users["street"]
        self.assertTrue(street.has_perm("regions.add_grid"))
        self.assertFalse(street.has_perm("regions.add_division"))
        self.assertFalse(street.has_perm("accounts.view_user"))
        auditor = self.tree.users["auditor"]
        self.assertTrue(auditor.has_perm("core.view_accesslog"))
        self.assertFalse(auditor.has_perm("regions.change_grid"))
        self.assertEqual(
            set(Role.values),
            {
                "city_admin",
                "district_admin",
                "street_staff",
                "community_staff",
                "grid_worker",
                "department_staff",
                "auditor",
                "system_admin",
                "security_admin",
            },
        )
