"""The policy's surveillance norm as a check (GOV-2; DESIGN.md §8): every residential area covered by a working
(online) surveillance device."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.core.checks import Outcome, PolicyCheck, Status, register_check
from shequ.places.models import ResidentialArea
from shequ.safety.surveillance import covered_area_ids

__all__ = ["SurveillanceCoverage"]


@register_check
class SurveillanceCoverage(PolicyCheck):
    id = "gov-2-surveillance-coverage"
    requirement = "GOV-2"
    title = gettext_lazy("Every residential area under surveillance")
    description = gettext_lazy("Every residential area of the community has at least one online surveillance device.")
    remedy = ("safety:surveillancedevice_add", "safety.add_surveillancedevice")

    def evaluate(self, communities, today):
        codes = [c.code for c in communities]
        areas: dict[str, list] = {code: [] for code in codes}
        for start in range(0, len(codes), 500):
            rows = ResidentialArea.objects.filter(division_code__in=codes[start : start + 500]).values_list(
                "division_code", "pk", "name"
            )
            for code, pk, name in rows:
                areas[code].append((pk, name))
        covered = covered_area_ids(codes)
        outcomes = {}
        for code in codes:
            if not areas[code]:
                outcomes[code] = Outcome(Status.UNKNOWN, _("no residential areas registered"), _("all covered"))
                continue
            missing = sorted(name for pk, name in areas[code] if pk not in covered)
            total = len(areas[code])
            status = Status.VIOLATION if missing else Status.OK
            value = _("{covered} / {total} residential areas").format(covered=total - len(missing), total=total)
            detail = [_("Not covered: {areas}").format(areas="、".join(missing))] if missing else []
            outcomes[code] = Outcome(status, value, _("all covered"), detail)
        return outcomes

    def records(self, community, user, today):
        """The community's residential areas without an online device."""
        covered = covered_area_ids([community.code])
        return ResidentialArea.objects.restrict(user).filter(community=community).exclude(pk__in=covered)
