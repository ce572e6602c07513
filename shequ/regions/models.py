"""The jurisdiction tree: city → district → street → community, and the grids inside a community (SVC-3)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shequ.core.models import Linked, ScopedModel
from shequ.core.scope import code_prefix
from shequ.regions.choices import DivisionLevel, DivisionSource
from shequ.regions.querysets import DivisionQuerySet, GridQuerySet
from shequ.regions.validators import level_of_code, parent_code_of, validate_division_code

__all__ = ["Division", "Grid"]


def resolve_level_and_parent(code: str, level: str | None, parent: "Division | None"):
    """The level and parent a well-formed `code` implies; a given level or parent must agree with them.

    Raises ValidationError keyed by the field at fault, with the reason in the user's language.
    """
    expected_level = level_of_code(code)
    if level and level != expected_level:
        raise ValidationError(
            {"level": gettext("The code {code} denotes a {level}.").format(code=code, level=expected_level.label)}
        )
    expected_parent = parent_code_of(code)
    if expected_parent is None:
        if parent is not None:
            raise ValidationError({"parent": gettext("A city has no parent division.")})
        return expected_level, None
    if parent is None:
        parent = Division.objects.unscoped("parent of a new division").filter(code=expected_parent).first()
        if parent is None:
            raise ValidationError(
                {"code": gettext("The parent division {code} does not exist.").format(code=expected_parent)}
            )
    elif parent.code != expected_parent:
        raise ValidationError(
            {"parent": gettext("The parent of {code} must be {parent}.").format(code=code, parent=expected_parent)}
        )
    return expected_level, parent


class Division(Linked, ScopedModel):
    """One division with its 12-digit statistical code (统计用区划代码); its own code is its `division_code`."""

    code = models.CharField(_("division code"), max_length=12, unique=True, validators=[validate_division_code])
    name = models.CharField(_("name"), max_length=100, db_index=True)
    level = models.CharField(_("level"), max_length=10, choices=DivisionLevel.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent division"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    source = models.CharField(_("source"), max_length=10, choices=DivisionSource.choices, default=DivisionSource.LOCAL)
    edition = models.CharField(_("edition"), max_length=20, blank=True, help_text=_("Edition of the code list."))

    objects = DivisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def picker_label(self) -> str:
        """How a search picker names the division: with its parent, since street and community names repeat
        across a city (e.g. more than one 中华街道)."""
        return f"{self.name}（{self.parent.name}）" if self.parent_id else self.name

    @property
    def prefix(self) -> str:
        """The significant digits of the code: everything at or below this division starts with them."""
        return code_prefix(self.code)

    def clean(self):
        """Refuse codes whose level or parent does not match the code itself (issue #2, bad input)."""
        super().clean()
        if self.code and level_of_code(self.code) is not None:
            self.level, self.parent = resolve_level_and_parent(self.code, self.level, self.parent)

    def scope_code(self) -> str:
        return self.code


class Grid(Linked, ScopedModel):
    """A grid (网格): part of one community, coded as the community's code plus a 3-digit sequence."""

    community = models.ForeignKey(
        Division,
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        related_name="grids",
        limit_choices_to={"level": DivisionLevel.COMMUNITY},
    )
    sequence = models.PositiveSmallIntegerField(
        _("sequence"),
        validators=[MinValueValidator(1), MaxValueValidator(999)],
        help_text=_("1–999; the grid code is the community code followed by these three digits."),
    )
    code = models.CharField(_("grid code"), max_length=15, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    objects = GridQuerySet.as_manager()

    class Meta:
        verbose_name = _("grid")
        verbose_name_plural = _("grids")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["community", "sequence"], name="regions_grid_unique_community_sequence"),
        ]

    def __str__(self):
        return f"{self.name}（{self.code}）"

    def clean(self):
        super().clean()
        if self.community_id and self.community.level != DivisionLevel.COMMUNITY:
            raise ValidationError({"community": gettext("A grid must belong to a community.")})

    def save(self, *args, **kwargs):
        self.code = f"{self.community.code}{self.sequence:03d}"
        super().save(*args, **kwargs)

    def scope_code(self) -> str:
        return self.community.code
