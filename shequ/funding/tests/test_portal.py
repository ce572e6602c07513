"""Fundraising on the public portal (issue #15; FIN-1, FIN-3): a community's projects and its street's, open or
closed, with the amount raised from the donations not cancelled; a project's donations 50 to a page, an anonymous
donor shown as 匿名 and never named, cancelled donations neither counted nor listed; no account needed."""

from datetime import date, timedelta
from decimal import Decimal

import time_machine
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from shequ.core.testing.fixtures import build_tree
from shequ.funding import services
from shequ.funding.choices import ProjectStatus
from shequ.funding.models import FundraisingProject
from shequ.funding.tests.test_fundraising import fundraising

TODAY = date(2026, 11, 20)


@time_machine.travel(TODAY, tick=False)
class PortalFundraisingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.user = cls.tree.users["street"]
        cls.project = fundraising(cls.tree["C1"], name="关爱老人", street=cls.tree["S1"])
        cls.project.target = Decimal("50000.00")
        cls.project.ends_on = date(2026, 12, 31)
        cls.project.save()

    def give(self, amount, project=None, day=date(2026, 3, 1), **extra):
        fields = {"donor_name": "王小明", "donor_kind": "person", **extra}
        return services.receive_donation(
            acting_user=self.user, project=project or self.project, amount=amount, received_on=day, **fields
        )

    def list_page(self, community="C1"):
        return self.client.get(f"/portal/fundraising/?community={self.tree[community].code}")

    def test_an_anonymous_donor_is_shown_as_anonymous_and_never_named(self):
        self.give("12345.67", donor_name="李秀英", anonymous=True)
        named = self.give("200.00", donor_name="厦门某某有限公司", donor_kind="unit", day=date(2026, 2, 1))
        detail = self.client.get(f"/portal/fundraising/{self.project.pk}/")
        html = detail.content.decode()
        self.assertEqual(detail.status_code, 200)
        self.assertNotIn("李秀英", html)
        self.assertNotIn("李秀英", self.list_page().content.decode())
        rows = [(str(d.received_on), d.shown_donor, d.amount, d.receipt_number) for d in detail.context["page"]]
        self.assertEqual(
            rows,
            [
                ("2026-03-01", "匿名", Decimal("12345.67"), "JZ2026-000001"),
                ("2026-02-01", "厦门某某有限公司", Decimal("200.00"), named.receipt_number),
            ],
        )
        self.assertInHTML(
            "<tr><td>2026-03-01</td><td>匿名</td><td class='text-end'>12345.67</td><td>JZ2026-000001</td></tr>", html
        )

    def test_a_cancelled_donation_is_not_counted_nor_listed(self):
        self.give("1000.00")
        cancelled = self.give("300.50", donor_name="张伟", day=date(2026, 4, 1))
        services.cancel_donation(acting_user=self.user, donation=cancelled, reason="重复登记")
        self.give("0.50", donor_name="陈芳", day=date(2026, 5, 1))
        listed = self.list_page()
        (project,) = listed.context["projects"]
        self.assertEqual((project.raised_total, project.donation_count), (Decimal("1000.50"), 2))
        self.assertContains(listed, '<dd class="col-sm-8 project-raised">1000.50</dd>', html=True)
        detail = self.client.get(f"/portal/fundraising/{self.project.pk}/")
        self.assertContains(detail, '<dd class="col-sm-8" id="project-raised">1000.50</dd>', html=True)
        self.assertEqual([d.donor_name for d in detail.context["page"]], ["陈芳", "王小明"])
        self.assertNotContains(detail, "张伟")
        self.assertNotContains(detail, cancelled.receipt_number)

    def test_a_community_sees_its_own_and_its_streets_projects_only(self):
        street = fundraising(self.tree["S1"], name="助学募捐", starts_on=date(2025, 11, 1))
        neighbour = fundraising(self.tree["C2"], name="蜂巢山助残", street=self.tree["S1"], starts_on=date(2026, 1, 1))
        other_street = fundraising(self.tree["S2"], name="中华街道助学")
        closed = fundraising(self.tree["C1"], name="往年募捐", street=self.tree["S1"], starts_on=date(2024, 1, 1))
        FundraisingProject.objects.unscoped("t").filter(pk=closed.pk).update(status=ProjectStatus.CLOSED)
        listed = self.list_page()
        self.assertEqual(
            [p.name for p in listed.context["projects"]], ["关爱老人", "助学募捐", "往年募捐"]
        )  # newest first; the closed one too
        html = listed.content.decode()
        for absent in (neighbour, other_street):
            self.assertNotIn(absent.name, html)
            self.assertNotIn(f"/portal/fundraising/{absent.pk}/", html)
        self.assertIn("募捐已结束", html)
        self.assertEqual([p.name for p in self.list_page("C2").context["projects"]], ["蜂巢山助残", "助学募捐"])
        self.assertEqual([p.name for p in self.list_page("C3").context["projects"]], ["中华街道助学"])
        nothing_yet = listed.context["projects"][1]
        self.assertEqual(
            (nothing_yet, nothing_yet.raised_total, nothing_yet.donation_count), (street, Decimal("0.00"), 0)
        )

    def test_the_search_finds_the_community_and_an_unknown_project_is_404(self):
        found = self.client.get("/portal/fundraising/?q=鸿山")
        self.assertEqual([m.name for m in found.context["matches"]], ["鸿山社区居委会"])
        self.assertContains(found, f'href="?community={self.tree["C1"].code}"')
        self.assertEqual(self.client.get("/portal/fundraising/?community=999999999999").context["projects"], [])
        self.assertEqual(self.client.get("/portal/fundraising/999999/").status_code, 404)
        self.assertEqual(self.client.get("/portal/fundraising/abc/").status_code, 404)

    def test_the_queries_do_not_grow_with_the_donations(self):
        self.give("1.00")
        with CaptureQueriesContext(connection) as few:
            self.assertEqual(self.client.get(f"/portal/fundraising/{self.project.pk}/").status_code, 200)
            self.assertEqual(self.list_page().status_code, 200)
        for day in range(119):
            self.give(f"{day + 2}.00", donor_name=f"捐赠人{day}", day=date(2026, 1, 1) + timedelta(days=day))
        with CaptureQueriesContext(connection) as many:
            first = self.client.get(f"/portal/fundraising/{self.project.pk}/")
            self.assertEqual(self.list_page().status_code, 200)
        self.assertEqual(len(many), len(few))
        self.assertEqual(len(first.context["page"]), 50)
        self.assertContains(first, "第 1 页，共 3 页")
        last = self.client.get(f"/portal/fundraising/{self.project.pk}/?page=3")
        self.assertEqual((len(last.context["page"]), last.context["page"][19].amount), (20, Decimal("2.00")))
        self.assertEqual(self.client.get(f"/portal/fundraising/{self.project.pk}/?page=x").context["page"].number, 1)
        self.assertEqual(first.context["project"].raised_total, Decimal("7260.00"))

    def test_the_portal_menu_links_the_page(self):
        self.assertContains(self.client.get("/portal/"), 'href="/portal/fundraising/"')
