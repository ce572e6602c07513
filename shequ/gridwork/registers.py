"""The grid-work registers, declared once (issue #11, `core.registers`)."""

from shequ.core.registers import Register, register
from shequ.gridwork.api.serializers import PatrolLogSerializer
from shequ.gridwork.filtersets import GridWorkerFilterSet, PatrolLogFilterSet
from shequ.gridwork.forms import PatrolLogForm
from shequ.gridwork.models import GridWorker, PatrolLog


@register
class GridWorkerRegister(Register):
    model = GridWorker
    fields = ("grid", "user", "since", "active")
    list_fields = ("user", "grid", "since", "active")
    search_fields = ("user__username", "user__full_name", "grid__name")
    natural_key = ("grid", "user")
    example = {"user": ("street_user", "community_user")}
    filterset = GridWorkerFilterSet


@register
class PatrolLogRegister(Register):
    model = PatrolLog
    fields = ("grid", "started_at", "ended_at", "notes", "findings")
    # A ledger of past patrols names its grid worker; the page takes the signed-in worker instead.
    import_fields = ("grid", "worker", "started_at", "ended_at", "notes", "findings")
    list_fields = ("grid", "started_at", "worker", "ended_at", "findings")
    search_fields = ("notes", "findings", "grid__name")
    natural_key = ("grid", "worker", "started_at")
    example = {"worker": "street_user", "ended_at": ("2024-03-01 11:30", "2024-03-02 11:30")}
    form, filterset, serializer = PatrolLogForm, PatrolLogFilterSet, PatrolLogSerializer
