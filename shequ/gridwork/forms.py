from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shequ.core.forms import ScopedModelForm, style_widgets
from shequ.gridwork import models
from shequ.regions.models import Grid

__all__ = ["PATROL_TIME", "PatrolLogForm", "PatrolStartForm", "local_minute"]

# The browser's date-and-time picker (issue #13: patrol times were free text); it sends local wall-clock time,
# which Django reads in the current time zone, the city's (settings.TIME_ZONE).
PATROL_TIME = "%Y-%m-%dT%H:%M"


def local_minute():
    """Now in the city's time zone, to the minute (what the picker shows and sends back)."""
    return timezone.localtime().replace(second=0, microsecond=0)


def patrol_time_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=PATROL_TIME)


class PatrolLogForm(ScopedModelForm):
    """A patrol is logged by the grid worker who walked it: the signed-in user. A new patrol starts now by default
    (issue #13, SVC-8); the end stays empty while the patrol goes on."""

    class Meta:
        model = models.PatrolLog
        fields = ["grid", "started_at", "ended_at", "notes", "findings"]
        widgets = {"started_at": patrol_time_input(), "ended_at": patrol_time_input()}
        help_texts = {"ended_at": _("Leave empty while the patrol goes on.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.instance.worker = self.user
            if not self.is_bound:
                self.initial.setdefault("started_at", local_minute())
                grids = self.fields["grid"].queryset
                only = list(grids.values_list("pk", flat=True)[:2])
                if len(only) == 1:
                    self.initial.setdefault("grid", only[0])  # nothing to choose (issue #13)


class PatrolStartForm(forms.Form):
    """Start a patrol now: only the grid, preselected when the worker has one."""

    grid = forms.ModelChoiceField(label=_("grid"), queryset=Grid.objects.none())

    def __init__(self, *args, grids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = grids.order_by("code")
        only = list(grids.values_list("pk", flat=True)[:2])
        if len(only) == 1:
            self.initial.setdefault("grid", only[0])
        style_widgets(self)
