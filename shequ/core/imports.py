"""Import pages: template download, upload with dry run, the result with every bad row, the annotated report."""

import io
import os
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from shequ.core.crypto import DecryptionError
from shequ.core.forms import mark_errors, style_widgets
from shequ.core.importing import (
    SEALED_SUFFIX,
    FileInvalid,
    RowError,
    estimate_rows,
    unseal_upload,
    write_report,
    write_template,
)
from shequ.core.importing.declared import example_rows
from shequ.core.importing.engine import header_map
from shequ.core.importing.profiles import apply_profile, matching_profile, save_profile
from shequ.core.importing.readers import SUFFIXES, preview_table
from shequ.core.models import ImportJob
from shequ.core.registers import declaration_for, importer_for
from shequ.core.tasks import import_progress, run_import_job
from shequ.core.text import validate_text

__all__ = [
    "UPLOAD_DIR",
    "ImportJobView",
    "ImportMappingView",
    "ImportReportView",
    "ImportTemplateView",
    "ImportView",
]

UPLOAD_DIR = Path(settings.MEDIA_ROOT) / "imports"
MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(label=_("file (.xlsx, .xls, .ods or .csv)"))
    dry_run = forms.BooleanField(label=_("Check only (dry run): write nothing"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Files above 200 MB are imported on the command line (import_register)."))
        if Path(upload.name).suffix.lower() not in SUFFIXES:
            raise forms.ValidationError(_("Only .xlsx, .xls, .ods and .csv files can be imported."))
        return upload


class ImporterMixin(LoginRequiredMixin):
    request: Any  # a view's

    def get_importer_class(self, kind: str):
        importer_class = importer_for(kind)
        if importer_class is None:
            raise Http404
        if not self.request.user.has_perm(importer_class.permission):
            raise PermissionDenied
        return importer_class


def store_upload(upload) -> Path:
    """Keep an upload for its job, readable by the owner only; the job deletes (or seals) it when it finishes."""
    for folder in (UPLOAD_DIR.parent, UPLOAD_DIR):  # the media folder too, if this is the first upload
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    UPLOAD_DIR.chmod(0o700)
    purge_uploads()
    path = UPLOAD_DIR / f"{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}"
    with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path


def report_hours() -> int:
    return getattr(settings, "SHEQU_IMPORT_REPORT_HOURS", 24)


def purge_uploads(now: datetime | None = None) -> int:
    """Delete what no job needs any more (issue #12): sealed uploads older than SHEQU_IMPORT_REPORT_HOURS, uploads
    of finished jobs (e.g. refused before running), and uploads of no job older than an hour. Returns the count."""
    if not UPLOAD_DIR.is_dir():
        return 0
    now = now or timezone.now()
    files = [path for path in UPLOAD_DIR.iterdir() if path.is_file()]
    status_of = dict(
        ImportJob.objects.filter(stored_path__in=[str(path) for path in files]).values_list("stored_path", "status")
    )
    removed = 0
    for path in files:
        status = status_of.get(str(path))
        if status in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING):
            continue
        age = now.timestamp() - path.stat().st_mtime
        if path.name.endswith(SEALED_SUFFIX):
            stale = age > report_hours() * 3600 or (status is None and age > 3600)
        else:
            stale = status is not None or age > 3600
        if stale:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


class ImportView(ImporterMixin, View):
    def get(self, request, kind):
        importer_class = self.get_importer_class(kind)
        jobs = ImportJob.objects.filter(kind=kind, user=request.user)[:10]
        return render(
            request, "core/import.html", {"importer": importer_class, "kind": kind, "form": ImportForm(), "jobs": jobs}
        )

    def post(self, request, kind):
        """Store the upload and show its column mapping (issue #19, item 2); a file that cannot be read at all is
        queued at once, and its job says why it was refused."""
        importer_class = self.get_importer_class(kind)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "core/import.html", {"importer": importer_class, "kind": kind, "form": form})
        upload = form.cleaned_data["file"]
        path = store_upload(upload)
        try:
            preview_table(path, upload.name, score=header_map(importer_class).score)
        except FileInvalid:
            return redirect(
                "core:import_job", queue_import(request.user, kind, path, upload.name, form.cleaned_data["dry_run"]).pk
            )
        token = uuid.uuid4().hex
        pending = request.session.get(PENDING_KEY, {})
        # A few uploads awaiting their mapping per session; the oldest are forgotten (purge_uploads deletes them).
        for stale in list(pending)[: max(len(pending) - MAX_PENDING + 1, 0)]:
            del pending[stale]
        pending[token] = {
            "kind": kind,
            "file": path.name,
            "name": upload.name[:200],
            "dry_run": form.cleaned_data["dry_run"],
        }
        request.session[PENDING_KEY] = pending
        return redirect("core:import_mapping", kind, token)


