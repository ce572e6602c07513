"""Dates from outside are bounded before use (DESIGN.md §11, issue #12 "implausible values accepted").

A service on 9999-12-31 or an election "held" in 2099 is accepted by every date field and then spoils each count,
deadline and rollup that reads it. Three validators, usable on model fields (forms and the API inherit them: DRF
copies a model field's validators), on form fields and on import cells (`RegisterImporter.date(validators=…)`):

- `not_before(1949)`: not before 1 January of that year;
- `not_in_future(days=0)`: not after today in the local time zone (plus `days` of margin);
- `within_years(past=…, future=…)`: within so many years before and after today (planned dates: deadlines, terms).

"Today" is read when a value is checked, never when the field is declared. Datetimes are compared by their local
date. Each refusal names its limit in the message ("不得早于 1949-01-01。"). The validators deconstruct, so that
migrations record them by their arguments.
"""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

__all__ = ["NotBefore", "NotInFuture", "WithinYears", "add_years", "not_before", "not_in_future", "within_years"]


def _day(value) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def add_years(day: date, years: int) -> date:
    """`day` moved by whole years (29 February becomes 28 February), clamped to the years a date can hold."""
    year = min(max(day.year + years, date.min.year), date.max.year)
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def _refuse_before(value, limit: date) -> None:
    if value is not None and _day(value) < limit:
        raise ValidationError(
            _("Must not be before {limit}.").format(limit=limit.isoformat()), code="too_early", params={"limit": limit}
        )


def _refuse_after(value, limit: date, message: str) -> None:
    if value is not None and _day(value) > limit:
        raise ValidationError(message.format(limit=limit.isoformat()), code="too_late", params={"limit": limit})


class _Bound:
    def __eq__(self, other):
        return type(self) is type(other) and self.__dict__ == other.__dict__

    def __hash__(self):
        return hash((type(self), tuple(sorted(self.__dict__.items()))))


@deconstructible(path="shequ.core.dates.NotBefore")
class NotBefore(_Bound):
    def __init__(self, year: int):
        self.year = year

    def __call__(self, value) -> None:
        _refuse_before(value, date(self.year, 1, 1))


@deconstructible(path="shequ.core.dates.NotInFuture")
class NotInFuture(_Bound):
    def __init__(self, days: int = 0):
        self.days = days

    def __call__(self, value) -> None:
        limit = timezone.localdate() + timedelta(days=self.days)
        message = _("Must not be in the future (after {limit}).") if not self.days else _("Must not be after {limit}.")
        _refuse_after(value, limit, message)


@deconstructible(path="shequ.core.dates.WithinYears")
class WithinYears(_Bound):
    def __init__(self, past: int | None = None, future: int | None = None):
        self.past = past
        self.future = future

    def __call__(self, value) -> None:
        today = timezone.localdate()
        if self.past is not None:
            _refuse_before(value, add_years(today, -self.past))
        if self.future is not None:
            _refuse_after(value, add_years(today, self.future), _("Must not be after {limit}."))


def not_before(year: int) -> NotBefore:
    """Refuse a date before 1 January of `year`."""
    return NotBefore(year)


def not_in_future(days: int = 0) -> NotInFuture:
    """Refuse a date after today (local time zone), or after today plus `days`."""
    return NotInFuture(days)


def within_years(past: int | None = None, future: int | None = None) -> WithinYears:
    """Refuse a date more than `past` years before today or more than `future` years after it (None: no limit)."""
    return WithinYears(past, future)
