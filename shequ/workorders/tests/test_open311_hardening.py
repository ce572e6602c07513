"""Open311 bounded and answering right (issue #12, "Crashes" and "Wrong answers"; SVC-5; DESIGN.md §11: outside
input is bounded before use). Each case was a 500 or a wrong answer before: dates out of the calendar or of the
datetime range, NaN coordinates, over-long idempotency keys, category limits that overflow every intake, silent
truncation, 201 on a replay, dropped `media_url` and `email`, untrimmed id lists, HTML answers to a POST on a GET-only
endpoint, and control characters that made the XML feeds ill-formed."""

from datetime import datetime
from io import StringIO
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import time_machine
from django.core.management import call_command
from django.test import Client, TestCase
from rest_framework.test import APIClient

from shequ.core.testing.fixtures import build_tree
from shequ.workorders import services
from shequ.workorders.models import Category, WorkOrder
from shequ.workorders.testing import make_desk

T0 = datetime(2026, 6, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
BASE = "/open311/v2"


def error(status: int, description: str) -> tuple:
    return status, [{"code": status, "description": description}]


@time_machine.travel(T0, tick=False)
class Open311BoundsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        cls.desk = make_desk(cls.tree)
        Category.objects.filter(code__in=("01", "0101")).update(public=True)
        out = StringIO()
        call_command("open311_key", "Test client", stdout=out)
        cls.key = out.getvalue().strip().splitlines()[-1]

    def post(self, fmt="json", headers=None, **fields):
        data = {"api_key": self.key, "service_code": "0101", "address_id": "350203001001", "description": "路灯不亮"}
        return self.client.post(f"{BASE}/requests.{fmt}", {**data, **fields}, headers=headers or {})

    def answer(self, response) -> tuple:
        return response.status_code, response.json()

    def orders(self):
        return WorkOrder.objects.unscoped("test")

    def published(self, **fields) -> WorkOrder:
        response = self.post(**fields)
        self.assertEqual(response.status_code, 201, response.content)
        order = self.orders().get(number=response.json()[0]["service_request_id"])
        return services.review_publication(order, actor=self.tree.users["community"], publish=True)

    # ---- crashes: each a 500 before ------------------------------------------------------------------------------

    def test_dates_out_of_the_calendar_or_the_datetime_range_are_a_400(self):
        message = "{} must be a W3C datetime between 2000 and 2099, e.g. 2026-06-01T09:00:00+08:00."
        for value in (
            "2026-02-30T00:00:00Z",  # ValueError
            "0001-01-01T00:00:00+14:00",  # OverflowError
            "9999-12-31T23:59:59-12:00",  # OverflowError
            "1970-01-01T00:00:00Z",
            "yesterday",
        ):
            for name in ("start_date", "end_date"):
                with self.subTest(name=name, value=value):
                    response = self.client.get(f"{BASE}/requests.json", {name: value})
                    self.assertEqual(self.answer(response), error(400, message.format(name)))
        self.assertEqual(self.client.get(f"{BASE}/requests.json", {"start_date": "2026-05-30T00:00:00Z"}).json(), [])

    def test_nan_and_infinite_coordinates_are_a_400(self):
        for lat, lon in (("NaN", "118.08"), ("24.45", "nan"), ("inf", "118.08"), ("24.45", "-Infinity"), ("sNaN", "1")):
            with self.subTest(lat=lat, long=lon):
                response = self.post(address_id="", lat=lat, long=lon)
                self.assertEqual(self.answer(response), error(400, "lat and long must be decimal degrees."))
        self.assertEqual(self.orders().count(), 0)

    def test_an_idempotency_key_longer_than_its_column_is_a_400(self):
        for key in ("k" * 65, "k" * 200, "with space"):
            with self.subTest(key=key):
                response = self.post(headers={"Idempotency-Key": key})
                self.assertEqual(
                    self.answer(response),
                    error(400, "Idempotency-Key must be 1 to 64 printable ASCII characters."),
                )
        self.assertEqual(self.orders().count(), 0)
        self.assertEqual(self.post(headers={"Idempotency-Key": "k" * 64}).status_code, 201)
        api = APIClient()
        api.force_authenticate(self.tree.users["community"])
        body = {"request_type": "help", "category": "0101", "description": "灯", "community": "350203001001"}
        refused = api.post("/api/workorders/orders/", body, format="json", headers={"Idempotency-Key": "k" * 200})
        self.assertEqual(
            (refused.status_code, refused.json()), (400, {"Idempotency-Key": ["1 to 64 printable ASCII characters."]})
        )
        self.assertEqual(self.orders().count(), 1)

    # ---- wrong answers ---------------------------------------------------------------------------------------------

    def test_over_long_fields_are_refused_naming_the_field_never_cut(self):
        cases = [
            ({"address_string": "路" * 201}, "address_string is too long: at most 200 characters."),
            ({"last_name": "李" * 51}, "last_name is too long: at most 50 characters."),
            ({"first_name": "明" * 51}, "first_name is too long: at most 50 characters."),
            (
                {"last_name": "李" * 30, "first_name": "明" * 30},
                "first_name and last_name are too long: at most 50 characters together.",
            ),
            ({"email": "a" * 95 + "@x.com"}, "email is too long: at most 100 characters."),
            ({"media_url": "https://x.cn/" + "p" * 500}, "media_url is too long: at most 500 characters."),
        ]
        for fields, message in cases:
            with self.subTest(fields=list(fields)):
                self.assertEqual(self.answer(self.post(**fields)), error(400, message))
        self.assertEqual(self.orders().count(), 0)
        self.assertEqual(self.post(address_string="路" * 200, last_name="李" * 50).status_code, 201)
        self.assertEqual(self.orders().get().address, "路" * 200)

    def test_control_characters_are_refused_naming_the_field(self):
        for name in ("description", "address_string", "first_name", "last_name", "service_code", "email"):
            with self.subTest(name=name):
                response = self.post(**{name: "灯\x01坏"})
                self.assertEqual(self.answer(response), error(400, f"{name} contains control characters."))
        self.assertEqual(self.orders().count(), 0)

    def test_a_replayed_idempotency_key_answers_200_with_the_same_body(self):
        first = self.post(headers={"Idempotency-Key": "abc"})
        again = self.post(headers={"Idempotency-Key": "abc"})
        self.assertEqual((first.status_code, again.status_code), (201, 200))
        self.assertEqual(first.json(), again.json())
        self.assertEqual(self.orders().count(), 1)

    def test_media_url_and_email_are_kept_the_email_encrypted_and_never_published(self):
        order = self.published(email="li.ming@example.com", media_url="https://photos.example.com/a.jpg")
        self.assertEqual(
            (order.media_url, order.caller_email_masked, order.reveal("caller_email")),
            ("https://photos.example.com/a.jpg", "l***@example.com", "li.ming@example.com"),
        )
        self.assertNotIn("li.ming", order.caller_email_encrypted)
        body = self.client.get(f"{BASE}/requests/{order.number}.json")
        self.assertEqual(body.json()[0]["media_url"], "https://photos.example.com/a.jpg")
        self.assertNotIn(b"example.com/a", body.content.replace(b"photos.example.com/a", b""))
        self.assertNotIn(b"li.ming", body.content)
        self.assertEqual(
            self.answer(self.post(email="not-an-address")), error(400, "email is not a valid e-mail address.")
        )
        self.assertEqual(
            self.answer(self.post(media_url="javascript:alert(1)")),
            error(400, "media_url is not an http or https URL."),
        )

    def test_coordinates_are_numbers_in_json(self):
        order = self.published(address_id="", lat="24.45", long="118.08")
        [row] = self.client.get(f"{BASE}/requests/{order.number}.json").json()
        self.assertEqual((row["lat"], row["long"]), (24.45, 118.08))
        root = ElementTree.fromstring(self.client.get(f"{BASE}/requests/{order.number}.xml").content)
        self.assertEqual((root.findtext("request/lat"), root.findtext("request/long")), ("24.45", "118.08"))

    def test_the_post_returns_a_token_that_tokens_resolves_before_publication(self):
        [created] = self.post().json()
        order = self.orders().get(number=created["service_request_id"])
        self.assertEqual(created["token"], order.token)
        self.assertEqual(
            self.client.get(f"{BASE}/tokens/{order.token}.json").json(),
            [{"service_request_id": order.number, "token": order.token}],
        )
        self.assertEqual(
            self.answer(self.client.get(f"{BASE}/tokens/{'0' * 32}.json")),
            error(404, f"Token {'0' * 32} does not exist."),
        )

    def test_id_code_and_status_lists_are_trimmed(self):
        first = self.published(description="一").number
        second = self.published(description="二").number

        def ids(**params):
            return [row["service_request_id"] for row in self.client.get(f"{BASE}/requests.json", params).json()]

        self.assertEqual(sorted(ids(service_request_id=f"{first}, {second} ")), sorted([first, second]))
        self.assertEqual(len(ids(service_code=" 0101 , 01")), 2)
        self.assertEqual(len(ids(status="open, closed")), 2)
        many = self.client.get(f"{BASE}/requests.json", {"service_request_id": ",".join(["1"] * 201)})
        self.assertEqual(self.answer(many), error(400, "service_request_id may list at most 200 values."))

    def test_a_post_to_a_get_only_endpoint_is_an_open311_error_not_html(self):
        browser = Client(enforce_csrf_checks=True)  # as a real client meets it: no CSRF cookie
        for path in ("services.json", "services/0101.json", "requests/1.json", "discovery.json", "tokens/x.json"):
            with self.subTest(path=path):
                response = browser.post(f"{BASE}/{path}", {"a": "b"})
                self.assertEqual(self.answer(response), error(405, "Method POST is not allowed here."))
                self.assertEqual(response["Allow"], "GET, HEAD, OPTIONS")
        response = browser.post(f"{BASE}/")
        self.assertEqual(response.status_code, 405)
        self.assertEqual(ElementTree.fromstring(response.content).findtext("error/code"), "405")

    def test_xml_output_is_well_formed_even_for_rows_stored_before_the_check(self):
        order = self.published(description="灯坏了")
        self.orders().filter(pk=order.pk).update(description="灯\x01坏\x1b[31m了\ufffe")
        Category.objects.filter(code="0101").update(name="垃圾\x0b清运")
        for path in (f"requests/{order.number}.xml", "requests.xml", "services.xml", "services/%01.xml"):
            with self.subTest(path=path):
                response = self.client.get(f"{BASE}/{path}")
                ElementTree.fromstring(response.content)  # raises if not well-formed
        root = ElementTree.fromstring(self.client.get(f"{BASE}/requests/{order.number}.xml").content)
        self.assertEqual(root.findtext("request/description"), "灯\ufffd坏\ufffd[31m了\ufffd")
        self.assertEqual(root.findtext("request/service_name"), "垃圾\ufffd清运")


class CategoryBoundsTests(TestCase):
    """Category time limits are bounded and ordered in validation (issue #12): a limit of 10⁹ minutes was accepted
    by the API and then every intake in the category overflowed a datetime; a yellow limit above the red one was
    accepted too."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def body(self, **fields):
        return {
            "code": "09",
            "name": "测试",
            "accept_yellow": 30,
            "accept_red": 60,
            "handle_yellow": 60,
            "handle_red": 120,
            "emergency_accept_red": 10,
            "emergency_handle_red": 60,
            **fields,
        }

    def test_the_api_refuses_limits_above_a_year_and_yellow_after_red(self):
        api = APIClient()
        api.force_authenticate(self.tree.users["city"])
        for fields, key in (
            ({"accept_red": 10**9}, "accept_red"),
            ({"emergency_handle_red": 525601}, "emergency_handle_red"),
            ({"handle_yellow": 0}, "handle_yellow"),
        ):
            with self.subTest(fields=fields):
                response = api.post("/api/workorders/categories/", self.body(**fields), format="json")
                self.assertEqual(response.status_code, 400)
                self.assertEqual(list(response.json()), [key])
        response = api.post("/api/workorders/categories/", self.body(accept_yellow=90), format="json")
        self.assertEqual(
            (response.status_code, response.json()), (400, {"accept_yellow": ["黄牌预警时间必须早于红牌时限。"]})
        )
        self.assertFalse(Category.objects.exists())
        created = api.post("/api/workorders/categories/", self.body(accept_red=525600, public=True), format="json")
        self.assertEqual((created.status_code, created.json()["public"]), (201, True))
        patched = api.patch(f"/api/workorders/categories/{created.json()['id']}/", {"handle_red": 30}, format="json")
        self.assertEqual(
            (patched.status_code, patched.json()), (400, {"handle_yellow": ["黄牌预警时间必须早于红牌时限。"]})
        )

    def test_the_page_refuses_them_too(self):
        self.client.force_login(self.tree.users["city"])
        response = self.client.post("/workorders/categories/add/", self.body(accept_red=10**9, handle_yellow=200))
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors
        self.assertEqual(sorted(errors), ["accept_red", "handle_yellow"])
        self.assertEqual(errors["handle_yellow"], ["黄牌预警时间必须早于红牌时限。"])
        self.assertFalse(Category.objects.exists())


@time_machine.travel(T0, tick=False)
class ExtensionBoundsTests(TestCase):
    """An extension to 9999-12-31 was accepted through the API (issue #12, implausible values): at most a year
    after the current limit."""

    def test_an_extension_beyond_a_year_is_refused(self):
        tree = build_tree()
        desk = make_desk(tree)
        order, _created = services.submit(
            acting_user=services.PUBLIC,
            source="phone",
            request_type="help",
            category=desk.child,
            description="灯",
            community=tree["C1"],
        )
        services.accept(order, actor=tree.users["community"])
        api = APIClient()
        api.force_authenticate(tree.users["community"])
        url = f"/api/workorders/orders/{order.pk}/extend/"
        refused = api.post(url, {"until": "9999-12-31T23:59:59+08:00", "text": "协调"}, format="json")
        self.assertEqual((refused.status_code, refused.json()), (400, {"until": ["新时限最多比当前时限晚一年。"]}))
        order.refresh_from_db()
        self.assertIsNone(order.extension_until)
        accepted = api.post(url, {"until": "2027-05-31T09:00:00+08:00", "text": "协调"}, format="json")
        self.assertEqual(accepted.status_code, 200)


class StaffIntakeKeyTests(TestCase):
    """The staff intake's idempotency key fits its column with its prefix (issue #12: a 100-character key was a
    DataError on PostgreSQL): at most 64 characters, a form error otherwise."""

    def test_an_over_long_key_is_a_form_error(self):
        tree = build_tree()
        desk = make_desk(tree)
        self.client.force_login(tree.users["community"])
        data = {
            "request_type": "help",
            "category": desk.child.pk,
            "description": "灯",
            "community": tree["C1"].pk,
            "idempotency_key": "k" * 100,
        }
        response = self.client.post("/workorders/orders/add/", data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(response.context["form"].errors), ["idempotency_key"])
        self.assertEqual(WorkOrder.objects.unscoped("test").count(), 0)
        self.assertEqual(
            self.client.post("/workorders/orders/add/", {**data, "idempotency_key": "k" * 64}).status_code, 302
        )


@time_machine.travel(T0, tick=False)
class Open311RateLimitTests(TestCase):
    """Per address and per api_key, counted in the shared cache (issue #18: one count across instances; the
    several-instances test proves the cache shared for the portal's limit, which uses the same counter)."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()
        make_desk(cls.tree)
        out = StringIO()
        call_command("open311_key", "Test client", stdout=out)
        cls.key = out.getvalue().strip().splitlines()[-1]

    def setUp(self):
        from django.core.cache import cache

        cache.clear()

    def post(self, address):
        data = {"api_key": self.key, "service_code": "0101", "address_id": "350203001001", "description": "路灯不亮"}
        return self.client.post(f"{BASE}/requests.json", data, REMOTE_ADDR=address)

    def test_each_address_is_limited_on_its_own(self):
        with self.settings(SHEQU_OPEN311_IP_LIMIT=2):
            statuses = [self.client.get(f"{BASE}/services.json", REMOTE_ADDR="10.0.0.1").status_code for _ in range(3)]
            self.assertEqual(statuses, [200, 200, 429])
            response = self.client.get(f"{BASE}/services.xml", REMOTE_ADDR="10.0.0.1")
            self.assertEqual(response.status_code, 429)
            self.assertIn(b"<code>429</code>", response.content)
            self.assertEqual(self.client.get(f"{BASE}/services.json", REMOTE_ADDR="10.0.0.2").status_code, 200)

    def test_an_api_key_is_limited_wherever_it_posts_from(self):
        with self.settings(SHEQU_OPEN311_CLIENT_LIMIT=2):
            self.assertEqual([self.post("10.0.0.1").status_code, self.post("10.0.0.2").status_code], [201, 201])
            response = self.post("10.0.0.3")
            self.assertEqual(
                (response.status_code, response.json()),
                error(429, "Too many requests with this api_key. Try again later."),
            )
        self.assertEqual(WorkOrder.objects.unscoped("test").count(), 2)
