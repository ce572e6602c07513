"""What the platform knows about itself: registered models, pages and the navigation menu.

Apps register in their `urls.py` (pages, through `ModelViews.urls()`) and `navigation.py`; the URL-inventory test
and the generated scope tests read from here.
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise as StrPromise

__all__ = [
    "MenuGroup",
    "MenuItem",
    "Page",
    "declaration_for",
    "declarations",
    "division_panels",
    "hourly_jobs",
    "menu",
    "model_views",
    "pages",
    "register_division_panel",
    "register_hourly",
    "register_menu",
    "register_of_importer",
    "register_page",
    "registered_models",
]


@dataclass(frozen=True)
class Page:
    """A UI route: its URL name and the permission needed to open it (None: any signed-in user)."""

    url_name: str
    permission: str | None


@dataclass(frozen=True)
class MenuItem:
    label: "str | StrPromise"
    url_name: str
    permission: str | None = None
    args: tuple = ()


@dataclass
class MenuGroup:
    label: "str | StrPromise"
    items: list[MenuItem] = field(default_factory=list)
    weight: int = 100


pages: dict[str, Page] = {}
registered_models: list = []
model_views: dict = {}  # model → its ModelViews bundle (its table shows the model's records anywhere)
menu: list[MenuGroup] = []
# A hand-written importer → the register that declares it (`core.registers.register`); a derived importer carries
# its register itself. Read by the import engine (synonyms, issue #19) without importing `core.registers`.
importer_registers: dict = {}
# Model → its register declaration (`core.registers.register`): read by the import engine's layout export without
# importing `core.registers`, which imports the engine (no circle, issue #19).
declarations: dict = {}
# Jobs the hourly loop runs after the rollups (`refresh_rollups --loop`), each an idempotent callable of no argument:
# e.g. the monthly disclosure's drafts on the first of the month (INFO-1).
hourly_jobs: list = []
# Panels other apps add to a division's page (`regions`' detail view), each a callable (division, user) → (title,
# [(label, value), …]) or None: e.g. the community's responsibility chain (GUAR-1), without regions importing them.
division_panels: list = []


def register_of_importer(importer_class):
    """The register declaration an importer class belongs to, or None."""
    declaration = getattr(importer_class, "register", None)
    if declaration is None:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("registers")  # once imported, each app's registers module is not run again
        declaration = importer_registers.get(importer_class)
    return declaration


def declaration_for(model):
    """The register declaration of `model`, or None (each app's `registers` module imported once, first)."""
    if model not in declarations:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("registers")
    return declarations.get(model)


def register_page(url_name: str, permission: str | None = None) -> None:
    pages[url_name] = Page(url_name, permission)


def register_model(model, views=None) -> None:
    if model not in registered_models:
        registered_models.append(model)
    if views is not None:
        model_views[model] = views


def register_menu(group: MenuGroup) -> None:
    menu.append(group)
    menu.sort(key=lambda g: g.weight)


def register_hourly(job) -> None:
    if job not in hourly_jobs:
        hourly_jobs.append(job)


def register_division_panel(panel) -> None:
    if panel not in division_panels:
        division_panels.append(panel)
