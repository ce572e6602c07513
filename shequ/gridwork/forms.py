from shequ.core.forms import ScopedModelForm
from shequ.gridwork import models

__all__ = ["PatrolLogForm"]


class PatrolLogForm(ScopedModelForm):
    """A patrol is logged by the grid worker who walked it: the signed-in user."""

    class Meta:
        model = models.PatrolLog
        fields = ["grid", "started_at", "ended_at", "notes", "findings"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.worker = self.user