def queue_import(user, kind: str, path: Path, name: str, dry_run: bool, *, sheet: str = "", columns=()) -> ImportJob:
    """The job of a stored upload, queued for the worker (issue #3 item 6: a background task)."""
    job = ImportJob.objects.create(
        kind=kind,
        user=user,
        file_name=name[:200],
        stored_path=str(path),
        dry_run=dry_run,
        status=ImportJob.Status.QUEUED,
        expected_rows=estimate_rows(path, name),
        sheet=sheet,
        columns=list(columns),
    )
    run_import_job.enqueue(job.pk)
    return job


PENDING_KEY = "shequ-import-uploads"
MAX_PENDING = 5
NOT_IMPORTED = ""


class MappingForm(forms.Form):
    """The mapping step: the field each column of the file gives (or none), the sheet, and a name to save the
    mapping under for the office. A mapping that gives one field from two columns, or no column for a required
    field, is refused here, naming them, before any row is read."""

    profile_name = forms.CharField(
        label=_("Save this mapping for my office as"),
        max_length=100,
        required=False,
        validators=[validate_text],
        help_text=_("Leave empty to use it for this file only. The next file with the same headers is mapped by it."),
    )

    def __init__(self, *args, importer_class, headers: list[str], proposed: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.importer_class = importer_class
        self.headers = headers
        choices = [(NOT_IMPORTED, _("(not imported)"))] + [
            (column.header, f"{column.header} *" if column.required else column.header)
            for column in importer_class.columns
        ]
        for index, header in enumerate(headers):
            self.fields[f"column_{index}"] = forms.ChoiceField(
                label=header or _("column {number}").format(number=index + 1),
                choices=choices,
                required=False,
                initial=proposed[index],
            )
        style_widgets(self)
        self.fields["profile_name"].widget.attrs["maxlength"] = 100

    def column_fields(self):
        return [self[f"column_{index}"] for index in range(len(self.headers))]

    def chosen(self) -> list[str]:
        return [self.cleaned_data.get(f"column_{index}", "") for index in range(len(self.headers))]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        problems = header_map(self.importer_class).problems(self.headers, self.chosen())
        if problems:
            raise forms.ValidationError(problems)
        return cleaned


class ImportMappingView(ImporterMixin, View):
    """The mapping step of the web import (issue #19, item 2): the columns of the uploaded file, each with the
    field it gives — by its header, or by the office's saved profile for these headers — which the clerk may
    change; the sheet, where the workbook has several; then the import runs as always, in the background."""

    def pending(self, request, kind, token) -> tuple[dict, Path]:
        entry = request.session.get(PENDING_KEY, {}).get(token)
        if entry is None or entry["kind"] != kind:
            raise Http404
        path = UPLOAD_DIR / Path(entry["file"]).name
        return entry, path

    def get(self, request, kind, token):
        importer_class = self.get_importer_class(kind)
        entry, path = self.pending(request, kind, token)
        return self.show(request, importer_class, kind, token, entry, path, sheet=request.GET.get("sheet", ""))

    def post(self, request, kind, token):
        importer_class = self.get_importer_class(kind)
        entry, path = self.pending(request, kind, token)
        # The sheet the mapping was shown for; another sheet is chosen on the page's own form, which shows its mapping.
        sheet = request.POST.get("sheet", "")
        return self.show(request, importer_class, kind, token, entry, path, sheet=sheet, data=request.POST)

    def show(self, request, importer_class, kind, token, entry, path, *, sheet, data=None):
        if not path.exists():  # deleted by purge_uploads after an hour
            request.session.get(PENDING_KEY, {}).pop(token, None)
            request.session.modified = True
            notice = _("The uploaded file is no longer kept; upload it again.")
            context = {"importer": importer_class, "kind": kind, "form": ImportForm(), "notice": notice}
            return render(request, "core/import.html", context, status=410)
        mapping = header_map(importer_class)
        try:
            preview = preview_table(path, entry["name"], score=mapping.score, sheet=sheet)
        except FileInvalid as error:  # e.g. a sheet that no longer exists: shown, and the detected one offered
            preview = preview_table(path, entry["name"], score=mapping.score)
            messages = [str(error)]
        else:
            messages = []
        profile = matching_profile(request.user, importer_class, preview.headers)
        proposed = apply_profile(profile, preview.headers, mapping) if profile else mapping.propose(preview.headers)
        form = MappingForm(
            data,
            importer_class=importer_class,
            headers=preview.headers,
            proposed=proposed,
        )
        if data is not None and not messages and form.is_valid():
            chosen = form.chosen()
            name = form.cleaned_data["profile_name"].strip()
            if name:
                save_profile(request.user, importer_class, name, preview.headers, chosen)
            pending = request.session.get(PENDING_KEY, {})
            pending.pop(token, None)
            request.session[PENDING_KEY] = pending
            job = queue_import(
                request.user, kind, path, entry["name"], entry["dry_run"], sheet=preview.sheet, columns=chosen
            )
            return redirect("core:import_job", job.pk)
        mark_errors(form)
        context = {
            "importer": importer_class,
            "kind": kind,
            "form": form,
            "file_name": entry["name"],
            "dry_run": entry["dry_run"],
            "preview": preview,
            "profile": profile,
            "messages_above": messages,
            "unmapped_required": [
                column.header for column in importer_class.columns if column.required and column.header not in proposed
            ],
        }
        return render(request, "core/import_mapping.html", context)


class ImportJobView(LoginRequiredMixin, View):
    """One import's progress and outcome, only for the user who ran it; htmx polls the result card while it runs."""

    def get(self, request, pk):
        job = get_object_or_404(ImportJob, pk=pk, user=request.user)
        importer_class = importer_for(job.kind)
        if importer_class is None:
            raise Http404
        checked = job.total_rows if job.is_finished else import_progress(job.pk)
        context = {
            "importer": importer_class,
            "kind": job.kind,
            "form": ImportForm(),
            "job": job,
            "checked": checked,
            "percent": min(100, checked * 100 // job.expected_rows) if job.expected_rows else 0,
            "errors": _page(request, job.errors, "errors_page"),
            "warnings": _page(request, job.warnings, "warnings_page"),
            "unlisted_errors": max(job.error_count - len(job.errors), 0),
        }
        template = "core/import_job.html" if request.htmx else "core/import.html"
        return render(request, template, context)


MESSAGES_PER_PAGE = 200


def _page(request, messages: list, parameter: str):
    """One page of a job's errors or warnings (all of them, page by page: issue #19)."""
    from django.core.paginator import Paginator

    page = Paginator([RowError(*message) for message in messages], MESSAGES_PER_PAGE).get_page(
        request.GET.get(parameter)
    )
    page.parameter = parameter  # type: ignore[attr-defined]  # read by the pager template
    return page


class ImportTemplateView(ImporterMixin, View):
    def get(self, request, kind):
        importer_class = self.get_importer_class(kind)
        buffer = io.BytesIO()
        declaration = declaration_for(importer_class)
        write_template(importer_class, buffer, example_rows(declaration) if declaration is not None else ())
        response = HttpResponse(
            buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{importer_class.label}-template.xlsx"
        return response


class ImportReportView(LoginRequiredMixin, View):
    """The uploaded file with an error column: only for the user who ran the import."""

    def get(self, request, pk):
        job = get_object_or_404(ImportJob, pk=pk, user=request.user)
        sealed = Path(job.stored_path)
        if not job.stored_path or not job.finished or not sealed.name.endswith(SEALED_SUFFIX) or not sealed.exists():
            raise Http404
        if timezone.now() - job.finished > timedelta(hours=report_hours()):
            sealed.unlink(missing_ok=True)
            raise Http404
        errors = [RowError(*error) for error in job.errors]
        spool = io.BytesIO()
        # Decrypted next to the sealed copy (owner-only folder) for as long as the report takes, then deleted.
        plain = sealed.with_name(f"{uuid.uuid4().hex}{Path(job.file_name).suffix.lower()}")
        try:
            unseal_upload(sealed, job.pk, plain)
            write_report(
                plain, job.file_name, errors, spool, importer_for(job.kind), sheet=job.sheet, total=job.error_count
            )
        except DecryptionError:
            raise Http404
        finally:
            plain.unlink(missing_ok=True)
        spool.seek(0)
        return FileResponse(spool, as_attachment=True, filename=f"{Path(job.file_name).stem}-errors.xlsx")
