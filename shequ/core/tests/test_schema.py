"""The OpenAPI schema tells clients the truth (issue #12): `search/` bodies and answers, nullable fields, error
responses, and integer bounds that do not depend on the database engine the schema was generated on."""

import json
from unittest import mock

import jsonschema
from django.apps import apps
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.backends.base.operations import BaseDatabaseOperations
from django.test import SimpleTestCase, TestCase
from django.urls import path
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from shequ.core.api.schema import integer_bounds
from shequ.core.api.serializers import FieldsOncePerClass
from shequ.core.testing.fixtures import build_tree
from shequ.workorders.filtersets import WorkOrderFilterSet
from shequ.workorders.models import WorkOrder

REF = "#/components/schemas/"


def generate(patterns=None) -> tuple[dict, SchemaGenerator]:
    generator = SchemaGenerator(patterns=patterns)
    document = generator.get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document, renderer_context={})), generator


_CACHE = {}


def document() -> dict:
    if "document" not in _CACHE:
        _CACHE["document"], _CACHE["generator"] = generate()
    return _CACHE["document"]


def is_nullable(schema: dict) -> bool:
    return bool(schema.get("nullable")) or any(
        part.get("$ref") == REF + "NullEnum" or part.get("nullable") for part in schema.get("oneOf", [])
    )


def answers_null(model, source: str) -> bool:
    """Whether a field read through `source` can be null: a nullable model field on the way (forward fields only)."""
    for part in source.split("."):
        if model is None:
            return False
        try:
            model_field = model._meta.get_field(part)
        except Exception:
            return False
        if not isinstance(model_field, models.Field) or model_field.many_to_many:
            return False
        if model_field.null:
            return True
        model = model_field.related_model
    return False


class SearchOperationTests(SimpleTestCase):
    def test_search_takes_the_filters_and_answers_the_paginated_list(self):
        paths = document()["paths"]
        search = paths["/api/workorders/orders/search/"]["post"]
        body = search["requestBody"]["content"]
        self.assertEqual(
            {media: content["schema"] for media, content in body.items()},
            {media: {"$ref": REF + "WorkOrderSearchRequest"} for media in body},
        )
        self.assertNotIn("required", search["requestBody"])
        component = document()["components"]["schemas"]["WorkOrderSearchRequest"]
        self.assertEqual(list(component["properties"]), list(WorkOrderFilterSet.base_filters))
        self.assertEqual(
            list(component["properties"]),
            ["q", "division", "status", "alert", "open", "request_type", "category", "unit", "source", "emergency",
             "publication"],
        )
        self.assertNotIn("required", component)
        properties = component["properties"]
        self.assertEqual(properties["q"]["type"], "string")
        self.assertEqual(properties["status"]["type"], "array")  # a multiple choice: a list of statuses
        self.assertEqual(properties["status"]["items"], {"$ref": REF + "OrderStatusEnum"})
        self.assertEqual(properties["alert"]["enum"], ["none", "red", "yellow"])  # the filter's, not the field's
        self.assertEqual(properties["open"]["type"], "boolean")
        # The answer is the list's page, not one order; no filter in the query string, only the page.
        self.assertEqual(search["responses"]["200"]["content"]["application/json"]["schema"],
                         {"$ref": REF + "PaginatedWorkOrderList"})
        self.assertEqual(search["responses"]["200"], paths["/api/workorders/orders/"]["get"]["responses"]["200"])
        self.assertEqual([p["name"] for p in search["parameters"]], ["page", "page_size"])

    def test_every_search_body_is_its_lists_filters(self):
        paths = document()["paths"]
        schemas = document()["components"]["schemas"]
        searches = [route for route in paths if route.endswith("/search/")]
        self.assertGreaterEqual(len(searches), 40)
        for route in searches:
            with self.subTest(route):
                search, listing = paths[route]["post"], paths[route.removesuffix("search/")]["get"]
                self.assertEqual(search["responses"]["200"], listing["responses"]["200"])
                ref = search["requestBody"]["content"]["application/json"]["schema"]["$ref"]
                self.assertTrue(ref.endswith("SearchRequest"), ref)
                # The list's query filters (a restricted register's reason header is not a filter, GOV-4).
                filters = [
                    p["name"]
                    for p in listing["parameters"]
                    if p["in"] == "query" and p["name"] not in ("page", "page_size")
                ]
                self.assertEqual(sorted(schemas[ref.removeprefix(REF)]["properties"]), sorted(filters))


