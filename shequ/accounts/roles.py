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

__all__ = ["ROLE_DEFINITIONS", "ROLE_LEVELS", "Role", "RoleDefinition", "role_grants"]


class Role(models.TextChoices):
    CITY_ADMIN = "city_admin", _("City administrator")
    DISTRICT_ADMIN = "district_admin", _("District administrator")
    STREET_STAFF = "street_staff", _("Street staff")
    COMMUNITY_STAFF = "community_staff", _("Community staff")
    GRID_WORKER = "grid_worker", _("Grid worker")
    DEPARTMENT_STAFF = "department_staff", _("Department staff")
    AUDITOR = "auditor", _("Auditor")


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
    *("services.add_serviceitem", "services.change_serviceitem", "services.delete_serviceitem"),
)

# Special-care data and unmasking are duties, not ranks (DESIGN.md §5, AC-4).
_CARE = ("people.view_care", "people.*_carerecord", "people.unmask_resident", "services.*_allowancereview")
_SENSITIVE_CARE = ("people.view_sensitive_care",)

ROLE_DEFINITIONS: dict[str, RoleDefinition] = {
    Role.CITY_ADMIN: RoleDefinition(grants=("*",), denies=_AUDIT_WRITES),
    Role.DISTRICT_ADMIN: RoleDefinition(grants=("*",), denies=(*_AUDIT_WRITES, *_CITY_CATALOGUES)),
    Role.STREET_STAFF: RoleDefinition(
        grants=("*",), denies=(*_ADMINISTRATION, *_DIVISION_WRITES, *_DISTRICT_DECISIONS, *_CITY_CATALOGUES)
    ),
    Role.COMMUNITY_STAFF: RoleDefinition(
        grants=("*",),
        denies=(*_ADMINISTRATION, *_DIVISION_WRITES, *_DISTRICT_DECISIONS, *_CITY_CATALOGUES, *_SENSITIVE_CARE),
    ),
    # Grid workers also report incidents as work orders, handle them on the spot and keep their patrol logs (SVC-8).
    Role.GRID_WORKER: RoleDefinition(
        grants=("*.view_*", "workorders.add_workorder", "workorders.change_workorder", "gridwork.*_patrollog"),
        denies=(*_ADMINISTRATION, *_CARE, *_SENSITIVE_CARE),
    ),
    Role.DEPARTMENT_STAFF: RoleDefinition(grants=("*.view_*",), denies=(*_ADMINISTRATION, *_CARE, *_SENSITIVE_CARE)),
    Role.AUDITOR: RoleDefinition(grants=("*.view_*",), denies=("accounts.view_token", *_CARE, *_SENSITIVE_CARE)),
}


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
}
