"""The layers read top to bottom (issue #11, ADR 0010): no module imports an app of a higher layer.

Foundation (core and regions) < accounts < the domain apps < the cockpit. Test support (`core/testing/`, every
`tests/` folder) builds whole worlds and stands above all of them; migrations name apps by label only.
"""

import ast
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parents[2]  # the `shequ` package
LAYERS = {"core": 0, "regions": 0, "accounts": 1, "cockpit": 3, "evaluation": 3}  # evaluation: ADR 0017
DOMAIN = 2  # every other app
# Known imports against the layers, each with its reason in ADR 0010; none may be added.
EXCEPTIONS: set[tuple[str, str]] = set()


def layer(app: str) -> int:
    return LAYERS.get(app, DOMAIN)


def imported_apps(path: Path) -> set[str]:
    """The other `shequ` packages a module imports, at its top or inside a function."""
    apps = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names = [node.module]
        else:
            continue
        apps.update(name.split(".")[1] for name in names if name.startswith("shequ."))
    return apps


class LayerTests(SimpleTestCase):
    def test_no_app_imports_a_higher_layer(self):
        upward = set()
        for app_dir in sorted(path.parent for path in ROOT.glob("*/apps.py")):
            app = app_dir.name
            for path in app_dir.rglob("*.py"):
                inside = path.relative_to(app_dir).parts
                if inside[0] in ("tests", "testing", "migrations"):
                    continue
                for other in imported_apps(path) - {app, "settings", "urls"}:
                    if layer(other) > layer(app):
                        upward.add((str(path.relative_to(ROOT)), other))
        self.assertEqual(upward - EXCEPTIONS, set())
