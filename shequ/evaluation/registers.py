"""The evaluation registers, declared once (issue #14; EVAL-1 to EVAL-4; `core.registers`)."""

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.core.registers import Register, register
from shequ.evaluation.models import (
    Award,
    Deduction,
    Indicator,
    Inspection,
    Recheck,
    RecheckDraw,
    Rectification,
    Run,
    Scheme,
    Score,
    Title,
)


@register
class SchemeRegister(Register):
    model = Scheme
    # The version and the status are the platform's: versions are made by "new version", put in force by its step.
    fields = (
        "division",
        "year",
        "name",
        "demonstration_threshold",
        "standard_threshold",
        "demonstration_quota",
        "min_coverage",
    )
    list_fields = ("name", "division", "year", "version", "status", "demonstration_threshold", "standard_threshold")
    search_fields = ("name",)
    filter_fields = ("status",)
    natural_key = ("division", "year", "name")
    read_only = ("version", "status", "previous")
    example = {
        "year": ("2026", "2026"),
        "name": ("厦门市社区建设考评指标", "思明区社区建设考评指标"),
        "demonstration_threshold": ("90", "92"),
        "standard_threshold": ("60", "65"),
        "demonstration_quota": ("", "20"),
        "min_coverage": ("60", "70"),
    }


@register
class IndicatorRegister(Register):
    model = Indicator
    fields = ("scheme", "code", "name", "kind", "source", "weight", "zero_at", "full_at")
    list_fields = ("code", "name", "scheme", "kind", "source", "weight", "zero_at", "full_at")
    search_fields = ("code", "name", "scheme__name")
    filter_fields = ("kind",)
    natural_key = ("scheme", "code")
    example = {
        "code": ("A1", "A2"),
        "name": ("入户满意度测评", "明察暗访"),
        "kind": ("人工评分", "人工评分"),
        "source": "",
        "weight": ("30", "20"),
        "zero_at": ("60", "3"),
        "full_at": ("100", "0"),
    }


@register
class InspectionRegister(Register):
    model = Inspection
    fields = ("community", "indicator", "kind", "inspected_on", "inspectors", "score", "findings")
    list_fields = ("inspected_on", "community", "indicator", "kind", "inspectors", "score")
    search_fields = ("inspectors", "findings")
    filter_fields = ("kind", "inspected_on")
    natural_key = ("community", "indicator", "inspected_on", "kind")
    example = {
        "kind": ("明察", "暗访"),
        "inspected_on": ("2026-03-05", "2026-04-20"),
        "inspectors": ("区考评组 张三、李四", "市考评组 王五"),
        "score": ("85", "92.5"),
        "findings": ("楼道堆物未清理", ""),
    }


@register
class RunRegister(Register):
    model = Run
    list_fields = ("division", "year", "quarter", "status", "computed_at", "reviewed_at", "approved_at", "published_at")
    search_fields = ("division__name",)
    filter_fields = ("status",)
    not_importable = _("An evaluation is computed from the platform's data, never imported.")


@register
class ScoreRegister(Register):
    model = Score
    list_fields = ("community", "run", "scheme", "total", "known_weight", "grade")
    search_fields = ("community__name",)
    filter_fields = ("grade",)
    not_importable = _("Scores are computed by the evaluation, never imported.")


@register
class RectificationRegister(Register):
    """Rectification cases (EVAL-3): opened by publishing the annual evaluation (or by a failed re-check), kept by
    the street and the district; the community reads its own and reports progress."""

    model = Rectification
    fields = (
        "community",
        "year",
        "origin",
        "meeting_on",
        "participants",
        "minutes",
        "cause_investment",
        "cause_neglect",
        "cause_delay",
        "cause_satisfaction",
        "cause_other",
        "cause_note",
        "measures",
        "responsible",
        "deadline",
    )
    list_fields = ("community", "year", "origin", "meeting_on", "deadline", "status", "closed_on", "responsible")
    search_fields = ("community__name", "responsible", "measures")
    filter_fields = ("origin", "status", "deadline")
    natural_key = ("community", "year", "origin")
    read_only = ("status", "closed_on", "closing_note", "score", "recheck")
    example = {
        "year": ("2025", "2026"),
        "origin": ("年度考评不达标", "年度考评不达标"),
        "meeting_on": ("2026-01-10", "2026-01-12"),
        "participants": ("区民政局、厦港街道、鸿山社区", "区民政局、厦港街道"),
        "minutes": ("满意率偏低，基础设施投入不足", ""),
        "cause_investment": ("是", "否"),
        "cause_neglect": ("否", "否"),
        "cause_delay": ("否", "是"),
        "cause_satisfaction": ("是", "否"),
        "cause_other": ("否", "否"),
        "cause_note": "",
        "measures": ("增设便民服务窗口", "限期完成台账整理"),
        "responsible": ("张三（街道办主任）", "李四（社区书记）"),
        "deadline": ("2026-06-30", "2026-09-30"),
    }
    detail_groups = (
        (_("Case"), ("community", "year", "origin", "score", "recheck", "status", "deadline", "closed_on")),
        (_("Analysis meeting"), ("meeting_on", "participants", "minutes")),
        (
            _("Causes"),
            ("cause_investment", "cause_neglect", "cause_delay", "cause_satisfaction", "cause_other", "cause_note"),
        ),
        (_("Measures"), ("measures", "responsible", "closing_note")),
    )

    @classmethod
    def _build_filterset(cls):
        base = super()._build_filterset()

        def overdue(queryset, name, value):
            if value is None:
                return queryset
            late = queryset.overdue(timezone.localdate())
            return late if value else queryset.exclude(pk__in=late.values("pk"))

        declared = {"overdue": django_filters.BooleanFilter(method=overdue, label=_("overdue"))}
        meta = type("Meta", (base.Meta,), {"fields": [*base.Meta.fields, "overdue"]})
        return type(base.__name__, (base,), {**declared, "Meta": meta})


@register
class TitleRegister(Register):
    model = Title
    list_fields = ("community", "year", "named_on", "status", "revoked_on")
    search_fields = ("community__name",)
    filter_fields = ("status",)
    not_importable = _("A demonstration title is named by publishing the annual evaluation, never imported.")


@register
class AwardRegister(Register):
    model = Award
    fields = ("title", "level", "stage", "decided_on", "amount", "fund_name", "budget", "paid_on", "note")
    list_fields = ("title", "level", "stage", "decided_on", "amount", "fund_name", "paid_on")
    search_fields = ("title__community__name", "fund_name", "note")
    filter_fields = ("level", "stage")
    natural_key = ("title", "level", "stage")
    not_importable = _("Awards are decided one title at a time and recorded on the page or through the API.")


@register
class RecheckDrawRegister(Register):
    model = RecheckDraw
    list_fields = ("division", "year", "seed", "size", "candidates", "drawn_at", "drawn_by")
    search_fields = ("division__name",)
    not_importable = _("A re-check draw is made at random by the platform, never imported.")


@register
class RecheckRegister(Register):
    model = Recheck
    list_fields = ("community", "year", "draw", "result", "checked_on")
    search_fields = ("community__name", "findings")
    filter_fields = ("result",)
    not_importable = _("Re-checks are drawn at random and their results recorded one by one, never imported.")


@register
class DeductionRegister(Register):
    model = Deduction
    list_fields = ("community", "year", "amount", "fund_name", "title", "reason")
    search_fields = ("community__name",)
    not_importable = _("A deduction follows a title revoked by its re-checks, never imported.")
