"""Browser flow in Chinese (issue #4): a street user opens the compliance matrix, drills into a community missing
its people's mediation subcommittee, creates it with members, and sees the check turn to ok."""

from datetime import date

import pytest
from playwright.sync_api import expect

from shequ.core.testing.fixtures import build_tree
from shequ.organizations.choices import SubcommitteeKind
from shequ.organizations.models import CommitteeMember, ResidentsCommittee, Subcommittee


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_street_user_fixes_a_missing_subcommittee_from_the_compliance_matrix(live_server, page):
    tree = build_tree()
    for key, kinds in (("C1", SubcommitteeKind.values), ("C2", SubcommitteeKind.values[1:])):
        term = ResidentsCommittee.objects.create(community=tree[key], term_number=11, term_start=date(2024, 1, 1))
        for name in ("王芳", "李强", "张敏", "陈静", "刘洋"):
            CommitteeMember.objects.create(committee=term, name=name, position="member")
        for kind in kinds:
            Subcommittee.objects.create(committee=term, kind=kind)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("street_user")
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()
    page.get_by_role("button", name="首页").or_(page.get_by_role("link", name="首页")).click()
    page.get_by_role("link", name="政策规范符合情况").click()
    expect(page.get_by_role("heading", name="政策规范符合情况 · 厦港街道")).to_be_visible()

    cell = page.locator('tr[data-community="350203001004"] td[data-check="org-3-subcommittees"]')
    expect(cell).to_have_attribute("data-status", "violation")
    expect(page.locator('tr[data-community="350203001001"] td[data-check="org-3-subcommittees"]')).to_have_attribute(
        "data-status", "ok"
    )
    cell.get_by_role("link").click()
    expect(page.get_by_role("heading", name="五个下属委员会齐全 · 蜂巢山社区居委会")).to_be_visible()
    expect(page.locator("#check-detail")).to_have_text("缺少：人民调解")
    expect(page.locator("#check-records tbody tr")).to_have_count(4)

    page.locator("#remedy-link").click()
    expect(page.get_by_label("类型")).to_have_value("mediation")
    page.get_by_label("成员").select_option(label=["王芳（委员）", "李强（委员）"])
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存")).to_be_visible()

    page.goto(f"{live_server.url}/checks/")
    expect(cell).to_have_attribute("data-status", "ok")
    mediation = Subcommittee.objects.get(committee__community=tree["C2"], kind="mediation")
    assert sorted(member.name for member in mediation.members.all()) == ["李强", "王芳"]
