"""The four openings on the public portal (issue #16 item 4, PROP-1, PROP-2): per residential area the published
contract in force (its latest published version), or a self-managed area's published charge and costs; nothing
unpublished; a resident reads them in a browser."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.test import TestCase
from playwright.sync_api import expect

from shequ.core.testing.fixtures import build_tree
from shequ.places.models import ResidentialArea
from shequ.property.models import CostItem, SelfManagedArea, ServiceContract

TODAY = date(2026, 11, 30)
OPENINGS = {
    "service_content": "保洁、秩序维护、绿化养护、共用设施设备维修",
    "service_standard": "二级服务标准：每日清扫两次，24 小时门岗",
    "fees": "住宅每平方米每月 1.50 元",
    "use_of_fees": "人员费用 60%，维修养护 25%，公共能耗 15%",
}


def contract(area, version, published_on, **fields):
    return ServiceContract.objects.create(
        area=area,
        version=version,
        company_name=fields.pop("company_name", "厦门鸿山物业服务有限公司"),
        credit_code="91350203MA2YB12346",
        selected_on=date(2024, 3, 1),
        starts_on=fields.pop("starts_on", date(2024, 4, 1)),
        published_on=published_on,
        **{**OPENINGS, **fields},
    )


def build():
    tree = build_tree()
    c1 = tree["C1"]
    dasheng = ResidentialArea.objects.create(community=c1, name="大生里")
    hongshan = ResidentialArea.objects.create(community=c1, name="鸿山花园")
    ResidentialArea.objects.create(community=c1, name="未公开小区")
    contract(hongshan, 1, date(2024, 3, 20), fees="住宅每平方米每月 1.20 元")
    contract(hongshan, 2, date(2025, 3, 20), starts_on=date(2025, 4, 1))
    contract(hongshan, 3, None, starts_on=date(2026, 4, 1), fees="未公布的新收费")  # not published: not shown
    managed = SelfManagedArea.objects.create(
        area=dasheng,
        started_on=date(2023, 1, 1),
        organiser="大生里自管小组",
        households=120,
        published_on=date(2024, 1, 5),
    )
    CostItem.objects.create(self_managed=managed, service="cleaning", name="保洁", annual_cost=Decimal("43200"))
    CostItem.objects.create(self_managed=managed, service="security", name="门卫", annual_cost=Decimal("21600"))
    managed.refresh_charge()
    return tree


@time_machine.travel(TODAY, tick=False)
class OpeningsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build()

    def test_each_area_shows_what_was_published_and_in_force(self):
        response = self.client.get("/portal/property/", {"community": self.tree["C1"].code})
        areas = {area.name: (contract, managed) for area, contract, managed, _costs in response.context["areas"]}
        self.assertEqual(list(areas), ["大生里", "未公开小区", "鸿山花园"])
        contract_shown, managed_shown = areas["鸿山花园"]
        self.assertEqual((contract_shown.version, managed_shown), (2, None))
        self.assertEqual(areas["大生里"][1].monthly_charge, Decimal("45.00"))  # 64,800 a year / 120 households / 12
        self.assertEqual(areas["未公开小区"], (None, None))
        html = response.content.decode()
        for text in ("住宅每平方米每月 1.50 元", "人员费用 60%", "每户每月 45.00 元（共 120 户）", "21600.00"):
            self.assertIn(text, html)
        self.assertNotIn("未公布的新收费", html)
        self.assertNotIn("1.20 元", html)  # the superseded version

    def test_no_community_chosen_shows_only_the_search(self):
        response = self.client.get("/portal/property/", {"q": "鸿山"})
        self.assertEqual([c.name for c in response.context["matches"]], ["鸿山社区居委会"])
        self.assertEqual(response.context["areas"], [])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_resident_reads_an_areas_contract_openings_on_the_portal(live_server, page):
    build()
    page.goto(f"{live_server.url}/portal/")
    page.get_by_role("link", name="物业服务“四公开”").click()
    page.get_by_label("社区").fill("鸿山")
    page.get_by_role("button", name="搜索").click()
    page.get_by_role("link", name="鸿山社区居委会").click()
    area = page.locator(".card", has_text="鸿山花园")
    expect(area).to_contain_text("二级服务标准：每日清扫两次，24 小时门岗")
    expect(area).to_contain_text("住宅每平方米每月 1.50 元")
    expect(area).to_contain_text("人员费用 60%，维修养护 25%，公共能耗 15%")
    expect(page.locator(".card", has_text="大生里")).to_contain_text("每户每月 45.00 元")
