"""Browser flows in Chinese (issue #17 item 6, SVC-6): community staff turn a sentiment-diary entry into a
deliberation topic, record the meeting and its resolution on that topic, and the public portal shows it; a resident
raises a topic on the portal and it goes the same way; a grid worker's diary entry becomes a work order."""

from datetime import date

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from shequ.accounts.roles import Role
from shequ.affairs.models import DeliberationTopic, Resolution, SentimentEntry
from shequ.core.testing.fixtures import build_tree, make_user
from shequ.workorders.models import WorkOrder
from shequ.workorders.testing import make_desk


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_diary_entry_goes_to_a_meeting_and_its_resolution_to_the_portal(live_server, page):
    tree = build_tree()
    entry = SentimentEntry.objects.create(
        community=tree["C1"],
        written_on=date.today(),
        author_name="陈小梅",
        title="3 号楼加装电梯",
        content="多位老人反映上下楼困难",
    )

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("community_user")
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()

    page.goto(f"{live_server.url}/affairs/diary/{entry.pk}/")
    page.get_by_role("button", name="转为议题").click()
    expect(page.get_by_text("已由此条记录提出议题“3 号楼加装电梯”。")).to_be_visible()
    topic = DeliberationTopic.objects.unscoped("test").get()

    page.goto(f"{live_server.url}/affairs/meetings/add/")
    page.get_by_label("会议类型").select_option(label="议事协商会")
    page.get_by_label("名称").fill("加装电梯议事会")
    page.get_by_label("举行日期").fill(date.today().isoformat())
    page.get_by_label("应到人数").fill("25")
    page.get_by_label("实到人数").fill("21")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存")).to_be_visible()

    page.goto(f"{live_server.url}/affairs/resolutions/add/")
    page.get_by_label("会议").select_option(index=1)
    page.get_by_label("议题").select_option(label=str(topic))
    page.get_by_label("决议").fill("同意 3 号楼加装电梯，费用按楼层分摊")
    page.get_by_label("赞成票").fill("18")
    page.get_by_label("反对票").fill("2")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存")).to_be_visible()
    assert Resolution.objects.unscoped("test").get().topic == topic

    page.goto(f"{live_server.url}/portal/affairs/?q=鸿山")
    page.get_by_role("link", name="鸿山社区居委会").click()
    expect(page.get_by_text("同意 3 号楼加装电梯，费用按楼层分摊")).to_be_visible()
    expect(page.get_by_text("赞成 18，反对 2，弃权 0")).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@override_settings(SHEQU_PORTAL_POW_BITS=8)
def test_a_resident_raises_a_topic_the_meeting_resolves_it_and_the_portal_shows_it(live_server, page):
    tree = build_tree()
    page.goto(f"{live_server.url}/portal/affairs/?q=鸿山")
    page.get_by_role("link", name="鸿山社区居委会").click()
    page.get_by_role("link", name="向社区提出议题").click()
    page.get_by_label("希望社区议事讨论什么？").fill("增设电动车充电桩")
    page.get_by_label("具体说明").fill("电动车在楼道充电，存在火灾隐患")
    page.get_by_role("button", name="提交").click()
    expect(page.locator("#topic-raised")).to_be_visible()
    topic = DeliberationTopic.objects.unscoped("test").get()
    assert (topic.community, topic.source, topic.raised_by) == (tree["C1"], "resident", "居民")

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("community_user")
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server.url}/affairs/meetings/add/")
    page.get_by_label("会议类型").select_option(label="议事协商会")
    page.get_by_label("名称").fill("充电桩议事会")
    page.get_by_label("举行日期").fill(date.today().isoformat())
    page.get_by_label("应到人数").fill("20")
    page.get_by_label("实到人数").fill("17")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存")).to_be_visible()
    page.goto(f"{live_server.url}/affairs/resolutions/add/")
    page.get_by_label("会议").select_option(index=1)
    page.get_by_label("议题").select_option(label=str(topic))
    page.get_by_label("决议").fill("在小区东门增设集中充电棚")
    page.get_by_label("赞成票").fill("15")
    page.get_by_label("反对票").fill("1")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存")).to_be_visible()

    page.goto(f"{live_server.url}/portal/affairs/?community={tree['C1'].code}")
    expect(page.get_by_text("在小区东门增设集中充电棚")).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_grid_workers_diary_entry_becomes_a_work_order(live_server, page):
    tree = build_tree()
    desk = make_desk(tree)
    make_user("grid_c1", Role.GRID_WORKER, tree["C1"])
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("grid_c1")
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()
    page.goto(f"{live_server.url}/affairs/diary/add/")
    page.get_by_label("记录日期").fill(date.today().isoformat())
    page.get_by_label("记录人").fill("网格员小林")
    page.get_by_label("名称").fill("楼道堆物")
    page.get_by_label("内容").fill("3 号楼楼道堆放杂物，影响通行")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存")).to_be_visible()
    entry = SentimentEntry.objects.unscoped("test").get()
    page.goto(f"{live_server.url}/affairs/diary/{entry.pk}/")
    page.locator("#diary-category").select_option(label=desk.child.name)
    page.get_by_role("button", name="转为工单").click()
    order = WorkOrder.objects.unscoped("test").get()
    expect(page.get_by_text(f"已由此条记录生成工单 {order.number}。")).to_be_visible()
    assert (order.source, order.community, order.unit) == ("diary", tree["C1"], desk.communities["C1"])
