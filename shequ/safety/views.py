"""The safe-community pages: each register's form, filters and table come from its declaration (registers.py); the
help-and-education pages (GOV-4) add the sealed values, read only here, behind the restricted register's reason."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shequ.core.views import ModelViews, ObjectDetailView
from shequ.safety import models

__all__ = [
    "DeviceStatusReportViews",
    "DisputeCaseViews",
    "DisputePartyViews",
    "FireInspectionViews",
    "HelpEducationCaseViews",
    "HelpGroupMemberViews",
    "HelpVisitViews",
    "JointDefenceMemberViews",
    "JointDefenceTeamViews",
    "PatrolAreaViews",
    "PatrolRecordViews",
    "PoliceOfficerViews",
    "PoliceRoomViews",
    "SafetyActivityViews",
    "SurveillanceDeviceViews",
]


class PoliceRoomViews(ModelViews):
    model = models.PoliceRoom


class PoliceOfficerViews(ModelViews):
    model = models.PoliceOfficer


class JointDefenceTeamViews(ModelViews):
    model = models.JointDefenceTeam


class JointDefenceMemberViews(ModelViews):
    model = models.JointDefenceMember


class PatrolAreaViews(ModelViews):
    model = models.PatrolArea


class PatrolRecordViews(ModelViews):
    model = models.PatrolRecord


class DisputeCaseViews(ModelViews):
    model = models.DisputeCase


class DisputePartyViews(ModelViews):
    model = models.DisputeParty


class SurveillanceDeviceViews(ModelViews):
    model = models.SurveillanceDevice


class DeviceStatusReportViews(ModelViews):
    model = models.DeviceStatusReport


class FireInspectionViews(ModelViews):
    model = models.FireInspection


class SafetyActivityViews(ModelViews):
    model = models.SafetyActivity


class HelpEducationCaseDetail(ObjectDetailView):
    def extra_context(self, obj) -> dict:
        context = super().extra_context(obj)
        self.add_fact(context, _("kind"), obj.get_kind_display())
        self.add_fact(context, _("next visit due"), obj.next_visit_due() or "—")
        if obj.notes:
            self.add_fact(context, _("notes"), obj.notes)
        user, query = self.request.user, urlencode({"case": obj.pk})
        # The case was fetched within the user's scope; its helpers and visits share its division.
        reason = "a case's own helpers and visits"
        context["helpers"] = models.HelpGroupMember.objects.unscoped(reason).filter(case=obj)
        context["visits"] = models.HelpVisit.objects.unscoped(reason).filter(case=obj)[:50]
        if user.has_perm("safety.add_helpgroupmember"):
            context["add_helper_url"] = f"{reverse('safety:helpgroupmember_add')}?{query}"
        if user.has_perm("safety.add_helpvisit"):
            context["add_visit_url"] = f"{reverse('safety:helpvisit_add')}?{query}"
        return context


class HelpVisitDetail(ObjectDetailView):
    def extra_context(self, obj) -> dict:
        context = super().extra_context(obj)
        self.add_fact(context, _("what was found and done"), obj.content)
        return context


class HelpEducationCaseViews(ModelViews):
    model = models.HelpEducationCase
    detail_view = HelpEducationCaseDetail


class HelpGroupMemberViews(ModelViews):
    model = models.HelpGroupMember


class HelpVisitViews(ModelViews):
    model = models.HelpVisit
    detail_view = HelpVisitDetail
