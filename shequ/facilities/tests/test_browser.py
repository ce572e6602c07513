"""Browser flow in Chinese (issue #16 "Tests and proof"; FAC-2): a street user registers rooms with several uses
(一室多用), files them with the civil-affairs and state-asset departments, and sees the community's gaps against the
function-room standard close on the checks page."""

import pytest
from playwright.sync_api import expect

from shequ.core.testing.fixtures import build_tree
from shequ.facilities.choices import FilingState, FunctionKind
from shequ.facilities.models import Facility, FunctionItem, FunctionStandard

CELL = 'tr[data-community="350203001004"] td[data-check="fac-2-function-rooms"]'


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_street_user_registers_and_files_rooms_and_the_gaps_close(live_server, page):
    build_tree()
    standard = FunctionStandard.objects.create(name="18室1厅1站6栏")
    for sequence, (kind, name) in enumerate(
        [
            (FunctionKind.ROOM, "党员活动室"),
            (FunctionKind.ROOM, "图书阅览室"),
            (FunctionKind.HALL, "便民服务大厅"),
            (FunctionKind.BOARD, "居务公开栏"),
        ],
        start=1,
    ):
        FunctionItem.objects.create(standard=standard, sequence=sequence, kind=kind, name=name)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("street_user")
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server.url}/checks/")
    expect(page.get_by_role("heading", name="政策规范符合情况 · 厦港街道")).to_be_visible()
    cell = page.locator(CELL)
    expect(cell).to_have_attribute("data-status", "unknown")  # nothing registered: not compliance

    # The first room, from the check's remedy: the party room doubles as the reading room (一室多用).
    cell.get_by_role("link").click()
    expect(page.get_by_role("heading", name="功能室达标 · 蜂巢山社区居委会")).to_be_visible()
    page.locator("#remedy-link").click()
    register_room(page, "党群服务中心二楼", "120", ["党员活动室", "图书阅览室"])

    page.goto(f"{live_server.url}/checks/")
    expect(cell).to_have_attribute("data-status", "violation")
    cell.get_by_role("link").click()
    expect(page.locator("#check-detail")).to_have_text("缺少：便民服务大厅、居务公开栏")

    # The second room serves the hall and the notice board.
    page.goto(f"{live_server.url}/facilities/facilities/add/")
    page.get_by_label("社区", exact=True).select_option(label="蜂巢山社区居委会")
    register_room(page, "党群服务中心一楼", "200", ["便民服务大厅", "居务公开栏"])

    # Both are filed with the district's civil-affairs and state-asset departments.
    for name in ("党群服务中心二楼", "党群服务中心一楼"):
        facility = Facility.objects.get(name=name)
        page.goto(f"{live_server.url}/facilities/facilities/{facility.pk}/edit/")
        page.get_by_label("民政部门备案日期").fill("2026-11-10")
        page.get_by_label("国资部门备案日期").fill("2026-11-12")
        page.get_by_role("button", name="保存").click()
        expect(page.get_by_text("已保存")).to_be_visible()
        expect(page.get_by_text("已向民政、国资部门备案")).to_be_visible()

    page.goto(f"{live_server.url}/checks/")
    expect(cell).to_have_attribute("data-status", "ok")
    expect(cell).to_contain_text("4 / 4")
    rooms = Facility.objects.filter(community__code="350203001004").order_by("name")
    assert [(room.name, room.filing_state, sorted(u.name for u in room.uses.all())) for room in rooms] == [
        ("党群服务中心一楼", FilingState.FILED, ["便民服务大厅", "居务公开栏"]),
        ("党群服务中心二楼", FilingState.FILED, ["党员活动室", "图书阅览室"]),
    ]


def register_room(page, name, floor_area, uses):
    expect(page.get_by_label("社区", exact=True)).to_have_value(str(community_pk()))
    page.get_by_label("名称", exact=True).fill(name)
    page.get_by_label("面积（平方米）").fill(floor_area)
    page.get_by_label("功能用途").select_option(label=uses)
    page.get_by_label("街道登记日期").fill("2026-11-02")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存")).to_be_visible()
    expect(page.get_by_text("已登记未备案")).to_be_visible()


def community_pk():
    from shequ.regions.models import Division

    return Division.objects.get(code="350203001004").pk
