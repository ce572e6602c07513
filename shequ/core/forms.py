from django import forms

__all__ = ["ScopedModelForm"]


class ScopedModelForm(forms.ModelForm):
    """A model form whose choices of related records are restricted to what the user may see (AC-1)."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "restrict"):
                field.queryset = queryset.restrict(user, "view")
