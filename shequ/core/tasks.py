"""Background jobs through the `django.tasks` API (DESIGN.md §2: the django-tasks backport, `db_worker`).

An upload is stored and queued; the worker runs the import as the uploading user and reports progress through
the cache, which the job page polls. Progress cannot go through the database: the import's rows and the job's
counters are written in one transaction that nobody else sees until it commits (only its heartbeat is written
from a connection of its own, `core.jobs`).

A job never ends "running" (ADR 0007): "database is locked" is retried with back-off; any other error, or a lock
that outlasts the retries, marks the job failed and is raised again, so that the worker records the task as failed
and goes on with the next one. A job whose process died is marked failed by `core.jobs.reap_stale_imports`.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from shequ.core.context import change_context
from shequ.core.importing import release_upload, run_import
from shequ.core.jobs import is_locked, retry_when_locked
from shequ.core.models import ImportJob
from shequ.core.registers import importer_for

__all__ = ["import_progress", "run_import_job"]

PROGRESS_SECONDS = 24 * 3600
logger = logging.getLogger("shequ.jobs")


def _progress_key(job_id: int) -> str:
    return f"shequ:import-progress:{job_id}"


def import_progress(job_id: int) -> int:
    """Rows checked so far by a running import (0 before it starts)."""
    return cache.get(_progress_key(job_id), 0)


@task()
def run_import_job(job_id: int) -> str:
    """Run one queued import (issue #3 item 6). The permission is checked again: it may have been revoked since.

    Tried again with back-off while the database is locked (an attempt that failed so wrote nothing); a job that
    still fails is marked failed before the error goes on to the worker (ADR 0007)."""
    try:
        return retry_when_locked(_run_import_job, job_id)
    except Exception as error:
        _mark_failed(job_id, error)
        raise


def _mark_failed(job_id: int, error: Exception) -> None:
    """The job of a run that raised: failed, with a message for its owner, its upload deleted; nothing was written
    (the import's transaction rolled back)."""
    logger.exception("import %s failed", job_id)
    with translation.override(settings.LANGUAGE_CODE):
        if is_locked(error):
            message = _("The database stayed busy; the import was not written. Please try again later.")
        else:
            message = _("The import stopped with an unexpected error; nothing was written.")
    try:
        job = ImportJob.objects.filter(pk=job_id).only("pk", "stored_path", "status").first()
        if job is None or job.status not in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING):
            return
        retry_when_locked(
            ImportJob.objects.filter(pk=job_id, status__in=[ImportJob.Status.QUEUED, ImportJob.Status.RUNNING]).update,
            status=ImportJob.Status.FAILED,
            errors=[[0, "", message]],
            error_count=1,
            finished=timezone.now(),
            stored_path="",
        )
        if job.stored_path:
            release_upload(Path(job.stored_path), job_id, keep=False)
        cache.delete(_progress_key(job_id))
    except Exception:  # the original error is what the worker records; the reaper ends the job later
        logger.exception("import %s: could not be marked failed", job_id)


def _run_import_job(job_id: int) -> str:
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    importer_class = importer_for(job.kind)
    user = job.user
    if importer_class is None or user is None or not user.is_active or not user.has_perm(importer_class.permission):
        job.status = ImportJob.Status.FAILED
        job.errors = [[0, "", _("This account may no longer import this register.")]]
        job.error_count = 1
        job.finished = timezone.now()
        job.save(update_fields=["status", "errors", "error_count", "finished"])
        return job.status

    def progress(rows: int) -> None:
        cache.set(_progress_key(job_id), rows, PROGRESS_SECONDS)

    with change_context(user, source="import"):
        result = run_import(
            importer_class(user),
            Path(job.stored_path),
            job.file_name,
            dry_run=job.dry_run,
            progress=progress,
            job=job,
            sheet=job.sheet,  # as the clerk chose them in the mapping step (issue #19)
            columns=job.columns or None,
        )
    cache.delete(_progress_key(job_id))
    return result.job.status
