"""Browser flow in Chinese (issue #14 item 6, INFO-1): the community writes its draft's text, the street reviews
and publishes, and the public portal shows the report with its PDF."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from shequ.core.testing.fixtures import build_tree
from shequ.disclosure import services
from shequ.disclosure.models import Disclosure


def login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_street_reviews_and_publishes_and_the_portal_shows_it(live_server, page):
    tree = build_tree()
    month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    services.compile_month(acting_user=None, month=month, within=tree["S1"])
    draft = Disclosure.objects.get(community=tree["C1"], month=month)

    login(page, live_server, "community_user")
    page.goto(f"{live_server.url}/disclosure/disclosures/{draft.pk}/")
    expect(page.get_by_role("button", name="审核（街道）")).to_have_count(0)  # not the community's step
    page.get_by_role("link", name="编辑").click()
    page.get_by_label("工作情况说明").fill("组织居民议事协商会，推进加装电梯")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存")).to_be_visible()

    login(page, live_server, "street_user")
    page.goto(f"{live_server.url}/disclosure/disclosures/{draft.pk}/")
    page.get_by_role("button", name="审核（街道）").click()
    expect(page.get_by_role("button", name="公开", exact=True)).to_be_visible()
    page.get_by_role("button", name="公开", exact=True).click()
    expect(page.locator("#disclosure-pdf")).to_be_visible()
    draft.refresh_from_db()
    assert (draft.status, draft.published_by) == ("published", tree.users["street"])

    page.goto(f"{live_server.url}/portal/disclosure/?q=鸿山")
    page.get_by_role("link", name="鸿山社区居委会").click()
    page.get_by_role("link", name=f"{month.year}年{month.month}月").click()
    expect(page.get_by_text("组织居民议事协商会，推进加装电梯")).to_be_visible()
    expect(page.get_by_text(draft.content_hash)).to_be_visible()
    pdf = page.request.get(live_server.url + page.locator("#portal-pdf").get_attribute("href"))
    assert (pdf.status, pdf.headers["content-type"], pdf.body()[:5]) == (200, "application/pdf", b"%PDF-")
