"""Writes and figures of the satisfaction surveys (issue #14 item 2): the sample size for a margin of error, the
reproducible draw, tokens, answering by token, and results only for groups of at least five answers."""

import math
import random
import secrets
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.audit import log_access
from shequ.core.choices import AccessEvent
from shequ.core.crypto import encrypt
from shequ.core.personal import MOBILE
from shequ.core.rights import user_may
from shequ.core.text import has_control_characters
from shequ.people.choices import Relation
from shequ.people.models import Household, Resident
from shequ.regions.models import Division
from shequ.surveys.choices import QuestionKind
from shequ.surveys.models import MIN_GROUP, Answer, Sample, Survey, Token

__all__ = [
    "Closed",
    "Result",
    "answer",
    "charts",
    "draw_sample",
    "margin_of_error",
    "results",
    "sample_size",
    "satisfaction",
    "send_tokens",
]

Z95 = Decimal("1.96")
MAX_TEXT = 500


def sample_size(population: int, margin_percent: Decimal) -> int:
    """Households to ask so that a proportion is known within ± the margin at 95 % confidence (p = 0.5, the
    worst case), with the finite-population correction: n₀ = z²·p(1−p)/e², n = n₀ / (1 + (n₀ − 1) / N)."""
    if population <= 0:
        return 0
    e = float(margin_percent) / 100
    n0 = float(Z95) ** 2 * 0.25 / e**2
    return min(population, math.ceil(n0 / (1 + (n0 - 1) / population)))


