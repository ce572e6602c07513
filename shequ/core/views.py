"""Generic, restricted views: a register declares model, form, filterset and table and gets its pages.

Every page fetches through `Model.objects.restrict(user, action)`; an object outside the user's jurisdiction is
a 404 exactly like a missing one (DESIGN.md §3, AC-1). Writes are checked to stay inside the writer's scope (AC-3).
"""

import secrets
from typing import Any

from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import ProtectedError
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View

from shequ.core import restricted
from shequ.core.errors import IllegalTransition
from shequ.core.export import (
    EXPORT_FORMATS,
    MIN_REASON_LENGTH,
    export_response,
    file_response,
    log_export,
    needs_reason,
)
from shequ.core.forms import mark_errors
from shequ.core.importing.layout import layout_rows, protected_columns
from shequ.core.models import ObjectChange
from shequ.core.pickers import PICKER_FIELD, picker_answer, use_pickers
from shequ.core.printing import PdfUnavailable, pdf_response
from shequ.core.registers import declaration_of
from shequ.core.registry import register_model, register_page
from shequ.core.restricted import is_restricted, log_restricted_view, reason_url, session_reason
from shequ.core.rights import user_may, user_may_all

__all__ = ["IMPORT_LAYOUT", "ModelViews", "ObjectView", "RestrictedReasonView", "StepsMixin"]

# `?export=xlsx&layout=import`: the list's records as an import file of the register (issue #19 item 6).
IMPORT_LAYOUT = "import"


class ObjectView(LoginRequiredMixin, View):
    """Base of every register page: login, the model permission for `action` (403), the restricted queryset."""

    model: Any = None
    action = "view"
    views: Any = None  # the ModelViews bundle this page belongs to

    @property
    def meta(self):
        return self.model._meta

    def permission(self, action: str | None = None) -> str:
        return f"{self.meta.app_label}.{action or self.action}_{self.meta.model_name}"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not request.user.has_perm(self.permission()):
            raise PermissionDenied
        reason = None
        if request.user.is_authenticated and is_restricted(self.model):
            # A restricted register opens only with a reason, and every view of it is logged (GOV-4).
            reason = session_reason(request, self.model)
            if reason is None:
                return redirect(reason_url(request, self.model))
        if request.method == "POST" and PICKER_FIELD in request.POST and request.user.is_authenticated:
            # One of the page's search pickers asking for matches: answered from the page's own form (issue #13).
            return picker_answer(self.picker_form(), request)
        response = super().dispatch(request, *args, **kwargs)
        if reason is not None and request.method == "GET" and response.status_code == 200:
            page = type(self).__name__ + (":export" if request.GET.get("export") else "")
            log_restricted_view(request, self.model, reason, object_id=kwargs.get("pk"), page=page)
        return response

    def picker_form(self):
        """The form whose search pickers this page answers (`core.pickers`); a page with none answers 400."""
        return forms.Form()

    def get_queryset(self):
        return self.model.objects.restrict(self.request.user, self.action)

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def url(self, kind: str, *args) -> str:
        return reverse(f"{self.meta.app_label}:{self.meta.model_name}_{kind}", args=args)

    def import_url(self) -> str | None:
        """The register's import page, if it may be imported and the user may import it (issue #11)."""
        declaration = declaration_of(self.model)
        importer = declaration.importer_class() if declaration is not None else None
        if importer is None or not self.request.user.has_perm(importer.permission):
            return None
        return reverse("core:import", args=[importer.kind])

    def context(self, **extra):
        user, kinds = self.request.user, self.views.kinds
        return {
            "meta": self.meta,
            "list_url": self.url("list"),
            "add_url": self.url("add") if "add" in kinds and user.has_perm(self.permission("add")) else None,
            "import_url": self.import_url(),
            "can_change": "edit" in kinds and user.has_perm(self.permission("change")),
            "can_delete": "delete" in kinds and user.has_perm(self.permission("delete")),
            "has_history": "changes" in kinds,
            **extra,
        }


