"""Open311 GeoReport v2, field by field in JSON and XML, as a 311 client sees it (issue #5; SVC-5). The categories
of the desk are marked public here and requests are published through the review (issue #12: see
`test_open311_hardening.py` for what is never published)."""

from datetime import datetime, timedelta
from io import StringIO
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import time_machine
from django.core.management import call_command
from django.test import TestCase

from shequ.core.testing.fixtures import build_tree
from shequ.workorders import services
from shequ.workorders.models import Category, Open311Client, WorkOrder
from shequ.workorders.testing import make_desk

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
BASE = "/open311/v2"


def xml(response):
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ElementTree.fromstring(response.content)


def children(element) -> dict:
    return {child.tag: (child.text or "") for child in element}


@time_machine.travel(T0, tick=False)
class Open311Tests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)
        Category.objects.filter(code__in=("01", "0101")).update(public=True)
        out = StringIO()
        call_command("open311_key", "Test client", stdout=out)
        cls.key = out.getvalue().strip().splitlines()[-1]

    def post(self, fmt="json", **fields):
        data = {
            "api_key": self.key,
            "service_code": "0101",
            "address_id": "350203001001",
            "description": "路灯不亮",
            **fields,
        }
        return self.client.post(f"{BASE}/requests.{fmt}", data)

    def publish(self, number: str) -> None:
        order = WorkOrder.objects.unscoped("test").get(number=number)
        services.review_publication(order, actor=self.tree.users["community"], publish=True)

    def test_the_key_is_stored_hashed_and_can_be_revoked(self):
        client = Open311Client.objects.get(name="Test client")
        self.assertNotEqual(client.key_digest, self.key)
        self.assertEqual(len(client.key_digest), 64)
        self.assertEqual(self.post().status_code, 201)  # the key is now remembered by this process …
        call_command("open311_key", "Test client", "--revoke", stdout=StringIO())  # … and forgotten at once
        response = self.post()
        self.assertEqual(
            (response.status_code, response.json()), (403, [{"code": 403, "description": "The api_key is not valid."}])
        )

    def test_discovery(self):
        data = self.client.get(f"{BASE}/discovery.json").json()
        self.assertEqual(set(data), {"changeset", "contact", "key_service", "endpoints"})
        self.assertEqual(
            data["endpoints"],
            [
                {
                    "specification": "http://wiki.open311.org/GeoReport_v2",
                    "url": "http://testserver/open311/v2",
                    "changeset": data["changeset"],
                    "type": "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        )
        root = xml(self.client.get(f"{BASE}/discovery.xml"))
        self.assertEqual(root.tag, "discovery")
        endpoint = root.find("endpoints/endpoint")
        self.assertEqual(endpoint.findtext("specification"), "http://wiki.open311.org/GeoReport_v2")
        self.assertEqual([f.text for f in endpoint.findall("formats/format")], ["text/xml", "application/json"])

    def test_services_and_a_definition(self):
        self.assertEqual(
            self.client.get(f"{BASE}/services.json").json(),
            [
                {
                    "service_code": "01",
                    "service_name": "环境卫生",
                    "description": "",
                    "metadata": False,
                    "type": "realtime",
                    "keywords": "",
                    "group": "",
                },
                {
                    "service_code": "0101",
                    "service_name": "垃圾清运",
                    "description": "",
                    "metadata": False,
                    "type": "realtime",
                    "keywords": "",
                    "group": "环境卫生",
                },
            ],
        )
        root = xml(self.client.get(f"{BASE}/services.xml"))
        self.assertEqual((root.tag, [s.tag for s in root]), ("services", ["service", "service"]))
        self.assertEqual(
            children(root[1]),
            {
                "service_code": "0101",
                "service_name": "垃圾清运",
                "description": "",
                "metadata": "false",
                "type": "realtime",
                "keywords": "",
                "group": "环境卫生",
            },
        )
        self.assertEqual(
            self.client.get(f"{BASE}/services/0101.json").json(), {"service_code": "0101", "attributes": []}
        )
        self.assertEqual(xml(self.client.get(f"{BASE}/services/0101.xml")).tag, "service_definition")
        missing = self.client.get(f"{BASE}/services/9999.xml")
        self.assertEqual(missing.status_code, 404)
        self.assertEqual(
            children(xml(missing).find("error")), {"code": "404", "description": "Service 9999 does not exist."}
        )

    def test_post_then_get_the_request_in_both_formats(self):
        response = self.post(lat="24.45", long="118.08", first_name="明", last_name="李", phone="13812345678")
        self.assertEqual(response.status_code, 201)
        [created] = response.json()
        order = WorkOrder.objects.unscoped("test").get(number=created["service_request_id"])
        self.assertEqual(
            created,
            {"service_request_id": order.number, "token": order.token, "service_notice": "", "account_id": None},
        )
        self.publish(order.number)
        self.assertEqual(
            (order.source, order.caller_name, order.caller_phone_masked, order.community.code),
            ("api", "李 明", "138****5678", "350203001001"),
        )
        expected = {
            "service_request_id": order.number,
            "status": "open",
            "status_notes": "已派单",
            "service_name": "垃圾清运",
            "service_code": "0101",
            "description": "路灯不亮",
            "agency_responsible": "鸿山社区居委会",
            "service_notice": "",
            "requested_datetime": "2026-06-01T09:00:00+08:00",
            "updated_datetime": "2026-06-01T09:00:00+08:00",
            "expected_datetime": "2026-06-01T10:00:00+08:00",
            "address": "",
            "address_id": "350203001001",
            "zipcode": "",
            "lat": 24.45,
            "long": 118.08,
            "media_url": "",
        }
        self.assertEqual(self.client.get(f"{BASE}/requests/{order.number}.json").json(), [expected])
        root = xml(self.client.get(f"{BASE}/requests/{order.number}.xml"))
        self.assertEqual((root.tag, root[0].tag), ("service_requests", "request"))
        self.assertEqual(children(root[0]), {k: ("" if v is None else str(v)) for k, v in expected.items()})
        posted = xml(self.post("xml", description="井盖丢失", phone="13900001111"))
        self.assertEqual(
            [e.tag for e in posted.find("request")], ["service_request_id", "token", "service_notice", "account_id"]
        )
        services.accept(order, actor=self.tree.users["community"])
        services.reply(order, actor=self.tree.users["community"], text="已修复。")
        services.close(order, actor=self.tree.users["community"])
        closed = self.client.get(f"{BASE}/requests/{order.number}.json").json()[0]
        self.assertEqual(
            (closed["status"], closed["status_notes"], closed["expected_datetime"]), ("closed", "已修复。", None)
        )
        self.assertEqual(
            self.client.get(f"{BASE}/tokens/{order.token}.json").json(),
            [{"service_request_id": order.number, "token": order.token}],
        )

    def test_query_requests_by_id_code_dates_and_status(self):
        first = self.post().json()[0]["service_request_id"]
        with time_machine.travel(T0 + timedelta(days=2), tick=False):
            second = self.post(phone="13900001111", description="又一盏灯").json()[0]["service_request_id"]
        phone_order, _ = services.submit(
            acting_user=services.PUBLIC,
            source="phone",
            request_type="help",
            category=self.desk.child,
            description="电话来的",
            community=self.tree["C1"],
        )
        with time_machine.travel(T0 + timedelta(days=3), tick=False):
            self.publish(first)
            self.publish(second)

            def ids(**params):
                response = self.client.get(f"{BASE}/requests.json", params)
                self.assertEqual(response.status_code, 200, response.content)
                return [row["service_request_id"] for row in response.json()]

            self.assertEqual(ids(), [second, first])  # the phone order is not public
            self.assertEqual(ids(service_request_id=f"{first},{phone_order.number}"), [first])
            self.assertEqual(ids(service_code="01"), [])
            self.assertEqual(ids(service_code="0101,01"), [second, first])
            self.assertEqual(ids(start_date="2026-06-02T00:00:00+08:00"), [second])
            self.assertEqual(ids(end_date="2026-06-02T00:00:00+08:00"), [first])
            self.assertEqual(ids(status="closed"), [])
            self.assertEqual(ids(status="open"), [second, first])
            bad = self.client.get(f"{BASE}/requests.xml", {"start_date": "yesterday"})
            self.assertEqual(bad.status_code, 400)
            self.assertEqual(xml(bad).tag, "errors")

    def test_bad_posts_get_spec_errors_and_write_nothing(self):
        cases = [
            ({"api_key": ""}, 403, "An api_key is required."),
            ({"api_key": "wrong"}, 403, "The api_key is not valid."),
            ({"service_code": ""}, 400, "service_code is required."),
            ({"service_code": "9999"}, 404, "Service 9999 does not exist."),
            ({"address_id": ""}, 400, "A location is required: lat and long, address_string or address_id."),
            ({"address_id": "", "lat": "39.9", "long": "116.4"}, 400, "The location is outside the city."),
            ({"address_id": "110105001001"}, 400, "address_id 110105001001 is not a community code of this city."),
            ({"description": ""}, 400, "description: 请描述诉求内容。"),
            ({"description": "长" * 5001}, 400, "description: 最多 5000 个字符。"),
        ]
        for fields, status, description in cases:
            with self.subTest(fields=fields):
                response = self.post(**fields)
                self.assertEqual(
                    (response.status_code, response.json()), (status, [{"code": status, "description": description}])
                )
        self.assertEqual(WorkOrder.objects.unscoped("test").count(), 0)
        self.assertEqual(self.client.get(f"{BASE}/requests.csv").status_code, 404)
        self.assertEqual(self.client.delete(f"{BASE}/requests.json").status_code, 405)

    def test_idempotency_key_header(self):
        first = self.client.post(
            f"{BASE}/requests.json",
            {"api_key": self.key, "service_code": "0101", "address_id": "350203001001", "description": "一"},
            headers={"Idempotency-Key": "abc"},
        )
        again = self.client.post(
            f"{BASE}/requests.json",
            {"api_key": self.key, "service_code": "0101", "address_id": "350203001001", "description": "一"},
            headers={"Idempotency-Key": "abc"},
        )
        other = self.client.post(
            f"{BASE}/requests.json",
            {"api_key": self.key, "service_code": "0101", "address_id": "350203001001", "description": "二"},
            headers={"Idempotency-Key": "abc"},
        )
        self.assertEqual(first.json()[0]["service_request_id"], again.json()[0]["service_request_id"])
        self.assertEqual(other.status_code, 422)
        self.assertEqual(WorkOrder.objects.unscoped("test").count(), 1)
