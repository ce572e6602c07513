"""Registers declared once (issue #11, ADR 0008).

A register — a model staff keep records in — is declared in its app's `registers.py`: which fields a clerk writes,
which are listed, searched and filtered, the natural key that makes re-import idempotent, and whether it may be
imported at all. The form, table, filterset, serializer and importer (with its Excel template and export columns)
derive from that one declaration; a register that needs more names its own class for that one part (`form = …`),
and only for that part.

    @register
    class GridRegister(Register):
        model = Grid
        fields = ("community", "sequence", "name", "description")
        list_fields = ("name", "code", "community", "sequence")
        search_fields = ("name", "code")
        natural_key = ("community", "sequence")

`registers` maps each model to its declaration; `importable()` lists what `manage.py import_register --list`
prints. Declarations are collected from every app's `registers.py` when the apps are ready.
"""

from typing import Any, ClassVar

import django_filters
from django.db import models
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from shequ.core import registry
from shequ.core.filtersets import BaseFilterSet, DivisionFilter
from shequ.core.forms import CommunityRecordForm, ScopedModelForm
from shequ.core.registry import importer_registers
from shequ.core.tables import Table

__all__ = ["Register", "declaration_for", "declaration_of", "importable", "importer_for", "register", "registers"]

registers: dict[Any, type["Register"]] = {}
_discovered = False


def _discover() -> None:
    """Import every app's `registers.py` once (Django's admin does the same with `admin.py`)."""
    global _discovered
    if not _discovered:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("registers")
        _discovered = True


def declaration_of(model) -> type["Register"] | None:
    _discover()
    return registers.get(model)


def register(cls: type["Register"]) -> type["Register"]:
    """Record a declaration (a class decorator in each app's `registers.py`)."""
    if cls.model in registers and registers[cls.model] is not cls:
        raise ValueError(f"{cls.model._meta.label} is declared twice: {registers[cls.model]} and {cls}.")
    registers[cls.model] = cls
    registry.declarations[cls.model] = cls
    if cls.importer is not None:
        importer_registers[cls.importer] = cls
    return cls


def importable() -> list[type["Register"]]:
    """The registers a file can be imported into, by label."""
    _discover()
    return sorted((r for r in registers.values() if r.importer_class() is not None), key=lambda r: r.label())


def importer_for(kind: str):
    """The importer of `kind`: a register's label (`app_label.model_name`) or a hand-written importer's kind."""
    from shequ.core.importing import importers

    if kind in importers:
        return importers[kind]
    _discover()
    for declaration in registers.values():
        if declaration.label() == kind:
            return declaration.importer_class()
    return None


def declaration_for(importer_class) -> type["Register"] | None:
    """The register an importer class belongs to."""
    _discover()
    for declaration in registers.values():
        if not declaration.not_importable and declaration.importer_class() is importer_class:
            return declaration
    return None


def _is_division(field) -> bool:
    return (
        field.is_relation
        and field.related_model is not None
        and field.related_model._meta.label_lower == ("regions.division")
    )


