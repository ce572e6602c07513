"""The safe-community registers, declared once (issue #17; GOV-1 to GOV-5; `core.registers`)."""

from django.utils.translation import gettext_lazy as _

from shequ.core.registers import Register, register
from shequ.core.tables import Table
from shequ.safety.api.serializers import (
    DisputePartySerializer,
    HelpEducationCaseSerializer,
    HelpVisitSerializer,
    SurveillanceDeviceSerializer,
)
from shequ.safety.forms import DisputePartyForm, HelpEducationCaseForm, HelpVisitForm
from shequ.safety.models import (
    DeviceStatusReport,
    DisputeCase,
    DisputeParty,
    FireInspection,
    HelpEducationCase,
    HelpGroupMember,
    HelpVisit,
    JointDefenceMember,
    JointDefenceTeam,
    PatrolArea,
    PatrolRecord,
    PoliceOfficer,
    PoliceRoom,
    SafetyActivity,
    SurveillanceDevice,
    with_visit_days,
)


@register
class PoliceRoomRegister(Register):
    model = PoliceRoom
    fields = ("community", "name", "address", "opened_on")
    list_fields = ("name", "community", "address", "opened_on")
    search_fields = ("name", "address")
    natural_key = ("community", "name")
    example = {"name": ("鸿山社区警务室", "蜂巢山警务室"), "address": ("鸿山路 1 号", "蜂巢路 2 号")}


@register
class PoliceOfficerRegister(Register):
    model = PoliceOfficer
    fields = ("room", "name", "kind", "badge_number", "committee_member", "since")
    list_fields = ("name", "kind", "room", "badge_number", "committee_member", "since")
    search_fields = ("name", "badge_number", "room__name")
    filter_fields = ("kind",)
    natural_key = ("room", "name")
    example = {"name": ("郑警官", "许辅警"), "badge_number": ("035621", "")}


@register
class JointDefenceTeamRegister(Register):
    model = JointDefenceTeam
    fields = ("community", "name", "leader_name", "founded_on")
    list_fields = ("name", "community", "leader_name", "founded_on")
    search_fields = ("name", "leader_name")
    natural_key = ("community", "name")
    example = {"name": ("鸿山红袖标巡防队", "鸿山平安志愿队"), "leader_name": ("陈大海", "林秀英")}


@register
class JointDefenceMemberRegister(Register):
    model = JointDefenceMember
    fields = ("team", "name", "joined_on", "active")
    list_fields = ("name", "team", "joined_on", "active")
    search_fields = ("name", "team__name")
    filter_fields = ("active",)
    natural_key = ("team", "name")
    example = {"name": ("王建国", "李秀梅")}


@register
class PatrolAreaRegister(Register):
    model = PatrolArea
    fields = ("community", "name", "person_in_charge", "residential_area", "team", "description")
    list_fields = ("name", "community", "person_in_charge", "residential_area", "team")
    search_fields = ("name", "person_in_charge", "residential_area__name")
    natural_key = ("community", "name")
    example = {"name": ("鸿山一片区", "鸿山二片区"), "person_in_charge": ("陈大海", "王建国")}


@register
class PatrolRecordRegister(Register):
    model = PatrolRecord
    fields = ("area", "started_at", "ended_at", "patrollers", "findings")
    list_fields = ("area", "started_at", "ended_at", "patrollers", "findings")
    search_fields = ("patrollers", "findings", "area__name")
    filter_fields = ("started_at",)
    natural_key = ("area", "started_at")
    example = {
        "started_at": ("2024-03-01 20:00", "2024-03-02 20:00"),
        "ended_at": ("2024-03-01 22:00", "2024-03-02 21:30"),
        "patrollers": ("陈大海、王建国", "李秀梅"),
        "findings": ("3 号楼消防通道堆放杂物，已劝离", ""),
    }


@register
class DisputeCaseRegister(Register):
    model = DisputeCase
    fields = (
        "community",
        "number",
        "title",
        "kind",
        "summary",
        "opened_on",
        "deadline",
        "stage",
        "mediator",
        "outcome",
        "closed_on",
        "agreement",
    )
    list_fields = ("number", "title", "community", "kind", "stage", "opened_on", "deadline", "mediator", "outcome")
    search_fields = ("number", "title", "summary")
    filter_fields = ("kind", "stage", "outcome", "opened_on")
    natural_key = ("community", "number")
    read_only = ("work_order",)  # set by `services.case_from_order`
    example = {
        "number": ("（2024）鸿调字第 1 号", "（2024）鸿调字第 2 号"),
        "title": ("楼上漏水纠纷", "噪音扰民纠纷"),
        "opened_on": ("2024-03-01", "2024-03-02"),
        "deadline": ("2024-03-31", "2024-04-01"),
        "stage": ("受理", "调解中"),
        "outcome": "",
        "closed_on": "",
        "agreement": "",
    }


