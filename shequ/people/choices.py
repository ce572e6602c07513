from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "SENSITIVE_CARE",
    "CareCategory",
    "Education",
    "Employment",
    "Ethnicity",
    "HouseholdRegistration",
    "MaritalStatus",
    "MoveKind",
    "PoliticalStatus",
    "RegistrationType",
    "Relation",
    "ResidenceStatus",
    "Sex",
]


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


# GB/T 3304 codes and names of the 56 ethnic groups (names are proper nouns, kept in Chinese).
Ethnicity = models.TextChoices(
    "Ethnicity",
    [
        (f"E{i:02d}", (f"{i:02d}", name))
        for i, name in enumerate(
            (
                "汉族",
                "蒙古族",
                "回族",
                "藏族",
                "维吾尔族",
                "苗族",
                "彝族",
                "壮族",
                "布依族",
                "朝鲜族",
                "满族",
                "侗族",
                "瑶族",
                "白族",
                "土家族",
                "哈尼族",
                "哈萨克族",
                "傣族",
                "黎族",
                "傈僳族",
                "佤族",
                "畲族",
                "高山族",
                "拉祜族",
                "水族",
                "东乡族",
                "纳西族",
                "景颇族",
                "柯尔克孜族",
                "土族",
                "达斡尔族",
                "仫佬族",
                "羌族",
                "布朗族",
                "撒拉族",
                "毛南族",
                "仡佬族",
                "锡伯族",
                "阿昌族",
                "普米族",
                "塔吉克族",
                "怒族",
                "乌孜别克族",
                "俄罗斯族",
                "鄂温克族",
                "德昂族",
                "保安族",
                "裕固族",
                "京族",
                "塔塔尔族",
                "独龙族",
                "鄂伦春族",
                "赫哲族",
                "门巴族",
                "珞巴族",
                "基诺族",
            ),
            start=1,
        )
    ],
)


class Relation(models.TextChoices):
    HEAD = "head", _("Head of household")
    SPOUSE = "spouse", _("Spouse")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    GRANDCHILD = "grandchild", _("Grandchild")
    GRANDPARENT = "grandparent", _("Grandparent")
    SIBLING = "sibling", _("Sibling")
    OTHER = "other", _("Other")


class RegistrationType(models.TextChoices):
    REGISTERED = "registered", _("Registered resident")
    FLOATING = "floating", _("Floating resident")
    OTHER = "other", _("Other")


class HouseholdRegistration(models.TextChoices):
    LOCAL = "local", _("Local household registration")
    NON_LOCAL = "non_local", _("Registered elsewhere")
    COLLECTIVE = "collective", _("Collective household")
    NONE = "none", _("No household registration")


class ResidenceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    AWAY = "away", _("Away")
    MOVED_OUT = "moved_out", _("Moved out")
    DECEASED = "deceased", _("Deceased")


class PoliticalStatus(models.TextChoices):
    MASSES = "masses", _("Ordinary citizen")
    CPC_MEMBER = "cpc_member", _("CPC member")
    CPC_PROBATIONARY = "cpc_probationary", _("Probationary CPC member")
    CYL_MEMBER = "cyl_member", _("Communist Youth League member")
    OTHER_PARTY = "other_party", _("Member of another party")


class Education(models.TextChoices):
    NONE = "none", _("No schooling")
    PRIMARY = "primary", _("Primary school")
    JUNIOR = "junior", _("Junior secondary")
    SENIOR = "senior", _("Senior secondary / vocational")
    COLLEGE = "college", _("Junior college")
    BACHELOR = "bachelor", _("Bachelor")
    POSTGRADUATE = "postgraduate", _("Postgraduate")


class Employment(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    UNEMPLOYED = "unemployed", _("Unemployed")
    RETIRED = "retired", _("Retired")
    STUDENT = "student", _("Student")
    NOT_IN_LABOUR_FORCE = "not_in_labour_force", _("Not in the labour force")


class MaritalStatus(models.TextChoices):
    SINGLE = "single", _("Single")
    MARRIED = "married", _("Married")
    DIVORCED = "divorced", _("Divorced")
    WIDOWED = "widowed", _("Widowed")


class CareCategory(models.TextChoices):
    ELDERLY_ALONE = "elderly_alone", _("Elderly living alone")
    DISABILITY = "disability", _("Disability")
    DIBAO = "dibao", _("Minimum living allowance")
    EXTREME_POVERTY = "extreme_poverty", _("Extreme poverty")
    ENTITLED = "entitled", _("Entitled group")
    RELEASED = "released", _("Released person")
    CORRECTIONS = "corrections", _("Community-corrections person")
    AT_RISK_YOUTH = "at_risk_youth", _("At-risk youth")


# Categories only roles with the sensitive-care duty ever see (DESIGN.md §5, AC-4).
SENSITIVE_CARE = (CareCategory.RELEASED, CareCategory.CORRECTIONS, CareCategory.AT_RISK_YOUTH)


class MoveKind(models.TextChoices):
    MOVE_IN = "move_in", _("Moved in")
    MOVE_OUT = "move_out", _("Moved out")
    # To another household of the same community: the community keeps the date and both households (issue #13).
    CHANGE_HOUSEHOLD = "change_household", _("Changed household")
    DEATH = "death", _("Death")
