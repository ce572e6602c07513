"""Start-up in production: a setting that is missing or malformed, or a service that does not answer, stops the
process with one line in Chinese and English naming the variable (issue #18, ADR 0015).

`shequ/settings.py` raises `ImproperlyConfigured(refusal(...))` for what it can judge alone (the secret's length,
the key file, the URLs' form, the proxy lists). `setup` — called by `manage.py` and `shequ/wsgi.py` before anything
else — prints such an error as its one line and exits with 78 (EX_CONFIG): the systemd units list 78 in
`RestartPreventExitStatus`, so a configuration error is not restarted in a loop. For the long-running processes
(gunicorn, the worker, the clock, the rollups) it then checks that the database and Redis (when configured) answer.

Only stdlib at module level: the settings module imports `refusal` from here.
"""

import os
import sys
from typing import NoReturn

__all__ = ["EX_CONFIG", "SERVICE_COMMANDS", "check_services", "refusal", "setup"]

EX_CONFIG = 78  # sysexits.h: configuration error
# manage.py commands that run as services and so need the database (and Redis) at start (deploy/*.service).
SERVICE_COMMANDS = frozenset({"worker", "db_worker", "call_centre", "refresh_rollups"})


def refusal(variable: str, zh: str, en: str) -> str:
    """The one line that names `variable`: Chinese first, then English."""
    return f"配置错误 {variable}：{zh} / Configuration error {variable}: {en}"


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


def check_services() -> str | None:
    """Connect to the database and, when SHEQU_REDIS_URL is set, write and read Redis; the refusal line of the first
    that fails, else None. Connections are closed again, so that gunicorn's workers forked after it share none."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connections

    connection = connections["default"]
    try:
        connection.ensure_connection()
    except Exception as error:
        return refusal("SHEQU_DATABASE_URL", f"数据库无法连接（{_first_line(error)}）",
                       f"the database does not answer ({_first_line(error)})")  # fmt: skip
    finally:
        connections.close_all()
    if settings.SHEQU_REDIS_URL:
        try:
            cache.set("shequ:startup-check", 1, 10)
            if cache.get("shequ:startup-check") != 1:
                raise ConnectionError("a value written could not be read back")
        except Exception as error:
            return refusal("SHEQU_REDIS_URL", f"Redis 无法连接（{_first_line(error)}）",
                           f"Redis does not answer ({_first_line(error)})")  # fmt: skip
        finally:
            cache.close()
    return None


def _stop(line: str) -> NoReturn:
    sys.stderr.write(line.splitlines()[0] + "\n")
    sys.stderr.flush()
    sys.exit(EX_CONFIG)


def setup(*, services: bool) -> None:
    """django.setup(); in production a configuration error, or (with `services`) a database or Redis that does not
    answer, ends the process with its one line and exit status 78. Outside production errors are raised as before."""
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        # The settings module has read .env into the environment by now, if there is one.
        if os.environ.get("SHEQU_ENV") != "production":
            raise
        _stop(str(error))
    from django.conf import settings

    if services and settings.IS_PRODUCTION:
        problem = check_services()
        if problem:
            _stop(problem)
