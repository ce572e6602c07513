"""Per-client keys of the video platforms (issue #17, GOV-2): a platform posts device status reports with its own key,
only for the devices of its division; idempotent; a missing or unknown key, a revoked one, an unknown device or one
outside the platform's division refused in Chinese, and nothing written."""

from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase
from rest_framework.test import APIClient

from shequ.core.models import AccessLog
from shequ.core.testing.fixtures import build_tree
from shequ.safety.models import DeviceStatusReport, SurveillanceDevice, VideoPlatformClient
from shequ.safety.services import platform_key_digest

URL = "/api/safety/platform/device-status/{code}/"


def issue(name, division_code) -> str:
    out = StringIO()
    call_command("video_platform_key", name, "--division", division_code, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


class PlatformKeyTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.d1 = SurveillanceDevice.objects.create(community=cls.tree["C1"], code="D1", name="一号", public_area="东门")
        cls.d3 = SurveillanceDevice.objects.create(community=cls.tree["C3"], code="D3", name="三号", public_area="南门")
        cls.d4 = SurveillanceDevice.objects.create(community=cls.tree["C4"], code="D4", name="四号", public_area="西门")

    def setUp(self):
        self.key = issue("思明区雪亮平台", self.tree["D1"].code)  # reports for C1–C3, not C4

    def post(self, code="D1", key=None, **body):
        api = APIClient()
        headers = {} if key == "" else {"HTTP_X_API_KEY": self.key if key is None else key}
        values = {"status": "offline", "reported_at": "2026-11-01T08:00:00+08:00", **body}
        return api.post(URL.format(code=code), values, format="json", **headers)

    def test_the_key_is_stored_as_its_digest_and_its_issue_logged(self):
        client = VideoPlatformClient.objects.get()
        self.assertEqual((client.name, client.division, client.active), ("思明区雪亮平台", self.tree["D1"], True))
        self.assertEqual(client.key_digest, platform_key_digest(self.key))
        self.assertNotIn(self.key, str(list(AccessLog.objects.values_list("detail", flat=True))))
        self.assertTrue(AccessLog.objects.filter(event="token_issued", username="思明区雪亮平台").exists())

    def test_reports_within_its_division_idempotently(self):
        first = self.post()
        self.assertEqual(first.status_code, 201, first.data)
        self.assertEqual(
            first.data,
            {"id": first.data["id"], "device": "D1", "status": "offline", "reported_at": "2026-11-01T08:00:00+08:00",
             "note": ""},
        )  # fmt: skip
        again = self.post()
        self.assertEqual((again.status_code, again.data["id"]), (200, first.data["id"]))
        report = DeviceStatusReport.objects.unscoped("test").get()
        self.assertEqual(
            (report.client.name, report.created_by, report.division_code),
            ("思明区雪亮平台", None, self.tree["C1"].code),
        )
        self.d1.refresh_from_db()
        self.assertEqual(self.d1.status, "offline")
        self.assertEqual(self.post("D3").status_code, 201)
        conflict = self.post(status="online")
        self.assertEqual(
            (conflict.status_code, conflict.data["status"]), (400, ["该设备在这一时刻已上报了不同的状态。"])
        )
        self.assertEqual(DeviceStatusReport.objects.unscoped("test").count(), 2)

    def test_refusals(self):
        for key, message in (
            ("", "缺少视频平台密钥。"),
            ("not-a-key", "视频平台密钥无效。"),
            ("x" * 500, "视频平台密钥无效。"),
        ):
            with self.subTest(key=key[:10]):
                response = self.post(key=key)
                self.assertEqual((response.status_code, response.data["detail"]), (403, message))
        for code in ("NOPE", "D4"):  # unknown, and outside the platform's division: the same answer
            with self.subTest(code=code):
                response = self.post(code)
                self.assertEqual(
                    (response.status_code, response.data["device"]),
                    (400, ["本平台无权上报此编码的监控设备，或设备不存在。"]),
                )
        bad = self.post(status="broken")
        self.assertEqual((bad.status_code, bad.data["status"]), (400, ["请选择设备状态。"]))
        self.assertEqual(self.post(reported_at="2099-01-01T08:00:00+08:00").status_code, 400)
        self.assertFalse(DeviceStatusReport.objects.unscoped("test").exists())

    def test_a_user_session_is_no_key_and_a_revoked_key_is_refused(self):
        api = APIClient()
        api.force_login(self.tree.users["city"])
        response = api.post(URL.format(code="D1"), {"status": "online", "reported_at": "2026-11-01T08:00:00+08:00"})
        self.assertEqual(response.status_code, 403)
        call_command("video_platform_key", "思明区雪亮平台", "--revoke", stdout=StringIO())
        self.assertEqual(self.post().data["detail"], "视频平台密钥无效。")
        with self.assertRaises(CommandError):
            call_command("video_platform_key", "思明区雪亮平台", "--revoke", stdout=StringIO())
        with self.assertRaises(CommandError):
            call_command("video_platform_key", "别的平台", "--division", "999999999999", stdout=StringIO())
        self.assertFalse(DeviceStatusReport.objects.unscoped("test").exists())

    def test_issuing_again_replaces_the_key(self):
        new_key = issue("思明区雪亮平台", self.tree["city"].code)
        self.assertEqual(self.post().data["detail"], "视频平台密钥无效。")
        self.assertEqual(self.post("D4", key=new_key).status_code, 201)  # the city's platform reports for C4 too
