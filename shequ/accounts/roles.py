"""The seven roles and the permission set each grants (issue #2; reliability-security.md AC-5).

A permission is Django's `<app>.<action>_<model>`. A role grants the permissions matching its `grants` patterns and
not matching its `denies` patterns (shell-style wildcards), so a new register is covered by the roles the moment its
model exists. Scope is not here: a role grants a permission *within the division of the assignment* that carries it.
"""

from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import cache

from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.regions.choices import DivisionLevel

__all__ = [
    "EXCLUSIVE_DUTIES",
    "ROLE_DEFINITIONS",
    "ROLE_LEVELS",
    "TWO_FACTOR_ROLES",
    "Role",
    "RoleDefinition",
    "conflicting_duties",
    "role_grants",
]


class Role(models.TextChoices):
    CITY_ADMIN = "city_admin", _("City administrator")
    DISTRICT_ADMIN = "district_admin", _("District administrator")
    STREET_STAFF = "street_staff", _("Street staff")
    COMMUNITY_STAFF = "community_staff", _("Community staff")
    GRID_WORKER = "grid_worker", _("Grid worker")
    DEPARTMENT_STAFF = "department_staff", _("Department staff")
    AUDITOR = "auditor", _("Auditor")
    # 三员分立 (issue #12, GB/T 22239 level 3): the system administrator runs the platform (divisions, catalogues,
    # jobs), the security administrator its accounts and rights, the auditor reads both their trails.
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")


@dataclass(frozen=True)
class RoleDefinition:
    grants: tuple[str, ...]
    denies: tuple[str, ...] = ()

    def grants_permission(self, permission: str) -> bool:
        return any(fnmatchcase(permission, p) for p in self.grants) and not any(
            fnmatchcase(permission, p) for p in self.denies
        )


# Audit tables are read by auditors and administrators only; nobody edits them (AU-3).
_AUDIT_WRITES = ("core.add_*", "core.change_*", "core.delete_*")
_ADMINISTRATION = ("accounts.*", "core.*")
# The division tree is the NBS code list; only administrators add or correct divisions.
_DIVISION_WRITES = ("regions.add_division", "regions.change_division", "regions.delete_division")

# Establishing, abolishing or resizing a residents' committee is the district government's decision (ORG-2).
_DISTRICT_DECISIONS = (
    "organizations.add_committeedecision",
    "organizations.change_committeedecision",
    "organizations.delete_committeedecision",
)

# The request-category catalogue and its time limits are the city's (SVC-5).
_CITY_CATALOGUES = (
    *("workorders.add_category", "workorders.change_category", "workorders.delete_category"),
    *("onestop.add_serviceitem", "onestop.change_serviceitem", "onestop.delete_serviceitem"),
    # The function-room standard ("18室1厅1站6栏") and its items are the city's (FAC-2).
    *("facilities.add_functionstandard", "facilities.change_functionstandard", "facilities.delete_functionstandard"),
    *("facilities.add_functionitem", "facilities.change_functionitem", "facilities.delete_functionitem"),
)

# Community facilities are registered by the street office; the community keeps them and reads the register (FAC-2).
# So is the assessment of a community's work (社区工作考核, SVC-6): the street assesses, the community reads it.
# The responsibility chain (GUAR-1) is assigned by the district and the city; streets and communities read it.
_DISTRICT_DECISIONS += tuple(f"organizations.{a}_responsibilityassignment" for a in ("add", "change", "delete"))

_STREET_REGISTERS = (
    *("facilities.add_facility", "facilities.change_facility", "facilities.delete_facility"),
    *("affairs.add_workassessment", "affairs.change_workassessment", "affairs.delete_workassessment"),
)

