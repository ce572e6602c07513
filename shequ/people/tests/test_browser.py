"""Browser flow in Chinese (issue #3): import with one bad row, read the report, fix, import, find by pinyin
initials, see the masked ID number, unmask it with a reason."""

import io

import pytest
from playwright.sync_api import expect
from python_calamine import CalamineWorkbook

from shequ.core.models import AccessLog
from shequ.core.testing.fixtures import build_tree
from shequ.people.tests.test_import import idn, write_file


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_clerk_imports_fixes_a_bad_row_finds_and_unmasks(live_server, page, tmp_path):
    build_tree()
    good = ["350203001001", "A001", "欧阳修", idn(11), "户主", "汉族", "13812345678", "鸿山路1号"]
    bad = ["350203001001", "A001", "欧阳发", idn(12)[:-1] + ("1" if idn(12)[-1] != "1" else "2"), "子女", "", "", ""]
    broken = write_file([good, bad], ".xlsx")

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("community_user")
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的辖区")).to_be_visible()

    page.get_by_role("button", name="人口", exact=True).or_(page.get_by_role("link", name="人口", exact=True)).click()
    page.get_by_role("link", name="导入居民").click()
    expect(page.get_by_role("heading", name="导入 · 居民")).to_be_visible()
    page.set_input_files("#id_file", str(broken))
    page.get_by_label("仅检查（试导入）：不写入任何数据").uncheck()
    page.get_by_role("button", name="上传并检查").click()
    expect(page.locator("#mapping-form")).to_contain_text("核对列对应")  # the template's headers: nothing to change
    page.get_by_role("button", name="按此对应导入").click()
    expect(page.locator("#import-result")).to_contain_text("未导入任何数据")
    expect(page.locator("#import-errors tbody tr")).to_have_count(1)
    expect(page.locator("#import-errors tbody tr td").nth(0)).to_have_text("3")
    expect(page.locator("#import-errors tbody tr td").nth(2)).to_have_text("身份证号码校验位错误。")

    with page.expect_download() as download_info:
        page.locator("#report-link").click()
    report = CalamineWorkbook.from_filelike(io.BytesIO(open(download_info.value.path(), "rb").read()))
    rows = report.get_sheet_by_index(0).to_python()
    assert rows[2][-1] == "身份证号码：身份证号码校验位错误。"

    fixed = write_file([good, [*bad[:3], idn(12), *bad[4:]]], ".xlsx")
    page.set_input_files("#id_file", str(fixed))
    page.get_by_label("仅检查（试导入）：不写入任何数据").uncheck()
    page.get_by_role("button", name="上传并检查").click()
    page.get_by_role("button", name="按此对应导入").click()
    expect(page.locator("#import-done")).to_have_text("导入完成。")
    expect(page.locator("#count-created")).to_have_text("2")

    page.goto(f"{live_server.url}/people/residents/")
    page.get_by_label("搜索").fill("oyx")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator("#object-list tbody tr")).to_have_count(1)
    expect(page.locator("#object-list tbody tr td").nth(1)).to_have_text(f"{idn(11)[:3]}***********{idn(11)[-4:]}")
    page.get_by_role("link", name="欧阳修").click()
    expect(page.get_by_text(idn(11))).to_have_count(0)
    page.locator("#unmask-form").get_by_label("事由").fill("核对户籍信息")
    page.locator("#unmask-form").get_by_role("button", name="查看").click()
    expect(page.locator("#revealed")).to_contain_text(idn(11))
    assert list(AccessLog.objects.filter(event="unmask").values_list("username", "detail")) == [
        ("community_user", {"field": "id_number", "reason": "核对户籍信息"})
    ]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_clerk_maps_a_ledger_saves_the_mapping_and_the_next_ledger_maps_itself(live_server, page):
    """Issue #19, item 2: the office's ledger has a column the platform cannot name (称谓); the clerk maps it in the
    mapping step and saves the mapping; the next month's ledger is mapped by it without a change."""
    from shequ.core.models import ImportProfile
    from shequ.people.models import Resident
    from shequ.people.tests.test_ledgers import workbook

    build_tree()
    header = ["序号", "社区", "户号", "姓名", "身份证号", "称谓", "手机"]
    title = ["鸿山社区人口台账"]
    january = workbook({"人口": [title, [], header, [1, "鸿山社区", "A001", "陈一", idn(1), "户主", ""]]})
    february = workbook({"人口": [title, [], header, [1, "鸿山社区", "A002", "林二", idn(2), "本人", ""]]})

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("community_user")
    page.get_by_label("密码").fill("correct horse battery")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的辖区")).to_be_visible()

    page.goto(f"{live_server.url}/imports/residents/")
    page.set_input_files("#id_file", str(january))
    page.get_by_label("仅检查（试导入）：不写入任何数据").uncheck()
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_role("heading", name="核对列对应")).to_be_visible()
    expect(page.get_by_label("身份证号")).to_have_value("身份证号码")
    expect(page.get_by_label("称谓")).to_have_value("")
    # Without 与户主关系 the mapping is refused before any row is read, naming the field.
    page.get_by_role("button", name="按此对应导入").click()
    expect(page.locator("#mapping-errors")).to_have_text("没有列对应必填字段：与户主关系。")
    page.get_by_label("称谓").select_option("与户主关系")
    page.get_by_label("将此对应关系保存为本单位的方案，名称").fill("鸿山月报")
    page.get_by_role("button", name="按此对应导入").click()
    expect(page.locator("#import-done")).to_have_text("导入完成。")
    expect(page.locator("#count-created")).to_have_text("1")
    assert list(ImportProfile.objects.values_list("name", "division_code")) == [("鸿山月报", "350203001001")]

    page.goto(f"{live_server.url}/imports/residents/")
    page.set_input_files("#id_file", str(february))
    page.get_by_label("仅检查（试导入）：不写入任何数据").uncheck()
    page.get_by_role("button", name="上传并检查").click()
    expect(page.locator("#profile-applied")).to_have_text("已按本单位保存的对应方案“鸿山月报”对应这些列标题。")
    expect(page.get_by_label("称谓")).to_have_value("与户主关系")
    page.get_by_role("button", name="按此对应导入").click()
    expect(page.locator("#import-done")).to_have_text("导入完成。")
    assert sorted(Resident.objects.unscoped("test").values_list("name", "relation")) == [
        ("林二", "head"),
        ("陈一", "head"),
    ]
