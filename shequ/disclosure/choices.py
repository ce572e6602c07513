from django.db import models
from django.utils.translation import gettext_lazy as _


class DisclosureStatus(models.TextChoices):
    """A monthly disclosure's life (INFO-1): compiled as a draft, staff add their text, the street reviews, publishing
    freezes it; a correction is a new version, and the version it replaces is superseded."""

    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed by the street")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded by a correction")

    @classmethod
    def public(cls) -> tuple[str, ...]:
        """What the portal shows: every version ever published, the superseded ones marked."""
        return (cls.PUBLISHED, cls.SUPERSEDED)
