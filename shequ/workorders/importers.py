"""Importers of the call centre's set-up (issue #5): a city's handling units and its routing rules from a workbook,
so that three thousand communities, their streets and departments need not be typed in one by one. Both are keyed
(re-import is idempotent, changed rows are updated) and restricted to the importer's jurisdiction."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.core.importing import Column, KeyedImporter, register_importer
from shequ.workorders.catalogue import REFERENCE
from shequ.workorders.choices import UnitKind
from shequ.workorders.models import Category, HandlingUnit, RoutingRule

__all__ = ["HandlingUnitImporter", "RoutingRuleImporter"]


class SetupImporter(KeyedImporter):
    """Units and rules hang on divisions of any level; the units they name are looked up within the scope."""

    def __init__(self, user):
        super().__init__(user)
        units = HandlingUnit.objects.restrict(user, "view")
        self.units = {(unit.division_code, unit.name): unit for unit in units}

    def unit(self, row, code_column: str, name_column: str, *, required: bool):
        code, name = row.get(code_column, "").strip(), row.get(name_column, "").strip()
        if not (code or name):
            if required:
                self.fail(name_column, _("This column is required."))
            return None
        unit = self.units.get((code, name))
        if unit is None:
            self.fail(
                name_column,
                _("No handling unit {name} in division {code} within your jurisdiction.").format(name=name, code=code),
            )
        return unit

    def write(self, new, changed):
        super().write(new, changed)
        REFERENCE.invalidate()  # bulk writes send no signal: routing must be read afresh


def _unit_cell(unit, *, code: bool) -> str:
    if unit is None:
        return ""
    return unit.division.code if code else unit.name


@register_importer
class HandlingUnitImporter(SetupImporter):
    kind = "handling-units"
    label = gettext_lazy("Handling units")
    permission = "workorders.add_handlingunit"
    CODE, NAME, KIND, PARENT_CODE, PARENT, CONTACT, ACTIVE = (
        "区划代码",
        "单位名称",
        "类型",
        "上级单位区划代码",
        "上级单位名称",
        "联系人",
        "启用",
    )
    columns = (
        Column(CODE, "division", required=True, help=gettext_lazy("The division the unit belongs to, any level.")),
        Column(NAME, "name", required=True),
        Column(KIND, "kind", required=True),
        Column(PARENT_CODE, "parent", help=gettext_lazy("Where returned orders escalate; import it first.")),
        Column(PARENT, "parent"),
        Column(CONTACT, "contact"),
        Column(ACTIVE, "active", help=gettext_lazy("是 or 否; empty means 是.")),
    )
    compared = ("kind", "parent_id", "contact", "active")

    def export_cell(self, column, record, *, reveal):
        """The parent unit by its division's code and its name (the import layout, issue #19)."""
        if column.key == "parent":
            return _unit_cell(record.parent, code=column.header == self.PARENT_CODE)
        return super().export_cell(column, record, reveal=reveal)

    def parse(self, row):
        division = self.division(row, self.CODE)
        unit = HandlingUnit(
            division=division,
            name=self.text(row, self.NAME, required=True, max_length=100),
            kind=self.choice(row, self.KIND, UnitKind),
            parent=self.unit(row, self.PARENT_CODE, self.PARENT, required=False),
            contact=self.text(row, self.CONTACT, max_length=50),
            active=row.get(self.ACTIVE, "").strip() == "" or self.boolean(row, self.ACTIVE),
            created_by=self.user,
        )
        self.raise_errors()
        unit.division_code = unit.scope_code()
        return unit

    def natural_key(self, record):
        return (record.division_code, record.name)

    def records_in(self, codes):
        return HandlingUnit.objects.filter(division_code__in=codes)


@register_importer
class RoutingRuleImporter(SetupImporter):
    kind = "routing-rules"
    label = gettext_lazy("Routing rules")
    permission = "workorders.add_routingrule"
    CATEGORY, CODE, UNIT_CODE, UNIT = "分类代码", "区划代码", "承办单位区划代码", "承办单位名称"
    columns = (
        Column(CATEGORY, "category", required=True),
        Column(CODE, "division", required=True, help=gettext_lazy("Orders located in this division and below.")),
        Column(UNIT_CODE, "unit", required=True),
        Column(UNIT, "unit", required=True),
    )
    compared = ("unit_id",)

    def export_cell(self, column, record, *, reveal):
        """The unit by its division's code and its name (the import layout, issue #19)."""
        if column.key == "unit":
            return _unit_cell(record.unit, code=column.header == self.UNIT_CODE)
        return super().export_cell(column, record, reveal=reveal)

    def __init__(self, user):
        super().__init__(user)
        self.categories = {category.code: category for category in Category.objects.all()}

    def parse(self, row):
        code = row.get(self.CATEGORY, "").strip()
        category = self.categories.get(code)
        if category is None:
            self.fail(self.CATEGORY, _("No request category {code}.").format(code=code))
        division = self.division(row, self.CODE)
        rule = RoutingRule(
            category=category,
            division=division,
            unit=self.unit(row, self.UNIT_CODE, self.UNIT, required=True),
            created_by=self.user,
        )
        self.raise_errors()
        rule.division_code = rule.scope_code()
        return rule

    def natural_key(self, record):
        return (record.division_code, record.category_id)

    def records_in(self, codes):
        return RoutingRule.objects.filter(division_code__in=codes)
