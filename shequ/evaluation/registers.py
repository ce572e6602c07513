"""The evaluation registers, declared once (issue #14; EVAL-1, EVAL-4; `core.registers`)."""

from django.utils.translation import gettext_lazy as _

from shequ.core.registers import Register, register
from shequ.evaluation.models import Indicator, Inspection, Run, Scheme, Score


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
