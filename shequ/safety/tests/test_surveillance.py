"""Surveillance (issue #17, GOV-2): the coverage check at its boundaries with its roll-up and drill-down, uptime over a
period read from status reports, the latest report setting the device's status, and bad input refused."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.test import TestCase

from shequ.core.checks import checks, rollup
from shequ.core.testing.bounds import BoundsMixin
from shequ.core.testing.fixtures import build_tree
from shequ.places.models import ResidentialArea
from shequ.safety.models import DeviceStatusReport, SurveillanceDevice
from shequ.safety.surveillance import uptime

CST = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 30)


def at(day, hour=0):
    return datetime(2026, 11, day, hour, 0, tzinfo=CST)


class CoverageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        c1, c2 = cls.tree["C1"], cls.tree["C2"]
        cls.a1 = ResidentialArea.objects.create(community=c1, name="鸿山花园")
        cls.a2 = ResidentialArea.objects.create(community=c1, name="鸿山新村")
        cls.b1 = ResidentialArea.objects.create(community=c2, name="蜂巢小区")
        SurveillanceDevice.objects.create(community=c1, code="D1", name="一号", residential_area=cls.a1)
        SurveillanceDevice.objects.create(
            community=c1, code="D2", name="二号", residential_area=cls.a2, status="fault"
        )  # a faulty device covers nothing
        SurveillanceDevice.objects.create(community=c1, code="D3", name="公园", public_area="鸿山公园")
        SurveillanceDevice.objects.create(community=c2, code="D4", name="四号", residential_area=cls.b1)
        cls.communities = [cls.tree[key] for key in ("C1", "C2", "C3", "C4")]

    def test_outcomes_rollup_and_drill_down(self):
        check = checks["gov-2-surveillance-coverage"]
        outcomes = check.evaluate(self.communities, TODAY)
        self.assertEqual(
            [(o.status, o.value, o.detail) for o in (outcomes[c.code] for c in self.communities)],
            [
                ("violation", "1 / 2 个小区", ["未覆盖：鸿山新村"]),
                ("ok", "1 / 1 个小区", []),
                ("unknown", "未登记小区", []),
                ("unknown", "未登记小区", []),
            ],
        )
        street = [self.tree["C1"].code, self.tree["C2"].code]
        self.assertEqual(rollup(outcomes, street), {"ok": 1, "violation": 1, "unknown": 0})
        self.assertEqual(list(check.records(self.tree["C1"], self.tree.users["community"], TODAY)), [self.a2])
        self.assertEqual(list(check.records(self.tree["C1"], self.tree.users["unpermitted"], TODAY)), [])
        # The device repaired: a report of its status covers the area again.
        device = SurveillanceDevice.objects.get(code="D2")
        DeviceStatusReport.objects.create(device=device, status="online", reported_at=at(29, 8))
        self.assertEqual(check.evaluate(self.communities, TODAY)[self.tree["C1"].code].status, "ok")


class UptimeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.device = SurveillanceDevice.objects.create(
            community=cls.tree["C1"], code="D1", name="一号", public_area="东门"
        )

    def report(self, when, status):
        return DeviceStatusReport.objects.create(device=self.device, status=status, reported_at=when)

    def test_uptime_at_the_boundaries(self):
        self.assertIsNone(uptime(self.device, at(1), at(2)))  # nothing known
        self.report(at(1), "online")
        self.report(at(2), "offline")  # offline from the period's very end: does not count
        self.assertEqual(uptime(self.device, at(1), at(2)), 1.0)
        self.report(at(2, 12), "online")
        self.assertEqual(uptime(self.device, at(1), at(3)), 0.75)  # 36 of 48 hours
        self.assertEqual(uptime(self.device, at(2), at(3)), 0.5)  # offline at the start, online at noon
        self.report(at(5), "fault")
        self.assertEqual(uptime(self.device, at(4), at(6)), 0.5)
        self.assertEqual(uptime(self.device, at(5), at(6)), 0.0)
        # Before the first report nothing is known: the known part is what counts.
        self.assertEqual(uptime(self.device, datetime(2026, 10, 1, tzinfo=CST), at(2)), 1.0)
        with self.assertRaises(ValueError):
            uptime(self.device, at(2), at(2))

    def test_the_latest_report_sets_the_status(self):
        self.report(at(3), "fault")
        self.device.refresh_from_db()
        self.assertEqual(self.device.status, "fault")
        self.report(at(2), "online")  # an earlier moment, reported late
        self.device.refresh_from_db()
        self.assertEqual(self.device.status, "fault")


class DeviceBadInputTests(BoundsMixin, TestCase):
    model = SurveillanceDevice

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.other_area = ResidentialArea.objects.create(community=cls.tree["C2"], name="蜂巢小区")

    def test_location_is_one_place_of_the_community(self):
        url = "/api/safety/devices/"
        body = {"community": self.tree["C1"].code, "code": "X1", "name": "东门", "kind": "camera"}
        message = "请填写设备所在的小区或公共区域（二者选一）。"
        self.assert_api_refuses(url, body, "public_area", message)
        self.assert_api_refuses(
            url, {**body, "residential_area": self.other_area.pk}, "residential_area", "该小区属于其他社区。",
            level="street",
        )  # fmt: skip
        self.assert_api_accepts(url, {**body, "public_area": "东门广场"})


class PlatformReportTests(TestCase):
    """The video platform posts statuses through its API account (GOV-2): idempotent, refused for an unknown device
    or a caller without the right, naming the field in Chinese."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.device = SurveillanceDevice.objects.create(
            community=cls.tree["C1"], code="D1", name="一号", public_area="东门"
        )
        SurveillanceDevice.objects.create(community=cls.tree["C4"], code="D4", name="四号", public_area="西门")

    def post(self, level, device="D1", **body):
        from rest_framework.test import APIClient

        api = APIClient()
        api.force_authenticate(self.tree.users[level])
        values = {"status": "offline", "reported_at": "2026-11-01T08:00:00+08:00", **body}
        return api.post(f"/api/safety/device-reports/by-code/{device}/", values, format="json")

    def test_idempotent_and_refusals(self):
        first = self.post("community")
        self.assertEqual(first.status_code, 201, first.data)
        again = self.post("community")
        self.assertEqual((again.status_code, again.data["id"]), (200, first.data["id"]))
        self.assertEqual(DeviceStatusReport.objects.unscoped("test").count(), 1)
        self.device.refresh_from_db()
        self.assertEqual(self.device.status, "offline")
        conflict = self.post("community", status="online")
        self.assertEqual(
            (conflict.status_code, conflict.data["status"]), (400, ["该设备在这一时刻已上报了不同的状态。"])
        )
        for code in ("NOPE", "D4"):  # unknown, and outside the caller's jurisdiction: the same answer
            unknown = self.post("community", device=code)
            self.assertEqual(
                (unknown.status_code, unknown.data["device"]), (400, ["您的管辖范围内没有这个编码的监控设备。"])
            )
        bad = self.post("community", status="broken")
        self.assertEqual((bad.status_code, bad.data["status"]), (400, ["请选择设备状态。"]))
        self.assertEqual(self.post("auditor").status_code, 403)
        self.assertEqual(self.post("community", reported_at="2099-01-01T08:00:00+08:00").status_code, 400)
        self.assertEqual(DeviceStatusReport.objects.unscoped("test").count(), 1)
