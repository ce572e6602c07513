"""The organizations registers, declared once (issue #11, `core.registers`)."""

from django.utils.translation import gettext_lazy as _

from shequ.core.registers import Register, register
from shequ.organizations import filtersets as filters
from shequ.organizations import forms, tables
from shequ.organizations.api import serializers
from shequ.organizations.importers import CommitteeMemberImporter
from shequ.organizations.models import (
    BuildingHead,
    CoBuildingActivity,
    CommitteeDecision,
    CommitteeMember,
    Contribution,
    Election,
    GuidanceCommittee,
    GuidanceDecision,
    GuidanceMeeting,
    GuidanceMember,
    LeaderContact,
    Participant,
    PartyMember,
    PartyOrganization,
    ResidentGroup,
    ResidentsCommittee,
    ResponsibilityAssignment,
    SocialOrganization,
    StationedUnit,
    Subcommittee,
)

# ---- the party tree (ORG-1) -------------------------------------------------------------------------------------


@register
class PartyOrganizationRegister(Register):
    model = PartyOrganization
    fields = ("division", "parent", "kind", "name", "co_building")
    list_fields = ("name", "kind", "division", "parent", "co_building")
    search_fields = ("name",)
    natural_key = ("division", "name")
    example = {
        "division": "350203001001",
        "kind": ("社区党委", "社区党支部"),
        "name": ("鸿山社区党委", "鸿山社区第一党支部"),
        "co_building": "否",
    }
    filterset, serializer = filters.PartyOrganizationFilterSet, serializers.PartyOrganizationSerializer


@register
class PartyMemberRegister(Register):
    model = PartyMember
    fields = ("organization", "name", "role", "joined_on")
    list_fields = ("name", "role", "organization", "joined_on")
    search_fields = ("name", "organization__name")
    natural_key = ("organization", "name", "role")  # the model's unique constraint
    example = {"name": ("陈建国", "林秀英"), "role": ("书记", "成员"), "joined_on": ("1998-07-01", "2010-06-15")}
    filterset = filters.PartyMemberFilterSet


# ---- residents' committees (ORG-2, ORG-3) -----------------------------------------------------------------------


@register
class ResidentsCommitteeRegister(Register):
    model = ResidentsCommittee
    fields = ("community", "term_number", "term_start", "term_end")
    list_fields = ("term_number", "community", "term_start", "term_end")
    search_fields = ("community__name",)
    natural_key = ("community", "term_number")  # the model's unique constraint
    example = {
        "term_number": ("11", "12"),
        "term_start": ("2018-06-01", "2021-06-01"),
        "term_end": ("2021-05-31", "2026-05-31"),
    }
    filterset = filters.ResidentsCommitteeFilterSet

    @classmethod
    def find(cls, queryset, text):
        """Other registers' files (elections, subcommittees: no community column) name a term as it is shown,
        "鸿山社区居委会第 11 届" (spaces optional), or by its number alone where the user sees one community's terms."""
        text = "".join(text.split())
        if text.isdigit():
            return queryset.filter(term_number=int(text))
        shown = [term.pk for term in queryset.select_related("community") if "".join(str(term).split()) == text]
        return queryset.filter(pk__in=shown)

    @classmethod
    def name_of(cls, record):
        return str(record)


@register
class CommitteeMemberRegister(Register):
    model = CommitteeMember
    fields = ("committee", "name", "position", "party_member", "full_time")
    list_fields = ("name", "position", "committee", "party_member", "full_time")
    search_fields = ("name",)
    natural_key = ("committee", "name", "position")  # the model's unique constraint
    filterset, serializer = filters.CommitteeMemberFilterSet, serializers.CommitteeMemberSerializer
    importer = CommitteeMemberImporter
    examples = [
        {"社区代码": "350203001001", "届次": "11", "姓名": "王丽华", "职务": "主任", "党员": "是", "专职": "是"},
        {"社区代码": "350203001001", "届次": "12", "姓名": "李志强", "职务": "副主任", "党员": "否", "专职": "否"},
    ]


@register
class ElectionRegister(Register):
    model = Election
    fields = ("committee", "held_on", "electorate", "votes_cast", "result")
    list_fields = ("held_on", "committee", "electorate", "votes_cast", "turnout")
    search_fields = ()
    natural_key = ("committee", "held_on")
    example = {
        "held_on": ("2018-05-20", "2021-05-22"),
        "electorate": ("3200", "3350"),
        "votes_cast": ("2890", "3012"),
        "result": ("选出委员 7 名", "选出委员 9 名"),
    }
    table, filterset = tables.ElectionTable, filters.ElectionFilterSet


@register
class SubcommitteeRegister(Register):
    model = Subcommittee
    fields = ("committee", "kind", "members")
    list_fields = ("kind", "committee", "members")
    search_fields = ()
    natural_key = ("committee", "kind")  # the model's unique constraint
    example = {"kind": ("人民调解", "治安保卫")}
    form, table, filterset = forms.SubcommitteeForm, tables.SubcommitteeTable, filters.SubcommitteeFilterSet


