"""Querysets of the funding registers with domain names (issue #15, FIN-3)."""

from datetime import date

from shequ.core.querysets import RestrictedQuerySet

__all__ = ["FindingQuerySet"]


class FindingQuerySet(RestrictedQuerySet):
    def open(self):
        """Findings not yet rectified."""
        return self.filter(rectified_on__isnull=True)

    def overdue(self, day: date):
        """Findings past their deadline on `day` and not rectified."""
        return self.open().filter(deadline__lt=day)
