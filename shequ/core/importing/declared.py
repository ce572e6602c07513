"""The importer a register gets from its declaration (`core.registers`, issue #11).

Columns are the declared import fields, headed by their Chinese names; each cell is read by its model field's type:
text within its length, choices by label or value, yes/no, dates and times, numbers within the field's bounds,
divisions by 12-digit code within the user's jurisdiction, other records by their name within the row's community
(and within the user's jurisdiction), many-to-many references as a list. The record is then validated by the model
itself (`full_clean`: field validators and `clean()`), so a file is held to the same rules as a form. Rows are
written through `save()`, so the change log gets each record's before and after, under the import job's request id.
"""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from functools import reduce
from operator import and_
from typing import Any

from django.core import validators as django_validators
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shequ.core.importing.base import Column, RowInvalid
from shequ.core.importing.cells import (
    NO,
    YES,
    RegisterImporter,
    choice_text,
    choice_words,
    mangled_number,
    mangled_number_message,
)
from shequ.core.rights import user_may

__all__ = ["DeclaredImporter", "declared_importer", "example_cell", "example_rows", "header_of"]

# Many-to-many cells: names separated by 、 , ， ; ；
_LIST = re.compile(r"\s*[、,，;；]\s*")
_DATETIME = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$")
INTEGER_LIMIT = 2**31 - 1


def _is_division(field) -> bool:
    return field.is_relation and field.related_model._meta.label_lower == "regions.division"


def header_of(field) -> str:
    """A column's Chinese header: the field's name; a division reference by its code ("社区代码")."""
    name = str(field.verbose_name)
    return _("{field} code").format(field=name) if _is_division(field) else name


def example_cell(field, index: int, community_code: str) -> str:
    """A cell that a field of its type accepts; `index` (0 or 1) varies it between the two rows."""
    if field.choices:
        return str(field.flatchoices[0][1])
    if isinstance(field, models.BooleanField):
        return "是"
    if isinstance(field, models.DateTimeField):
        return f"2024-03-0{index + 1} 09:30"
    if isinstance(field, models.DateField):
        return f"2024-03-0{index + 1}"
    if isinstance(field, models.IntegerField | models.DecimalField | models.FloatField):
        return str(index + 1)
    if field.is_relation and field.related_model._meta.label_lower == "regions.division":
        return community_code
    return f"示例{field.verbose_name}{index + 1}"[: field.max_length or 100]


# The template's example sheet shows a community of the demo city (Xiamen).
EXAMPLE_COMMUNITY = "350203001001"


def example_rows(declaration) -> list[dict[str, str]]:
    """The rows the template's example sheet shows: the declaration's own, else one made from the field types."""
    if declaration.examples:
        return [dict(row) for row in declaration.examples[:1]]
    importer = declaration.importer_class()
    row = {}
    for field, column in zip(importer.fields, importer.columns, strict=True):
        if field.name in declaration.example:
            value = declaration.example[field.name]
            row[column.header] = value[0] if isinstance(value, tuple) else value
        elif field.is_relation and not _is_division(field):
            row[column.header] = _("(a {record} you may use)").format(record=field.related_model._meta.verbose_name)
        else:
            row[column.header] = example_cell(field, 0, EXAMPLE_COMMUNITY)
    return [row]


def _bounds(field) -> tuple:
    low = high = None
    for validator in field.validators:
        if isinstance(validator, django_validators.MinValueValidator):
            low = validator.limit_value
        elif isinstance(validator, django_validators.MaxValueValidator):
            high = validator.limit_value
    if isinstance(field, models.PositiveIntegerField | models.PositiveSmallIntegerField) and low is None:
        low = 0
    if isinstance(field, models.IntegerField):
        low = -INTEGER_LIMIT if low is None else low
        high = INTEGER_LIMIT if high is None else high
    return low, high


