"""The regions registers, declared once (issue #11, `core.registers`)."""

from django.utils.translation import gettext_lazy as _

from shequ.core.registers import Register, register
from shequ.regions.api.serializers import DivisionSerializer, GridSerializer
from shequ.regions.filtersets import DivisionFilterSet, GridFilterSet
from shequ.regions.forms import DivisionForm
from shequ.regions.models import Division, Grid


@register
class DivisionRegister(Register):
    model = Division
    fields = ("code", "name", "level", "parent", "edition")
    list_fields = ("name", "code", "level", "parent", "source", "edition")
    search_fields = ("name", "code")
    natural_key = ("code",)
    not_importable = _("Divisions come from the national statistics bureau's codes, loaded by load_divisions.")
    form, filterset, serializer = DivisionForm, DivisionFilterSet, DivisionSerializer


@register
class GridRegister(Register):
    model = Grid
    fields = ("community", "sequence", "name", "description")
    list_fields = ("name", "code", "community", "sequence")
    search_fields = ("name", "code")
    natural_key = ("community", "sequence")
    lookup = ("code",)  # other registers' files name a grid by its code
    example = {"sequence": ("1", "2"), "name": ("第一网格", "第二网格")}
    filterset, serializer = GridFilterSet, GridSerializer
