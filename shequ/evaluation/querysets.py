from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum

from shequ.core.querysets import RestrictedQuerySet
from shequ.core.scope import PREFIX_LENGTHS

__all__ = ["DeductionQuerySet", "IndicatorQuerySet", "RectificationQuerySet", "SchemeQuerySet", "ancestor_codes"]


def ancestor_codes(prefixes) -> set[str]:
    """The codes of the divisions above each prefix (a street's: its district and city, and the province)."""
    return {p[:length].ljust(12, "0") for p in prefixes for length in PREFIX_LENGTHS if length < len(p)}


class _AboveVisible(RestrictedQuerySet):
    """The city's scheme, or a district's, is read by every community it scores: seen (never changed) from below."""

    def also_visible(self, user, action: str) -> Q | None:
        if action != "view":
            return None
        meta = self.model._meta
        codes = ancestor_codes(user.scope_prefixes(f"{meta.app_label}.view_{meta.model_name}"))
        return Q(division_code__in=sorted(codes)) if codes else None


class SchemeQuerySet(_AboveVisible):
    pass


class IndicatorQuerySet(_AboveVisible):
    pass


class RectificationQuerySet(RestrictedQuerySet):
    def overdue(self, today: date):
        """Open cases past their deadline (EVAL-3): the alarm's list."""
        return self.filter(status="open", deadline__lt=today)


class DeductionQuerySet(RestrictedQuerySet):
    def for_year(self, year: int):
        """The deductions from the award-for-subsidy funds of `year` (EVAL-4)."""
        return self.filter(year=year)

    def total(self) -> Decimal:
        return self.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")