class DeclaredImporter(RegisterImporter):
    """Subclassed per register by `declared_importer`; reads `register` (the declaration)."""

    register: Any = None  # set per subclass
    model: Any = None
    fields: tuple = ()  # the model fields, in column order
    logs_own_changes = True  # rows are written through save(): the change-log signals record them

    @staticmethod
    def declaration_of(model):
        """The declaration of a model this register refers to (set by `declared_importer`, which is handed the
        register catalogue, so that this module needs none of it)."""

    def __init__(self, user):
        super().__init__(user)
        self._references: dict = {}

    # ---- parsing -----------------------------------------------------------------------------------------------

    def parse(self, row):
        values: dict = {}
        many: dict = {}
        community = None
        for field, column in zip(self.fields, self.columns, strict=True):
            if field.many_to_many:
                many[field.name] = self._many(row, column.header, field, community)
                continue
            value = self._cell(row, column.header, field, community)
            if field.name == "community":
                community = value
            if value is not None or not field.is_relation:
                values[field.name] = value
        self.raise_errors()
        values = {name: value for name, value in values.items() if value is not None or self._nullable(name)}
        record = self.model(**values)
        if hasattr(record, "created_by_id"):
            record.created_by = self.user
        record._import_many = many
        self._validate(record)
        if hasattr(record, "division_code"):
            record.division_code = record.scope_code()
            if not user_may(self.user, self.permission, record.division_code):
                raise RowInvalid([(self.columns[0].header, _("The record would lie outside your jurisdiction."))])
        return record

    def _nullable(self, name: str) -> bool:
        field = self.model._meta.get_field(name)
        return field.null or not field.is_relation

    def _cell(self, row, column: str, field, community):
        raw = row.get(column, "")
        text = raw.strip()
        required = not field.blank and not field.has_default()
        numeric = isinstance(field, models.IntegerField | models.DecimalField | models.FloatField)
        if not numeric and mangled_number(raw):  # a code (or an ID number naming a resident) Excel has cut short
            self.fail(column, mangled_number_message(column))
            return None
        if not text:
            if required:
                self.fail(column, _("This column is required."))
            if field.has_default():
                return field.get_default()
            return "" if isinstance(field, models.CharField | models.TextField) and not field.null else None
        if field.is_relation:
            return self._reference(column, field, text, community)
        if field.choices:
            return self._choice(column, field, text)
        if isinstance(field, models.BooleanField):
            if text in YES:
                return True
            if text not in NO:
                self.fail(column, _("Write 是 or 否."))
            return False
        if isinstance(field, models.DateTimeField):
            return self._datetime(column, text)
        if isinstance(field, models.DateField):
            return self.date(row, column, required=required, validators=field.validators)
        if isinstance(field, models.IntegerField):
            low, high = _bounds(field)
            return self.number(row, column, minimum=low, maximum=high)
        if isinstance(field, models.DecimalField | models.FloatField):
            return self._decimal(column, field, text)
        return self.text(row, column, required=required, max_length=field.max_length or 10_000)

    def _choice(self, column: str, field, text: str):
        for value, label in field.flatchoices:
            if text in (str(value), str(label)):
                return value
        word = choice_text(text)  # as offices write it: 汉 for 汉族, the register's own words (issue #19)
        found = choice_words(field.flatchoices).get(word, self.value_synonyms.get(column, {}).get(word))
        if found is not None:
            return found
        allowed = "、".join(str(label) for _value, label in field.flatchoices)
        self.fail(column, _("{value} is not one of: {allowed}.").format(value=text, allowed=allowed))
        return None

    def _datetime(self, column: str, text: str):
        match = _DATETIME.match(text)
        try:
            year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())  # type: ignore[union-attr]
            return timezone.make_aware(dt.datetime(year, month, day, hour, minute, second))
        except (AttributeError, TypeError, ValueError):
            self.fail(column, _("{value} is not a date and time (YYYY-MM-DD HH:MM).").format(value=text))
            return None

    def _decimal(self, column: str, field, text: str):
        try:
            number = Decimal(text)
        except InvalidOperation:
            self.fail(column, _("{value} is not a number.").format(value=text))
            return None
        if not number.is_finite():
            self.fail(column, _("{value} is not a number.").format(value=text))
            return None
        low, high = _bounds(field)
        if (low is not None and number < low) or (high is not None and number > high):
            message = _("{value} is outside {minimum}–{maximum}.")
            self.fail(column, message.format(value=text, minimum=low, maximum=high))
            return None
        if isinstance(field, models.DecimalField):
            number = number.quantize(Decimal(1).scaleb(-field.decimal_places))
            if len(number.as_tuple().digits) > field.max_digits:
                self.fail(column, _("{value} has too many digits.").format(value=text))
                return None
            return number
        return float(number)

    def _reference(self, column: str, field, text: str, community):
        if _is_division(field):
            community_only = field.name == "community" or (field.get_limit_choices_to() or {}).get("level") == (
                "community"
            )
            return self.community({column: text}, column) if community_only else self.division({column: text}, column)
        found = self._find(field.related_model, text, community)
        if found is None:
            self.fail(column, _("{value} is not a record you may use here.").format(value=text))
        return found

    def _many(self, row, column: str, field, community) -> list:
        text = row.get(column, "").strip()
        items = []
        for name in (part for part in _LIST.split(text) if part):
            found = self._find(field.related_model, name, community)
            if found is None:
                self.fail(column, _("{value} is not a record you may use here.").format(value=name))
            else:
                items.append(found)
        return items

    def _find(self, model, text: str, community):
        """The one record of `model` that `text` names and the user may see, in the row's community if the model
        has one: by its name field where the register's natural key has one, else by how it is shown (`str`)."""
        declaration = self.declaration_of(model)
        names = declaration.lookup_fields() if declaration is not None else ("name",)
        queryset = model.objects.all()
        if hasattr(queryset, "restrict"):
            queryset = queryset.restrict(self.user, "view")
        if community is not None and any(f.name == "community" for f in model._meta.fields):
            queryset = queryset.filter(community=community)
        scope = (model, getattr(community, "pk", None))
        own = declaration.find(queryset, text) if declaration is not None else None
        if own is not None:
            matches = list(own[:2])
            return matches[0] if len(matches) == 1 else None
        if len(names) == 1 and not model._meta.get_field(names[0]).is_relation:
            key = (*scope, text)
            if key not in self._references:
                matches = list(queryset.filter(**{names[0]: text})[:2])
                self._references[key] = matches[0] if len(matches) == 1 else None
            return self._references[key]
        if scope not in self._references:  # every record in reach, once, by how it is shown
            shown: dict = {}
            for record in queryset:
                shown.setdefault(str(record), []).append(record)
            self._references[scope] = shown
        matches = self._references[scope].get(text, [])
        return matches[0] if len(matches) == 1 else None

    def _validate(self, record) -> None:
        """The model's own rules (field validators, `clean()`), each error on its column."""
        headers = {column.key: column.header for column in self.columns}
        exclude = [f.name for f in self.model._meta.fields if f.name not in headers]
        try:
            record.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            problems = []
            for name, messages in error.message_dict.items():
                problems += [(headers.get(name, ""), message) for message in messages]
            raise RowInvalid(problems) from None

    # ---- the register ------------------------------------------------------------------------------------------

    def key_names(self) -> list[str]:
        return [self.model._meta.get_field(name).attname for name in self.register.natural_key]

    def natural_key(self, record):
        return tuple(getattr(record, name) for name in self.key_names())

    def load_existing(self, keys):
        names = self.key_names()
        condition = reduce(and_, (models.Q(**{f"{n}__in": {k[i] for k in keys}}) for i, n in enumerate(names)))
        wanted = set(keys)
        stored = (
            self.model.objects.restrict(self.user, "change")
            if hasattr(self.model.objects, "restrict")
            else (self.model.objects.all())
        )
        found = {}
        for record in stored.filter(condition):
            key = self.natural_key(record)
            if key in wanted:
                found[key] = record
        return found

    def compare(self, record, existing):
        """Whether the row changes `existing`; if so, its before is kept for the change log and the row's values
        set. The snapshot is taken only for a changed record: a re-imported file is mostly unchanged rows."""
        differing = [
            field
            for field in self.fields
            if not field.many_to_many and getattr(record, field.attname) != getattr(existing, field.attname)
        ]
        many_changed = any(
            {item.pk for item in record._import_many.get(field.name, [])}
            != set(getattr(existing, field.name).values_list("pk", flat=True))
            for field in self.fields
            if field.many_to_many
        )
        if not differing and not many_changed:
            return False
        existing._prechange_snapshot = existing.snapshot()
        for field in differing:
            setattr(existing, field.attname, getattr(record, field.attname))
        existing._import_many = record._import_many
        return True

    def write(self, new, changed):
        for record in [*new, *changed]:
            record.save()
            for name, items in getattr(record, "_import_many", {}).items():
                getattr(record, name).set(items)


