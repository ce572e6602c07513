"""Scope matrix over the monthly disclosures (INFO-1; AC-1, AC-3): compiled by the platform, never created or deleted
by hand (page or API), so the matrix is read-only; a draft's text is written as any record's within scope."""

from datetime import date

from django.test import TestCase
from django.utils import timezone

from shequ.core.testing.scope import ScopeMatrix
from shequ.disclosure.models import Disclosure


class DisclosureScopeTests(ScopeMatrix, TestCase):
    model = Disclosure
    export_key = "month"
    read_only = True

    @classmethod
    def make_object(cls, community):
        return Disclosure.objects.create(community=community, month=date(2026, 3, 1), compiled_at=timezone.now())

    def test_a_draft_is_edited_within_scope_only(self):
        api = self.api("community")
        mine, theirs = self.objects["C1"], self.objects["C2"]
        response = api.patch(f"/api/disclosure/disclosures/{mine.pk}/", {"work_notes": "议事协商"}, format="json")
        self.assertEqual((response.status_code, response.data["work_notes"]), (200, "议事协商"))
        response = api.patch(f"/api/disclosure/disclosures/{theirs.pk}/", {"work_notes": "改"}, format="json")
        self.assertEqual(response.status_code, 404)
        theirs.refresh_from_db()
        self.assertEqual(theirs.work_notes, "")
