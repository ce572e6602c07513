"""The web import's mapping step (issue #19, item 2), through the residents register: the proposed mapping, the
clerk's changes, profiles saved for the office and applied to its next file, the refusals before any row is read,
the sheet chosen, and who may use whose profile."""

from django.test import TestCase

from shequ.core.importing import run_import
from shequ.core.importing.profiles import header_signature, matching_profile
from shequ.core.models import ImportJob, ImportProfile
from shequ.core.testing.fixtures import build_tree, make_user
from shequ.core.testing.imports import confirm_mapping, upload
from shequ.people.importers import ResidentImporter
from shequ.people.models import Resident
from shequ.people.tests.test_ledgers import idn, workbook

OFFICE_HEADER = ["序号", "社区", "户号", "姓名", "身份证号", "称谓", "手机", "备注"]


def office_rows():
    return [
        [1, "鸿山社区", "A001", "陈一", idn(1), "户主", "13912345678", "党员"],
        [2, "鸿山社区", "A001", "林二", idn(2), "妻", "", ""],
    ]


def ledger(header=OFFICE_HEADER, rows=None, title="鸿山社区人口台账"):
    return workbook({"人口": [[title], [], header, *(office_rows() if rows is None else rows)]})


class MappingStepTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def setUp(self):
        self.client.force_login(self.tree.users["street"])

    def mapping_url(self, path, *, dry_run=False):
        response = upload(self.client, "residents", path, dry_run=dry_run)
        self.assertEqual(response.status_code, 302)
        self.assertRegex(response["Location"], r"^/imports/residents/mapping/[0-9a-f]{32}/$")
        return response["Location"]

    def proposed(self, page) -> list[str]:
        form = page.context["form"]
        return [form.fields[f"column_{index}"].initial for index in range(len(form.headers))]

    def post(self, url, mapping: list[str], profile_name="", sheet=None, **kwargs):
        data = {f"column_{index}": column for index, column in enumerate(mapping)}
        data["profile_name"] = profile_name
        data["sheet"] = sheet if sheet is not None else self.client.get(url).context["preview"].sheet
        return self.client.post(url, data, **kwargs)


MAPPED = ["", "社区代码", "户号", "姓名", "身份证号码", "与户主关系", "联系电话", ""]


class ProposedMappingTests(MappingStepTestCase):
    def test_the_clerk_sees_each_column_with_the_field_its_header_names(self):
        page = self.client.get(self.mapping_url(ledger()))
        self.assertEqual(page.status_code, 200)
        self.assertEqual(page.context["form"].headers, OFFICE_HEADER)
        # 称谓 is no synonym of 与户主关系: left for the clerk, who is told that a required field has no column.
        self.assertEqual(self.proposed(page), ["", "社区代码", "户号", "姓名", "身份证号码", "", "联系电话", ""])
        self.assertEqual(page.context["unmapped_required"], ["与户主关系"])
        self.assertIsNone(page.context["profile"])
        self.assertContains(page, "列标题位于第 3 行。")
        self.assertContains(page, '<option value="" selected>（不导入）</option>', html=True)
        self.assertContains(page, '<option value="与户主关系">与户主关系 *</option>', html=True)
        self.assertNotContains(page, 'id="sheet-form"')  # one sheet: nothing to choose
        self.assertFalse(ImportJob.objects.exists())  # nothing is queued before the clerk confirms

    def test_a_changed_mapping_is_what_the_import_reads(self):
        url = self.mapping_url(ledger())
        mapping = [*MAPPED[:7], "详细地址"]  # and the clerk's 备注 column read as the address
        response = self.post(url, mapping, follow=True)
        job = response.context["job"]
        self.assertEqual(
            (job.status, job.created_count, job.sheet, job.columns, job.errors), ("committed", 2, "人口", mapping, [])
        )
        self.assertEqual(job.warnings, [[3, "", "以下列未导入：序号。"]])
        stored = Resident.objects.unscoped("test").order_by("name")
        self.assertEqual(
            [(r.name, r.relation, r.reveal("address")) for r in stored],
            [("林二", "spouse", ""), ("陈一", "head", "党员")],
        )
        # The upload is spent: its mapping page is gone.
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_dry_run_stays_a_dry_run(self):
        url = self.mapping_url(ledger(), dry_run=True)
        self.assertContains(self.client.get(url), "按此对应检查")
        job = self.post(url, MAPPED, follow=True).context["job"]
        self.assertEqual((job.status, job.dry_run, Resident.objects.unscoped("test").count()), ("validated", True, 0))


