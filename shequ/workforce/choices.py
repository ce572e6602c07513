from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Background", "CandidateResult", "Certificate", "WorkerPosition"]


class WorkerPosition(models.TextChoices):
    PARTY_SECRETARY = "party_secretary", _("Party secretary")
    DIRECTOR = "director", _("Committee director")
    DEPUTY = "deputy", _("Deputy secretary or director")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    WORKER = "worker", _("Full-time community worker")

    @classmethod
    def leaders(cls) -> tuple[str, ...]:
        """Trained at least once a year (WF-2); everybody else at least once every two years."""
        return (cls.PARTY_SECRETARY, cls.DIRECTOR)


class Background(models.TextChoices):
    GRADUATE = "graduate", _("University graduate")
    DEMOBILISED_OFFICER = "demobilised_officer", _("Demobilised officer")
    VETERAN = "veteran", _("Veteran")
    SOCIAL_WORKER = "social_worker", _("Professional social worker")
    OTHER = "other", _("Other")


class Certificate(models.TextChoices):
    NONE = "", _("None")
    ASSISTANT = "assistant", _("Assistant social worker")
    INTERMEDIATE = "intermediate", _("Social worker")
    SENIOR = "senior", _("Senior social worker")


class CandidateResult(models.TextChoices):
    PENDING = "pending", _("Pending")
    HIRED = "hired", _("Hired")
    NOT_HIRED = "not_hired", _("Not hired")