class StepsMixin:
    """For a detail page whose record moves through steps (a work order, a service case): POST `action` runs
    `self.run(action, record, request)` if the user may change the record; a refused step (a stale page, a race,
    a missing reason) comes back as a message on the page, never as an error page."""

    # Provided by the ObjectView it is mixed into.
    request: Any
    get_object: Any
    permission: Any

    def post(self, request, pk):
        record = self.get_object()
        action = request.POST.get("action", "")
        if not self.may_run(action, record):
            raise PermissionDenied
        try:
            self.run(action, record, request)
        except IllegalTransition as illegal:
            messages.error(request, str(illegal))
        except ValidationError as invalid:
            messages.error(request, "；".join(invalid.messages))
        else:
            messages.success(request, self.done_message(action, record))
        return redirect(record.get_absolute_url())

    def done_message(self, action: str, record) -> str:
        """What the success message says: which record, and (where the page knows it) what happened to it."""
        return _("{object}: done.").format(object=record)

    def may_run(self, action: str, record) -> bool:
        """Whether the user may take `action` on `record`: by default, change it within the jurisdiction."""
        return user_may(self.request.user, self.permission("change"), record.division_code)

    def run(self, action: str, record, request) -> None:
        raise NotImplementedError


class CappedPaginator(Paginator):
    """Counts at most `cap` + 1 rows (`SELECT count(*) FROM (… LIMIT cap + 1)`): an exact count of millions of rows
    costs a scan of them all on every page; beyond the cap the list says "more than 10,000 records" and its filters
    narrow it (bench/earmark_bench.py measures a ledger of ten million entries)."""

    cap = 10_000

    @cached_property
    def count(self) -> int:
        # Django's own count of the first cap + 1 rows: COUNT over the slice for a queryset, len() for a list.
        return Paginator(self.object_list[: self.cap + 1], self.per_page).count

    @property
    def capped(self) -> bool:
        return self.count > self.cap


