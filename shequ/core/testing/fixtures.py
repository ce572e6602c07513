"""A small real jurisdiction for tests: part of Xiamen (NBS 2023 codes), and one user per level.

厦门市 350200000000 (city)
├── 思明区 350203000000 (district D1)
│   ├── 厦港街道 350203001000 (street S1) ── C1 鸿山社区 350203001001, C2 蜂巢山社区 350203001004
│   └── 中华街道 350203003000 (street S2) ── C3 仁安社区 350203003001
└── 湖里区 350206000000 (district D2)
    └── 湖里街道 350206001000 (street S3) ── C4 湖里社区 350206001001
"""

from dataclasses import dataclass

from shequ.accounts.models import Assignment, User
from shequ.accounts.roles import Role
from shequ.regions.choices import DivisionSource
from shequ.regions.models import Division
from shequ.regions.validators import level_of_code

__all__ = ["COMMUNITIES", "LEVEL_ROLES", "VISIBLE", "Tree", "build_tree", "make_user"]

TREE = [
    ("city", "350200000000", "厦门市", None),
    ("D1", "350203000000", "思明区", "city"),
    ("D2", "350206000000", "湖里区", "city"),
    ("S1", "350203001000", "厦港街道", "D1"),
    ("S2", "350203003000", "中华街道", "D1"),
    ("S3", "350206001000", "湖里街道", "D2"),
    ("C1", "350203001001", "鸿山社区居委会", "S1"),
    ("C2", "350203001004", "蜂巢山社区居委会", "S1"),
    ("C3", "350203003001", "仁安社区居委会", "S2"),
    ("C4", "350206001001", "湖里社区居委会", "S3"),
]
COMMUNITIES = ("C1", "C2", "C3", "C4")

# Which of the four communities each level's user sees: the scope matrix's expected outcome (issue #2).
VISIBLE = {
    "community": {"C1"},
    "street": {"C1", "C2"},
    "district": {"C1", "C2", "C3"},
    "city": {"C1", "C2", "C3", "C4"},
}
LEVEL_ROLES = {
    "community": (Role.COMMUNITY_STAFF, "C1"),
    "street": (Role.STREET_STAFF, "S1"),
    "district": (Role.DISTRICT_ADMIN, "D1"),
    "city": (Role.CITY_ADMIN, "city"),
}


@dataclass
class Tree:
    divisions: dict[str, Division]
    users: dict[str, User]

    def __getitem__(self, key: str) -> Division:
        return self.divisions[key]


def make_user(username: str, role: str | None = None, division: Division | None = None, **fields) -> User:
    user = User.objects.create_user(username=username, password="correct horse battery", **fields)
    if role is not None:
        Assignment.objects.create(user=user, role=role, division=division)
    return user


def build_tree() -> Tree:
    divisions: dict[str, Division] = {}
    for key, code, name, parent in TREE:
        divisions[key] = Division.objects.create(
            code=code,
            name=name,
            level=level_of_code(code),
            parent=divisions.get(parent),
            source=DivisionSource.NBS,
            edition="2023",
        )
    users = {level: make_user(f"{level}_user", role, divisions[key]) for level, (role, key) in LEVEL_ROLES.items()}
    users["unpermitted"] = make_user("unpermitted_user")
    users["auditor"] = make_user("auditor_user", Role.AUDITOR, divisions["city"])
    return Tree(divisions, users)