def declared_importer(
    register, base: type[DeclaredImporter] = DeclaredImporter, declaration_of=None
) -> type[DeclaredImporter]:
    """The importer class of one declaration; its headers in the site's language (they are the file's format).
    `base` is a register's own subclass where it adds rules of its own (e.g. restricted categories);
    `declaration_of` finds the declarations of the registers its cells refer to."""
    from django.conf import settings

    model = register.model
    fields = tuple(model._meta.get_field(name) for name in register.columns_to_import())
    with translation.override(settings.LANGUAGE_CODE):
        columns = tuple(
            Column(
                header_of(field),
                field.name,
                required=not field.blank and not field.has_default(),
                help=str(field.help_text),
                # A division named by its field's name ("社区") as well as by "社区代码": by name or by code.
                synonyms=(str(field.verbose_name), f"{field.verbose_name}名称") if _is_division(field) else (),
            )
            for field in fields
        )
    attributes = {
        "register": register,
        "model": model,
        "fields": fields,
        "kind": register.label(),
        "label": model._meta.verbose_name_plural,
        "permission": f"{model._meta.app_label}.add_{model._meta.model_name}",
        "columns": columns,
        "__module__": __name__,
    }
    if declaration_of is not None:
        attributes["declaration_of"] = staticmethod(declaration_of)
    return type(f"{model.__name__}Importer", (base,), attributes)