class NullableTests(SimpleTestCase):
    def test_the_reported_fields_are_nullable(self):
        schemas = document()["components"]["schemas"]
        for component, field in [
            ("WorkOrder", "unit"),
            ("WorkOrder", "duplicate_of"),
            ("WorkOrder", "community"),
            ("Receipt", "unit"),
            ("Assignment", "department"),
        ]:
            with self.subTest(f"{component}.{field}"):
                self.assertIs(schemas[component]["properties"][field]["nullable"], True)

    def test_every_nullable_model_field_is_documented_nullable(self):
        schemas = document()["components"]["schemas"]
        generator = _CACHE["generator"]
        checked, wrong = 0, []
        for (name, kind), component in generator.registry._components.items():
            serializer = component.object
            if kind != "schemas" or not isinstance(serializer, serializers.ModelSerializer):
                continue
            properties = schemas[name].get("properties", {})
            for field_name, field in serializer.fields.items():
                if field_name not in properties or field.source == "*":
                    continue
                if answers_null(serializer.Meta.model, field.source):
                    checked += 1
                    if not is_nullable(properties[field_name]):
                        wrong.append(f"{name}.{field_name}")
        self.assertEqual(wrong, [])
        self.assertGreater(checked, 100)  # the walk found the registers' nullable fields, or it proves nothing


class ErrorResponseTests(SimpleTestCase):
    def responses(self, route, method):
        return document()["paths"][route][method]["responses"]

    def test_a_create_documents_its_errors(self):
        responses = self.responses("/api/regions/grids/", "post")
        self.assertEqual(list(responses), ["201", "400", "401", "403", "409"])
        self.assertEqual(responses["400"], {"$ref": "#/components/responses/BadRequest"})
        self.assertEqual(responses["403"], {"$ref": "#/components/responses/Forbidden"})
        # A POST to a collection has no record to miss: no 404.
        components = document()["components"]
        bad_request = components["responses"]["BadRequest"]["content"]["application/json"]["schema"]
        self.assertEqual(bad_request, {"$ref": REF + "BadRequest"})
        self.assertEqual(components["schemas"]["BadRequest"]["oneOf"],
                         [{"$ref": REF + "ValidationError"}, {"$ref": REF + "Error"}])
        validation = components["schemas"]["ValidationError"]
        self.assertEqual(validation["properties"]["non_field_errors"]["items"], {"type": "string"})
        self.assertEqual(validation["additionalProperties"], {"type": "array", "items": {"type": "string"}})
        self.assertEqual(components["schemas"]["Error"]["required"], ["detail"])
        for name in ("Unauthorized", "Forbidden", "NotFound", "Conflict"):
            self.assertEqual(
                components["responses"][name]["content"]["application/json"]["schema"], {"$ref": REF + "Error"}
            )

    def test_each_method_documents_the_errors_it_can_answer(self):
        self.assertEqual(list(self.responses("/api/regions/grids/", "get")), ["200", "400", "401", "403", "404"])
        detail = "/api/regions/grids/{id}/"
        self.assertEqual(list(self.responses(detail, "get")), ["200", "401", "403", "404"])
        self.assertEqual(list(self.responses(detail, "put")), ["200", "400", "401", "403", "404", "409"])
        self.assertEqual(list(self.responses(detail, "patch")), ["200", "400", "401", "403", "404", "409"])
        self.assertEqual(list(self.responses(detail, "delete")), ["204", "401", "403", "404", "409"])
        # A search is a read: no 409.
        search = self.responses("/api/regions/grids/search/", "post")
        self.assertEqual(list(search), ["200", "400", "401", "403", "404"])
        # An illegal step of a work order is 409, an unknown order 404.
        step = self.responses("/api/workorders/orders/{id}/{step}/", "post")
        self.assertEqual(list(step), ["200", "400", "401", "403", "404", "409"])

    def test_every_operation_documents_an_error(self):
        for route, operations in document()["paths"].items():
            for method, operation in operations.items():
                with self.subTest(f"{method} {route}"):
                    self.assertIn("401", operation["responses"])
                    self.assertIn("403", operation["responses"])
                    self.assertNotIn("429", operation["responses"])  # no API view is throttled today

    def test_a_throttled_view_documents_429(self):
        class Throttle(SimpleRateThrottle):
            rate = "1/min"

            def get_cache_key(self, request, view):
                return "test"

        class Throttled(APIView):
            throttle_classes = [Throttle]

            def get(self, request):  # pragma: no cover - never called
                return Response({})

        generated, _generator = generate([path("throttled/", Throttled.as_view())])
        responses = generated["paths"]["/throttled/"]["get"]["responses"]
        self.assertEqual(list(responses), ["200", "401", "403", "429"])
        too_many = generated["components"]["responses"]["TooManyRequests"]
        self.assertEqual(too_many["headers"]["Retry-After"]["schema"], {"type": "integer"})


