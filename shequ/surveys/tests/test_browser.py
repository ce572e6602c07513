"""A resident answers a satisfaction survey by the QR code of a slip, on a phone (issue #14 item 2, "Playwright: a
resident answers a survey by its QR link on a phone"): the street prints the sample's slips, the slip's QR code
encodes its answering link, a phone opens it without an account, answers, and the same link then refuses."""

import re
from datetime import date
from decimal import Decimal

import pytest
import segno
from playwright.sync_api import expect

from shequ.core.testing.fixtures import build_tree
from shequ.people.models import Household
from shequ.surveys import models, services

PHONE = {"width": 375, "height": 812}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_resident_answers_by_the_slips_qr_code_on_a_phone(live_server, page, browser):
    tree = build_tree()
    for n in range(1, 6):
        Household.objects.create(community=tree["C1"], number=f"1-{n:03d}")
    survey = models.Survey.objects.create(
        division=tree["S1"],
        title="社区服务满意度测评",
        opens_on=date.today(),
        closes_on=date.today(),
        margin=Decimal(10),
    )
    models.Question.objects.create(
        survey=survey, number=1, text="您对社区工作总体满意吗？", kind="scale", satisfaction=True
    )
    models.Question.objects.create(
        survey=survey, number=2, text="最满意的服务", kind="single", choices="环境卫生\n治安巡逻"
    )
    sample = services.draw_sample(acting_user=tree.users["street"], survey=survey, community=tree["C1"], seed=7)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("street_user")
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server.url}/surveys/samples/{sample.pk}/slips/")
    slip = page.locator("#slips .card").first
    url = slip.locator(".text-break").inner_text().strip()
    # The QR code on the slip is the code of exactly this link.
    drawn = slip.locator("svg").evaluate("svg => svg.outerHTML")
    path = re.compile(r' d="([^"]+)"')
    assert path.findall(segno.make(url, error="m").svg_inline(scale=3)) == path.findall(drawn)

    phone = browser.new_context(viewport=PHONE, locale="zh-CN", has_touch=True, is_mobile=True)
    resident = phone.new_page()
    resident.goto(url)
    expect(resident.get_by_text("本问卷匿名")).to_be_visible()
    resident.get_by_label("5").check()
    resident.get_by_label("治安巡逻").check()
    resident.get_by_role("button", name="提交答卷").click()
    expect(resident.locator("main")).to_contain_text("感谢")
    assert resident.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    answer = models.Answer.objects.get()
    assert (answer.division_code, answer.values) == (tree["C1"].code, {"1": 5, "2": "治安巡逻"})
    resident.goto(url)  # the same slip again
    expect(resident.locator("main")).to_contain_text("该答题码已使用")
    assert models.Answer.objects.count() == 1
    phone.close()
