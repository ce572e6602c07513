"""The community-affairs registers, declared once (issue #17, SVC-6; `core.registers`)."""

from shequ.affairs.models import SentimentEntry, Visit
from shequ.core.registers import Register, register


@register
class VisitRegister(Register):
    model = Visit
    fields = ("community", "household", "visited_on", "visitor_name", "summary")
    list_fields = ("household", "community", "visited_on", "visitor_name", "summary")
    search_fields = ("household__number", "visitor_name", "summary")
    filter_fields = ("visited_on",)
    natural_key = ("household", "visited_on", "visitor_name")
    example = {"visitor_name": ("陈小梅", "林大勇"), "summary": ("老人独居，需助餐服务", "")}


@register
class SentimentEntryRegister(Register):
    model = SentimentEntry
    fields = ("community", "written_on", "author_name", "title", "content", "tags")
    list_fields = ("title", "community", "written_on", "author_name", "tags")
    search_fields = ("title", "content", "tags")
    filter_fields = ("written_on",)
    natural_key = ("community", "written_on", "title")
    example = {
        "author_name": ("陈小梅", "林大勇"),
        "title": ("居民反映路灯不亮", "小区停车难"),
        "content": ("鸿山路 3 号楼前路灯损坏一周", "晚间车辆占用消防通道"),
        "tags": ("市政设施", "停车,消防"),
    }
