"""The evaluation in the background (issue #14 item 3): the page queues a task through `django.tasks` (the worker
`make run` starts; the immediate backend in tests) and polls its progress, kept in the cache as the imports keep
theirs (`core.tasks`): {"user", "done", "total", "run", "error"}."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from shequ.core.context import change_context

__all__ = ["progress", "run_evaluation", "start"]

SECONDS = 24 * 3600
logger = logging.getLogger("shequ.jobs")


def _key(key: str) -> str:
    return f"shequ:evaluation-progress:{key}"


def progress(key: str) -> dict | None:
    return cache.get(_key(key))


def _set(key: str, **values) -> None:
    state = cache.get(_key(key)) or {}
    state.update(values)
    cache.set(_key(key), state, SECONDS)


def start(key: str, user_id: int, division_id: int, year: int, quarter: int | None) -> None:
    _set(key, user=user_id, done=0, total=0, run=None, error="")
    run_evaluation.enqueue(key, user_id, division_id, year, quarter)


@task()
def run_evaluation(key: str, user_id: int, division_id: int, year: int, quarter: int | None) -> int | None:
    """Score the division's communities as the user who asked (their rights checked again, here)."""
    from shequ.accounts.models import User
    from shequ.evaluation import services
    from shequ.regions.models import Division

    user = User.objects.get(pk=user_id)
    division = Division.objects.get(pk=division_id)
    with translation.override(settings.LANGUAGE_CODE):
        try:
            with change_context(user, source="task:evaluate"):
                run = services.evaluate(
                    acting_user=user,
                    division=division,
                    year=year,
                    quarter=quarter,
                    progress=lambda done, total: _set(key, done=done, total=total),
                )
        except PermissionDenied:
            _set(key, error=_("You may not evaluate this division."))
            return None
        except ValidationError as invalid:
            _set(key, error="；".join(invalid.messages))
            return None
        except Exception:
            logger.exception("evaluation %s failed", key)
            _set(key, error=_("The evaluation stopped with an unexpected error; nothing was written."))
            raise
    _set(key, run=run.pk)
    return run.pk