@register
class DisputePartyRegister(Register):
    model = DisputeParty
    # The form and the API also take the phone and ID number in plaintext (stored encrypted and masked); an import
    # file holds names and roles only, so that no ledger of personal data passes through the import engine.
    fields = ("case", "role", "name")
    list_fields = ("name", "role", "case", "phone_masked", "id_number_masked")
    search_fields = ("name", "case__number", "case__title")
    filter_fields = ("role",)
    natural_key = ("case", "name")
    example = {"name": ("张某", "李某"), "role": ("申请人", "被申请人")}
    form, serializer = DisputePartyForm, DisputePartySerializer


@register
class SurveillanceDeviceRegister(Register):
    model = SurveillanceDevice
    # The status is not written here: the latest status report sets it.
    fields = ("community", "code", "name", "kind", "residential_area", "public_area", "installed_on")
    list_fields = ("code", "name", "community", "kind", "residential_area", "public_area", "status")
    search_fields = ("code", "name", "public_area", "residential_area__name")
    filter_fields = ("kind", "status")
    natural_key = ("code",)
    example = {
        "code": ("35020300001", "35020300002"),
        "name": ("鸿山公园东门枪机", "蜂巢山路口球机"),
        "public_area": ("鸿山公园东门", "蜂巢山路口"),
    }
    serializer = SurveillanceDeviceSerializer


@register
class DeviceStatusReportRegister(Register):
    model = DeviceStatusReport
    fields = ("device", "status", "reported_at", "note")
    list_fields = ("device", "status", "reported_at", "note")
    search_fields = ("device__code", "device__name", "note")
    filter_fields = ("status", "reported_at")
    natural_key = ("device", "reported_at")
    example = {"status": ("在线", "离线"), "note": ("", "断电，已报修")}


@register
class FireInspectionRegister(Register):
    model = FireInspection
    fields = (
        "community",
        "place",
        "place_kind",
        "residential_area",
        "inspected_on",
        "inspectors",
        "hazard_count",
        "hazards",
        "rectify_by",
        "reinspected_on",
        "reinspection_result",
    )
    list_fields = (
        "place",
        "community",
        "place_kind",
        "inspected_on",
        "hazard_count",
        "rectify_by",
        "reinspection_result",
    )
    search_fields = ("place", "inspectors", "hazards")
    filter_fields = ("place_kind", "reinspection_result", "inspected_on", "rectify_by")
    natural_key = ("community", "place", "inspected_on")
    example = {
        "place": ("鸿山路 12 号小吃店", "鸿山花园"),
        "place_kind": ("三小场所", "小区"),
        "inspected_on": ("2024-03-01", "2024-03-02"),
        "inspectors": ("郑警官、陈干部", "陈干部"),
        "hazard_count": ("2", "0"),
        "hazards": ("灭火器过期；电动车在店内充电", ""),
        "rectify_by": ("2024-03-15", ""),
        "reinspected_on": ("2024-03-14", ""),
        "reinspection_result": ("已整改", ""),
    }


@register
class SafetyActivityRegister(Register):
    model = SafetyActivity
    fields = ("community", "kind", "title", "held_on", "place", "organiser", "reach", "summary")
    list_fields = ("title", "community", "kind", "held_on", "organiser", "reach")
    search_fields = ("title", "place", "organiser", "summary")
    filter_fields = ("kind", "held_on")
    natural_key = ("community", "held_on", "title")
    example = {
        "title": ("宪法宣传日进社区", "禁毒知识讲座"),
        "kind": ("法治宣传", "扫黄禁赌禁毒"),
        "held_on": ("2024-03-01", "2024-03-02"),
        "reach": ("120", "60"),
    }


# ---- help and education (GOV-4): restricted ------------------------------------------------------------------------

NOT_IMPORTED_RESTRICTED = _(
    "Help-and-education records are restricted: they are entered one by one, never through a ledger file."
)


class HelpEducationCaseTable(Table):
    model = HelpEducationCase
    fields = ("resident", "kind", "started_on", "ends_on", "status", "next_visit_due")
    extra_labels = {"kind": _("kind"), "next_visit_due": _("next visit due")}
    prefetch_related = (with_visit_days(),)

    def render_next_visit_due(self, obj):
        return obj.next_visit_due() or ""


@register
class HelpEducationCaseRegister(Register):
    model = HelpEducationCase
    fields = ("resident", "started_on", "ends_on", "visit_every_days", "status")
    search_fields = ("resident__name",)
    filter_fields = ("status", "started_on")
    not_importable = NOT_IMPORTED_RESTRICTED
    restricted = True
    form, serializer, table = HelpEducationCaseForm, HelpEducationCaseSerializer, HelpEducationCaseTable


@register
class HelpGroupMemberRegister(Register):
    model = HelpGroupMember
    fields = ("case", "name", "role")
    list_fields = ("name", "role", "case")
    search_fields = ("name",)
    filter_fields = ("role",)
    not_importable = NOT_IMPORTED_RESTRICTED
    restricted = True


@register
class HelpVisitRegister(Register):
    model = HelpVisit
    fields = ("case", "visited_on", "visitor")
    list_fields = ("visited_on", "visitor", "case")
    search_fields = ("visitor",)
    filter_fields = ("visited_on",)
    not_importable = NOT_IMPORTED_RESTRICTED
    restricted = True
    form, serializer = HelpVisitForm, HelpVisitSerializer
