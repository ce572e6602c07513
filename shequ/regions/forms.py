from django import forms

from shequ.core.forms import ScopedModelForm
from shequ.regions.models import Division

__all__ = ["DivisionForm"]


class DivisionForm(ScopedModelForm):
    class Meta:
        model = Division
        fields = ["code", "name", "level", "parent", "edition"]
        widgets = {"code": forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 12})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].required = False
        self.fields["parent"].required = False
        if self.instance.pk:
            # A division's code is its identity; a new code is a new division.
            self.fields["code"].disabled = True
