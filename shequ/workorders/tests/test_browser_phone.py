"""Phones in a real browser (issue #13; SVC-8, SVC-5): a grid worker at 375 px files an incident with a camera
photo and the phone's position, and finds it routed on the order's page; a resident on a phone submits on the portal
through the district → street → community choice (or by typing) and follows the receipt to the status."""

import io

import pytest
from django.test import override_settings
from PIL import Image
from playwright.sync_api import expect

from shequ.accounts.roles import Role
from shequ.core.testing.fixtures import build_tree, make_user
from shequ.gridwork.models import GridWorker
from shequ.regions.models import Grid
from shequ.workorders.models import WorkOrder
from shequ.workorders.testing import make_desk

PHONE = {"width": 375, "height": 812}
HONGSHAN = {"latitude": 24.4468, "longitude": 118.0870}  # 鸿山, inside the city's bounds


def photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (90, 140, 60)).save(buffer, format="JPEG", quality=80)
    return buffer.getvalue()


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_grid_worker_files_an_incident_with_photo_and_location_on_a_phone(live_server, browser):
    tree = build_tree()
    desk = make_desk(tree)
    grid = Grid.objects.create(community=tree["C1"], sequence=1, name="鸿山一网格")
    worker = make_user("grid_worker", Role.GRID_WORKER, tree["C1"])
    GridWorker.objects.create(grid=grid, user=worker)

    context = browser.new_context(
        viewport=PHONE, locale="zh-CN", geolocation=HONGSHAN, permissions=["geolocation"], has_touch=True
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("grid_worker")
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()

    page.goto(f"{live_server.url}/gridwork/incidents/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("上报事件")
    expect(page.get_by_label("网格")).to_have_value(str(grid.pk))  # the only grid, preselected
    expect(page.get_by_text("Idempotency")).to_have_count(0)
    page.get_by_label("诉求分类").select_option(label="垃圾清运")
    page.get_by_label("问题描述").fill("垃圾桶倾倒，垃圾散落路面。")
    page.get_by_label("照片（最多 3 张）").set_input_files(
        [{"name": "scene.jpg", "mimeType": "image/jpeg", "buffer": photo()}]
    )
    page.get_by_role("button", name="使用我的位置").click()
    expect(page.locator("#location-status")).to_contain_text("已读取位置：24.446800，118.087000")
    assert no_horizontal_scroll(page)
    page.get_by_role("button", name="上报").click()

    expect(page.locator("#order-status")).to_have_text("已派单")
    order = WorkOrder.objects.unscoped("test").get()
    expect(page.get_by_role("alert")).to_contain_text(f"事件 {order.number} 已上报，已派给 鸿山社区居委会。")
    expect(page.locator("#object-fields")).to_contain_text("鸿山社区居委会")
    expect(page.locator("#order-photos img")).to_have_count(1)
    assert (order.source, order.status, order.unit, order.category) == (
        "grid",
        "dispatched",
        desk.communities["C1"],
        desk.child,
    )
    assert (str(order.latitude), str(order.longitude)) == ("24.446800", "118.087000")
    assert order.photos.count() == 1
    context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@override_settings(SHEQU_PORTAL_POW_BITS=8)
def test_resident_chooses_the_community_step_by_step_and_follows_the_receipt(live_server, page):
    tree = build_tree()
    make_desk(tree)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/portal/")
    expect(page.get_by_role("main")).to_have_count(1)
    expect(page.get_by_role("heading", level=1)).to_have_count(1)

    # Typing finds a community anywhere in the city …
    page.get_by_label("或输入社区名称查找").fill("湖里")
    expect(page.get_by_label("社区", exact=True)).to_have_value(str(tree["C4"].pk))
    expect(page.locator("#community-search-status")).to_have_text("找到 1 个社区，请在上方选择。")
    # … and the three selects narrow each other.
    page.get_by_label("区（县）").select_option(label="思明区")
    page.get_by_label("街道（镇）").select_option(label="厦港街道")
    community = page.get_by_label("社区", exact=True)
    expect(community.locator("option")).to_have_text(["（请选择）", "鸿山社区居委会", "蜂巢山社区居委会"])
    community.select_option(label="鸿山社区居委会")

    page.get_by_label("诉求类型").select_option(label="求助")
    page.get_by_label("诉求分类").select_option(label="垃圾清运")
    page.get_by_label("说明").fill("楼下垃圾三天没有清运。")
    page.get_by_label("我已阅读隐私告知。").check()
    page.get_by_role("button", name="提交").click()
    # The phone is required: the page says so and the focus is on it.
    phone = page.get_by_label("手机号码（用于回访和查询进度）")
    expect(phone).to_be_focused()
    expect(page.get_by_text("手机号码（用于回访和查询进度）：该字段是必填项。")).to_be_visible()
    expect(phone).to_have_attribute("inputmode", "numeric")
    expect(page.get_by_label("社区", exact=True)).to_have_value(str(tree["C1"].pk))
    phone.fill("13812345678")
    page.get_by_label("我已阅读隐私告知。").check()
    page.get_by_role("button", name="提交").click()

    expect(page.get_by_text("您的诉求已受理。")).to_be_visible()
    number = page.locator("#receipt-number").inner_text()
    assert no_horizontal_scroll(page)
    page.get_by_role("link", name="查询本诉求的进度").click()
    expect(page.get_by_label("受理编号")).to_have_value(number)
    digits = page.get_by_label("手机号后四位")
    expect(digits).to_be_focused()
    digits.fill("5678")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#lookup-status")).to_have_text("已派单")
    order = WorkOrder.objects.unscoped("test").get(number=number)
    assert (order.community, order.caller_phone_masked) == (tree["C1"], "138****5678")