class RefusedMappingTests(MappingStepTestCase):
    def test_two_columns_for_one_field_and_a_required_field_without_a_column_are_refused_before_any_row(self):
        url = self.mapping_url(ledger())
        mapping = ["", "社区代码", "户号", "姓名", "身份证号码", "", "联系电话", "联系电话"]
        response = self.post(url, mapping, profile_name="鸿山台账")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["form"].non_field_errors(),
            ["列“手机”和“备注”都对应联系电话。", "没有列对应必填字段：与户主关系。"],
        )
        self.assertContains(response, "没有列对应必填字段：与户主关系。")
        self.assertEqual((ImportJob.objects.count(), ImportProfile.objects.count()), (0, 0))
        # The clerk corrects the mapping on the same page: the same upload imports.
        job = self.post(url, MAPPED, follow=True).context["job"]
        self.assertEqual((job.status, job.created_count), ("committed", 2))

    def test_every_required_field_missing_is_named(self):
        url = self.mapping_url(ledger())
        response = self.post(url, [""] * len(OFFICE_HEADER))
        self.assertEqual(
            response.context["form"].non_field_errors(),
            ["没有列对应必填字段：社区代码、户号、姓名、身份证号码、与户主关系。"],
        )

    def test_a_field_that_is_no_column_of_the_register_is_refused(self):
        url = self.mapping_url(ledger())
        response = self.post(url, [*MAPPED[:7], "工资"])
        self.assertEqual(
            response.context["form"].errors["column_7"],
            ["选择一个有效的选项。 工资 不在可用的选项中。"],
        )
        self.assertFalse(ImportJob.objects.exists())

    def test_the_engine_refuses_a_mapping_that_does_not_fit_the_file(self):
        path = ledger()
        user = self.tree.users["street"]
        result = run_import(ResidentImporter(user), path, path.name, dry_run=True, columns=MAPPED[:5])
        self.assertEqual(
            [(e.row, e.message) for e in result.errors],
            [(0, "列对应关系与此文件不符，请重新上传。 请在列对应步骤中为每个必填字段选择一列。")],
        )
        result = run_import(ResidentImporter(user), path, path.name, dry_run=True, columns=[*MAPPED[:5], "", "", ""])
        self.assertEqual(
            [(e.row, e.message) for e in result.errors],
            [(0, "没有列对应必填字段：与户主关系。 请在列对应步骤中为每个必填字段选择一列。")],
        )


class ProfileTests(MappingStepTestCase):
    def test_a_saved_profile_maps_the_offices_next_file_by_itself(self):
        url = self.mapping_url(ledger())
        mapping = [*MAPPED[:7], "详细地址"]
        job = self.post(url, mapping, profile_name="鸿山台账", follow=True).context["job"]
        self.assertEqual(job.status, "committed")
        profile = ImportProfile.objects.get()
        self.assertEqual(
            (profile.kind, profile.name, profile.division_code, profile.created_by, profile.mapping),
            (
                "residents",
                "鸿山台账",
                "350203001000",  # the street office of the street user
                self.tree.users["street"],
                {
                    "序号": "",
                    "社区": "社区代码",
                    "户号": "户号",
                    "姓名": "姓名",
                    "身份证号": "身份证号码",
                    "称谓": "与户主关系",
                    "手机": "联系电话",
                    "备注": "详细地址",
                },
            ),
        )
        # Next month's ledger: the same headers as the office writes them (a space, a full-width bracket).
        header = ["序号", "社区", "户号", "姓名", "身份证号（必填）", "称 谓", "手机", "备注"]
        rows = [[1, "鸿山社区", "B001", "王三", idn(3), "本人", "", "鸿山路3号"]]
        url = self.mapping_url(ledger(header, rows, title="鸿山社区人口台账（二月）"))
        page = self.client.get(url)
        self.assertEqual(page.context["profile"], profile)
        self.assertEqual(self.proposed(page), mapping)
        self.assertContains(page, "已按本单位保存的对应方案“鸿山台账”对应这些列标题。")
        job = confirm_mapping(self.client, url, follow=True).context["job"]
        self.assertEqual((job.status, job.created_count, job.columns), ("committed", 1, mapping))
        self.assertEqual(Resident.objects.unscoped("test").get(name="王三").reveal("address"), "鸿山路3号")

    def test_saving_under_the_same_name_replaces_the_profile(self):
        self.post(self.mapping_url(ledger()), MAPPED, profile_name="鸿山台账")
        self.post(self.mapping_url(ledger()), [*MAPPED[:7], "详细地址"], profile_name="鸿山台账")
        profile = ImportProfile.objects.get()
        self.assertEqual(profile.mapping["备注"], "详细地址")

    def test_a_file_with_other_headers_gets_no_profile(self):
        self.post(self.mapping_url(ledger()), MAPPED, profile_name="鸿山台账")
        page = self.client.get(self.mapping_url(ledger([*OFFICE_HEADER, "籍贯"])))
        self.assertIsNone(page.context["profile"])
        self.assertNotContains(page, 'id="profile-applied"')

    def test_a_profile_serves_its_office_and_the_offices_above_it_not_beside_or_below(self):
        headers = OFFICE_HEADER
        community, street = self.tree.users["community"], self.tree.users["street"]
        other_street = make_user("s3_user", "street_staff", self.tree["S3"])
        other_community = make_user("c2_user", "community_staff", self.tree["C2"])
        signature = header_signature(headers)
        c1 = ImportProfile.objects.create(
            kind="residents", name="社区的", division_code="350203001001", signature=signature, mapping={}
        )
        self.assertEqual(matching_profile(community, ResidentImporter, headers), c1)
        self.assertEqual(matching_profile(street, ResidentImporter, headers), c1)
        self.assertEqual(matching_profile(self.tree.users["city"], ResidentImporter, headers), c1)
        self.assertIsNone(matching_profile(other_street, ResidentImporter, headers))
        self.assertIsNone(matching_profile(other_community, ResidentImporter, headers))
        self.assertIsNone(matching_profile(self.tree.users["unpermitted"], ResidentImporter, headers))
        # The street's own profile comes first for the street; the community never sees the street's.
        s1 = ImportProfile.objects.create(
            kind="residents", name="街道的", division_code="350203001000", signature=signature, mapping={}
        )
        self.assertEqual(matching_profile(street, ResidentImporter, headers), s1)
        self.assertEqual(matching_profile(community, ResidentImporter, headers), c1)
        # Another register's profile never maps a residents file.
        ImportProfile.objects.filter(pk__in=[c1.pk, s1.pk]).update(kind="households")
        self.assertIsNone(matching_profile(street, ResidentImporter, headers))


