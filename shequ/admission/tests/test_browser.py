"""Browser flow in Chinese (issue #15, ADM-1, FIN-1): a department's request without an admitted item is refused on
the page; with one it reaches the community, which replies with the filled template; the street records the item's
funding arriving (费随事转) and sees it in the earmark; the district traces it from the item's page."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from shequ.accounts.models import Assignment, Department
from shequ.accounts.roles import Role
from shequ.admission.choices import ItemKind, ItemStatus, RequestStatus
from shequ.admission.models import AdmittedItem, CommunityRequest
from shequ.core.testing.fixtures import build_tree, make_user
from shequ.funding.choices import AccountKind
from shequ.funding.models import Account


def login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_request_through_the_gate_and_the_money_that_follows(live_server, page, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    tree = build_tree()
    civil = Department.objects.create(division=tree["D1"], name="思明区民政局")
    clerk = make_user("civil_clerk")
    Assignment.objects.create(user=clerk, role=Role.DEPARTMENT_STAFF, division=tree["D1"], department=civil)
    item = AdmittedItem.objects.create(
        department=civil,
        code="MZ-01",
        name="低保对象动态管理台账",
        kind=ItemKind.LEDGER,
        legal_basis="《社会救助暂行办法》第十一条",
        funding_per_community=Decimal("6000.00"),
        valid_from=date(2025, 1, 1),
        status=ItemStatus.PUBLISHED,
    )
    bank = Account.objects.create(division=tree["S1"], name="厦港街道办事处基本户", kind=AccountKind.BANK)

    # The department: without an item the gate refuses, naming the field; with one the request goes out.
    login(page, live_server, "civil_clerk")
    page.goto(f"{live_server.url}/admission/send/")
    page.get_by_label("派发至下列区划的各社区").select_option(label="鸿山社区居委会")
    page.get_by_label("准入事项").select_option(index=0)  # the department's lone item comes chosen: unchoose it
    page.get_by_label("名称").fill("报送十一月低保台账")
    page.get_by_role("button", name="派发", exact=True).click()
    expect(page.locator(".invalid-feedback")).to_contain_text("准入事项")
    assert not CommunityRequest.objects.exists()
    page.get_by_label("准入事项").select_option(label=str(item))
    page.get_by_role("button", name="派发", exact=True).click()
    expect(page.get_by_text("已派发至 1 个社区。")).to_be_visible()
    sent = CommunityRequest.objects.get()
    assert (sent.community, sent.item, sent.status) == (tree["C1"], item, RequestStatus.SENT)

    # The community replies with the filled template and the hours it took.
    template = tmp_path / "鸿山社区低保台账.xlsx"
    template.write_bytes(b"PK\x03\x04 filled")
    login(page, live_server, "community_user")
    page.goto(f"{live_server.url}/admission/requests/")
    page.get_by_role("link", name="报送十一月低保台账").click()
    page.get_by_label("答复", exact=True).fill("已按模板填报")
    page.get_by_label("耗用工时（小时）").fill("2.5")
    page.get_by_label("答复附件").set_input_files(str(template))
    page.get_by_role("button", name="提交答复").click()
    expect(page.locator("#request-files")).to_contain_text("答复附件")
    sent.refresh_from_db()
    assert (sent.status, sent.reply, sent.hours) == (RequestStatus.REPLIED, "已按模板填报", Decimal("2.5"))

    # The street records the item's funding arriving: two communities × 6,000 yuan into the item's earmark.
    login(page, live_server, "street_user")
    page.goto(f"{live_server.url}/funding/entries/allocate-item/")
    page.get_by_label("准入事项").select_option(label=str(item))
    page.get_by_label("年度").fill(str(timezone.localdate().year))
    page.get_by_role("button", name="登记到账").click()
    expect(page.get_by_text("已记账：")).to_be_visible()
    earmark = Account.objects.unscoped("test").get(kind=AccountKind.EARMARK, parent=bank)
    assert (earmark.name, earmark.balance) == ("MZ-01 低保对象动态管理台账", Decimal("12000.00"))
    page.goto(f"{live_server.url}/funding/accounts/{earmark.pk}/")
    expect(page.get_by_text("12000.00").first).to_be_visible()
    # The district traces the money from the item: the allocation is listed on the item's page.
    login(page, live_server, "district_user")
    page.goto(f"{live_server.url}/admission/items/{item.pk}/")
    expect(page.locator("#item-allocations")).to_contain_text("厦港街道")
    page.locator("#item-allocations").get_by_role("link").click()
    expect(page.get_by_text("12000.00").first).to_be_visible()