class ObjectListView(ObjectView):
    """The register's list: filters, pages, export. The filter form is POSTed and answered with a GET address, so a
    searched ID or phone number never enters a URL: it stays in the session under a random token (`qt`)."""

    paginate_by = 50
    SEARCH_SESSION_KEY = "shequ:search:{}"

    def get(self, request):
        data, private = self.filter_data(request.GET)
        return self.render_list(data, private=private, query=request.GET.copy())

    def picker_form(self):
        return self.views.filterset(None, queryset=self.get_queryset(), request=self.request).form

    def post(self, request):
        query = request.POST.copy()
        query.pop("csrfmiddlewaretoken", None)
        if query.get("export") in EXPORT_FORMATS:  # the reason page of a large export, sent back with its filters
            query.pop("export_reason", None)
            data, private = self.filter_data(query)
            return self.render_list(data, private=private, query=query)
        q = query.pop("q", [""])[-1].strip()
        if q:
            token = secrets.token_urlsafe(8)
            request.session[self.SEARCH_SESSION_KEY.format(token)] = q
            query["qt"] = token
        query = QueryDict(query.urlencode(), mutable=True)
        if not request.htmx:
            return redirect(f"{request.path}?{query.urlencode()}")
        data, private = self.filter_data(query)
        response = self.render_list(data, private=private, query=query)
        response["HX-Push-Url"] = f"{request.path}?{query.urlencode()}"
        return response

    def filter_data(self, query):
        """The filter values: the address's, with the session's search text in place of its token."""
        data = query.copy()
        token = data.pop("qt", [None])[-1]
        if token:
            data["q"] = self.request.session.get(self.SEARCH_SESSION_KEY.format(token), "")
        return (data or None), bool(token)

    def render_list(self, data, *, private: bool, query):
        request = self.request
        table = self.views.table()
        queryset = self.get_queryset().select_related(*table.select_related).prefetch_related(*table.prefetch_related)
        filterset = self.views.filterset(data, queryset=queryset, request=request)
        filterset.private_allowed = private
        if filterset.is_bound and not filterset.is_valid():
            queryset = queryset.none()
        else:
            queryset = filterset.qs
        fmt = query.get("export")
        if fmt in EXPORT_FORMATS:
            filtered = bool(filterset.is_bound and _has_filters(data))
            if query.get("layout") == IMPORT_LAYOUT:
                return self.export_layout(queryset, fmt, query, filtered=filtered)
            return self.export(queryset, table, fmt, query, filtered=filtered)
        page = CappedPaginator(queryset, self.paginate_by).get_page(query.get("page"))
        query = query.copy()
        query.pop("page", None)
        query.pop("export", None)
        query.pop("layout", None)
        htmx = getattr(request, "htmx", False)  # django-htmx's middleware sets it
        template = "generic/object_list_table.html" if htmx else "generic/object_list.html"
        if not htmx:  # the partial carries no filter form
            use_pickers(filterset.form)
        return render(
            request,
            template,
            self.context(
                table=table,
                page=page,
                rows=[(obj, table.cells(obj)) for obj in page],
                filterset=filterset,
                query=query.urlencode(),
                export_query=query,
                layout_export=self.layout_importer() is not None and self.may_export_layout(),
                htmx=htmx,
            ),
        )

    def export(self, queryset, table, fmt: str, query, filtered: bool = False):
        """The file; above `SHEQU_EXPORT_REASON_ROWS` rows only with a reason (issue #12; AU-1, PI-4). A GET is
        answered with a page asking for it, which POSTs it back with the same filters; the reason is kept in the
        export's access-log row. Small exports stay one click."""
        reason, page = self.export_reason(query, fmt, needed=needs_reason(queryset))
        if page is not None:
            return page
        name = self.export_name(filtered)
        return export_response(self.request, queryset, table, name, fmt, reason=reason, query=query.urlencode())

    def export_reason(self, query, fmt: str, *, needed: bool, personal: bool = False):
        """(reason, None) when the export may go ahead; (\"\", the page asking for the reason) while it is needed
        and not (well) given. `personal`: the page says the file holds personal data in full."""
        request, reason = self.request, ""
        if not needed:
            return reason, None
        error = ""
        if request.method == "POST":
            reason = request.POST.get("export_reason", "").strip()
            if len(reason) < MIN_REASON_LENGTH:
                error = _("Give the reason for this export.")
        if request.method == "POST" and not error:
            return reason, None
        hidden = [(key, value) for key, values in query.lists() for value in values if key != "export_reason"]
        context = self.context(
            hidden=hidden,
            threshold=settings.SHEQU_EXPORT_REASON_ROWS,
            error=error,
            reason=reason,
            fmt=fmt,
            personal=personal,
        )
        return "", render(request, "generic/export_reason.html", context, status=400 if error else 200)

    def export_name(self, filtered: bool) -> str:
        name = str(self.meta.verbose_name_plural)
        if filtered:  # the file says it holds a search's rows, not the whole register (issue #13)
            name = _("{register} (filtered)").format(register=name)
        return name

    # ---- the export in the import layout (issue #19 item 6, ADR 0019) -------------------------------------------

    def layout_importer(self):
        """The register's importer, whose columns the import-layout export writes; None: not importable."""
        declaration = declaration_of(self.model)
        return declaration.importer_class() if declaration is not None else None

    def layout_permissions(self) -> set[str]:
        """The permissions that unmask the personal data among the import columns (empty: there is none)."""
        return set(protected_columns(self.layout_importer(), self.model).values())

    def may_export_layout(self) -> bool:
        """Whether the button is offered: no personal data among the columns, or the user may unmask it somewhere
        (whether over every exported record is checked on export)."""
        user = self.request.user
        return all(user.has_perm(permission) for permission in self.layout_permissions())

    def layout_refusal(self, queryset) -> str:
        """Why the user may not export `queryset` in the import layout, or "": the columns hold personal data and
        the user may not unmask it for every record exported (an empty cell would import back as a deletion)."""
        for permission in sorted(self.layout_permissions()):
            if not user_may_all(self.request.user, permission, queryset):
                return _(
                    "This export in the import layout would hold personal data (ID numbers, phone numbers) in full: "
                    "it needs the right to unmask personal data for every record exported. Export the list instead."
                )
        return ""

    def export_layout(self, queryset, fmt: str, query, filtered: bool = False):
        """The records as an import file of this register: its template's columns, each cell as the importer reads
        it, so that the file imports back unchanged. Personal data in full only for a user who may unmask it over
        every record exported, and always with a reason; otherwise a reason above the usual threshold. The access
        log gets the export's row as the list export's, marked `layout`."""
        importer_class = self.layout_importer()
        if importer_class is None:
            raise Http404
        request = self.request
        refusal = self.layout_refusal(queryset)
        if refusal:
            messages.error(request, refusal)
            back = query.copy()
            for key in ("export", "layout", "export_reason"):
                back.pop(key, None)
            return redirect(f"{request.path}?{back.urlencode()}" if back else request.path)
        personal = bool(self.layout_permissions())
        reason, page = self.export_reason(query, fmt, needed=personal or needs_reason(queryset), personal=personal)
        if page is not None:
            return page
        log_export(request, queryset.model, fmt, query.urlencode(), reason, layout=IMPORT_LAYOUT, personal=personal)
        importer = importer_class(request.user)
        name = _("{name} (import layout)").format(name=self.export_name(filtered))
        headers = [column.header for column in importer.columns]
        return file_response(headers, layout_rows(importer, queryset, reveal=personal), name, fmt)


