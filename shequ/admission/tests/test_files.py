"""Files through the gate (issue #15 item 2): a department's attachment and the community's reply file travel
through the API as multipart/form-data, are bounded (kind and size) with the refusal naming the field and nothing
written, and are downloaded only by whoever may see the request, each download logged."""

import tempfile
from datetime import date

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from rest_framework.test import APIClient

from shequ.accounts.models import Assignment, Department
from shequ.accounts.roles import Role
from shequ.admission import services
from shequ.admission.choices import ItemKind, ItemStatus, RequestStatus
from shequ.admission.models import AdmittedItem, CommunityRequest
from shequ.core.models import AccessLog
from shequ.core.testing.fixtures import build_tree, make_user

TEMPLATE = b"PK\x03\x04 a filled ledger template"


@time_machine.travel(date(2026, 11, 16), tick=False)
class FileTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        civil = Department.objects.create(division=cls.tree["D1"], name="思明区民政局")
        cls.clerk = make_user("civil_clerk")
        Assignment.objects.create(user=cls.clerk, role=Role.DEPARTMENT_STAFF, division=cls.tree["D1"], department=civil)
        cls.item = AdmittedItem.objects.create(
            department=civil,
            code="MZ-001",
            name="低保对象动态台账",
            kind=ItemKind.LEDGER,
            legal_basis="《社会救助暂行办法》",
            valid_from=date(2025, 1, 1),
            status=ItemStatus.PUBLISHED,
        )

    def setUp(self):
        self.enterContext(override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="shequ-admission-")))

    def api(self, user):
        client = APIClient()
        client.force_login(user)
        return client

    def send(self, name, content):
        return self.api(self.clerk).post(
            f"/api/admission/requests/send/{self.tree['C1'].code}/",
            {"item": self.item.pk, "title": "报送台账", "attachment": SimpleUploadedFile(name, content)},
            format="multipart",
        )

    def test_an_attachment_goes_out_and_the_reply_file_comes_back(self):
        response = self.send("低保台账模板.xlsx", TEMPLATE)
        self.assertEqual(response.status_code, 201, response.data)
        self.assertEqual((response.data[0]["has_attachment"], response.data[0]["has_reply_file"]), (True, False))
        sent = CommunityRequest.objects.get()
        community = self.api(self.tree.users["community"])
        download = community.get(f"/api/admission/requests/{sent.pk}/files/attachment/")
        self.assertEqual(download.status_code, 200)
        self.assertEqual(b"".join(download.streaming_content), TEMPLATE)
        self.assertIn("attachment;", download["Content-Disposition"])
        response = community.post(
            f"/api/admission/requests/{sent.pk}/reply/",
            {"reply": "已填报", "hours": "2.0", "reply_file": SimpleUploadedFile("鸿山社区台账.xlsx", b"filled")},
            format="multipart",
        )
        self.assertEqual(response.status_code, 200, response.data)
        self.assertEqual((response.data["status"], response.data["has_reply_file"]), (RequestStatus.REPLIED, True))
        back = self.api(self.clerk).get(f"/api/admission/requests/{sent.pk}/files/reply_file/")
        self.assertEqual(b"".join(back.streaming_content), b"filled")
        self.assertEqual(
            sorted(AccessLog.objects.filter(event="export").values_list("username", flat=True)),
            ["civil_clerk", "community_user"],
        )

    def test_files_are_hidden_outside_the_jurisdiction_and_when_absent(self):
        self.send("模板.pdf", b"%PDF-1.4")
        sent = CommunityRequest.objects.get()
        other = self.api(self.tree.users["district"])  # D1's staff see it
        self.assertEqual(other.get(f"/api/admission/requests/{sent.pk}/files/attachment/").status_code, 200)
        stranger = make_user("stranger", Role.COMMUNITY_STAFF, self.tree["C2"])
        self.assertEqual(
            self.api(stranger).get(f"/api/admission/requests/{sent.pk}/files/attachment/").status_code, 404
        )
        self.assertEqual(other.get(f"/api/admission/requests/{sent.pk}/files/reply_file/").status_code, 404)
        self.assertEqual(other.get(f"/api/admission/requests/{sent.pk}/files/secrets/").status_code, 404)

    def test_a_file_of_another_kind_or_too_large_is_refused_and_nothing_sent(self):
        response = self.send("setup.exe", b"MZ")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.data,
            {"attachment": ["拒绝：不接受此类文件；请发送 PDF、Word、Excel、WPS、文本、图片或 ZIP 文件。"]},
        )
        big = b"0" * (services.MAX_FILE_BYTES + 1)
        response = self.send("大表.xlsx", big)
        self.assertEqual((response.status_code, response.data), (400, {"attachment": ["单个文件不得超过 10 MB。"]}))
        self.assertFalse(CommunityRequest.objects.exists())

    def test_the_page_refuses_the_same_on_the_field(self):
        self.client.force_login(self.clerk)
        response = self.client.post(
            "/admission/send/",
            {
                "item": self.item.pk,
                "division": self.tree["C1"].pk,
                "title": "报送台账",
                "attachment": SimpleUploadedFile("x.html", b"<script>"),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["form"].errors["attachment"],
            ["拒绝：不接受此类文件；请发送 PDF、Word、Excel、WPS、文本、图片或 ZIP 文件。"],
        )
        self.assertFalse(CommunityRequest.objects.exists())

    def test_a_file_gone_from_the_storage_is_a_404(self):
        self.send("模板.pdf", b"%PDF-1.4")
        sent = CommunityRequest.objects.get()
        sent.attachment.storage.delete(sent.attachment.name)
        response = self.api(self.clerk).get(f"/api/admission/requests/{sent.pk}/files/attachment/")
        self.assertEqual(response.status_code, 404)
        self.assertFalse(AccessLog.objects.filter(event="export").exists())

    def test_json_bodies_are_bounded_as_everywhere(self):
        # These two steps also take multipart; their JSON is read by the API's bounded parser all the same.
        nested = '{"item": ' + "[" * 5000 + "]" * 5000 + ', "title": "t"}'
        url = f"/api/admission/requests/send/{self.tree['C1'].code}/"
        client = self.api(self.clerk)
        response = client.post(url, nested, content_type="application/json")
        self.assertEqual((response.status_code, str(response.data["detail"])), (400, "请求体嵌套层级过深。"))
        response = client.post(url, '{"item": 1e400, "title": "t"}', content_type="application/json")
        self.assertEqual((response.status_code, str(response.data["detail"])), (400, "请求中的数字过大。"))
        sent = services.send(acting_user=self.clerk, item=self.item, division=self.tree["C1"], title="报送台账")[0]
        response = self.api(self.tree.users["community"]).post(
            f"/api/admission/requests/{sent.pk}/reply/",
            '{"reply": "x", "hours": ' + "[" * 5000 + "]" * 5000 + "}",
            content_type="application/json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(CommunityRequest.objects.exclude(status=RequestStatus.SENT).exists())
