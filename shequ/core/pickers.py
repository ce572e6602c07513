"""Search pickers (issue #13): a choice among more records than a clerk can scroll is typed, never listed.

A form page (or a list's filter form) calls `use_pickers(form)` before rendering. Each model choice whose
queryset — already restricted to the user's jurisdiction by `ScopedModelForm` or the filterset — holds more than
`PICKER_AFTER` records gets a `SearchSelect`: the page carries only the chosen record, and the browser asks the same
page for matches as the user types (`site.js`, Tom Select). The page answers with `picker_answer(form, request)`:
the matches come from the very queryset the form validates against, so a picker can never offer what the form would
refuse, nor anything outside the user's scope. The query travels in a POST body, never in an address, because a
clerk may type an ID or phone number (DESIGN.md §5). A lone choice is chosen in advance.
"""

from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _

from shequ.core.registers import declaration_of
from shequ.core.text import has_control_characters

__all__ = ["PICKER_AFTER", "PICKER_FIELD", "SearchSelect", "SearchSelectMultiple", "picker_answer", "use_pickers"]

# More choices than this and the select becomes a picker: a few screens of options is the most anyone scrolls.
PICKER_AFTER = 100
# The POST field that turns a page's POST into a picker query.
PICKER_FIELD = "_picker"
RESULTS = 20
MAX_QUERY = 50


def picker_label(record) -> str:
    """How a record reads in a picker: its name, with the masked ID number and the community where the record has
    them, so that two residents of one name can be told apart without showing an unmasked ID number."""
    if hasattr(record, "picker_label"):
        return record.picker_label()
    parts = [str(record)]
    masked = getattr(record, "id_number_masked", "")
    if masked:
        parts.append(masked)
    community = getattr(record, "community", None) if _has_field(record, "community") else None
    if community is not None and community is not record:
        parts.append(str(community.name))
    return " · ".join(parts)


def _has_field(record, name: str) -> bool:
    try:
        record._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


class _Picking:
    """What both picker widgets share: render only the chosen records, and say how the browser should ask."""

    allow_multiple_selected: bool
    choices: Any  # the field's ModelChoiceIterator (use_pickers sets it)

    def chosen(self, value) -> list:
        field = self.choices.field
        key = field.to_field_name or "pk"  # a choice may be named by another field (a division by its code)
        model_field = field.queryset.model._meta.get_field(field.to_field_name) if field.to_field_name else None
        keys = []
        for item in value:
            if item in ("", None):
                continue
            try:  # a forged or stale value is the form's error to report, never the widget's crash
                keys.append((model_field or field.queryset.model._meta.pk).to_python(item))
            except ValidationError:
                continue
        if not keys:
            return []
        return list(_with_community(field.queryset).filter(**{f"{key}__in": keys})[: len(keys)])

    def optgroups(self, name, value, attrs=None):
        options = []
        if not self.allow_multiple_selected:
            options.append(self.create_option(name, "", _("(type to search)"), False, 0, attrs=attrs))
        field = self.choices.field
        for index, record in enumerate(self.chosen(value), start=len(options)):
            key = str(field.prepare_value(record))
            options.append(self.create_option(name, key, picker_label(record), True, index, attrs=attrs))
        return [(None, options, 0)]


class SearchSelect(_Picking, forms.Select):
    pass


class SearchSelectMultiple(_Picking, forms.SelectMultiple):
    pass


def _with_community(queryset):
    if _has_field(queryset.model, "parent") and queryset.model._meta.get_field("parent").is_relation:
        return queryset.select_related("parent")
    if _has_field(queryset.model, "community") and queryset.model._meta.get_field("community").is_relation:
        return queryset.select_related("community")
    return queryset


def use_pickers(form) -> None:
    """Turn each large model choice of `form` into a search picker and choose a lone choice in advance."""
    for name, field in form.fields.items():
        if not isinstance(field, forms.ModelChoiceField) or field.widget.is_hidden:
            continue
        queryset = field.queryset
        if queryset is None:
            continue
        ids = list(queryset.order_by().values_list("pk", flat=True)[: PICKER_AFTER + 1])
        if len(ids) > PICKER_AFTER:
            multiple = isinstance(field, forms.ModelMultipleChoiceField)
            widget = (SearchSelectMultiple if multiple else SearchSelect)(
                attrs={
                    **field.widget.attrs,
                    "data-picker": name,
                    "data-picker-placeholder": _("Type a name to search"),
                    "data-picker-empty": _("Nothing found in your jurisdiction"),
                }
            )
            widget.choices = field.choices
            widget.is_required = field.widget.is_required
            field.widget = widget
        elif (
            len(ids) == 1
            and field.required
            and not form.is_bound
            and not isinstance(field, forms.ModelMultipleChoiceField)
            and form.initial.get(name) in (None, "")
        ):
            form.initial[name] = ids[0]


def search(queryset, text: str):
    """`queryset` narrowed to records matching `text` by their register's search (pinyin too for residents)."""
    declaration = declaration_of(queryset.model)
    filterset_class = declaration.filterset_class() if declaration is not None else None
    if filterset_class is None or "q" not in filterset_class.base_filters:
        return queryset.none()
    filterset = filterset_class({"q": text}, queryset=queryset)
    filterset.private_allowed = True  # the text came in a POST body (module docstring)
    return filterset.qs if filterset.is_valid() else queryset.none()


def picker_answer(form, request) -> JsonResponse:
    """The matches for a picker query POSTed to the page that shows `form`: `{"results": [{value, text}]}`."""
    name = request.POST.get(PICKER_FIELD, "")
    field = form.fields.get(name)
    if not isinstance(field, forms.ModelChoiceField):
        return JsonResponse({"error": str(_("No such choice on this page."))}, status=400)
    text = request.POST.get("q", "").strip()
    if len(text) > MAX_QUERY or has_control_characters(text):
        return JsonResponse({"error": str(_("The search text is too long or holds control characters."))}, status=400)
    queryset = _with_community(field.queryset)
    matches = search(queryset, text) if text else queryset
    # The value the form takes back: the record's key, or the field it is named by (a division's code).
    results = [
        {"value": str(field.prepare_value(record)), "text": picker_label(record)} for record in matches[:RESULTS]
    ]
    return JsonResponse({"results": results})
