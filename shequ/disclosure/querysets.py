from django.db.models import Q

from shequ.core.querysets import RestrictedQuerySet
from shequ.disclosure.choices import DisclosureStatus

__all__ = ["DisclosureQuerySet"]


class DisclosureQuerySet(RestrictedQuerySet):
    def public(self):
        """Every version ever published (the superseded ones stay public, marked)."""
        return self.filter(status__in=DisclosureStatus.public())

    def current(self):
        """The version in force of each community and month: not superseded."""
        return self.filter(~Q(status=DisclosureStatus.SUPERSEDED))

    def of_month(self, month):
        return self.filter(month=month)
