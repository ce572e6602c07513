"""Accessibility (issue #13): axe-core over every public page and one page of each staff page type; any serious
or critical violation fails. Also the landmarks a screen-reader user navigates by: one <main>, one <h1>, a skip link.

axe-core is vendored for the tests only (`make vendor`, shequ/core/testing/vendor/axe-core, MPL-2.0) and never
served; it is evaluated in the page through the browser's debugging protocol, which the page's CSP does not govern.
"""

from pathlib import Path

import pytest

from shequ.core.testing.fixtures import build_tree
from shequ.people.testing import make_household, make_resident
from shequ.workorders.testing import make_desk

AXE = (Path(__file__).resolve().parent.parent / "testing/vendor/axe-core/axe.min.js").read_text()
SEVERE = ("serious", "critical")


def violations(page) -> list[str]:
    page.evaluate(AXE)
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") +
                (n.any[0] && n.any[0].data && n.any[0].data.fgColor ?
                 ` ${n.any[0].data.fgColor} on ${n.any[0].data.bgColor}` : ""))}))"""
    )
    return [f"{v['id']} ({v['impact']}): {v['nodes']}" for v in found if v["impact"] in SEVERE]


def landmarks(page) -> tuple[int, int, int]:
    return (page.locator("main").count(), page.locator("h1").count(), page.locator("a[href='#main']").count())


def login(page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{base}/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_pages_have_no_serious_violations(live_server, page):
    tree = build_tree()
    make_desk(tree)
    disclosure = published_disclosure(tree)
    project = fundraising_with_donations(tree)
    code = tree["C1"].code
    failures = {}
    for path in (
        "/accounts/login/",
        "/portal/",
        "/portal/status/",
        f"/portal/affairs/?community={code}",
        f"/portal/affairs/raise/?community={code}",
        f"/portal/disclosure/?community={code}",
        f"/portal/disclosure/{disclosure.pk}/",
        f"/portal/property/?community={code}",
        f"/portal/fundraising/?community={code}",
        f"/portal/fundraising/{project.pk}/",
        "/portal/ranking/",
    ):
        page.goto(f"{live_server.url}{path}")
        failures[path] = violations(page)
        assert page.locator("main").count() == 1, path
        assert page.locator("h1").count() == 1, path
    assert failures == {path: [] for path in failures}
    # The monthly disclosure on a phone (375 px) and at 200 % text: nothing scrolls sideways (issue #14 item 7).
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(f"{live_server.url}/portal/disclosure/{disclosure.pk}/")
    page.add_style_tag(content="html { font-size: 200% !important; }")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def published_disclosure(tree):
    """Last month's disclosure of C1, compiled, reviewed and published (the PDF left to the worker)."""
    from datetime import timedelta

    from django.utils import timezone

    from shequ.disclosure import services
    from shequ.disclosure.models import Disclosure

    month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    services.compile_month(acting_user=None, month=month, within=tree["C1"])
    disclosure = Disclosure.objects.get(community=tree["C1"], month=month)
    disclosure.work_notes = "组织居民议事协商会"
    disclosure.save()
    services.review(acting_user=None, disclosure=disclosure)
    return services.publish(acting_user=None, disclosure=disclosure)


def fundraising_with_donations(tree):
    """A fundraising project of C1 in its street's ledger with 51 donations, one anonymous: two pages of them."""
    from django.utils import timezone

    from shequ.funding import services
    from shequ.funding.models import Account, FundraisingProject

    bank = Account.objects.create(division=tree["S1"], name="厦港街道基本户", kind="bank")
    earmark = Account.objects.create(division=tree["S1"], name="关爱老人专户", kind="earmark", parent=bank)
    today = timezone.localdate()
    project = FundraisingProject.objects.create(
        division=tree["C1"], name="关爱老人", purpose="配置紧急呼叫设备", starts_on=today, earmark=earmark
    )
    for number in range(51):
        services.receive_donation(
            acting_user=tree.users["street"], project=project, donor_name=f"捐赠人{number}", donor_kind="person",
            amount=f"{number + 1}.00", anonymous=number == 0,
        )  # fmt: skip
    return project


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_page_types_have_no_serious_violations(live_server, page):
    tree = build_tree()
    make_desk(tree)
    household = make_household(tree["C1"], "A001")
    resident = make_resident(tree["C1"], "欧阳修", household=household)
    login(page, live_server.url, "community_user")
    failures = {}
    for path in (
        "/",
        "/checks/",
        "/people/residents/",
        f"/people/residents/{resident.pk}/",
        "/people/residents/add/",
        f"/people/residents/{resident.pk}/changes/",
        f"/people/households/{household.pk}/",
        "/imports/residents/",
        "/workorders/orders/add/",
        "/workorders/supervision/",
        "/regions/",
    ):
        page.goto(f"{live_server.url}{path}")
        failures[path] = violations(page)
        assert landmarks(page) == (1, 1, 1), path
    assert failures == {path: [] for path in failures}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_focus_moves_to_the_first_field_with_an_error(live_server, page):
    build_tree()
    login(page, live_server.url, "community_user")
    page.goto(f"{live_server.url}/people/households/add/")
    page.get_by_role("button", name="保存").click()
    # The focus moves on DOMContentLoaded: on a loaded machine the check could otherwise run before it.
    page.wait_for_function("document.activeElement && document.activeElement.name")
    focused = page.evaluate("document.activeElement && document.activeElement.name")
    first_invalid = page.locator(".is-invalid").first.get_attribute("name")
    assert (focused, first_invalid) == (first_invalid, first_invalid) and first_invalid


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_import_mapping_step_has_no_serious_violations(live_server, page):
    """The upload's mapping step (issue #19, core/import_mapping.html): as proposed, and with its refusal shown."""
    from shequ.people.tests.test_import import idn
    from shequ.people.tests.test_ledgers import workbook

    build_tree()
    header = ["序号", "社区", "户号", "姓名", "身份证号", "称谓", "手机"]
    ledger = workbook({"人口": [["鸿山社区人口台账"], [], header, [1, "鸿山社区", "A001", "陈一", idn(1), "户主", ""]]})
    login(page, live_server.url, "community_user")
    page.goto(f"{live_server.url}/imports/residents/")
    page.set_input_files("#id_file", str(ledger))
    page.get_by_label("仅检查（试导入）：不写入任何数据").uncheck()
    page.get_by_role("button", name="上传并检查").click()
    page.wait_for_selector("#mapping-form")
    failures = {"proposed": violations(page)}
    assert landmarks(page) == (1, 1, 1)
    page.get_by_role("button", name="按此对应导入").click()  # 与户主关系 unmapped: refused, naming it
    page.wait_for_selector("#mapping-errors")
    failures["refused"] = violations(page)
    assert landmarks(page) == (1, 1, 1)
    assert failures == {"proposed": [], "refused": []}