class ObjectDetailView(ObjectView):
    # The same page as a PDF (the `pdf` route of a register declared `printable`, issue #13).
    as_pdf = False

    def get(self, request, pk):
        return self.render_detail(self.get_object())

    def render_detail(self, obj, **extra):
        context = self.context(object=obj, **{**self.extra_context(obj), **extra})
        if self.as_pdf:
            meta = self.meta
            templates = [f"{meta.app_label}/{meta.model_name}_print.html", "generic/object_print.html"]
            try:
                return pdf_response(self.request, templates, context, obj)
            except PdfUnavailable:
                messages.error(self.request, _("PDF output is not available on this server (WeasyPrint is missing)."))
                return redirect(obj.get_absolute_url())
        if self.views.printable:
            context["pdf_url"] = self.url("pdf", obj.pk)
        return render(self.request, [self.views.detail_template(), "generic/object.html"], context)

    # Fields a detail page leaves out; ciphertext and blind-index columns are never shown (DESIGN.md §5). Who
    # registered the record and when are shown under their own heading (RECORD_FIELDS).
    hidden_fields: tuple[str, ...] = ("id", "created_by", "last_updated", "created", "division_code")
    RECORD_FIELDS = ("created_by", "created", "last_updated")

    def shown(self, name: str) -> bool:
        return name not in self.hidden_fields and not name.endswith(("_ptr", "_encrypted", "_digest"))

    def extra_context(self, obj) -> dict:
        """`fields`: every shown field as (label, value); `groups`: the same under headings, empty values left out
        (issue #13), then who registered the record and when."""
        table = self.views.table()
        model_fields = {f.name: f for f in [*self.meta.fields, *self.meta.many_to_many]}
        values = {
            name: (field.verbose_name, table.value(obj, name))
            for name, field in model_fields.items()
            if self.shown(name)
        }
        declaration = declaration_of(self.model)
        declared = declaration.detail_groups if declaration is not None else ()
        placed = {name for _heading, names in declared for name in names}
        groups = [(_("Basic information"), [name for name in values if name not in placed])]
        groups += [(heading, [name for name in names if name in values]) for heading, names in declared]
        record = [
            (model_fields[name].verbose_name, table.value(obj, name))
            for name in self.RECORD_FIELDS
            if name in model_fields
        ]
        return {
            "fields": list(values.values()),
            "groups": [
                *(
                    (heading, [values[name] for name in names if not _empty(values[name][1])])
                    for heading, names in groups
                ),
                (_("Registration"), [(label, value) for label, value in record if not _empty(value)]),
            ],
        }

    @staticmethod
    def add_fact(context: dict, label, value) -> None:
        """A computed fact (not a model field) on the detail page, under the first heading."""
        context["fields"].append((label, value))
        context["groups"][0][1].append((label, value))


