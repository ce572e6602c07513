"""Browser flow in Chinese (issue #2): a street user logs in and browses only its own communities."""

import pytest
from playwright.sync_api import expect

from shequ.core.testing.fixtures import build_tree
from shequ.regions.models import Grid


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_street_user_sees_only_the_streets_communities(live_server, page):
    tree = build_tree()
    Grid.objects.create(community=tree["C1"], sequence=1, name="鸿山一号网格")
    page.goto(f"{live_server.url}/regions/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/regions/")
    page.get_by_label("用户名").fill("street_user")
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()

    expect(page.get_by_role("heading", name="区划浏览")).to_be_visible()
    names = page.locator(".browser-children tbody tr td:first-child")
    expect(names).to_have_text(["鸿山社区居委会", "蜂巢山社区居委会"])
    counts = page.locator(".browser-children tbody tr td:nth-child(4)")
    expect(counts).to_have_text(["1", "0"])
    expect(page.locator(".browser-children tbody tr td:nth-child(3)")).to_have_text(["—", "—"])

    # The tree opens the street on demand (htmx) and shows the same two communities, nothing else.
    page.locator(".tree summary").first.click()
    expect(page.locator(".tree .children a")).to_have_text(["鸿山社区居委会", "蜂巢山社区居委会"])

    # Through the menu to the division register: only the street and its communities, in Chinese.
    page.get_by_role("button", name="辖区").or_(page.get_by_role("link", name="辖区")).click()
    page.get_by_role("link", name="区划", exact=True).click()
    expect(page.get_by_role("heading", name="区划")).to_be_visible()
    expect(page.locator("#result-count")).to_have_text("共 3 条记录")
    expect(page.locator("#object-list tbody tr td:first-child")).to_have_text(
        ["厦港街道", "鸿山社区居委会", "蜂巢山社区居委会"]
    )
    expect(page.get_by_text("仁安社区居委会")).to_have_count(0)

    # Another street's community is not found, exactly like a missing one.
    response = page.goto(f"{live_server.url}/regions/divisions/{tree['C3'].pk}/")
    assert response.status == 404
    expect(page.get_by_text("页面或记录不存在，或不在您的管辖范围内。")).to_be_visible()