@register
class CommitteeDecisionRegister(Register):
    model = CommitteeDecision
    fields = ("community", "kind", "document_number", "decided_on", "filed_on", "note")
    list_fields = ("document_number", "kind", "community", "decided_on", "filed_on")
    search_fields = ("document_number", "note")
    natural_key = ("community", "document_number")
    example = {
        "kind": ("设立", "范围调整"),
        "document_number": ("思民〔2019〕12号", "思民〔2023〕31号"),
        "decided_on": ("2019-04-10", "2023-08-15"),
        "filed_on": ("2019-05-06", ""),
    }
    filterset = filters.CommitteeDecisionFilterSet


# ---- groups, building heads, participants (ORG-4) ---------------------------------------------------------------


@register
class ResidentGroupRegister(Register):
    model = ResidentGroup
    fields = ("community", "grid", "name", "leader_name", "households")
    list_fields = ("name", "community", "leader_name", "households")
    search_fields = ("name", "leader_name")
    natural_key = ("community", "name")  # the model's unique constraint
    example = {
        "name": ("第一居民小组", "第二居民小组"),
        "leader_name": ("黄美玲", "吴德明"),
        "households": ("420", "380"),
    }
    filterset, serializer = filters.ResidentGroupFilterSet, serializers.ResidentGroupSerializer


@register
class BuildingHeadRegister(Register):
    model = BuildingHead
    fields = ("building", "name", "since")
    list_fields = ("name", "building", "since")
    search_fields = ("name", "building__number")
    natural_key = ("building", "name")  # the model's unique constraint
    example = {"name": ("郑国华", "许淑珍"), "since": ("2020-01-01", "2022-07-01")}
    filterset, serializer = filters.BuildingHeadFilterSet, serializers.BuildingHeadSerializer


@register
class ParticipantRegister(Register):
    model = Participant
    fields = ("community", "kind", "name", "note")
    list_fields = ("name", "kind", "community", "note")
    search_fields = ("name",)
    natural_key = ("community", "kind", "name")  # one person may sit on the council and be one of the five elders
    example = {"kind": ("居民理事会成员", "五老：老干部"), "name": ("蔡志明", "杨桂兰")}
    filterset, serializer = filters.ParticipantFilterSet, serializers.ParticipantSerializer


# ---- social organisations and stationed units (ORG-5, ORG-6) ----------------------------------------------------


@register
class SocialOrganizationRegister(Register):
    model = SocialOrganization
    fields = ("community", "name", "kind", "credit_code", "venue_support", "funds_support", "contact")
    list_fields = ("name", "kind", "community", "credit_code", "venue_support", "funds_support")
    search_fields = ("name", "credit_code", "contact")
    natural_key = ("community", "name")  # the credit code is optional, so it cannot name the record
    example = {
        "name": ("鸿山社区志愿服务协会", "鸿山社区邻里互助会"),
        "kind": ("服务类", "公益类"),
        "credit_code": ("52350203MJ0000000N", "91350203MA2YB12346"),
        "venue_support": ("是", "否"),
        "funds_support": ("5000", "0"),
        "contact": ("周晓燕", "林志远"),
    }
    filterset = filters.SocialOrganizationFilterSet


@register
class StationedUnitRegister(Register):
    model = StationedUnit
    fields = ("community", "name", "credit_code", "resources_shared", "contributions")
    list_fields = ("name", "community", "credit_code", "resources_shared")
    search_fields = ("name", "credit_code", "resources_shared")
    natural_key = ("community", "name")  # the credit code is optional, so it cannot name the record
    example = {
        "name": ("厦门市第一医院鸿山分院", "思明区鸿山小学"),
        "credit_code": ("91350203MA3000000P", "91350203MA31C5678D"),
        "resources_shared": ("会议室", "操场（周末开放）"),
        "contributions": ("义诊", "暑期托管"),
    }
    filterset = filters.StationedUnitFilterSet


@register
class CoBuildingActivityRegister(Register):
    model = CoBuildingActivity
    fields = ("unit", "held_on", "title", "contribution")
    list_fields = ("title", "unit", "held_on", "contribution")
    search_fields = ("title", "unit__name")
    natural_key = ("unit", "held_on", "title")
    example = {
        "held_on": ("2024-03-05", "2024-06-01"),
        "title": ("社区义诊", "六一亲子运动会"),
        "contribution": ("免费体检 120 人次", "提供场地"),
    }
    filterset = filters.CoBuildingActivityFilterSet


# ---- multi-channel investment (FIN-4) ---------------------------------------------------------------------------


