"""Outside input is bounded before use; errors answer in the caller's format (issue #12 "crashes", DESIGN.md §11).

Each case was a 500, or an HTML page to an API client, on the code before this test.
"""

from django.test import TestCase, override_settings
from rest_framework.test import APIClient

from shequ.core.testing.fixtures import build_tree
from shequ.volunteers.models import VolunteerTeam


class HostileJsonTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def setUp(self):
        self.api = APIClient()
        self.api.force_login(self.tree.users["community"])

    def post(self, url, body: str):
        return self.api.post(url, body, content_type="application/json")

    def test_deeply_nested_json_is_400(self):
        for depth in (100_000, 33):
            with self.subTest(depth=depth):
                response = self.post("/api/volunteers/teams/", "[" * depth + "]" * depth)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json(), {"detail": "请求体嵌套层级过深。"})
        # 32 levels is within bounds: the body is read, and refused for what it says, not for its shape.
        response = self.post("/api/volunteers/teams/", '{"name": ' + "[" * 31 + "]" * 31 + "}")
        self.assertEqual(response.status_code, 400)
        self.assertIn("name", response.json())

    def test_numbers_beyond_any_column_are_400(self):
        for literal in ("1e400", "-1e400", "123456789012345678901234567890"):
            with self.subTest(literal=literal):
                response = self.post(
                    "/api/volunteers/teams/", f'{{"community": "350203001001", "members": [{literal}]}}'
                )
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json(), {"detail": "请求中的数字过大。"})
        response = self.post("/api/volunteers/teams/", '{"members": [NaN]}')
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"detail": "NaN 不是 JSON 允许的数字。"})
        self.assertFalse(VolunteerTeam.objects.exists())

    def test_search_body_must_be_an_object(self):
        for body in ("[1, 2]", '"鸿山"', "7"):
            with self.subTest(body=body):
                response = self.post("/api/volunteers/teams/search/", body)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(
                    response.json(), {"non_field_errors": ["查询请求体必须是由筛选条件组成的 JSON 对象。"]}
                )
        self.assertEqual(self.post("/api/volunteers/teams/search/", "{}").status_code, 200)


class ErrorsInTheCallersFormatTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def test_unknown_api_route_is_json_404(self):
        api = APIClient()
        api.force_login(self.tree.users["community"])
        response = api.get("/api/no-such-register/")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(response.json(), {"detail": "未找到。"})

    def test_unknown_open311_route_is_an_open311_error_list(self):
        response = self.client.get("/open311/v2/nothing.json")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), [{"code": 404, "description": "未找到。"}])
        response = self.client.get("/open311/v2/nothing.xml")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(
            response.content.decode(),
            '<?xml version="1.0" encoding="UTF-8"?>\n<errors><error><code>404</code><description>未找到。</description>'
            "</error></errors>",
        )

    def test_pages_keep_their_html_404(self):
        self.client.force_login(self.tree.users["community"])
        response = self.client.get("/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertTrue(response["Content-Type"].startswith("text/html"))

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
    def test_over_size_body_is_json_400(self):
        api = APIClient()
        api.force_login(self.tree.users["community"])
        response = api.post("/api/volunteers/teams/", '{"name": "' + "a" * 4096 + '"}', content_type="application/json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"detail": "请求无法读取（过大或格式有误）。"})
