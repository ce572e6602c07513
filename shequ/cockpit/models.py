"""The cockpit's rollup tables (issue #13, DESIGN.md §10 and §11: "figures come from rollups"; SVC-3).

`Figure` holds one number of one division for one month: residents, households, care records by category, work
orders by the month they came in (intake, closed, closed on time, open and overdue, call-backs, satisfied), open
orders yellow and red, volunteers and their verified hours, training attendance and hours, and the communities
meeting each policy check. `shequ.cockpit.rollups.refresh_rollups` recounts them from the registers; the home page
reads a few hundred rows instead of counting millions.

Every division has its own rows, at every level (community, street, district, city, province): a division's row is
the sum of the records at or below it. A page therefore reads exact rows (`division_code IN …`) — one row per
metric and month for a whole city — rather than summing 7,000 communities' rows by code range at each view
(docs/adr/0012-cockpit-rollups.md).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["Figure", "RollupRun"]


class Figure(models.Model):
    """One metric of one division in one month. Flow metrics (intake, hours) count the month's events; state
    metrics (residents, yellow, red) are the count at the latest refresh within that month."""

    division_code = models.CharField(_("division code"), max_length=12)
    month = models.DateField(_("month"))  # the first day of the month
    metric = models.CharField(_("metric"), max_length=60)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["division_code", "month", "metric"]
        constraints = [
            models.UniqueConstraint(fields=["division_code", "month", "metric"], name="cockpit_figure_unique_key"),
        ]
        # The unique constraint's index answers the home page: a division's rows, by month.

    def __str__(self):
        return f"{self.division_code} {self.month:%Y-%m} {self.metric} = {self.value}"


class RollupRun(models.Model):
    """One refresh of the figures: when, for which months, how long it took (shown as "as of" on the home page)."""

    until = models.DateTimeField(_("as of"), db_index=True)
    first_month = models.DateField(_("first month"))
    last_month = models.DateField(_("last month"))
    rows = models.PositiveIntegerField(_("rows"))
    seconds = models.FloatField(_("seconds"))

    class Meta:
        verbose_name = _("rollup run")
        verbose_name_plural = _("rollup runs")
        ordering = ["-until"]

    def __str__(self):
        return f"{self.until:%Y-%m-%d %H:%M} ({self.rows})"
