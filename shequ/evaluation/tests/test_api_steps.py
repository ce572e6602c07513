"""The steps of rectification and re-checks through the API (issue #14 leftovers; EVAL-3, EVAL-4): the same services
as the pages, the same refusals in Chinese naming the field, the same permissions."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from rest_framework.test import APIClient

from shequ.evaluation import models, services
from shequ.evaluation.tests.test_rectification import build_city, publish


def api(user):
    client = APIClient()
    client.force_login(user)
    return client


@override_settings(MEDIA_ROOT="/tmp/shequ-evaluation-api")
class RectificationApiTests(TestCase):
    def setUp(self):
        build_city(self)
        publish(services.evaluate(acting_user=None, division=self.tree["city"], year=2025, today=date(2025, 12, 31)))
        self.case = models.Rectification.objects.get()
        case = self.case
        case.meeting_on = date(2026, 1, 10)
        case.cause_satisfaction = True
        case.measures = "每月入户走访"
        case.responsible = "王五（社区书记）"
        case.deadline = date(2026, 6, 30)
        case.save()
        self.url = f"/api/evaluation/rectifications/{case.pk}"

    def test_a_case_is_worked_through_to_its_close(self):
        street, district = api(self.users["street"]), api(self.users["district"])
        answer = street.post(
            f"{self.url}/progress/", {"day": "2026-02-01", "text": "完成入户走访 120 户"}, format="json"
        )
        self.assertEqual(answer.status_code, 200, answer.data)
        self.assertEqual(list(self.case.progress.values_list("text", flat=True)), ["完成入户走访 120 户"])
        answer = street.post(f"{self.url}/progress/", {"day": "2099-01-01", "text": "未来"}, format="json")
        self.assertEqual((answer.status_code, answer.data), (400, {"day": ["整改进展：日期不能晚于今天。"]}))
        answer = street.post(f"{self.url}/progress/", {"day": "0001-01-01", "text": "远古"}, format="json")
        self.assertEqual((answer.status_code, answer.data), (400, {"day": ["不得早于 2000-01-01。"]}))
        self.assertEqual(self.case.progress.count(), 1)

        answer = street.post(f"{self.url}/evidence/", {"file": SimpleUploadedFile("x.exe", b"MZ")}, format="multipart")
        self.assertEqual(
            (answer.status_code, answer.data), (400, {"file": ["佐证材料须为不超过 10 MB 的 PDF、JPEG 或 PNG 文件。"]})
        )
        report = SimpleUploadedFile("整改报告.pdf", b"%PDF-1.4 report")
        self.assertEqual(street.post(f"{self.url}/evidence/", {"file": report}, format="multipart").status_code, 200)
        self.assertEqual(list(self.case.evidence.values_list("name", flat=True)), ["整改报告.pdf"])

        answer = street.post(f"{self.url}/close/", {"closed_on": "2026-05-01"}, format="json")
        self.assertEqual(answer.status_code, 400)
        self.assertEqual(answer.data, {"detail": ["整改案例尚不能办结：请先记录问责决定（所列原因须追究责任）。"]})
        decision = {
            "person": "王五",
            "post": "社区书记",
            "cause": "satisfaction",
            "decision": "诫勉谈话",
            "decided_by": "思明区委",
            "decided_on": "2026-02-01",
        }
        self.assertEqual(street.post(f"{self.url}/accountability/", decision, format="json").status_code, 403)
        self.assertEqual(district.post(f"{self.url}/accountability/", decision, format="json").status_code, 200)
        answer = street.post(f"{self.url}/close/", {"closed_on": "2026-05-01", "note": "满意率回升"}, format="json")
        self.assertEqual(
            (answer.status_code, answer.data["status"], answer.data["closed_on"]), (200, "closed", "2026-05-01")
        )
        answer = street.post(f"{self.url}/progress/", {"day": "2026-05-02", "text": "回访"}, format="json")
        self.assertEqual((answer.status_code, answer.data), (400, {"detail": ["该整改案例已办结，不再更改。"]}))

    def test_a_case_outside_the_jurisdiction_is_not_there(self):
        outsider = api(self.users["community"])  # C1's staff; the case is C2's
        self.assertEqual(
            outsider.post(f"{self.url}/progress/", {"day": "2026-02-01", "text": "走访"}, format="json").status_code,
            404,
        )


class RecheckApiTests(TestCase):
    def setUp(self):
        from shequ.core.testing.fixtures import build_tree

        self.tree = build_tree()
        self.users = self.tree.users
        for key in ("C1", "C2", "C3", "C4"):
            models.Title.objects.create(community=self.tree[key], year=2024, named_on=date(2025, 2, 1))

    def test_the_city_draws_and_records_a_failure(self):
        body = {"division": self.tree["city"].code, "year": 2025, "size": 2, "seed": 20251}
        district = api(self.users["district"])  # only the city draws
        own = {**body, "division": self.tree["D1"].code}
        self.assertEqual(district.post("/api/evaluation/draws/draw/", own, format="json").status_code, 403)
        self.assertEqual(district.post("/api/evaluation/draws/draw/", body, format="json").status_code, 404)
        answer = api(self.users["city"]).post("/api/evaluation/draws/draw/", body, format="json")
        self.assertEqual(answer.status_code, 201, answer.data)
        draw = models.RecheckDraw.objects.get()
        self.assertEqual(
            sorted(draw.rechecks.values_list("community__code", flat=True)), ["350203001001", "350203003001"]
        )
        recheck = draw.rechecks.get(community__code="350203001001")
        url = f"/api/evaluation/rechecks/{recheck.pk}/record/"
        city = api(self.users["city"])
        answer = city.post(url, {"passed": False, "checked_on": "2025-09-01"}, format="json")
        self.assertEqual(
            (answer.status_code, answer.data), (400, {"criticism": ["复查未通过须通报批评：请填写通报批评内容。"]})
        )
        far = {"passed": False, "checked_on": "2025-09-01", "criticism": "通报批评", "deadline": "9999-12-31"}
        answer = city.post(url, far, format="json")
        self.assertEqual((answer.status_code, answer.data), (400, {"deadline": ["整改期限最迟为复查后两年内。"]}))
        answer = city.post(
            url,
            {"passed": False, "checked_on": "2025-09-01", "criticism": "通报批评", "deadline": "2025-12-31"},
            format="json",
        )
        recheck.refresh_from_db()
        self.assertEqual((answer.status_code, recheck.result, recheck.criticism), (200, "failed", "通报批评"))
        self.assertTrue(models.Rectification.objects.filter(recheck=recheck, deadline=date(2025, 12, 31)).exists())
        self.assertEqual(city.post(url, {"passed": True, "checked_on": "2025-09-02"}, format="json").status_code, 400)