# The admission gate (ADM-1): departments draft admitted items and send requests; the city publishes the items;
# communities answer requests and neither draft items nor send requests.
_CITY_ADMISSION = ("admission.publish_admitteditem",)
_DEPARTMENT_WORK = ("admission.add_*", "admission.change_*", "admission.delete_*")
# Departments' targets toward communities and the utilities' service points in them (GUAR-2) are set by the
# departments, the district and the city; the street and the community read them.
_DEPARTMENT_TARGETS = tuple(
    f"admission.{a}_{m}" for a in ("add", "change", "delete") for m in ("departmenttarget", "servicepoint")
)

# Special-care data and unmasking are duties, not ranks (DESIGN.md §5, AC-4).
_CARE = ("people.view_care", "people.*_carerecord", "people.unmask_resident", "onestop.*_allowancereview")
_SENSITIVE_CARE = ("people.view_sensitive_care",)
# Help and education of released persons, community corrections and at-risk youth is restricted (GOV-4): the
# street office and the administrators above it hold it, as they hold the sensitive care categories.
_RESTRICTED_HELP = ("safety.*_helpeducationcase", "safety.*_helpgroupmember", "safety.*_helpvisit")

# The evaluation (issue #14, EVAL-1): the city sets the scheme (a district may extend it) and approves, districts
# compute and review; streets inspect; a community never scores itself.
# The city's committee office draws and records re-checks of demonstration communities (EVAL-4); districts record
# rewards and recommendations (EVAL-2) and accountability decisions (EVAL-3); streets (and above) keep rectification
# cases, which the community reads and reports progress on.
_EVALUATION_CITY = ("evaluation.approve_run", "evaluation.add_recheckdraw", "evaluation.change_recheck")
_EVALUATION_DISTRICT = (
    *(f"evaluation.{a}_{m}" for a in ("add", "change", "delete") for m in ("scheme", "indicator", "award")),
    *("evaluation.add_run", "evaluation.review_run", "evaluation.add_accountability"),
)
_EVALUATION_STREET = ("evaluation.add_inspection", "evaluation.change_inspection", "evaluation.delete_inspection")
_EVALUATION_STREET += tuple(f"evaluation.{a}_rectification" for a in ("add", "change", "delete"))
_EVALUATION_STREET += ("surveys.add_*", "surveys.change_*", "surveys.delete_*")  # nor surveys its own satisfaction
# The monthly disclosure (INFO-1): a community writes its draft's text; the street reviews and publishes.
_EVALUATION_STREET += ("disclosure.review_disclosure", "disclosure.publish_disclosure")

