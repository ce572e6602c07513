"""The city administrator's home in a browser (issue #13): the charts are drawn (ECharts on a canvas, from the
page's JSON, under the CSP), and a figure's link leads to a list with exactly that many rows."""

import pytest
from playwright.sync_api import expect

from shequ.cockpit.rollups import refresh_rollups
from shequ.cockpit.tests.world import build_world
from shequ.core.testing.fixtures import build_tree


def login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_city_home_draws_charts_and_drills_down(live_server, page):
    tree = build_tree()
    build_world(tree)
    refresh_rollups()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    login(page, live_server.url, "city_user")
    page.goto(f"{live_server.url}/")
    expect(page.locator("h1")).to_contain_text("厦门市")
    for chart in ("#chart-orders", "#chart-people", "#chart-children"):
        expect(page.locator(f"{chart} canvas")).to_have_count(1)
    assert page.locator("#chart-orders canvas").bounding_box()["height"] > 100

    # Red orders: the figure, then the list it links to, with as many rows.
    # (The world's orders are of June 2026: by today all four still on the clock are red.)
    red = page.locator("#figure-orders-red [data-value]").inner_text()
    assert red == "4"
    page.locator("#figure-orders-red").click()
    expect(page.locator("#result-count")).to_have_text("共 4 条记录")
    expect(page.locator("#object-list tbody tr")).to_have_count(4)

    page.goto(f"{live_server.url}/")
    assert page.locator("#figure-residents [data-value]").inner_text() == "13"
    page.locator("#figure-residents").click()
    expect(page.locator("#result-count")).to_have_text("共 13 条记录")
    assert not [e for e in errors if "Content Security Policy" in e or "echarts" in e.lower()], errors
