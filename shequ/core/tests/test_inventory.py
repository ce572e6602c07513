"""Every route is accounted for, the OpenAPI schema is valid, and no asset comes from a CDN (issue #2)."""

import json
import re

from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from openapi_spec_validator import validate

from shequ.core.registry import pages
from shequ.urls import PUBLIC_URL_NAMES


def walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            child_namespace = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, route, child_namespace)
        elif isinstance(entry, URLPattern):
            yield route, f"{namespace}{entry.name}" if entry.name else None


def openapi_path(route: str) -> str:
    """`api/regions/^divisions/(?P<pk>[^/.]+)/$` → `/api/regions/divisions/{id}/`."""
    path = route.replace("^", "").replace("$", "")
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: "{id}" if m.group(1) == "pk" else f"{{{m.group(1)}}}", path)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: f"{{{m.group(1)}}}", path)
    return "/" + path


def schema() -> dict:
    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated, renderer_context={}))


class UrlInventoryTests(TestCase):
    def test_every_route_is_in_the_schema_the_page_registry_or_the_public_list(self):
        documented = set(schema()["paths"])
        unaccounted = []
        routes = list(walk(get_resolver().url_patterns))
        for route, name in routes:
            if name in PUBLIC_URL_NAMES or name in pages:
                continue
            if route.startswith("api/") and openapi_path(route) in documented:
                continue
            unaccounted.append((route, name))
        self.assertEqual(unaccounted, [])
        # The walk itself must have found the registers, or the test proves nothing.
        names = {name for _route, name in routes}
        self.assertTrue({"regions:grid_list", "regions:division_detail", "cockpit:home"} <= names)
        self.assertTrue({"/api/regions/grids/", "/api/regions/divisions/{id}/", "/api/accounts/users/"} <= documented)

    def test_a_page_missing_from_the_registry_is_caught(self):
        self.assertNotIn("regions:not_a_page", pages)
        self.assertEqual(openapi_path("api/regions/^grids/(?P<pk>[^/.]+)/$"), "/api/regions/grids/{id}/")


class SchemaTests(TestCase):
    def test_openapi_schema_is_valid_openapi_3(self):
        document = schema()
        validate(document)
        self.assertTrue(document["openapi"].startswith("3."))
        self.assertEqual(document["info"]["title"], "社区建设管理平台 API")
        parameters = {p["name"] for p in document["paths"]["/api/regions/divisions/"]["get"]["parameters"]}
        self.assertTrue({"level", "parent", "code", "q", "name", "page"} <= parameters)

    def test_schema_and_docs_are_served_without_a_cdn(self):
        self.assertEqual(self.client.get("/api/schema/").status_code, 200)
        docs = self.client.get("/api/docs/").content.decode()
        self.assertIn("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js", docs)
        self.assertNotRegex(docs, r"(src|href)=\"https?://")

    def test_pages_load_assets_only_from_static(self):
        content = self.client.get("/accounts/login/").content.decode()
        assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', content)
        self.assertGreaterEqual(len(assets), 3)
        self.assertTrue(all(asset.startswith("/static/") for asset in assets), assets)


class ApiRootTests(TestCase):
    def test_api_root_links_every_register_endpoint_in_the_schema(self):
        links = self.client.get("/api/").json()
        documented = set(schema()["paths"])
        listed = {
            url.removeprefix("http://testserver")
            for group in links.values()
            if isinstance(group, dict)
            for url in group.values()
        }
        # Each register lists its collection; `…/search/` is that collection searched by POST.
        register_lists = {path for path in documented if not path.endswith(("}/", "/search/"))}
        self.assertEqual(listed, register_lists)