def _has_filters(data) -> bool:
    """Whether a list's filter values narrow it (a page number or the export's own keys do not)."""
    ignored = {"page", "export", "export_reason", "layout"}
    return any(value for key, values in data.lists() if key not in ignored for value in values)


def _empty(value) -> bool:
    return value is None or value == "" or value == [] or str(value).strip() in ("", "—")


class ObjectChangesView(ObjectView):
    """The change history of one object (visible to whoever may see the object)."""

    def get(self, request, pk):
        obj = self.get_object()
        changes = ObjectChange.objects.filter(
            object_type=ContentType.objects.get_for_model(self.model), object_id=str(obj.pk)
        ).select_related("user")
        return render(request, "generic/object_changes.html", self.context(object=obj, changes=changes[:200]))


class ObjectEditView(ObjectView):
    """Create (no pk) or edit; the saved record must lie within the writer's scope or nothing is written."""

    action = "change"

    def dispatch(self, request, *args, **kwargs):
        self.action = "change" if "pk" in kwargs else "add"
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, data=None, instance=None, initial=None):
        return self.views.form(data, instance=instance, initial=initial, user=self.request.user)

    def picker_form(self):
        return self.get_form(instance=self.get_object() if "pk" in self.kwargs else None)

    def get(self, request, pk=None):
        obj = self.get_object() if pk else None
        # A new record may be pre-filled from the query string (e.g. "add a grid to this community").
        return self.render_form(self.get_form(instance=obj, initial=None if obj else request.GET.dict()), obj)

    def post(self, request, pk=None):
        obj = self.get_object() if pk else None
        form = self.get_form(request.POST, instance=obj)
        if form.is_valid():
            try:
                with transaction.atomic():
                    instance = form.save(commit=False)
                    if obj is None:
                        instance.created_by = request.user
                    instance.save()
                    form.save_m2m()
                    if not user_may(request.user, self.permission(), instance.division_code):
                        raise PermissionDenied
                    self.views.after_save(instance, request.user, created=obj is None)
            except PermissionDenied:
                form.add_error(None, _("The record would lie outside your jurisdiction."))
            else:
                messages.success(request, _("Saved {object}.").format(object=instance))
                return redirect(instance.get_absolute_url())
        return self.render_form(form, obj, status=200)

    def render_form(self, form, obj, status=200):
        use_pickers(form)
        mark_errors(form)
        return render(
            request=self.request,
            template_name="generic/object_edit.html",
            context=self.context(form=form, object=obj),
            status=status,
        )


class ObjectDeleteView(ObjectView):
    action = "delete"

    def get(self, request, pk):
        return render(request, "generic/object_delete.html", self.context(object=self.get_object()))

    def post(self, request, pk):
        obj = self.get_object()
        try:
            with transaction.atomic():
                self.views.before_delete(obj, request.user)
                obj.delete()
        except ProtectedError:
            messages.error(request, _("{object} cannot be deleted while other records refer to it.").format(object=obj))
            return redirect(obj.get_absolute_url())
        messages.success(request, _("Deleted {object}.").format(object=obj))
        return redirect(self.url("list"))


