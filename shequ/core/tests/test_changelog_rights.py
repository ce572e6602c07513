"""The change log shows only what the register it describes shows (issue #12 leak 1, DESIGN.md §11, AC-4).

An auditor is denied care records; a user who reads the change log but holds care records without the sensitive-care
duty must not read a sensitive record's name and category either. Rows, detail pages and exports all go through
`ObjectChange.objects.restrict()`.
"""

from django.test import TestCase
from django.urls import reverse

from shequ.accounts.models import Assignment
from shequ.accounts.roles import Role
from shequ.core.context import change_context
from shequ.core.models import ObjectChange
from shequ.core.testing.fixtures import build_tree, make_user
from shequ.people.choices import CareCategory
from shequ.people.models import CareRecord
from shequ.people.testing import make_resident

EVERY_CARE_CHANGE = {
    ("林秀英 · 社区矫正人员", "create"),
    ("林秀英 · 独居老人", "create"),
    ("陈建国 · 残疾人", "create"),
    ("陈建国 · 刑释解教人员", "update"),
    ("王志强 · 有不良行为青少年", "create"),
    ("王志强 · 有不良行为青少年", "delete"),
}


class ChangeLogFollowsTheRegisterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        # Reads the whole city's change log (auditor) and keeps C1's care records (community staff), but holds
        # the sensitive-care duty nowhere.
        cls.auditing_clerk = make_user("auditing_clerk", Role.AUDITOR, cls.tree["city"])
        Assignment.objects.create(user=cls.auditing_clerk, role=Role.COMMUNITY_STAFF, division=cls.tree["C1"])
        with change_context(cls.tree.users["city"]):
            resident = make_resident(cls.tree["C1"], "林秀英")
            cls.corrections = CareRecord.objects.create(resident=resident, category=CareCategory.CORRECTIONS)
            CareRecord.objects.create(resident=resident, category=CareCategory.ELDERLY_ALONE)
            # Moved from an ordinary category into a sensitive one: its earlier row hides with it.
            moved = CareRecord.objects.create(
                resident=make_resident(cls.tree["C1"], "陈建国"), category=CareCategory.DISABILITY
            )
            moved.category = CareCategory.RELEASED
            moved.save()
            deleted = CareRecord.objects.create(
                resident=make_resident(cls.tree["C1"], "王志强"), category=CareCategory.AT_RISK_YOUTH
            )
            deleted.delete()

    def care_changes(self, user):
        rows = ObjectChange.objects.restrict(user).filter(object_type__model="carerecord")
        return {(change.object_repr, change.action) for change in rows}

    def test_auditor_denied_care_records_reads_none_of_their_changes(self):
        auditor = self.tree.users["auditor"]
        self.assertEqual(self.care_changes(auditor), set())
        # ... while the residents' own creations stay in the auditor's log.
        self.assertEqual(ObjectChange.objects.restrict(auditor).filter(object_type__model="resident").count(), 3)

    def test_without_the_sensitive_duty_only_ordinary_categories_are_read(self):
        self.assertEqual(self.care_changes(self.auditing_clerk), {("林秀英 · 独居老人", "create")})

    def test_the_sensitive_duty_reads_every_row_within_its_scope(self):
        self.assertEqual(self.care_changes(self.tree.users["district"]), EVERY_CARE_CHANGE)
        self.assertEqual(self.care_changes(self.tree.users["city"]), EVERY_CARE_CHANGE)

    def test_pages_and_export_hide_them_from_the_auditor(self):
        self.client.force_login(self.tree.users["auditor"])
        listing = self.client.get(reverse("core:objectchange_list"))
        self.assertEqual(listing.status_code, 200)
        self.assertNotContains(listing, "社区矫正人员")
        self.assertContains(listing, "林秀英", count=1)  # the resident's own creation
        exported = self.client.get(reverse("core:objectchange_list"), {"export": "csv"})
        body = b"".join(exported.streaming_content).decode("utf-8-sig")
        self.assertNotIn("社区矫正人员", body)
        self.assertNotIn("独居老人", body)
        row = ObjectChange.objects.get(object_type__model="carerecord", object_id=str(self.corrections.pk))
        self.assertEqual(self.client.get(reverse("core:objectchange_detail", args=[row.pk])).status_code, 404)
        # The district administrator, who holds the duty, reads the same row.
        self.client.force_login(self.tree.users["district"])
        self.assertContains(self.client.get(reverse("core:objectchange_detail", args=[row.pk])), "社区矫正人员")


class ChangeDetailHidesCiphertextTests(TestCase):
    def test_ciphertext_and_blind_index_are_not_shown(self):
        tree = build_tree()
        with change_context(tree.users["city"]):
            make_resident(tree["C1"], "林秀英", phone="13912345678")
        row = ObjectChange.objects.get(object_type__model="resident")
        self.assertIn("phone_encrypted", row.postchange_data)
        self.client.force_login(tree.users["city"])
        page = self.client.get(reverse("core:objectchange_detail", args=[row.pk]))
        self.assertContains(page, "phone_masked")
        self.assertNotContains(page, "phone_encrypted")
        self.assertNotContains(page, "phone_digest")
        self.assertNotContains(page, row.postchange_data["phone_encrypted"])

    def test_an_older_rows_birth_date_is_not_shown(self):
        tree = build_tree()
        with change_context(tree.users["city"]):
            make_resident(tree["C1"], "林秀英")
        row = ObjectChange.objects.get(object_type__model="resident")
        # As written before the fix (the log is append-only: changed here behind the application's back).
        ObjectChange.objects.filter(pk=row.pk).update(
            postchange_data={**row.postchange_data, "birth_date": "1980-05-17"}
        )
        self.client.force_login(tree.users["city"])
        page = self.client.get(reverse("core:objectchange_detail", args=[row.pk]))
        self.assertContains(page, "id_number_masked")
        self.assertNotContains(page, "1980-05-17")
        self.assertNotContains(page, "birth_date")
