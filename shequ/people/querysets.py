from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from shequ.core.querysets import RestrictedQuerySet
from shequ.core.scope import scope_q
from shequ.people.choices import SENSITIVE_CARE, ResidenceStatus

__all__ = ["CareRecordQuerySet", "FloatingRecordQuerySet", "ResidentQuerySet"]


class ResidentQuerySet(RestrictedQuerySet):
    def current(self):
        """Residents still in the register: not moved out, not deceased."""
        return self.exclude(residence_status__in=[ResidenceStatus.MOVED_OUT, ResidenceStatus.DECEASED])


class FloatingRecordQuerySet(RestrictedQuerySet):
    def permits_expiring(self, within_days: int = 30):
        """Residence permits that expire within `within_days` days from today (or have expired)."""
        return self.filter(permit_expiry__lte=timezone.localdate() + timedelta(days=within_days))


class CareRecordQuerySet(RestrictedQuerySet):
    def restrict(self, user, action: str = "view"):
        """As any register, and sensitive categories only where the user holds the sensitive-care duty (AC-4)."""
        queryset = super().restrict(user, action)
        if user is None or not user.is_authenticated or user.is_superuser:
            return queryset
        sensitive_scope = user.scope_prefixes("people.view_sensitive_care")
        return queryset.filter(~Q(category__in=SENSITIVE_CARE) | scope_q(sensitive_scope))

    def changelog_q(self, user) -> Q:
        """The change log of a care record that is or ever was in a sensitive category is read only where the
        record itself is, i.e. within the sensitive-care duty (issue #12, AC-4): its ordinary earlier rows would
        otherwise tell that the record moved somewhere hidden. Rows are matched by their before and after."""
        from shequ.core.models import ObjectChange

        sensitive = list(SENSITIVE_CARE)
        ever_sensitive = ObjectChange.objects.filter(
            Q(prechange_data__category__in=sensitive) | Q(postchange_data__category__in=sensitive),
            object_type__app_label="people",
            object_type__model="carerecord",
        ).values("object_id")
        return ~Q(object_id__in=ever_sensitive) | scope_q(user.scope_prefixes("people.view_sensitive_care"))

    def active(self):
        today = timezone.localdate()
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
