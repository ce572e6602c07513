"""Browser flows in Chinese (issue #5): a resident submits on the portal, community staff accept, reply and close,
the resident sees the status, the call-back is recorded, and the statistics count it; a resident rates a closed
request on a phone-sized screen (PP-7)."""

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from shequ.core.testing.fixtures import build_tree
from shequ.workorders import services
from shequ.workorders.models import WorkOrder
from shequ.workorders.testing import make_desk


def login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@override_settings(SHEQU_PORTAL_POW_BITS=8)
def test_resident_request_from_portal_to_call_back(live_server, page):
    tree = build_tree()
    make_desk(tree)

    page.goto(f"{live_server.url}/portal/")
    page.get_by_label("诉求类型").select_option(label="求助")
    page.get_by_label("诉求分类").select_option(label="垃圾清运")  # by name: codes are for staff (#13)
    page.get_by_label("说明").fill("楼下垃圾三天没有清运，气味很大。")
    page.get_by_label("区（县）").select_option(label="思明区")  # district → street → community (#13)
    page.get_by_label("街道（镇）").select_option(label="厦港街道")
    page.get_by_label("社区", exact=True).select_option(label="鸿山社区居委会")
    page.get_by_label("手机号码（用于回访和查询进度）").fill("13812345678")
    page.locator("#privacy-notice summary").click()
    expect(page.locator("#privacy-notice")).to_contain_text("手机号码加密存储")
    page.get_by_label("我已阅读隐私告知。").check()
    page.get_by_role("button", name="提交").click()
    expect(page.get_by_text("您的诉求已受理。")).to_be_visible()
    number = page.locator("#receipt-number").inner_text()
    order = WorkOrder.objects.unscoped("test").get(number=number)
    assert (order.status, order.source, order.privacy_notice_version) == ("dispatched", "portal", "2026-11")

    login(page, live_server.url, "community_user")
    page.goto(f"{live_server.url}/workorders/orders/")
    page.get_by_role("link", name=number).click()
    expect(page.locator("#order-status")).to_have_text("已派单")
    page.get_by_role("button", name="签收").click()
    expect(page.locator("#order-status")).to_have_text("已签收")
    page.get_by_label("理由或答复").fill("已联系环卫站，当天清运完毕。")
    page.get_by_role("button", name="答复").click()
    expect(page.locator("#order-status")).to_have_text("已答复")
    page.once("dialog", lambda dialog: dialog.accept())  # "办结 work order …?" (issue #13)
    page.get_by_role("button", name="办结").click()
    expect(page.locator("#order-status")).to_have_text("已办结")

    page.goto(f"{live_server.url}/portal/status/")
    page.get_by_label("受理编号").fill(number)
    page.get_by_label("手机号后四位").fill("5678")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#lookup-status")).to_have_text("已办结")
    expect(page.locator("#lookup-reply")).to_have_text("已联系环卫站，当天清运完毕。")

    page.goto(f"{live_server.url}/workorders/orders/{order.pk}/")
    page.locator("#callback-form").get_by_label("满意度").select_option(label="满意")
    page.locator("#callback-form").get_by_label("已解决").select_option(label="已解决")
    page.get_by_role("button", name="记录回访").click()
    expect(page.locator("#order-events")).to_contain_text("已回访")

    page.goto(f"{live_server.url}/workorders/statistics/")
    expect(page.locator("#total-orders")).to_have_text("1")
    expect(page.locator("#satisfaction-rate")).to_contain_text("100.0%")
    expect(page.locator("#on-time-rate")).to_contain_text("100.0%")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_resident_rates_a_closed_request_on_a_phone(live_server, page):
    """PP-7 in a phone-sized browser: the look-up offers the survey once the order is closed; the answer is kept."""
    tree = build_tree()
    desk = make_desk(tree)
    staff = tree.users["community"]
    order, _ = services.submit(
        acting_user=services.PUBLIC,
        source="portal",
        request_type="help",
        category=desk.child,
        description="楼道灯不亮",
        community=tree["C1"],
        phone="13912345678",
    )
    services.accept(order, actor=staff)
    services.reply(order, actor=staff, text="已更换灯泡。")
    services.close(order, actor=staff)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/portal/status/")
    page.get_by_label("受理编号").fill(order.number)
    page.get_by_label("手机号后四位").fill("5678")
    page.get_by_role("button", name="查询").click()
    page.get_by_role("link", name="评价办理结果").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text(f"办理情况如何？ {order.number}")
    page.get_by_label("满意", exact=True).check()
    page.get_by_label("是").check()
    page.get_by_role("button", name="提交").click()
    expect(page.locator("#survey-thanks")).to_have_text("谢谢，您的评价已记录。")
    order.refresh_from_db()
    assert (order.satisfaction, order.solved, order.status) == ("satisfied", True, "closed")
    page.go_back()
    page.reload()
    expect(page.locator("#portal-refused")).to_have_text("该评价已提交过，或诉求正在重新办理。")
