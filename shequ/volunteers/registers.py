"""The volunteers registers, declared once (issue #11, `core.registers`)."""

from shequ.core.registers import Register, register
from shequ.volunteers import filtersets as filters
from shequ.volunteers.api.serializers import VolunteerSerializer
from shequ.volunteers.importers import ServiceRecordImporter, VolunteerImporter
from shequ.volunteers.models import ServiceRecord, Volunteer, VolunteerActivity, VolunteerTeam
from shequ.volunteers.tables import VolunteerTeamTable


@register
class VolunteerRegister(Register):
    model = Volunteer
    fields = ("community", "name", "skills", "registered_on", "active")
    list_fields = ("name", "community", "skills", "registered_on", "active")
    search_fields = ("name", "skills")
    natural_key = ("community", "name")  # as VolunteerImporter keys its rows
    filterset, serializer = filters.VolunteerFilterSet, VolunteerSerializer
    importer = VolunteerImporter
    examples = [
        {"社区代码": "350203001001", "姓名": "陈小梅", "注册日期": "2021-03-05", "特长": "急救、手语", "在册": "是"},
        {"社区代码": "350203001001", "姓名": "林大勇", "注册日期": "2022-09-10", "特长": "电工", "在册": "否"},
    ]


@register
class VolunteerTeamRegister(Register):
    model = VolunteerTeam
    fields = ("community", "name", "leader_name", "members")
    list_fields = ("name", "community", "leader_name", "members")
    search_fields = ("name", "leader_name")
    natural_key = ("community", "name")  # the model's unique constraint
    example = {"name": ("鸿山应急志愿队", "鸿山助老服务队"), "leader_name": ("陈小梅", "林大勇")}
    table, filterset = VolunteerTeamTable, filters.VolunteerTeamFilterSet


@register
class VolunteerActivityRegister(Register):
    model = VolunteerActivity
    fields = ("community", "title", "team", "held_on", "place")
    list_fields = ("title", "community", "team", "held_on", "place")
    search_fields = ("title", "place")
    natural_key = ("community", "title", "held_on")
    example = {
        "title": ("学雷锋义务理发", "社区环境清洁日"),
        "held_on": ("2024-03-05", "2024-04-20"),
        "place": ("社区广场", "鸿山公园"),
    }
    filterset = filters.VolunteerActivityFilterSet


@register
class ServiceRecordRegister(Register):
    model = ServiceRecord
    fields = ("volunteer", "activity", "served_on", "hours", "verified")
    list_fields = ("volunteer", "activity", "served_on", "hours", "verified")
    search_fields = ("volunteer__name",)
    natural_key = ("volunteer", "served_on", "activity")  # as ServiceRecordImporter keys its rows
    read_only = ("verified_by",)  # recorded on save: whoever marks the hours verified
    filterset = filters.ServiceRecordFilterSet
    importer = ServiceRecordImporter
    examples = [
        {"社区代码": "350203001001", "志愿者姓名": "陈小梅", "服务日期": "2024-03-05", "时长": "2.5", "活动名称": ""},
        {"社区代码": "350203001001", "志愿者姓名": "林大勇", "服务日期": "2024-04-20", "时长": "3", "活动名称": ""},
    ]
