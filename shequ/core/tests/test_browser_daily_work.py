"""Daily work in a real browser (issue #13): the export holds exactly the rows the search shows, a street user
urges an overdue order from supervision, and staff pages fit a 375 px phone and 200 % text without sideways
scrolling."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook

from shequ.core.testing.fixtures import build_tree
from shequ.people.testing import make_household, make_resident
from shequ.workorders import services
from shequ.workorders.models import WorkOrder
from shequ.workorders.testing import make_desk

NAMES = ("欧阳修", "欧阳询", "司马光", "苏轼", "王安石")


def login(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_clerk_searches_and_the_workbook_holds_exactly_the_rows_shown(live_server, page):
    tree = build_tree()
    for name in NAMES:
        make_resident(tree["C1"], name)
    make_resident(tree["C2"], "欧阳修")  # the same name outside the community clerk's jurisdiction
    login(page, live_server.url, "community_user")
    page.goto(f"{live_server.url}/people/residents/")
    expect(page.locator("#object-list tbody tr")).to_have_count(len(NAMES))
    page.get_by_label("搜索").fill("欧阳")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("#object-list tbody tr")).to_have_count(2)
    shown = sorted(page.locator("#object-list tbody tr td:first-child").all_inner_texts())

    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel").click()
    assert "%E7%AD%9B%E9%80%89" in download.value.suggested_filename or "筛选" in download.value.suggested_filename
    sheet = CalamineWorkbook.from_path(download.value.path()).get_sheet_by_index(0).to_python()
    assert sorted(row[0] for row in sheet[1:]) == shown == ["欧阳修", "欧阳询"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_street_user_urges_an_overdue_order_from_supervision(live_server, page):
    tree = build_tree()
    desk = make_desk(tree)
    order = services.submit(
        acting_user=services.PUBLIC, source="portal", request_type="help", category=desk.category,
        description="路灯不亮", community=tree["C1"],
    )[0]  # fmt: skip
    past = timezone.now() - timedelta(hours=1)
    WorkOrder.objects.unscoped("test").filter(pk=order.pk).update(red_at=past, yellow_at=past - timedelta(hours=1))
    login(page, live_server.url, "street_user")
    page.goto(f"{live_server.url}/workorders/supervision/")
    row = page.locator("#late tbody tr", has_text=order.number)
    row.get_by_role("button", name=f"催办 {order.number}").click()
    expect(page.get_by_role("alert")).to_contain_text(f"工单 {order.number}：催办完成，当前状态“已派单”。")
    expect(page.locator("#order-events")).to_contain_text("已催办")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_pages_fit_a_phone_and_double_text_without_sideways_scrolling(live_server, page):
    tree = build_tree()
    make_desk(tree)
    household = make_household(tree["C1"], "A001")
    resident = make_resident(tree["C1"], "欧阳修", household=household)
    page.set_viewport_size({"width": 375, "height": 740})
    login(page, live_server.url, "community_user")
    paths = ("/", "/people/residents/", f"/people/residents/{resident.pk}/", "/people/residents/add/",
             f"/people/households/{household.pk}/", "/workorders/orders/add/", "/workorders/supervision/")  # fmt: skip
    wide = {}
    for zoom in ("100%", "200%"):
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            page.evaluate(f"document.documentElement.style.fontSize = '{zoom}'")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 0:
                wide[(zoom, path)] = overflow
    assert wide == {}
    # The menu is folded behind its button on a phone, and opens.
    page.goto(f"{live_server.url}/")
    expect(page.locator("#main-nav")).to_be_hidden()
    page.get_by_role("button", name="菜单").click()
    expect(page.locator("#main-nav")).to_be_visible()