@register
class ContributionRegister(Register):
    """What units, social organisations, social capital and individuals put into a community (FIN-4); the unit,
    organisation and activity are named in a file as they are on their pages, within the row's community."""

    model = Contribution
    fields = (
        "community",
        "channel",
        "contributor",
        "unit",
        "social_organization",
        "activity",
        "form",
        "description",
        "value",
        "contributed_on",
        "in_street_ledger",
        "note",
    )
    list_fields = ("contributor", "contributed_on", "channel", "form", "value", "community", "in_street_ledger")
    search_fields = ("contributor", "description", "note", "unit__name", "social_organization__name")
    filter_fields = ("channel", "form", "in_street_ledger", "contributed_on")
    natural_key = ("community", "channel", "contributor", "form", "contributed_on")  # the model's unique constraint
    example = {
        "channel": ("社会资本（企业或投资人）", "个人"),
        "contributor": ("厦门鸿山物业服务有限公司", "陈美华"),
        "form": ("资金", "志愿劳动"),
        "description": ("捐建社区长者食堂", "每周义务理发"),
        "value": ("50000.00", "1200.00"),
        "contributed_on": ("2025-03-15", "2025-06-01"),
        "in_street_ledger": ("是", "否"),
    }
    detail_groups = (
        (_("Contributor"), ("channel", "contributor", "unit", "social_organization", "activity")),
        (_("What was contributed"), ("form", "description", "value", "contributed_on", "in_street_ledger", "note")),
    )


# ---- guidance (GUAR-1) ------------------------------------------------------------------------------------------


@register
class GuidanceCommitteeRegister(Register):
    model = GuidanceCommittee
    fields = ("division", "name", "office")
    list_fields = ("name", "division", "office")
    search_fields = ("name", "office")
    natural_key = ("division", "name")
    example = {
        "division": ("350200000000", "350203000000"),
        "name": ("厦门市城乡社区建设指导委员会", "思明区城乡社区建设指导委员会"),
        "office": ("厦门市民政局", "思明区民政局"),
    }
    filterset, serializer = filters.GuidanceCommitteeFilterSet, serializers.GuidanceCommitteeSerializer


@register
class GuidanceMemberRegister(Register):
    model = GuidanceMember
    fields = ("committee", "name", "position", "unit")
    list_fields = ("name", "position", "unit", "committee")
    search_fields = ("name", "position", "unit")
    natural_key = ("committee", "name")
    example = {"name": ("刘建华", "陈雅琴"), "position": ("主任", "办公室主任"), "unit": ("市人民政府", "区民政局")}
    filterset = filters.GuidanceMemberFilterSet


@register
class GuidanceMeetingRegister(Register):
    """A guidance committee's joint meetings (联席会议, GUAR-1)."""

    model = GuidanceMeeting
    fields = ("committee", "held_on", "title", "place", "attendees", "minutes")
    list_fields = ("held_on", "title", "committee", "place")
    search_fields = ("title", "attendees", "minutes")
    filter_fields = ("committee", "held_on")
    natural_key = ("committee", "held_on", "title")
    example = {
        "held_on": ("2026-03-12", "2026-09-18"),
        "title": ("第一季度联席会议", "老旧小区改造推进会"),
        "place": ("市民政局三楼会议室", ""),
        "attendees": ("刘建华（市政府）,陈雅琴（市民政局）", "刘建华,王磊（区住建局）"),
    }


@register
class GuidanceDecisionRegister(Register):
    """What a guidance committee's joint meeting decided, who answers for it, and its follow-up (GUAR-1)."""

    model = GuidanceDecision
    fields = ("meeting", "text", "responsible", "deadline", "follow_up", "done_on", "follow_up_note")
    list_fields = ("meeting", "text", "responsible", "deadline", "follow_up", "done_on")
    search_fields = ("text", "responsible", "follow_up_note", "meeting__title")
    filter_fields = ("follow_up", "deadline")
    not_importable = _("A decision is recorded with its meeting, one by one, and never from a ledger file.")


@register
class ResponsibilityAssignmentRegister(Register):
    """The responsibility chain (GUAR-1): district party secretaries first responsible, street party secretaries
    directly responsible, as assignments of named persons."""

    model = ResponsibilityAssignment
    fields = ("division", "responsibility", "person_name", "position", "since", "until")
    list_fields = ("person_name", "responsibility", "division", "position", "since", "until")
    search_fields = ("person_name", "position")
    filter_fields = ("responsibility", "since")
    natural_key = ("division", "responsibility", "since")
    example = {
        "division": ("350203000000", "350203001000"),
        "responsibility": ("第一责任人（区委书记）", "直接责任人（街道党工委书记）"),
        "person_name": ("张明", "赵丽"),
        "position": ("思明区委书记", "厦港街道党工委书记"),
        "since": ("2024-01-01", "2025-03-01"),
        "until": ("2024-12-31", ""),
    }


@register
class LeaderContactRegister(Register):
    model = LeaderContact
    fields = ("community", "leader_name", "leader_position", "since")
    list_fields = ("leader_name", "leader_position", "community", "since")
    search_fields = ("leader_name", "leader_position")
    natural_key = ("community", "leader_name")
    example = {
        "leader_name": ("张明", "赵丽"),
        "leader_position": ("思明区委副书记", "厦港街道党工委书记"),
        "since": ("2021-09-01", "2023-02-01"),
    }
    filterset = filters.LeaderContactFilterSet
