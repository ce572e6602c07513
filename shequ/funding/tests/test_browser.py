"""Browser flow in Chinese (issue #15; FIN-1, FIN-3): the street's staff open a fundraising project for a community,
record a donation from a person who asks not to be named and print its receipt (匿名, the amount in capitals);
then a resident, without an account, finds the community on the portal and sees the donation as 匿名."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from shequ.core.testing.fixtures import build_tree
from shequ.funding.choices import AccountKind, FundKind
from shequ.funding.models import Account, Donation, FundraisingProject


def login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_street_receives_an_anonymous_donation_and_the_portal_shows_it_unnamed(live_server, page):
    tree = build_tree()
    bank = Account.objects.create(division=tree["S1"], name="厦港街道基本户", kind=AccountKind.BANK)
    Account.objects.create(
        division=tree["S1"], name="关爱老人专户", kind=AccountKind.EARMARK, parent=bank, fund=FundKind.FUNDRAISING
    )
    today = timezone.localdate().isoformat()

    login(page, live_server, "street_user")
    page.goto(f"{live_server.url}/funding/fundraising-projects/add/")
    page.get_by_label("区划").select_option(label="鸿山社区居委会")
    page.get_by_label("名称", exact=True).fill("关爱老人")
    page.get_by_label("用途").fill("为社区高龄独居老人配置紧急呼叫设备")
    page.get_by_label("目标金额（元）").fill("20000.00")
    page.get_by_label("开始日期").fill(today)
    page.get_by_label("专款子账户").select_option(label="关爱老人专户")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存“关爱老人”。")).to_be_visible()
    project = FundraisingProject.objects.unscoped("test").get(name="关爱老人")

    page.locator("#receive-link").click()
    expect(page.get_by_label("募捐项目")).to_have_value(str(project.pk))
    page.get_by_label("捐赠人", exact=True).fill("李秀英")
    page.get_by_label("捐赠人类别").select_option(label="个人")
    page.get_by_label("匿名").check()
    page.get_by_label("金额（元）").fill("1234.50")
    page.get_by_label("收到日期").fill(today)
    page.get_by_role("button", name="保存").click()
    donation = Donation.objects.unscoped("test").get()
    expect(page.get_by_text(f"捐赠已登记：收据编号 {donation.receipt_number}。")).to_be_visible()

    page.locator("#receipt-link").click()
    expect(page.locator("#receipt-number")).to_have_text(f"编号 {donation.receipt_number}")
    expect(page.locator("#receipt-donor")).to_have_text("匿名")
    expect(page.locator("#receipt-capitals")).to_have_text("人民币 壹仟贰佰叁拾肆元伍角")
    expect(page.locator("#receipt-amount")).to_have_text("¥1234.50")
    assert "李秀英" not in page.content()

    page.context.clear_cookies()  # a resident, without an account
    page.goto(f"{live_server.url}/portal/")
    page.locator("#portal-public-pages").get_by_role("link", name="公益募捐").click()
    page.get_by_label("社区").fill("鸿山")
    page.get_by_role("button", name="搜索").click()
    page.get_by_role("link", name="鸿山社区居委会").click()
    card = page.locator(f'[data-project="{project.pk}"]')
    expect(card.locator(".project-raised")).to_have_text("1234.50")
    expect(card.locator(".project-count")).to_have_text("1")
    card.get_by_role("link", name="关爱老人").click()
    expect(page.locator("#portal-donations tbody tr")).to_have_count(1)
    expect(page.locator("#portal-donations tbody tr td")).to_have_text(
        [today, "匿名", "1234.50", donation.receipt_number]
    )
    assert "李秀英" not in page.content()
