"""A Content-Security-Policy with no inline script (issue #12 "Headers"): an injected <script> or on*= attribute
does not run, and no page of ours needs one."""

import re
from pathlib import Path

from django.conf import settings
from django.test import TestCase

import shequ

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)


class ContentSecurityPolicyTests(TestCase):
    def test_every_page_carries_the_policy_and_scripts_come_from_our_files_only(self):
        response = self.client.get("/accounts/login/")
        self.assertEqual(response.status_code, 200)
        policy = dict(
            directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";")
        )
        self.assertEqual(policy["script-src"], "'self'")
        self.assertEqual(policy["object-src"], "'none'")
        self.assertEqual(policy["frame-ancestors"], "'none'")
        self.assertEqual(policy["default-src"], "'self'")

    def test_no_template_holds_inline_script_or_event_attributes(self):
        found = []
        for path in Path(shequ.__file__).parent.rglob("templates/**/*.html"):
            text = path.read_text(encoding="utf-8")
            for pattern in (INLINE_SCRIPT, EVENT_ATTRIBUTE):
                found += [f"{path.name}: {match.group(0).strip()}" for match in pattern.finditer(text)]
        self.assertEqual(found, [])

    def test_the_api_docs_load_their_script_from_a_file(self):
        response = self.client.get("/api/docs/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(INLINE_SCRIPT.findall(response.content.decode()), [])
        self.assertEqual(self.client.get("/api/docs/", {"script": ""}).status_code, 200)
        self.assertIn("csp.middleware.CSPMiddleware", settings.MIDDLEWARE)
