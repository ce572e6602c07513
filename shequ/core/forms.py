from django import forms
from django.utils.translation import gettext_lazy as _

__all__ = ["CommunityRecordForm", "ScopedModelForm", "add_service_errors", "mark_errors", "style_widgets"]


def add_service_errors(form, error) -> None:
    """A service's `ValidationError` onto the form that called it: each field's messages on that field, any other
    (or a message without a field) on the form itself."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


# Django's "---------" for "nothing chosen" means nothing to a clerk (issue #13).
BLANK = "---------"


def style_widgets(form) -> None:
    """Give every widget its Tabler / Bootstrap class, so forms need no per-field markup, and every empty choice
    a word instead of Django's dashes."""
    for field in form.fields.values():
        if getattr(field, "empty_label", None) == BLANK:
            field.empty_label = _("(choose)")
        choices = getattr(field, "choices", None)
        # A model field's choices come as a lazy BlankChoiceIterator (Django 5), a form's own as a list.
        if choices is not None and not hasattr(field, "queryset"):
            choices = list(choices)
            if choices and choices[0] == ("", BLANK):
                field.choices = [("", _("(choose)")), *choices[1:]]
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def mark_errors(form) -> None:
    """Mark each field with an error for sight (Bootstrap's `is-invalid`) and for screen readers (`aria-invalid`,
    the message linked by `aria-describedby`); `site.js` moves the focus to the first (issue #13)."""
    if not form.is_bound:
        return
    for name in form.errors:
        if name not in form.fields:
            continue
        attrs = form.fields[name].widget.attrs
        attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{form[name].auto_id}_error"


class ScopedModelForm(forms.ModelForm):
    """A model form whose choices of related records are restricted to what the user may see (AC-1)."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "restrict"):
                field.queryset = queryset.restrict(user, "view")
        style_widgets(self)


class CommunityRecordForm(ScopedModelForm):
    """Form of a record that belongs to a community: the choice is limited to communities in scope. A register whose
    form does not name the community (a compiled record whose text alone is written) has no such field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "community" in self.fields:
            self.fields["community"].queryset = self.fields["community"].queryset.communities()
