"""Background jobs through the `django.tasks` API (DESIGN.md §2: the django-tasks backport, `db_worker`).

An upload is stored and queued; the worker runs the import as the uploading user and reports progress through
the cache, which the job page polls. Progress cannot go through the database: the import's rows and the job's
counters are written in one transaction that nobody else sees until it commits.
"""

from pathlib import Path

from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from shequ.core.context import change_context
from shequ.core.importing import importers, run_import
from shequ.core.models import ImportJob

__all__ = ["import_progress", "run_import_job"]

PROGRESS_SECONDS = 24 * 3600


def _progress_key(job_id: int) -> str:
    return f"shequ:import-progress:{job_id}"


def import_progress(job_id: int) -> int:
    """Rows checked so far by a running import (0 before it starts)."""
    return cache.get(_progress_key(job_id), 0)


@task()
def run_import_job(job_id: int) -> str:
    """Run one queued import (issue #3 item 6). The permission is checked again: it may have been revoked since."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    importer_class = importers.get(job.kind)
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
            importer_class(user), Path(job.stored_path), job.file_name, dry_run=job.dry_run, progress=progress, job=job
        )
    cache.delete(_progress_key(job_id))
    return result.job.status
