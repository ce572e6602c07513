"""Browser flow (issue #13): a household chosen by typing, among more than a select may list."""

import pytest
from playwright.sync_api import expect

from shequ.core.pickers import PICKER_AFTER
from shequ.core.testing.fixtures import build_tree
from shequ.people.models import Resident
from shequ.people.testing import make_households, next_id_number


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_clerk_finds_the_household_by_typing(live_server, page):
    tree = build_tree()
    make_households(tree["C1"], PICKER_AFTER + 20)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("community_user")
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server.url}/people/residents/add/")
    expect(page.locator("select[name=household] option")).to_have_count(1)  # nothing listed in advance

    page.locator("#id_household-ts-control").fill("A11")
    option = page.locator(".ts-dropdown .option", has_text="A117 · 鸿山社区居委会")
    expect(page.locator(".ts-dropdown .option")).to_have_count(10)  # A110 … A119
    option.click()
    page.get_by_label("姓名").fill("林语堂")
    number = next_id_number()
    page.get_by_label("身份证号码").fill(number)
    page.get_by_role("button", name="保存").click()

    expect(page.get_by_role("heading", name="林语堂")).to_be_visible()
    resident = Resident.objects.unscoped("test").get(name="林语堂")
    assert (resident.household.number, resident.community_id) == ("A117", tree["C1"].pk)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_household_gains_a_member_from_its_own_page(live_server, page):
    tree = build_tree()
    households = make_households(tree["C1"], PICKER_AFTER + 5)
    household = households[42]

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("community_user")
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server.url}/people/households/{household.pk}/")
    page.get_by_role("link", name="添加成员").click()
    # The picker already holds the household the clerk came from.
    expect(page.locator("#id_household-ts-control").locator("xpath=..")).to_contain_text("A042 · 鸿山社区居委会")
    page.get_by_label("姓名").fill("欧阳修")
    page.get_by_label("身份证号码").fill(next_id_number())
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="欧阳修")).to_be_visible()

    page.goto(f"{live_server.url}/people/households/{household.pk}/")
    expect(page.locator("#household-members")).to_contain_text("欧阳修 · 其他")