class ErrorBodiesMatchTheSchemaTests(TestCase):
    """The documented error schemas describe what the API actually answers."""

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_tree()

    def assertMatches(self, body, component):
        schema = {"$ref": REF + component, "components": document()["components"]}
        jsonschema.validate(body, schema)

    def test_error_bodies(self):
        client = APIClient()
        anonymous = client.get("/api/regions/divisions/")
        self.assertEqual(anonymous.status_code, 401)
        self.assertMatches(anonymous.json(), "Error")

        client.force_login(self.tree.users["district"])
        invalid = client.post("/api/regions/divisions/", {"code": "35020300190", "name": "甲"}, format="json")
        self.assertEqual((invalid.status_code, invalid.json()), (400, {"code": ["区划代码必须是 12 位数字。"]}))
        self.assertMatches(invalid.json(), "BadRequest")
        self.assertMatches(invalid.json(), "ValidationError")

        unparsable = client.post("/api/regions/divisions/", "{", content_type="application/json")
        self.assertEqual(unparsable.status_code, 400)
        self.assertEqual(list(unparsable.json()), ["detail"])
        self.assertMatches(unparsable.json(), "BadRequest")
        self.assertMatches(unparsable.json(), "Error")

        not_an_object = client.post("/api/regions/divisions/search/", [1], format="json")
        self.assertEqual(not_an_object.status_code, 400)
        self.assertMatches(not_an_object.json(), "ValidationError")

        missing = client.get("/api/regions/divisions/999999999/")
        self.assertEqual(missing.status_code, 404)
        self.assertMatches(missing.json(), "Error")

        client.force_login(self.tree.users["unpermitted"])
        denied = client.post("/api/regions/divisions/", {}, format="json")
        self.assertEqual(denied.status_code, 403)
        self.assertMatches(denied.json(), "Error")


SQLITE_RANGES = {  # what SQLite's backend reports: any integer column holds 64 bits
    internal_type: ((0 if internal_type.startswith("Positive") else -(2**63)), 2**63 - 1)
    for internal_type in BaseDatabaseOperations.integer_field_ranges
}


def _forget_built_fields():
    """Model fields cache their validators (the connection's range among them), serializers their fields."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            vars(field).pop("validators", None)
    classes = [FieldsOncePerClass]
    while classes:
        cls = classes.pop()
        classes += cls.__subclasses__()
        if "_built_fields" in vars(cls):
            delattr(cls, "_built_fields")


def generate_as_if(ranges: dict) -> dict:
    """The schema as generated on a backend whose integer columns have `ranges`."""
    _forget_built_fields()
    try:
        with mock.patch.object(type(connection.ops), "integer_field_range", lambda ops, kind: ranges[kind]):
            return generate()[0]
    finally:
        _forget_built_fields()  # rebuilt with the real connection by whoever needs them next


class IntegerBoundsTests(SimpleTestCase):
    def test_the_schema_is_the_same_on_sqlite_and_postgresql(self):
        on_sqlite = generate_as_if(SQLITE_RANGES)
        on_postgresql = generate_as_if(BaseDatabaseOperations.integer_field_ranges)
        self.assertEqual(on_sqlite, on_postgresql)
        self.assertEqual(on_sqlite, document())  # and the same as on the engine the tests run on

    def test_bounds_are_the_models_within_the_field_types_range(self):
        schemas = document()["components"]["schemas"]
        self.assertEqual((schemas["Grid"]["properties"]["sequence"]["minimum"],
                          schemas["Grid"]["properties"]["sequence"]["maximum"]), (1, 999))
        returns = schemas["WorkOrder"]["properties"]["return_count"]
        self.assertEqual((returns["minimum"], returns["maximum"]), (0, 32767))
        self.assertEqual(integer_bounds(WorkOrder._meta.get_field("id")), (-(2**63), 2**63 - 1))
        self.assertEqual(integer_bounds(models.IntegerField()), (-(2**31), 2**31 - 1))
        self.assertEqual(integer_bounds(models.PositiveIntegerField(validators=[MaxValueValidator(10)])), (0, 10))
        self.assertEqual(integer_bounds(models.SmallIntegerField(validators=[MinValueValidator(1)])), (1, 32767))
