"""The survey registers, declared once (issue #14 item 2; `core.registers`). Tokens and answers are no registers:
they are never listed one by one (an answer is seen only inside a result of at least five)."""

from django.utils.translation import gettext_lazy as _

from shequ.core.registers import Register, register
from shequ.surveys.models import Question, Sample, Survey


@register
class SurveyRegister(Register):
    model = Survey
    fields = ("division", "title", "purpose", "intro", "opens_on", "closes_on", "margin")
    list_fields = ("title", "division", "purpose", "opens_on", "closes_on", "margin")
    search_fields = ("title",)
    filter_fields = ("purpose", "opens_on", "closes_on")
    natural_key = ("division", "title", "opens_on")
    example = {
        "title": ("2026 年社区居民满意度测评", "2026 年居委会民主评议"),
        "purpose": ("满意度测评", "居委会民主评议"),
        "opens_on": ("2026-11-01", "2026-11-15"),
        "closes_on": ("2026-11-30", "2026-12-15"),
        "margin": ("5", "8"),
    }


@register
class QuestionRegister(Register):
    model = Question
    fields = ("survey", "number", "text", "kind", "choices", "scale_max", "satisfaction", "satisfied_from")
    list_fields = ("number", "text", "survey", "kind", "satisfaction")
    search_fields = ("text", "survey__title")
    filter_fields = ("kind", "satisfaction")
    natural_key = ("survey", "number")
    example = {
        "number": ("1", "2"),
        "text": ("您对社区工作总体满意吗？", "您对哪项服务最满意？"),
        "kind": ("量表", "单选"),
        "choices": ("", "环境卫生\n治安巡逻\n便民服务"),
        "scale_max": ("5", "5"),
        "satisfaction": ("是", "否"),
        "satisfied_from": ("4", "4"),
    }


@register
class SampleRegister(Register):
    model = Sample
    list_fields = ("survey", "community", "population", "size", "seed", "drawn_at")
    search_fields = ("survey__title", "community__name")
    not_importable = _("A sample is drawn by the platform from its seed, never imported.")
