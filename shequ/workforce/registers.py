"""The workforce registers, declared once (issue #11, `core.registers`)."""

from shequ.core.registers import Register, register
from shequ.workforce import filtersets as filters
from shequ.workforce.api import serializers
from shequ.workforce.importers import CommunityWorkerImporter, TrainingAttendanceImporter
from shequ.workforce.models import (
    Candidate,
    Commendation,
    CommunityWorker,
    RecruitmentRound,
    TrainingAttendance,
    TrainingCourse,
)


@register
class CommunityWorkerRegister(Register):
    model = CommunityWorker
    fields = (
        "community",
        "name",
        "position",
        "background",
        "certificate",
        "hired_on",
        "in_party_committee",
        "in_residents_committee",
        "in_owners_committee",
        "active",
    )
    list_fields = ("name", "position", "community", "background", "certificate", "hired_on", "active")
    search_fields = ("name",)
    natural_key = ("community", "name", "position")  # the model's unique constraint (of workers in post)
    filterset, serializer = filters.CommunityWorkerFilterSet, serializers.CommunityWorkerSerializer
    importer = CommunityWorkerImporter
    examples = [
        {
            "社区代码": "350203001001",
            "姓名": "黄志伟",
            "职务": "党组织书记",
            "来源": "高校毕业生",
            "社工职业资格": "社会工作师",
            "聘用日期": "2015-07-01",
            "兼任党组织委员": "是",
            "兼任居委会成员": "是",
            "兼任业委会成员": "否",
        },
        {
            "社区代码": "350203001001",
            "姓名": "苏晓红",
            "职务": "专职社区工作者",
            "来源": "退役军人",
            "社工职业资格": "助理社会工作师",
            "聘用日期": "2020-03-16",
            "兼任党组织委员": "否",
            "兼任居委会成员": "否",
            "兼任业委会成员": "否",
        },
    ]


@register
class RecruitmentRoundRegister(Register):
    model = RecruitmentRound
    fields = ("division", "title", "announced_on", "positions", "closed")
    list_fields = ("title", "division", "announced_on", "positions", "closed")
    search_fields = ("title",)
    natural_key = ("division", "title")
    example = {
        "division": "350203001000",
        "title": ("2023年厦港街道社区工作者公开招聘", "2024年厦港街道社区工作者公开招聘"),
        "announced_on": ("2023-04-10", "2024-04-08"),
        "positions": ("8", "12"),
        "closed": ("是", "否"),
    }
    filterset, serializer = filters.RecruitmentRoundFilterSet, serializers.RecruitmentRoundSerializer


@register
class CandidateRegister(Register):
    model = Candidate
    fields = ("round", "name", "background", "score", "result")
    list_fields = ("name", "round", "background", "score", "result")
    search_fields = ("name",)
    natural_key = ("round", "name")
    example = {
        "name": ("郭晓东", "何静"),
        "background": ("高校毕业生", "退役军人"),
        "score": ("86.5", "79"),
        "result": ("录用", "待定"),
    }
    filterset = filters.CandidateFilterSet


@register
class TrainingCourseRegister(Register):
    model = TrainingCourse
    fields = ("division", "title", "starts_on", "hours", "organiser")
    list_fields = ("title", "division", "starts_on", "hours", "organiser")
    search_fields = ("title", "organiser")
    natural_key = ("division", "title", "starts_on")  # a course is given again under the same title
    example = {
        "division": "350203000000",
        "title": ("社区工作者能力提升培训班", "网格员业务培训班"),
        "starts_on": ("2024-03-11", "2024-04-15"),
        "hours": ("24", "20"),
        "organiser": ("思明区民政局", "思明区委政法委"),
    }
    filterset, serializer = filters.TrainingCourseFilterSet, serializers.TrainingCourseSerializer


@register
class TrainingAttendanceRegister(Register):
    model = TrainingAttendance
    fields = ("course", "worker", "hours")
    list_fields = ("worker", "course", "hours")
    search_fields = ("worker__name", "course__title")
    natural_key = ("course", "worker")  # the model's unique constraint
    filterset = filters.TrainingAttendanceFilterSet
    importer = TrainingAttendanceImporter
    examples = [
        {
            "培训班名称": "社区工作者能力提升培训班",
            "开班日期": "2024-03-11",
            "社区代码": "350203001001",
            "姓名": "黄志伟",
            "完成学时": "24",
        },
        {
            "培训班名称": "网格员业务培训班",
            "开班日期": "2024-04-15",
            "社区代码": "350203001001",
            "姓名": "苏晓红",
            "完成学时": "18",
        },
    ]


@register
class CommendationRegister(Register):
    model = Commendation
    fields = ("worker", "title", "awarded_on", "awarded_by")
    list_fields = ("title", "worker", "awarded_on", "awarded_by")
    search_fields = ("title", "worker__name", "awarded_by")
    natural_key = ("worker", "title", "awarded_on")
    example = {
        "title": ("优秀社区工作者", "先进个人"),
        "awarded_on": ("2023-12-20", "2024-01-15"),
        "awarded_by": ("思明区民政局", "厦港街道办事处"),
    }
    filterset = filters.CommendationFilterSet
