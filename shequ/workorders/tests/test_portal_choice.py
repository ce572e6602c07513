"""The portal on a resident's phone (issue #13, SVC-5): the phone required because the look-up needs its last four
digits, the receipt linking straight to the status, the community chosen district → street → community (public
names only) or by typing, numeric keypads, no category codes, landmarks and the focus on the first error."""

import re

from django.core.cache import cache
from django.test import TestCase, override_settings

from shequ.core.testing.fixtures import build_tree
from shequ.workorders.models import Category, WorkOrder
from shequ.workorders.testing import make_desk
from shequ.workorders.tests import test_portal


@override_settings(SHEQU_PORTAL_POW_BITS=4)
class PortalChoiceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)

    def setUp(self):
        cache.clear()

    form = test_portal.PortalTests.form

    def divisions(self, status=200, **query):
        response = self.client.get("/portal/divisions/", query)
        self.assertEqual(response.status_code, status)
        return response.json()

    def test_the_phone_is_required_and_the_notice_says_why(self):
        response = self.client.post("/portal/", self.form(phone=""))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.context["form"].errors["phone"], ["该字段是必填项。"])
        self.assertContains(response, "手机号码（用于回访和查询进度）：该字段是必填项。", status_code=400)
        html = response.content.decode()
        self.assertIn("手机号码为必填项：查询进度时需同时输入受理编号和手机号后四位，这样他人无法查看您的诉求。", html)
        self.assertIn(
            '<small class="form-hint" id="id_phone_helptext">必填：查询进度时需要输入手机号后四位。</small>', html
        )
        [phone] = re.findall(r'<input type="tel" name="phone"[^>]*>', html)
        for attribute in ('inputmode="numeric"', 'autocomplete="tel"', 'aria-invalid="true"', "required"):
            self.assertIn(attribute, phone)
        self.assertEqual(WorkOrder.objects.unscoped("test").count(), 0)

    def test_the_receipt_links_to_the_status_with_its_number(self):
        response = self.client.post("/portal/", self.form())
        order = WorkOrder.objects.unscoped("test").get()
        link = (
            f'<a class="btn btn-primary w-100" id="receipt-status-link" href="/portal/status/?number={order.number}">'
        )
        self.assertContains(response, link + "查询本诉求的进度</a>")
        status = self.client.get(f"/portal/status/?number={order.number}").content.decode()
        self.assertIn(
            f'<input type="text" name="number" value="{order.number}" inputmode="numeric" autocomplete="off" '
            'maxlength="20" class="form-control" required id="id_number">',
            status,
        )
        [digits] = re.findall(r'<input type="tel" name="last_four"[^>]*>', status)
        for attribute in ('inputmode="numeric"', 'pattern="[0-9]{4}"', 'maxlength="4"', "autofocus"):
            self.assertIn(attribute, digits)
        found = self.client.post("/portal/status/", {"number": order.number, "last_four": "5678"})
        self.assertContains(found, '<div class="datagrid-content" id="lookup-status">已派单</div>')
        # A number that is not one is not carried into the page.
        self.assertNotIn("autofocus", self.client.get("/portal/status/?number=<b>1</b>").content.decode())
        refused = self.client.post("/portal/status/", {"number": order.number, "last_four": "56a8"})
        self.assertEqual(refused.context["form"].errors["last_four"], ["请输入四位数字。"])
        self.assertContains(refused, "手机号后四位：请输入四位数字。")

    def test_the_cascade_answers_only_the_children_of_the_chosen_division(self):
        tree = self.tree
        self.assertEqual(
            self.divisions(),
            {"results": [{"id": tree["D1"].pk, "name": "思明区"}, {"id": tree["D2"].pk, "name": "湖里区"}]},
        )
        self.assertEqual(
            self.divisions(parent=tree["D1"].pk),
            {"results": [{"id": tree["S1"].pk, "name": "厦港街道"}, {"id": tree["S2"].pk, "name": "中华街道"}]},
        )
        self.assertEqual(
            self.divisions(parent=tree["S1"].pk),
            {
                "results": [
                    {"id": tree["C1"].pk, "name": "鸿山社区居委会"},
                    {"id": tree["C2"].pk, "name": "蜂巢山社区居委会"},
                ]
            },
        )
        self.assertEqual(
            self.divisions(parent=tree["S3"].pk)["results"], [{"id": tree["C4"].pk, "name": "湖里社区居委会"}]
        )
        self.assertEqual(self.divisions(404, parent=tree["C1"].pk), {"error": "未知的区划。", "results": []})
        self.assertEqual(self.divisions(404, parent=999999), {"error": "未知的区划。", "results": []})
        self.assertEqual(self.divisions(400, parent="1 OR 1=1"), {"error": "未知的区划。", "results": []})

    def test_a_community_is_found_by_typing_its_name(self):
        self.assertEqual(
            self.divisions(q="湖里"),
            {
                "results": [
                    {"id": self.tree["C4"].pk, "name": "湖里社区居委会", "street": "湖里街道", "district": "湖里区"}
                ]
            },
        )
        self.assertEqual(self.divisions(q="不存在"), {"results": []})
        self.assertEqual(self.divisions(400, q="社" * 21), {"error": "社区名称：最多输入 20 个字。", "results": []})

    def test_the_selects_narrow_each_other_and_must_agree(self):
        page = self.client.get("/portal/").content.decode()
        community = page.split('name="community"')[1].split("</select>")[0]
        self.assertEqual(re.findall(r"<option[^>]*>([^<]*)</option>", community), ["（请先选择街道，或输入社区名称）"])
        self.assertIn(f'<option value="{self.tree["D1"].pk}">思明区</option>', page)
        tree = self.tree
        chosen = {"district": tree["D1"].pk, "street": tree["S1"].pk}
        wrong = self.client.post("/portal/", self.form(**chosen, community=tree["C3"].pk))
        self.assertEqual(wrong.status_code, 400)
        self.assertEqual(wrong.context["form"].errors["community"], ["该社区不在所选的街道内。"])
        html = wrong.content.decode()
        street = html.split('name="street"')[1].split("</select>")[0]
        self.assertEqual(re.findall(r"<option[^>]*>([^<]*)</option>", street), ["（请选择）", "厦港街道", "中华街道"])
        community = html.split('name="community"')[1].split("</select>")[0]
        self.assertEqual(
            re.findall(r"<option[^>]*>([^<]*)</option>", community),
            ["（请选择）", "鸿山社区居委会", "蜂巢山社区居委会", "仁安社区居委会"],
        )
        mismatch = self.client.post("/portal/", self.form(district=tree["D2"].pk, street=tree["S1"].pk))
        self.assertEqual(mismatch.context["form"].errors["street"], ["该街道不在所选的区内。"])
        self.assertEqual(WorkOrder.objects.unscoped("test").count(), 0)
        accepted = self.client.post("/portal/", self.form(**chosen, community=tree["C2"].pk))
        self.assertEqual(accepted.status_code, 200)
        self.assertEqual(WorkOrder.objects.unscoped("test").get().community, tree["C2"])

    def test_no_category_code_and_the_page_has_its_landmarks(self):
        html = self.client.get("/portal/").content.decode()
        for category in Category.objects.all():
            self.assertIn(f">{category.name}</option>", html)
            self.assertNotIn(f"{category.code} {category.name}", html)
            self.assertNotIn(f">{category.code}", html)
        for page in ("/portal/", "/portal/status/"):
            html = self.client.get(page).content.decode()
            self.assertEqual((html.count("<h1"), html.count("<main")), (1, 1), page)
            self.assertIn('<script src="/static/workorders/portal.js" defer></script>', html)
        honeypot = self.client.get("/portal/").content.decode().split('class="portal-hp"')[1].split("</div>")[0]
        self.assertNotIn("aria-hidden", honeypot)
        self.assertIn('tabindex="-1"', honeypot)
        expired = self.client.post("/portal/", self.form(challenge=""))
        self.assertContains(expired, "页面已过期或校验未完成，请重新提交。", status_code=400)
        refused = self.client.post("/portal/", self.form(description="")).content.decode()
        [first] = re.findall(r"<[^>]*aria-invalid[^>]*>", refused)
        self.assertIn('name="description"', first)