class ModelViews:
    """The UI of one register. Declare `model`; the form, filterset and table come from the register's declaration
    (`core.registers`) unless set here. `urls()` gives its six routes.

    Subclass the page classes (`list_view`, `detail_view`, …) only to add what is the register's own.
    """

    model: Any = None
    form: Any = None
    filterset: Any = None
    table: Any = None
    list_view = ObjectListView
    detail_view = ObjectDetailView
    edit_view = ObjectEditView
    delete_view = ObjectDeleteView
    changes_view = ObjectChangesView
    # Which pages exist; a read-only register drops add / edit / delete.
    kinds: tuple[str, ...] = ("list", "add", "detail", "edit", "delete", "changes")
    printable = False  # from the declaration (`Register.printable`): the detail page also as a PDF

    @classmethod
    def after_save(cls, instance, user, created: bool) -> None:
        """Hook inside the save transaction, e.g. for an access-log row."""

    @classmethod
    def before_delete(cls, instance, user) -> None:
        """Hook inside the delete transaction."""

    @classmethod
    def detail_template(cls) -> str:
        return f"{cls.model._meta.app_label}/{cls.model._meta.model_name}.html"

    @classmethod
    def urls(cls, prefix: str) -> list:
        declaration = declaration_of(cls.model)
        if declaration is not None:  # what the bundle does not set, the declaration gives (issue #11)
            cls.form = cls.form or (declaration.form_class() if declaration.fields else None)
            cls.filterset = cls.filterset or declaration.filterset_class()
            cls.table = cls.table or declaration.table_class()
            cls.printable = declaration.printable
        register_model(cls.model, cls)
        meta = cls.model._meta
        name = meta.model_name
        routes = [
            ("", cls.list_view, "list", "view"),
            ("add/", cls.edit_view, "add", "add"),
            ("<int:pk>/", cls.detail_view, "detail", "view"),
            ("<int:pk>/edit/", cls.edit_view, "edit", "change"),
            ("<int:pk>/delete/", cls.delete_view, "delete", "delete"),
            ("<int:pk>/changes/", cls.changes_view, "changes", "view"),
        ]
        patterns = []
        for route, view, kind, action in routes:
            if kind not in cls.kinds:
                continue
            register_page(f"{meta.app_label}:{name}_{kind}", f"{meta.app_label}.{action}_{name}")
            patterns.append(path(f"{prefix}/{route}", view.as_view(model=cls.model, views=cls), name=f"{name}_{kind}"))
        if cls.printable:
            register_page(f"{meta.app_label}:{name}_pdf", f"{meta.app_label}.view_{name}")
            pdf = cls.detail_view.as_view(model=cls.model, views=cls, as_pdf=True)
            patterns.append(path(f"{prefix}/<int:pk>/pdf/", pdf, name=f"{name}_pdf"))
        return patterns


class RestrictedReasonView(LoginRequiredMixin, View):
    """The reason asked before a restricted register opens (GOV-4, `core.restricted`); kept for `REASON_TTL` in the
    session for that register only. A register that is not restricted, or that the user may not see, is a 404."""

    def model(self, label: str):
        try:
            model = apps.get_model(label)
        except (LookupError, ValueError):
            raise Http404 from None
        meta = model._meta
        if not is_restricted(model) or not self.request.user.has_perm(f"{meta.app_label}.view_{meta.model_name}"):
            raise Http404
        return model

    def get(self, request, label):
        return self.answer(self.model(label), reason="", error="")

    def post(self, request, label):
        model = self.model(label)
        reason = restricted.clean_reason(request.POST.get("reason"))
        if not reason:
            error = _("Give the reason in {low} to {high} characters.").format(
                low=restricted.MIN_REASON_LENGTH, high=restricted.MAX_REASON_LENGTH
            )
            return self.answer(model, reason=request.POST.get("reason", "")[:200], error=error, status=400)
        restricted.give_reason(request, model, reason)
        list_url = reverse(f"{model._meta.app_label}:{model._meta.model_name}_list")
        return redirect(restricted.safe_next(request, list_url))

    def answer(self, model, *, reason: str, error: str, status: int = 200):
        context = {
            "meta": model._meta,
            "next": restricted.safe_next(self.request, ""),
            "reason": reason,
            "error": error,
            "minutes": int(restricted.REASON_TTL.total_seconds() // 60),
            "max_length": restricted.MAX_REASON_LENGTH,
        }
        return render(self.request, "core/restricted_reason.html", context, status=status)
