"""三员分立: system administrator, security administrator and auditor are separate accounts (issue #12)."""

import io

from django.core.management import CommandError, call_command
from django.test import TestCase

from shequ.accounts.models import Assignment
from shequ.accounts.roles import TWO_FACTOR_ROLES, Role
from shequ.accounts.services import GrantError, grant_role
from shequ.core.choices import AccessEvent
from shequ.core.models import AccessLog
from shequ.core.testing.fixtures import build_tree, make_user

CITY = "350200000000"


def refused(new: str, held: str) -> str:
    return f"角色“{new}”与“{held}”不能由同一账户担任：系统管理员、安全管理员和审计员必须由不同人员担任（三员分立）。"


class GrantSeparationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def grant(self, username, role, code=CITY):
        return grant_role(acting_user=None, username=username, role=role, division_code=code)

    def test_each_pair_of_separated_duties_is_refused_and_nothing_changes(self):
        cases = [
            ("city_user", "auditor", refused("审计员", "市级管理员")),
            ("city_user", "security_admin", refused("安全管理员", "市级管理员")),
            ("auditor_user", "city_admin", refused("市级管理员", "审计员")),
            ("auditor_user", "system_admin", refused("系统管理员", "审计员")),
            ("auditor_user", "security_admin", refused("安全管理员", "审计员")),
        ]
        before = sorted(Assignment.objects.values_list("user__username", "role"))
        for username, role, message in cases:
            with self.subTest(username=username, role=role), self.assertRaisesMessage(GrantError, message):
                self.grant(username, role)
        make_user("sec", "security_admin", self.tree["city"])
        for role, held_label in (
            ("auditor", "安全管理员"),
            ("system_admin", "安全管理员"),
            ("city_admin", "安全管理员"),
        ):
            label = Role(role).label
            with self.subTest(role=role), self.assertRaisesMessage(GrantError, refused(str(label), held_label)):
                self.grant("sec", role)
        after = sorted(Assignment.objects.exclude(user__username="sec").values_list("user__username", "role"))
        self.assertEqual(after, before)
        self.assertFalse(AccessLog.objects.filter(event=AccessEvent.PERMISSION_CHANGE).exists())

    def test_the_same_duty_and_undivided_roles_combine(self):
        self.grant("city_user", "system_admin")  # both carry the system duty
        self.grant("auditor_user", "auditor", "350203000000")  # a second auditor assignment
        self.grant("district_user", "auditor", "350203000000")  # district administrators are not separated
        self.grant("street_user", "security_admin", "350203000000")
        self.assertEqual(
            set(Assignment.objects.filter(user__username="city_user").values_list("role", flat=True)),
            {"city_admin", "system_admin"},
        )

    def test_the_grant_command_exits_non_zero_with_the_message(self):
        with self.assertRaisesMessage(CommandError, refused("审计员", "市级管理员")):
            call_command("grant", "city_user", "auditor", CITY, stdout=io.StringIO())
        self.assertFalse(Assignment.objects.filter(user__username="city_user", role="auditor").exists())


class AssignmentPageSeparationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def test_the_assignment_form_refuses_a_second_duty(self):
        self.client.force_login(self.tree.users["city"])
        auditor = self.tree.users["auditor"]
        data = {"user": auditor.pk, "role": "security_admin", "division": self.tree["city"].pk, "department": ""}
        response = self.client.post("/accounts/assignments/add/", data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"].non_field_errors(), [refused("安全管理员", "审计员")])
        self.assertEqual(list(auditor.assignments.values_list("role", flat=True)), ["auditor"])
        self.assertFalse(AccessLog.objects.filter(event=AccessEvent.PERMISSION_CHANGE).exists())
        # Changing the auditor's own assignment into another duty is refused only if another duty remains.
        own = auditor.assignments.get()
        data = {"user": auditor.pk, "role": "auditor", "division": self.tree["D1"].pk, "department": ""}
        response = self.client.post(f"/accounts/assignments/{own.pk}/edit/", data)
        self.assertEqual(response.status_code, 302)


class NewRoleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def test_permission_patterns_of_the_new_roles(self):
        system = make_user("sys", "system_admin", self.tree["city"])
        security = make_user("sec", "security_admin", self.tree["city"])
        self.assertTrue(system.has_perm("regions.add_division"))
        self.assertTrue(system.has_perm("workorders.change_category"))
        for perm in (
            "accounts.add_assignment",
            "core.view_accesslog",
            "core.view_objectchange",
            "people.view_resident",
            "core.change_accesslog",
        ):
            with self.subTest(role="system", perm=perm):
                self.assertFalse(system.has_perm(perm))
        self.assertTrue(security.has_perm("accounts.add_assignment"))
        self.assertTrue(security.has_perm("accounts.change_user"))
        self.assertTrue(security.has_perm("core.view_accesslog"))
        for perm in ("accounts.view_token", "people.view_resident", "regions.add_division", "core.change_accesslog"):
            with self.subTest(role="security", perm=perm):
                self.assertFalse(security.has_perm(perm))

    def test_administrators_and_auditors_need_a_second_factor(self):
        self.assertEqual(
            TWO_FACTOR_ROLES, {"city_admin", "district_admin", "auditor", "system_admin", "security_admin"}
        )

    def test_new_roles_are_held_at_their_levels(self):
        with self.assertRaisesMessage(GrantError, "角色“系统管理员”只能授予以下层级的区划：市。"):
            grant_role(acting_user=None, username="x", role="system_admin", division_code="350203000000")
