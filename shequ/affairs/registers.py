"""The community-affairs registers, declared once (issue #17, SVC-6; `core.registers`): visits, the sentiment
diary, deliberation — topics, meetings, resolutions — party- and residents'-affairs disclosure items, and the
street's assessments of the community's work."""

from django.utils.translation import gettext_lazy as _

from shequ.affairs.models import (
    AffairsDisclosure,
    DeliberationTopic,
    Meeting,
    Resolution,
    SentimentEntry,
    Visit,
    WorkAssessment,
)
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


@register
class DeliberationTopicRegister(Register):
    model = DeliberationTopic
    fields = ("community", "title", "description", "raised_on", "raised_by", "source", "status")
    list_fields = ("title", "community", "raised_on", "raised_by", "source", "status")
    search_fields = ("title", "description", "raised_by")
    filter_fields = ("source", "status", "raised_on")
    natural_key = ("community", "raised_on", "title")
    example = {
        "title": ("加装电梯意见征集", "小区停车位划线"),
        "raised_by": ("陈小梅", "林大勇"),
        "source": ("居民提出", "工作人员提出"),
        "status": ("已提出", "已提交会议"),
    }


@register
class MeetingRegister(Register):
    model = Meeting
    fields = ("community", "kind", "title", "held_on", "place", "entitled", "attendance", "minutes")
    list_fields = ("held_on", "title", "community", "kind", "entitled", "attendance")
    search_fields = ("title", "place", "minutes")
    filter_fields = ("kind", "held_on")
    natural_key = ("community", "held_on", "title")
    example = {
        "kind": ("议事协商会", "居民代表会议"),
        "title": ("加装电梯议事会", "第三季度居民代表会议"),
        "entitled": ("25", "40"),
        "attendance": ("21", "33"),
    }


@register
class ResolutionRegister(Register):
    model = Resolution
    fields = (
        "meeting",
        "topic",
        "text",
        "votes_for",
        "votes_against",
        "abstentions",
        "follow_up",
        "done_on",
        "follow_up_note",
    )
    list_fields = ("meeting", "text", "votes_for", "votes_against", "abstentions", "follow_up", "done_on")
    search_fields = ("text", "follow_up_note", "meeting__title")
    filter_fields = ("follow_up", "done_on")
    not_importable = _("A resolution is recorded with its meeting, one by one, and never from a ledger file.")


@register
class AffairsDisclosureRegister(Register):
    """党务居务公开 (SVC-6): written by the community's staff, public on the portal while current. The attachment is
    uploaded on the item's page (a file is no import cell)."""

    model = AffairsDisclosure
    fields = ("community", "kind", "title", "content", "published_on", "shown_until")
    list_fields = ("title", "community", "kind", "published_on", "shown_until")
    search_fields = ("title", "content")
    filter_fields = ("kind", "published_on", "shown_until")
    natural_key = ("community", "published_on", "title")
    example = {
        "kind": ("党务", "居务"),
        "title": ("2026 年第四季度党费收缴情况", "社区惠民资金使用情况"),
        "content": ("应缴 86 人，实缴 86 人。", "共支出 3.2 万元，用于加装楼道扶手。"),
        "published_on": ("2026-11-01", "2026-11-15"),
        "shown_until": ("", "2026-12-31"),
    }


@register
class WorkAssessmentRegister(Register):
    """社区工作考核制度 (SVC-6): the street writes it (`accounts.roles`), the community reads it."""

    model = WorkAssessment
    fields = (
        "community",
        "year",
        "period",
        "assessed_on",
        "assessed_by",
        "method",
        "score",
        "result",
        "strengths",
        "problems",
        "follow_up",
        "follow_up_due",
    )
    list_fields = ("community", "year", "period", "assessed_by", "method", "score", "result", "follow_up_due")
    search_fields = ("assessed_by", "strengths", "problems", "follow_up")
    filter_fields = ("period", "method", "result", "assessed_on")
    natural_key = ("community", "year", "period")
    detail_groups = (
        (_("Assessment"), ("year", "period", "assessed_on", "assessed_by", "method", "score", "result")),
        (_("Findings and follow-up"), ("strengths", "problems", "follow_up", "follow_up_due")),
    )
    example = {
        "year": ("2025", "2026"),
        "period": ("全年", "上半年"),
        "assessed_on": ("2026-01-15", "2026-07-10"),
        "assessed_by": ("鸿山街道考核组", "鸿山街道办事处"),
        "method": ("综合考核", "实地检查"),
        "score": ("92.5", ""),
        "result": ("优秀", "合格"),
        "problems": ("民情日记记录不及时", ""),
        "follow_up_due": ("2026-03-31", ""),
    }
