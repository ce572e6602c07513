"""The evaluation's main flow in a browser (issue #14): the city computes this year's evaluation from its page (in
the background, with progress), takes it through review, approval and publication, and the public portal's ranking
shows the districts ranked."""

import pytest
from playwright.sync_api import expect

from shequ.evaluation.tests.test_evaluation import World


def login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()


class Holder:
    pass


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_city_computes_publishes_and_the_portal_ranks(live_server, page):
    world = Holder()
    World.build(world)
    login(page, live_server.url, "city_user")
    page.goto(f"{live_server.url}/evaluation/evaluate/")
    page.get_by_label("区划").select_option(label="厦门市")
    page.get_by_label("年度").fill("2026")
    page.get_by_role("button", name="计算").click()
    expect(page.locator("#run-scores tbody tr")).to_have_count(4)
    expect(page.locator("#run-scores")).to_contain_text("93.33")
    for step in ("审核（区级）", "审批（市级）", "公开"):
        page.get_by_role("button", name=step, exact=True).click()
        expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#object-fields")).to_contain_text("已公开")

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/portal/ranking/")
    rows = page.locator("#ranking-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("思明区")
    expect(rows.nth(0)).to_contain_text("60.11")
    rows.nth(0).get_by_role("link", name="思明区").click()
    expect(page.locator("#ranking-table tbody tr").nth(0)).to_contain_text("厦港街道")
    expect(page.locator("#ranking-table tbody tr").nth(0)).to_contain_text("90.17")