ROLE_DEFINITIONS: dict[str, RoleDefinition] = {
    Role.CITY_ADMIN: RoleDefinition(grants=("*",), denies=_AUDIT_WRITES),
    Role.DISTRICT_ADMIN: RoleDefinition(
        grants=("*",), denies=(*_AUDIT_WRITES, *_CITY_CATALOGUES, *_CITY_ADMISSION, *_EVALUATION_CITY)
    ),
    Role.STREET_STAFF: RoleDefinition(
        grants=("*",),
        denies=(
            *(_ADMINISTRATION + _DIVISION_WRITES + _DISTRICT_DECISIONS + _CITY_CATALOGUES + _CITY_ADMISSION),
            *(_EVALUATION_CITY + _EVALUATION_DISTRICT + _DEPARTMENT_TARGETS),
        ),
    ),
    Role.COMMUNITY_STAFF: RoleDefinition(
        grants=("*",),
        denies=(
            *_ADMINISTRATION,
            *_DIVISION_WRITES,
            *_DISTRICT_DECISIONS,
            *_CITY_CATALOGUES,
            *_STREET_REGISTERS,
            *_SENSITIVE_CARE,
            *_RESTRICTED_HELP,
            *_CITY_ADMISSION,
            *_DEPARTMENT_WORK,
            *(_EVALUATION_CITY + _EVALUATION_DISTRICT + _EVALUATION_STREET),
        ),
    ),
    # Grid workers also report incidents as work orders, handle them on the spot and keep their patrol logs (SVC-8),
    # the safe community's patrol records as they keep their own (GOV-1) and the sentiment diary (SVC-6).
    Role.GRID_WORKER: RoleDefinition(
        grants=(
            "*.view_*",
            "workorders.add_workorder",
            "workorders.change_workorder",
            "gridwork.*_patrollog",
            "safety.*_patrolrecord",
            "affairs.*_sentimententry",  # what they hear on their rounds, made a work order in one step (SVC-6)
        ),
        denies=(*_ADMINISTRATION, *_CARE, *_SENSITIVE_CARE, *_RESTRICTED_HELP),
    ),
    Role.DEPARTMENT_STAFF: RoleDefinition(
        grants=("*.view_*", *_DEPARTMENT_WORK), denies=(*_ADMINISTRATION, *_CARE, *_SENSITIVE_CARE, *_RESTRICTED_HELP)
    ),
    Role.AUDITOR: RoleDefinition(
        grants=("*.view_*",), denies=("accounts.view_token", *_CARE, *_SENSITIVE_CARE, *_RESTRICTED_HELP)
    ),
    # Operations: the division tree, the city's catalogues and the platform's jobs; no accounts, no audit trails,
    # no residents (issue #12).
    Role.SYSTEM_ADMIN: RoleDefinition(
        grants=("regions.*", "core.*", *_CITY_CATALOGUES),
        denies=(*_AUDIT_WRITES, "core.view_accesslog", "core.view_objectchange"),
    ),
    # Accounts and rights, and the access log of logins and permission changes; no registers (issue #12).
    Role.SECURITY_ADMIN: RoleDefinition(grants=("accounts.*", "core.view_accesslog"), denies=("accounts.view_token",)),
}

# 三员分立 (issue #12): no account may hold two of these duties. The system administrator's duty is carried by
# the new system-administrator role and by the city administrator, who holds every permission of the city and so
# runs the system; district administrators administer a jurisdiction, not the platform, and stay combinable.
EXCLUSIVE_DUTIES: dict[str, str] = {
    Role.CITY_ADMIN: "system",
    Role.SYSTEM_ADMIN: "system",
    Role.SECURITY_ADMIN: "security",
    Role.AUDITOR: "audit",
}


def conflicting_duties(held_roles, new_role: str) -> str | None:
    """A role among `held_roles` whose separated duty differs from `new_role`'s, or None (三员分立, issue #12)."""
    duty = EXCLUSIVE_DUTIES.get(new_role)
    if duty is None:
        return None
    return next(
        (held for held in sorted(held_roles) if EXCLUSIVE_DUTIES.get(held) not in (None, duty)),
        None,
    )


# Roles whose holders must sign in with a second factor (issue #12, IA-1): the administrators and the auditors.
TWO_FACTOR_ROLES = frozenset(
    {Role.CITY_ADMIN, Role.DISTRICT_ADMIN, Role.AUDITOR, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN}
)


@cache
def role_grants(role: str, permission: str) -> bool:
    """Whether `role` carries `permission` (cached: both sets are fixed at start-up)."""
    definition = ROLE_DEFINITIONS.get(role)
    return definition is not None and definition.grants_permission(permission)


# The division level each role is held at; department staff and auditors may sit at any level.
ROLE_LEVELS = {
    Role.CITY_ADMIN: {DivisionLevel.CITY},
    Role.DISTRICT_ADMIN: {DivisionLevel.DISTRICT},
    Role.STREET_STAFF: {DivisionLevel.STREET},
    Role.COMMUNITY_STAFF: {DivisionLevel.COMMUNITY},
    Role.GRID_WORKER: {DivisionLevel.COMMUNITY},
    Role.DEPARTMENT_STAFF: set(DivisionLevel),
    Role.AUDITOR: set(DivisionLevel),
    Role.SYSTEM_ADMIN: {DivisionLevel.CITY},
    Role.SECURITY_ADMIN: {DivisionLevel.CITY, DivisionLevel.DISTRICT},
}