class Register:
    """One register's declaration. Set `model` and `fields`; everything else has a default."""

    model: Any = None
    # What a clerk writes: the form's and the API's fields and the import template's columns, in this order.
    fields: tuple[str, ...] = ()
    # The list page's and the export's columns (default: `fields`); names of model fields or `render_<name>`s.
    list_fields: tuple[str, ...] = ()
    search_fields: tuple[str, ...] = ()
    # Filters of the list page and the API beyond the search box: choice, yes/no and date fields by name; a
    # division reference filters by its code. Scoped registers always get the division-code prefix filter.
    filter_fields: tuple[str, ...] = ()
    # The fields whose values name one record: a row with the same values updates it (idempotent re-import).
    natural_key: tuple[str, ...] = ()
    # How an import cell of another register names one of these records (default: the natural key's one text field
    # beyond the scope, else the record as it is shown), e.g. a grid by its code.
    lookup: tuple[str, ...] = ()
    # Fields the API shows but never takes (e.g. a code the platform assigns), before `division_code`.
    read_only: tuple[str, ...] = ()
    # Other headers offices give a field's import column, by field name (issue #19): matched after normalising
    # (spaces, full-width characters, brackets), beside the field's own header and the platform's common synonyms
    # (`core.importing.headers.COMMON_SYNONYMS`).
    synonyms: ClassVar[dict[str, tuple[str, ...]]] = {}
    # The words offices write for a choice field's values, by field name: {"relation": {"妻": "spouse", …}}; matched
    # after the values and labels (and labels without 族), half-width and without spaces (issue #19).
    value_synonyms: ClassVar[dict[str, dict[str, str]]] = {}
    # Import columns, when they differ from `fields` (e.g. a derived code left out).
    import_fields: tuple[str, ...] | None = None
    # Why this register is never imported (logs, tokens, records made only by a workflow); empty: importable.
    not_importable: str | Any = ""
    # The permission that unmasks this register's protected values (DESIGN.md §5), for the export in the import
    # layout (issue #19); default `<app>.unmask_<model>`.
    unmask_permission: str = ""
    # Whether other registers' import cells name these records by a protected value (a resident by ID number):
    # such a cell is personal data too.
    names_by_protected_value: bool = False
    # Records seen only with a stated reason, each view access-logged (GOV-4, `core.restricted`).
    restricted: bool = False
    # The template's example row and the generated import test's data: column → cell text, where the type's own
    # example would not pass the model's rules (e.g. a code with a check digit).
    example: ClassVar[dict[str, str]] = {}
    # A hand-written importer's two example rows (header → cell), for its template and the generated import test.
    examples: ClassVar[list[dict[str, str]]] = []
    # The detail page's headings: (heading, field names) in order; fields not named follow under "basic
    # information" (issue #13: a page designed for reading).
    detail_groups: ClassVar[tuple[tuple[Any, tuple[str, ...]], ...]] = ()
    # Whether the detail page offers the record as a PDF, where a paper copy is customary (a work order, a
    # household card); the template is `<app>/<model>_print.html`, else the generic one.
    printable: bool = False
    # The parts a register writes by hand where the declaration is not enough (e.g. a form with its own rules).
    form: Any = None
    table: Any = None
    filterset: Any = None
    serializer: Any = None
    importer: Any = None

    _derived: ClassVar[dict] = {}

    @classmethod
    def label(cls) -> str:
        return cls.model._meta.label_lower

    @classmethod
    def lookup_fields(cls) -> tuple[str, ...]:
        """How another register's import cell names one of these records: its natural key without the scope (one
        text field: by that field; otherwise the cell holds the record as it is shown)."""
        if cls.lookup:
            return cls.lookup
        scope = {"community", "division", "grid", getattr(cls.model, "scope_parent", None)}
        return tuple(name for name in cls.natural_key if name not in scope)

    @classmethod
    def find(cls, queryset, text: str):
        """The records of `queryset` an import cell's `text` names, where the register names its records in its
        own way (a resident by ID number, through its blind index); None: the generic lookup applies."""

    @classmethod
    def example_reference(cls, field_name: str, community, index: int):
        """The record the `index`th (0 or 1) example row names in `field_name` where that field refers to a model
        that is no register (a department, issue #15): made here for the template's and the generated import test's
        example, and named in the file by how it is shown (`str`). A register with such a reference overrides it."""
        raise NotImplementedError(f"{cls.__name__} names no example record for {field_name}.")

    @classmethod
    def name_of(cls, record) -> str:
        """How an import cell of another register names `record` (the twin of `find` and `lookup_fields`)."""
        names = cls.lookup_fields()
        if len(names) == 1 and not cls.model._meta.get_field(names[0]).is_relation:
            return str(getattr(record, names[0]))
        return str(record)

    @classmethod
    def columns_to_import(cls) -> tuple[str, ...]:
        return cls.fields if cls.import_fields is None else cls.import_fields

    @classmethod
    def _cached(cls, part: str, build):
        key = (cls, part)
        if key not in Register._derived:
            Register._derived[key] = build()
        return Register._derived[key]

    # ---- the derived parts ------------------------------------------------------------------------------------

    @classmethod
    def form_class(cls):
        if cls.form is not None:
            return cls.form
        fields = [f.name for f in cls._model_fields(cls.fields)]
        base = CommunityRecordForm if _community_field(cls.model) is not None else ScopedModelForm
        return cls._cached("form", lambda: modelform_factory(cls.model, form=base, fields=fields))

    @classmethod
    def table_class(cls):
        if cls.table is not None:
            return cls.table
        attributes = {"model": cls.model, "fields": cls.list_fields or cls.fields}
        return cls._cached("table", lambda: type(f"{cls.model.__name__}Table", (Table,), attributes))

    @classmethod
    def filterset_class(cls):
        if cls.filterset is not None:
            return cls.filterset
        return cls._cached("filterset", cls._build_filterset)

    @classmethod
    def serializer_class(cls):
        if cls.serializer is not None:
            return cls.serializer
        return cls._cached("serializer", cls._build_serializer)

    @classmethod
    def importer_class(cls):
        """The importer, or None for a register that is never imported (it says why in `not_importable`)."""
        if cls.not_importable:
            return None
        from shequ.core.importing.declared import DeclaredImporter, declared_importer

        if cls.importer is not None and not (issubclass(cls.importer, DeclaredImporter) and cls.importer.model is None):
            return cls.importer  # written by hand
        if not cls.natural_key:
            raise TypeError(f"{cls.__name__} declares neither natural_key nor not_importable.")
        # The derived importer, on the register's own DeclaredImporter subclass if it names one.
        return cls._cached(
            "importer",
            lambda: declared_importer(cls, base=cls.importer or DeclaredImporter, declaration_of=declaration_of),
        )

    # ---- builders ----------------------------------------------------------------------------------------------

    @classmethod
    def _model_fields(cls, names):
        return [cls.model._meta.get_field(name) for name in names]

    @classmethod
    def _build_filterset(cls):
        declared: dict[str, Any] = {}
        names = ["q"]
        if hasattr(cls.model, "division_code"):
            declared["division"] = DivisionFilter()
            names.append("division")
        for field in cls._model_fields(cls.filter_fields):
            if _is_division(field):
                declared[field.name] = django_filters.CharFilter(
                    field_name=f"{field.name}__code", label=_("{field} code").format(field=field.verbose_name)
                )
            elif field.choices:
                declared[field.name] = django_filters.ChoiceFilter(choices=field.choices, label=field.verbose_name)
            elif isinstance(field, models.BooleanField):
                declared[field.name] = django_filters.BooleanFilter(label=field.verbose_name)
            elif isinstance(field, models.DateField):
                declared[f"{field.name}_after"] = django_filters.DateFilter(
                    field_name=field.name, lookup_expr="gte", label=_("{field} from").format(field=field.verbose_name)
                )
                declared[f"{field.name}_before"] = django_filters.DateFilter(
                    field_name=field.name, lookup_expr="lte", label=_("{field} to").format(field=field.verbose_name)
                )
                names += [f"{field.name}_after", f"{field.name}_before"]
                continue
            elif field.is_relation:  # another register's record, by its id (the page offers a search picker)
                declared[field.name] = django_filters.NumberFilter(field_name=field.name, label=field.verbose_name)
            else:
                declared[field.name] = django_filters.CharFilter(lookup_expr="icontains", label=field.verbose_name)
            names.append(field.name)
        meta = type("Meta", (), {"model": cls.model, "fields": names})
        attributes = {**declared, "search_fields": cls.search_fields, "Meta": meta}
        return type(f"{cls.model.__name__}FilterSet", (BaseFilterSet,), attributes)

    @classmethod
    def _build_serializer(cls):
        from rest_framework import serializers

        from shequ.core.api.serializers import ScopedModelSerializer, community_field

        declared: dict[str, Any] = {}
        for field in cls._model_fields(cls.fields):
            if field.name == "community" and _is_division(field):
                declared[field.name] = community_field()
            elif _is_division(field):  # divisions are written by their 12-digit code, as everywhere in the API
                declared[field.name] = serializers.SlugRelatedField(
                    label=field.verbose_name,
                    slug_field="code",
                    queryset=field.related_model.objects.unscoped("checked by the scope check"),
                    required=not field.blank,
                    allow_null=field.null,
                )
        read_only = [*cls.read_only, *(name for name in ("division_code",) if hasattr(cls.model, name))]
        fields = ["id", *cls.fields, *read_only]
        meta = type("Meta", (), {"model": cls.model, "fields": fields, "read_only_fields": read_only})
        return type(f"{cls.model.__name__}Serializer", (ScopedModelSerializer,), {**declared, "Meta": meta})


def _community_field(model):
    """The register's `community` reference, if it has one (then choices are limited to communities)."""
    try:
        field = model._meta.get_field("community")
    except Exception:  # noqa: BLE001 (FieldDoesNotExist; any model without one)
        return None
    return field if _is_division(field) else None


# ---- the platform's own registers: the two audit logs, read-only and append-only -------------------------------


def _declare_audit_logs() -> None:
    from shequ.core.filtersets import AccessLogFilterSet, ObjectChangeFilterSet
    from shequ.core.models import AccessLog, ObjectChange
    from shequ.core.tables import AccessLogTable, ObjectChangeTable

    for model, table, filterset in (
        (ObjectChange, ObjectChangeTable, ObjectChangeFilterSet),
        (AccessLog, AccessLogTable, AccessLogFilterSet),
    ):
        register(
            type(
                f"{model.__name__}Register",
                (Register,),
                {
                    "model": model,
                    "list_fields": table.fields,
                    "search_fields": filterset.search_fields,
                    "table": table,
                    "filterset": filterset,
                    "not_importable": _("An audit log is written by the platform only, and never changed."),
                },
            )
        )


_declare_audit_logs()