class SheetChoiceTests(MappingStepTestCase):
    def book(self):
        first = [OFFICE_HEADER, *office_rows()]
        second = [OFFICE_HEADER, [1, "蜂巢山社区", "F001", "黄一", idn(5), "户主", "", ""]]
        return workbook({"填表说明": [["身份证号码请设为文本格式。"]], "鸿山": first, "蜂巢山": second})

    def test_the_detected_sheet_is_proposed_and_another_can_be_chosen(self):
        url = self.mapping_url(self.book())
        page = self.client.get(url)
        self.assertEqual(
            (page.context["preview"].sheets, page.context["preview"].sheet), (["填表说明", "鸿山", "蜂巢山"], "鸿山")
        )
        self.assertContains(page, '<option value="鸿山" selected>鸿山</option>', html=True)
        chosen = self.client.get(url, {"sheet": "蜂巢山"})
        self.assertEqual(chosen.context["preview"].sheet, "蜂巢山")
        self.assertContains(chosen, '<input type="hidden" name="sheet" value="蜂巢山">', html=True)
        job = self.post(url, MAPPED, sheet="蜂巢山", follow=True).context["job"]
        self.assertEqual((job.status, job.sheet, job.created_count), ("committed", "蜂巢山", 1))
        self.assertEqual(list(Resident.objects.unscoped("test").values_list("name", flat=True)), ["黄一"])

    def test_a_sheet_the_workbook_lacks_is_said_and_the_detected_one_shown(self):
        page = self.client.get(self.mapping_url(self.book()), {"sheet": "户籍"})
        self.assertEqual(page.context["preview"].sheet, "鸿山")
        self.assertContains(page, "工作簿中没有工作表“户籍”，其工作表为：填表说明、鸿山、蜂巢山。")


class MappingAccessTests(MappingStepTestCase):
    def test_an_unreadable_file_goes_straight_to_its_refused_job(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        broken = SimpleUploadedFile("台账.xlsx", b"not a workbook")
        response = self.client.post("/imports/residents/", {"file": broken, "dry_run": "on"}, follow=True)
        job = response.context["job"]
        self.assertEqual((job.status, job.errors), ("failed", [[0, "", "无法作为 Excel 工作簿读取该文件。"]]))

    def test_the_mapping_page_is_its_uploaders_and_its_registers_only(self):
        url = self.mapping_url(ledger())
        self.assertEqual(self.client.get(url.replace("residents", "households")).status_code, 404)
        self.client.force_login(self.tree.users["community"])  # another session: the upload is not theirs
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(self.tree.users["unpermitted"])
        self.assertEqual(self.client.get(url).status_code, 403)

    def test_an_upload_purged_meanwhile_is_asked_for_again(self):
        from shequ.core import imports

        url = self.mapping_url(ledger())
        for path in imports.UPLOAD_DIR.iterdir():
            path.unlink()
        page = self.client.get(url)
        self.assertEqual(page.status_code, 410)
        self.assertContains(page, "上传的文件已不再保留，请重新上传。", status_code=410)
