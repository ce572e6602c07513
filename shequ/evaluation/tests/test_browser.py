"""The evaluation's main flow in a browser (issue #14): the city computes this year's evaluation from its page (in
the background, with progress), takes it through review, approval and publication, and the public portal's ranking
shows the districts ranked."""

import pytest
from playwright.sync_api import expect

from shequ.evaluation.tests.test_evaluation import World


def login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()


class Holder:
    pass


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_city_computes_publishes_and_the_portal_ranks(live_server, page):
    world = Holder()
    World.build(world)
    login(page, live_server.url, "city_user")
    page.goto(f"{live_server.url}/evaluation/evaluate/")
    page.get_by_label("区划").select_option(label="厦门市")
    page.get_by_label("年度").fill("2026")
    page.get_by_role("button", name="计算").click()
    expect(page.locator("#run-scores tbody tr")).to_have_count(4)
    expect(page.locator("#run-scores")).to_contain_text("93.33")
    for step in ("审核（区级）", "审批（市级）", "公开"):
        page.get_by_role("button", name=step, exact=True).click()
        expect(page.locator(".alert-success")).to_be_visible()
    expect(page.locator("#object-fields")).to_contain_text("已公开")

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/portal/ranking/")
    rows = page.locator("#ranking-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("思明区")
    expect(rows.nth(0)).to_contain_text("60.11")
    rows.nth(0).get_by_role("link", name="思明区").click()
    expect(page.locator("#ranking-table tbody tr").nth(0)).to_contain_text("厦港街道")
    expect(page.locator("#ranking-table tbody tr").nth(0)).to_contain_text("90.17")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_charts_draw_under_the_page_policy(live_server, page):
    """The ranking's, a score's profile and a survey's result charts draw from shequ/charts.js with the page's CSP
    (no inline script): a canvas in each chart and no error in the console."""
    from datetime import date

    from shequ.core.context import change_context
    from shequ.evaluation import models, services
    from shequ.surveys.models import Answer, Question, Survey

    world = Holder()
    World.build(world)
    with change_context(None, source="test"):
        run = services.evaluate(acting_user=None, division=world.tree["city"], year=2026, today=date(2026, 12, 31))
    score = models.Score.objects.get(run=run, community=world.tree["C1"])
    survey = Survey.objects.create(
        division=world.tree["city"], title="满意度测评", opens_on=date(2026, 6, 1), closes_on=date(2026, 6, 30)
    )
    Question.objects.create(survey=survey, number=1, text="总体满意吗？", kind="scale", satisfaction=True)
    for value in (5, 4, 2, 5, 3):
        Answer.objects.create(
            survey=survey, division_code=world.tree["C1"].code, answered_on=date(2026, 6, 2), values={"1": value}
        )
    errors = []  # script errors and CSP refusals (the browser's own favicon request is not the page's)

    def console(message):
        if message.type == "error" and not message.location.get("url", "").endswith("/favicon.ico"):
            errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(page, live_server.url, "city_user")
    page.goto(f"{live_server.url}/evaluation/ranking/?run={run.pk}")
    expect(page.locator("#chart-classes canvas")).to_have_count(1)
    page.goto(f"{live_server.url}/evaluation/scores/{score.pk}/")
    expect(page.locator("#chart-profile canvas")).to_have_count(1)
    page.goto(f"{live_server.url}/surveys/surveys/{survey.pk}/")
    expect(page.locator("#chart-q1 canvas")).to_have_count(1)
    expect(page.locator("#chart-s1 canvas")).to_have_count(1)
    page.wait_for_timeout(500)  # let a late error surface
    assert errors == []