def margin_of_error(share: float, answers: int, population: int | None) -> Decimal:
    """± percentage points at 95 % confidence for a share among `answers` of `population` households."""
    if answers <= 0:
        return Decimal(100)
    e = float(Z95) * math.sqrt(share * (1 - share) / answers)
    if population and population > 1 and answers <= population:
        e *= math.sqrt((population - answers) / (population - 1))
    return Decimal(e * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


@transaction.atomic
def draw_sample(*, acting_user, survey: Survey, community: Division, seed: int | None = None) -> Sample:
    """Draw the community's households for the survey: the seed (random unless given) is stored, so that the same
    seed over the same list of households (by id) draws the same sample; one token per drawn household is issued,
    in an order of their own (not the list's)."""
    if acting_user is not None and not user_may(acting_user, "surveys.add_sample", community.code):
        raise PermissionDenied
    if not community.code.startswith(survey.division.prefix) or community.level != "community":
        raise ValidationError({"community": _("The community lies outside the survey's division.")})
    if Sample.objects.filter(survey=survey, community=community).exists():
        raise ValidationError({"community": _("This community's sample has already been drawn.")})
    ids = list(
        Household.objects.unscoped("survey sample")
        .filter(community=community)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    size = sample_size(len(ids), survey.margin)
    seed = secrets.randbits(48) if seed is None else seed
    drawn = sorted(random.Random(seed).sample(ids, size))
    sample = Sample.objects.create(
        survey=survey,
        community=community,
        seed=seed,
        population=len(ids),
        size=size,
        households=drawn,
        created_by=acting_user,
    )
    Token.objects.bulk_create(Token(survey=survey, division_code=community.code) for _ in range(size))
    return sample


class Closed(Exception):
    """An answer refused: the token is unknown, used, or its survey is not open."""


def token_state(code: str, day) -> tuple[Token | None, str]:
    """The token and "" if it may answer, else why not."""
    token = Token.objects.select_related("survey").filter(code=code).first()
    if token is None:
        return None, _("This answer code is not known. Please check the link or the slip.")
    if token.used:
        return token, _("This answer code has already been used: each household answers once.")
    if day < token.survey.opens_on:
        return token, _("This survey opens on %(day)s.") % {"day": token.survey.opens_on}
    if day > token.survey.closes_on:
        return token, _("This survey closed on %(day)s.") % {"day": token.survey.closes_on}
    return token, ""


def _value(question, raw: str):
    raw = (raw or "").strip()
    if question.kind == QuestionKind.TEXT:
        if has_control_characters(raw) or len(raw) > MAX_TEXT:
            raise ValidationError({f"q{question.number}": _("At most 500 characters of plain text.")})
        return raw or None
    if not raw:
        raise ValidationError({f"q{question.number}": _("Please answer this question.")})
    if question.kind == QuestionKind.SINGLE:
        if raw not in question.choice_list():
            raise ValidationError({f"q{question.number}": _("Choose one of the answers.")})
        return raw
    if not raw.isdigit() or not 1 <= int(raw) <= question.scale_max:
        raise ValidationError(
            {f"q{question.number}": _("Choose a value from 1 to %(max)s.") % {"max": question.scale_max}}
        )
    return int(raw)


@transaction.atomic
def answer(*, code: str, data, day=None) -> Answer:
    """Record one household's answers by its token: once, while the survey is open; otherwise nothing is written."""
    day = day or timezone.localdate()
    token = Token.objects.select_for_update().filter(code=code).first()
    _token, refusal = token_state(code, day)
    if token is None or refusal:
        raise Closed(refusal)
    values = {}
    for question in token.survey.questions.order_by("number"):
        value = _value(question, data.get(f"q{question.number}", ""))
        if value is not None:
            values[str(question.number)] = value
    token.used = True
    token.save(update_fields=["used"])
    return Answer.objects.create(survey=token.survey, division_code=token.division_code, answered_on=day, values=values)


@dataclass
class Result:
    """One question's result in one group: shown only with at least MIN_GROUP answers."""

    question: object
    answers: int
    shown: bool
    counts: dict = field(default_factory=dict)  # choice or scale value → answers
    mean: Decimal | None = None
    satisfied: Decimal | None = None  # percent
    margin: Decimal | None = None  # ± percentage points


def results(survey: Survey, prefix: str) -> tuple[int, list[Result]]:
    """The answers of the group of communities under `prefix` (one community, a street, the whole survey): their
    number and each question's result; nothing but the count below MIN_GROUP answers. Free text is never shown
    per answer here (it could name a household)."""
    rows = list(Answer.objects.filter(survey=survey, division_code__startswith=prefix).values_list("values", flat=True))
    population = sum(
        Sample.objects.filter(survey=survey, division_code__startswith=prefix).values_list("population", flat=True)
    )
    out = []
    for question in survey.questions.order_by("number"):
        given = [row[str(question.number)] for row in rows if str(question.number) in row]
        result = Result(question, len(given), len(given) >= MIN_GROUP)
        if result.shown and question.kind != QuestionKind.TEXT:
            for value in given:
                result.counts[value] = result.counts.get(value, 0) + 1
            if question.kind == QuestionKind.SCALE:
                result.mean = (Decimal(sum(given)) / len(given)).quantize(Decimal("0.01"), ROUND_HALF_UP)
                happy = sum(1 for v in given if v >= question.satisfied_from)
                result.satisfied = (Decimal(happy * 100) / len(given)).quantize(Decimal("0.1"), ROUND_HALF_UP)
                result.margin = margin_of_error(happy / len(given), len(given), population or None)
        out.append(result)
    return len(rows), out


def charts(groups: list[tuple[str, int, list[Result]]]) -> dict:
    """The survey page's charts (issue #14 item 8) from `results` of its groups [(name, answers, results)], the
    whole survey first: for each question of the whole survey that is shown (≥ MIN_GROUP answers; free text never),
    its answers per choice or scale point (`q<number>`); for each scale question, the share satisfied in each group
    where it is shown, with the bounds of its margin of error (`s<number>`). Nothing of a group not shown."""
    out: dict[str, dict] = {}
    if not groups:
        return out
    for result in groups[0][2]:
        question = result.question
        if not result.shown or question.kind == QuestionKind.TEXT:
            continue
        if question.kind == QuestionKind.SCALE:
            names = [str(point) for point in range(1, question.scale_max + 1)]
            keys: list = list(range(1, question.scale_max + 1))
        else:
            names = keys = question.choice_list()
        out[f"q{question.number}"] = {
            "names": names,
            "series": [{"name": _("answers"), "type": "bar", "data": [result.counts.get(key, 0) for key in keys]}],
            "integer": True,
        }
    scales = [r.question for r in groups[0][2] if r.question.kind == QuestionKind.SCALE]
    for question in scales:
        shown = [
            (name, result)
            for name, _answers, rows in groups
            for result in rows
            if result.question.pk == question.pk and result.shown
        ]
        if not shown:
            continue
        share = [float(r.satisfied) for _name, r in shown]
        out[f"s{question.number}"] = {
            "names": [name for name, _result in shown],
            "series": [
                {"name": _("satisfied (%)"), "type": "bar", "data": share},
                {
                    "name": _("lower bound"),
                    "type": "scatter",
                    "data": [float(max(r.satisfied - r.margin, Decimal(0))) for _name, r in shown],
                },
                {
                    "name": _("upper bound"),
                    "type": "scatter",
                    "data": [float(min(r.satisfied + r.margin, Decimal(100))) for _name, r in shown],
                },
            ],
            "max": 100,
        }
    return out


def satisfaction(survey_ids, codes) -> dict[str, tuple[int, int]]:
    """{community code: (satisfied, answered)} over the satisfaction questions of the given surveys."""
    from shequ.surveys.models import Question

    questions = {
        (q.survey_id, str(q.number)): q.satisfied_from
        for q in Question.objects.filter(survey_id__in=survey_ids, satisfaction=True)
    }
    result: dict[str, list[int]] = {code: [0, 0] for code in codes}
    rows = Answer.objects.filter(survey_id__in=survey_ids, division_code__in=list(codes))
    for survey_id, code, values in rows.values_list("survey_id", "division_code", "values"):
        for (qs, number), threshold in questions.items():
            if qs == survey_id and number in values:
                result[code][1] += 1
                result[code][0] += values[number] >= threshold
    return {code: (a, b) for code, (a, b) in result.items()}


MESSAGE_KIND = "survey_code"


@transaction.atomic
def send_tokens(*, acting_user, sample: Sample, link) -> tuple[int, int]:
    """Send answer codes by message through the outbox (issue #14 item 2): each drawn household whose head has a
    mobile number gets one unused code, not printed on a slip afterwards. `link(code)` gives the answering address.
    Returns (sent, drawn households without a mobile: they get slips). Once per sample.

    What would link an answer to a household never stays: the phone travels encrypted in the message and, with the
    link, is dropped once the message is delivered; the code keeps only "sent"; the access log counts the phones read
    for the sample, naming none."""
    from shequ.workorders.models import OutboxMessage
    from shequ.workorders.outbox import PHONE_FIELD

    if acting_user is not None and not user_may(acting_user, "surveys.add_sample", sample.division_code):
        raise PermissionDenied
    sample = Sample.objects.select_for_update().select_related("survey").get(pk=sample.pk)
    if sample.messages_sent_at is not None:
        raise ValidationError(_("The answer codes of this sample have been sent already."))
    heads = Resident.objects.unscoped("survey codes by message").filter(
        household_id__in=sample.households, relation=Relation.HEAD
    )
    phones = [phone for phone in (head.reveal("phone") for head in heads) if MOBILE.match(phone)]
    random.SystemRandom().shuffle(phones)  # no order to match against the codes'
    tokens = list(
        Token.objects.select_for_update()
        .filter(survey=sample.survey, division_code=sample.division_code, used=False, sent=False)
        .order_by("code")[: len(phones)]
    )
    now = timezone.now()
    OutboxMessage.objects.bulk_create(
        OutboxMessage(
            kind=MESSAGE_KIND,
            payload={
                "survey": sample.survey.title,
                "closes_on": sample.survey.closes_on.isoformat(),
                "url": link(token.code),
                "phone_encrypted": encrypt(phone, field=PHONE_FIELD),
            },
            next_attempt_at=now,
        )
        for token, phone in zip(tokens, phones, strict=False)
    )
    Token.objects.filter(pk__in=[token.pk for token in tokens]).update(sent=True)
    sample.messages_sent_at = now
    sample.save(update_fields=["messages_sent_at", "last_updated"])
    log_access(AccessEvent.MESSAGES_SENT, user=acting_user, obj=sample, messages=len(tokens))
    return len(tokens), len(sample.households) - len(tokens)
