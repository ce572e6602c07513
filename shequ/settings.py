"""Shequ settings: one module, driven by the environment, failing closed outside development.

`SHEQU_ENV` selects the mode:

* ``dev`` (default): SQLite in ``var/`` unless ``SHEQU_DATABASE_URL`` is set; the secret key and the personal-data
  key file are created in ``var/`` on first run.
* ``production``: ``SHEQU_SECRET_KEY``, ``SHEQU_DATA_KEY_FILE`` and ``SHEQU_ALLOWED_HOSTS`` are required; the process
  refuses to start without them, and the HTTPS / cookie hardening that ``manage.py check --deploy`` asks for is on.

See `.env.example` for every variable.
"""

import ipaddress
import json
import os
import secrets
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from shequ.core.startup import refusal

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def _private_dir(path: Path) -> None:
    """Create a missing `path` readable by its owner only (0700); var/ and its folders are tightened to 0700 if they
    are ours (issue #12: var/ holds the database, keys, cache and uploads). A folder elsewhere (a path given in the
    environment, perhaps /tmp) is never changed. An installation that cannot write var/ makes it itself."""
    try:
        for folder in reversed([p for p in (path, *path.parents) if not p.exists()]):  # parents made 0700 as well
            folder.mkdir(mode=0o700, exist_ok=True)
        if path.resolve().is_relative_to(VAR_DIR.resolve()) and path.stat().st_uid == os.getuid():
            if path.stat().st_mode & 0o077:
                path.chmod(0o700)
    except OSError:
        pass


_private_dir(VAR_DIR)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SHEQU_ENV = env.str("SHEQU_ENV", default="dev")
if SHEQU_ENV not in ("dev", "production"):
    raise ImproperlyConfigured(f"SHEQU_ENV must be 'dev' or 'production', not {SHEQU_ENV!r}.")
IS_PRODUCTION = SHEQU_ENV == "production"
DEBUG = env.bool("SHEQU_DEBUG", default=not IS_PRODUCTION)
if IS_PRODUCTION and DEBUG:
    raise ImproperlyConfigured("SHEQU_DEBUG must be off in production.")


def _dev_secret(path: Path, make) -> str:
    """Return the development secret stored at `path`, creating it on first run (never used in production)."""
    if not path.exists():
        _private_dir(path.parent)
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


def _new_data_keys() -> str:
    # Key ids let a rotation re-encrypt under a new key while old ciphertext stays readable (DESIGN.md §5).
    return json.dumps({"active": "k1", "keys": {"k1": secrets.token_hex(16)}, "index_key": secrets.token_hex(32)})


def _refuse(variable: str, zh: str, en: str) -> ImproperlyConfigured:
    """Stop start-up with one line in Chinese and English naming `variable` (issue #18); manage.py and wsgi.py print
    it alone, without a traceback, and exit with 78 (EX_CONFIG), which the systemd units do not restart."""
    return ImproperlyConfigured(refusal(variable, zh, en))


def _check_data_key_file(path: str) -> None:
    """The personal-data key file must be readable JSON of the shape core.crypto reads (ADR 0015)."""
    try:
        data = json.loads(Path(path).read_text())
    except FileNotFoundError:
        raise _refuse("SHEQU_DATA_KEY_FILE", f"文件 {path} 不存在", f"the file {path} does not exist")
    except OSError as error:
        raise _refuse(
            "SHEQU_DATA_KEY_FILE", f"无法读取 {path}（{error.strerror}）", f"{path} is unreadable ({error.strerror})"
        )
    except ValueError:
        raise _refuse("SHEQU_DATA_KEY_FILE", f"{path} 不是有效的 JSON", f"{path} is not valid JSON")

    def hex_of(value, digits: int) -> bool:
        return isinstance(value, str) and len(value) == digits and all(c in "0123456789abcdefABCDEF" for c in value)

    keys = data.get("keys") if isinstance(data, dict) else None
    if not (
        isinstance(keys, dict)
        and keys
        and data.get("active") in keys
        and all(hex_of(key, 32) for key in keys.values())
        and hex_of(data.get("index_key"), 64)
    ):
        raise _refuse(
            "SHEQU_DATA_KEY_FILE",
            f"{path} 的格式不对（需要 active、keys（每个 32 位十六进制）、index_key（64 位十六进制））",
            f"{path} is malformed (needs active, keys of 32 hex digits each, index_key of 64 hex digits)",
        )


def _networks(variable: str, default: list[str]) -> tuple:
    """A list of addresses or networks (CIDR) from the environment; a malformed item stops start-up."""
    networks = []
    for item in env.list(variable, default=default):
        try:
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
        except ValueError:
            raise _refuse(variable, f"“{item}”不是 IP 地址或网段", f"{item!r} is not an IP address or network")
    return tuple(networks)


if IS_PRODUCTION:
    SECRET_KEY = env.str("SHEQU_SECRET_KEY", default="")
    DATA_KEY_FILE = env.str("SHEQU_DATA_KEY_FILE", default="")
    ALLOWED_HOSTS = env.list("SHEQU_ALLOWED_HOSTS", default=[])
    for _name, _value in (
        ("SHEQU_SECRET_KEY", SECRET_KEY),
        ("SHEQU_DATA_KEY_FILE", DATA_KEY_FILE),
        ("SHEQU_ALLOWED_HOSTS", ALLOWED_HOSTS),
    ):
        if not _value:
            raise _refuse(_name, "生产环境必须设置（见 .env.example）", "required in production (see .env.example)")
    # The length and variety Django's `check --deploy` asks for (security.W009).
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise _refuse(
            "SHEQU_SECRET_KEY",
            "太短（至少 50 个字符，至少 5 种不同字符）",
            "too short (at least 50 characters, at least 5 different ones)",
        )
    _check_data_key_file(DATA_KEY_FILE)
else:
    SECRET_KEY = env.str("SHEQU_SECRET_KEY", default="") or _dev_secret(
        VAR_DIR / "secret-key", lambda: secrets.token_urlsafe(50)
    )
    DATA_KEY_FILE = env.str("SHEQU_DATA_KEY_FILE", default=str(VAR_DIR / "data-keys.json"))
    _dev_secret(Path(DATA_KEY_FILE), _new_data_keys)
    ALLOWED_HOSTS = env.list("SHEQU_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])

# Rotating SHEQU_SECRET_KEY (docs/operations.md): the previous key, listed here, still opens sessions, password links
# and portal challenges signed before the change, until they expire; then remove it.
SECRET_KEY_FALLBACKS = env.list("SHEQU_SECRET_KEY_FALLBACKS", default=[])

# X-Forwarded-For is believed only from these addresses or networks, hop by hop from the right (issue #18,
# core.middleware.TrustedProxyMiddleware): behind nginx on the same machine, 127.0.0.1 and ::1. Empty: never.
SHEQU_TRUSTED_PROXIES = _networks("SHEQU_TRUSTED_PROXIES", [])
# Who may read /metrics (Prometheus): addresses or networks, as seen after the trusted proxies. Empty: nobody.
SHEQU_METRICS_ALLOWED = _networks("SHEQU_METRICS_ALLOWED", ["127.0.0.1", "::1"])
# The web server's start-up check (wsgi.py, manage.py's service commands) gives the database and Redis this many
# seconds to answer before it stops with one line naming the variable (issue #18).
SHEQU_STARTUP_TIMEOUT = env.int("SHEQU_STARTUP_TIMEOUT", default=5)

CSRF_TRUSTED_ORIGINS = env.list("SHEQU_CSRF_TRUSTED_ORIGINS", default=[])

# ---------------------------------------------------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "shequ.core",
    "shequ.accounts",
    "shequ.regions",
    "shequ.places",
    "shequ.facilities",
    "shequ.property",
    "shequ.people",
    "shequ.organizations",
    "shequ.volunteers",
    "shequ.workforce",
    "shequ.workorders",
    "shequ.gridwork",
    "shequ.onestop",
    "shequ.safety",
    "shequ.affairs",
    "shequ.disclosure",
    "shequ.admission",
    "shequ.funding",
    "shequ.cockpit",
    "shequ.surveys",
    "shequ.evaluation",
]

MIDDLEWARE = [
    # The client's address from a trusted proxy's X-Forwarded-For, before anything reads it (issue #18).
    "shequ.core.middleware.TrustedProxyMiddleware",
    "shequ.core.health.MetricsMiddleware",  # Prometheus: requests and latencies by view (issue #18)
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "shequ.core.middleware.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle timeout, second factor, forced password change (issue #12): after OTP, context and messages.
    "shequ.accounts.middleware.AccountPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that a locked-out login is answered by our own view (same message as any failure, IA-3).
    "axes.middleware.AxesMiddleware",
    # Last of those that look at the view: reads run outside the request transaction (issue #12).
    "shequ.core.middleware.ReadsOutsideTransactionsMiddleware",
]

ROOT_URLCONF = "shequ.urls"
WSGI_APPLICATION = "shequ.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "cockpit:home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "shequ" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "shequ.core.context_processors.navigation",
            ],
        },
    },
]

# ---------------------------------------------------------------------------------------------------------------------
# Database: SQLite in var/ (WAL) by default, PostgreSQL when SHEQU_DATABASE_URL says so.
# ---------------------------------------------------------------------------------------------------------------------

try:
    DATABASES = {"default": env.db_url("SHEQU_DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'shequ.sqlite3'}")}
except (ImproperlyConfigured, ValueError, KeyError):
    raise _refuse(
        "SHEQU_DATABASE_URL",
        "格式不对（例如 postgres://用户@主机:5432/库名）",
        "is malformed (for example postgres://user@host:5432/name)",
    )
_db = DATABASES["default"]
if _db["ENGINE"] not in (
    "django.db.backends.sqlite3",
    "django.db.backends.postgresql",
    "django.db.backends.postgresql_psycopg2",
):
    raise _refuse("SHEQU_DATABASE_URL", "只支持 PostgreSQL 或 SQLite", "must name PostgreSQL or SQLite")
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _private_dir(Path(_db["NAME"]).parent)
    # WAL lets the web server read while the job worker writes; IMMEDIATE avoids "database is locked" on upgrade.
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    _db["TEST"] = {"NAME": env.str("SHEQU_TEST_SQLITE", default="") or None}
elif _db["ENGINE"] in ("django.db.backends.postgresql", "django.db.backends.postgresql_psycopg2"):
    _db["ENGINE"] = "django.db.backends.postgresql"
    if env.bool("SHEQU_DATABASE_POOL", default=False):
        _db["OPTIONS"] = {"pool": {"min_size": 2, "max_size": env.int("SHEQU_DATABASE_POOL_MAX", default=10)}}
    else:
        _db["CONN_MAX_AGE"] = env.int("SHEQU_DATABASE_CONN_MAX_AGE", default=60)
    # Parameters bound by the server, and a statement run five times on a connection prepared there: the hot
    # paths' statements are parsed and planned once per connection, and psycopg quotes no value in Python (issue
    # #5 intake: 284 → 345/s, ADR 0006). Off behind a pooler that cannot keep prepared statements (PgBouncer in
    # transaction mode before 1.21).
    if env.bool("SHEQU_DATABASE_PREPARED", default=True):
        _db.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
    # An unreachable server is an error within seconds, not a hang (the start-up check, issue #18).
    _db.setdefault("OPTIONS", {}).setdefault("connect_timeout", SHEQU_STARTUP_TIMEOUT)
# Every request that writes is one transaction: a write that fails half-way leaves nothing behind. Reads run in
# autocommit (core.middleware.ReadsOutsideTransactionsMiddleware), so that on SQLite they never wait for a writer.
_db["ATOMIC_REQUESTS"] = True
# A streaming replica for statistics and the cockpit; they read the primary while it is down or lags more than
# SHEQU_REPLICA_MAX_LAG seconds, checked every SHEQU_REPLICA_CHECK_SECONDS (issue #18, ADR 0016).
if env.str("SHEQU_DATABASE_REPLICA_URL", default=""):
    from shequ.core.dbrouters import replica_database

    DATABASES["replica"] = replica_database(env.db_url("SHEQU_DATABASE_REPLICA_URL"), _db)
DATABASE_ROUTERS = ["shequ.core.dbrouters.ReplicaRouter"]
SHEQU_REPLICA_MAX_LAG = env.int("SHEQU_REPLICA_MAX_LAG", default=30)
SHEQU_REPLICA_CHECK_SECONDS = env.int("SHEQU_REPLICA_CHECK_SECONDS", default=5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A file cache by default, so that the web server and the `db_worker` process share it (import progress) with no
# service to run; Redis when SHEQU_REDIS_URL is set.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": VAR_DIR / "cache",
        # Rate-limit counters and used proof-of-work challenges must outlive their window: no early culling.
        "OPTIONS": {"MAX_ENTRIES": 200_000},
    }
}
SHEQU_REDIS_URL = env.str("SHEQU_REDIS_URL", default="")
if SHEQU_REDIS_URL:
    if not SHEQU_REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
        raise _refuse(
            "SHEQU_REDIS_URL",
            "格式不对（例如 redis://127.0.0.1:6379/0）",
            "is malformed (for example redis://127.0.0.1:6379/0)",
        )
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": SHEQU_REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": SHEQU_STARTUP_TIMEOUT, "socket_timeout": SHEQU_STARTUP_TIMEOUT},
    }

# Background jobs (imports): the django.tasks API, stored in the database and run by `manage.py db_worker`, which
# `make run` starts beside the web server. SHEQU_TASK_BACKEND=immediate runs them inside the request instead.
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[env.str("SHEQU_TASK_BACKEND", default="database")]
    }
}

# ---------------------------------------------------------------------------------------------------------------------
# Authentication and login hardening (IA-1, IA-3, IA-5 in reliability-security.md)
# ---------------------------------------------------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "shequ.accounts.backends.AssignmentBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # No reuse of the last five passwords; also records each new password's hash (issue #12, IA-2).
    {"NAME": "shequ.accounts.passwords.PasswordHistoryValidator", "OPTIONS": {"history": 5}},
]
# Days after which a password must be changed; 0: never (issue #12, IA-2).
SHEQU_PASSWORD_MAX_AGE_DAYS = env.int("SHEQU_PASSWORD_MAX_AGE_DAYS", default=0)
# How long an administrator's one-time password link stays valid (issue #12, IA-2).
SHEQU_PASSWORD_RESET_HOURS = env.int("SHEQU_PASSWORD_RESET_HOURS", default=24)
# Administrators and auditors must sign in with a TOTP second factor (issue #12, IA-1). Always on in production;
# the test settings (conftest.py) switch it off for suites that sign in with force_login.
SHEQU_REQUIRE_2FA = env.bool("SHEQU_REQUIRE_2FA", default=True)
if IS_PRODUCTION and not SHEQU_REQUIRE_2FA:
    raise ImproperlyConfigured("SHEQU_REQUIRE_2FA cannot be off in production.")
OTP_TOTP_ISSUER = "Shequ"
# A session idle longer than this many minutes is logged out; 0: off (issue #12, IA-6). SESSION_COOKIE_AGE below
# bounds it absolutely.
SHEQU_IDLE_TIMEOUT_MINUTES = env.int("SHEQU_IDLE_TIMEOUT_MINUTES", default=30)
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
# Five failures for a user name from one address lock that pair; 20 from one address lock the address; both for
# the cool-off only, so that no stranger can keep an account locked (issue #12, IA-3; accounts/lockout.py).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "shequ.accounts.lockout.PairAndAddressHandler"
SHEQU_LOGIN_IP_FAILURE_LIMIT = env.int("SHEQU_LOGIN_IP_FAILURE_LIMIT", default=20)
AXES_LOCKOUT_CALLABLE = "shequ.accounts.views.lockout_response"
AXES_RESET_ON_SUCCESS = True
# The lock lasts 30 minutes from the fifth failure; further attempts while locked do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
AXES_USERNAME_FORM_FIELD = "username"

SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if IS_PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SHEQU_SSL_REDIRECT", default=True)
    # Probes and Prometheus may ask gunicorn directly, over plain HTTP (issue #18).
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
    SECURE_HSTS_SECONDS = env.int("SHEQU_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# ---------------------------------------------------------------------------------------------------------------------
# Internationalisation: Simplified Chinese by default, English available.
# ---------------------------------------------------------------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "shequ" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# ---------------------------------------------------------------------------------------------------------------------
# Static files: vendored under shequ/static/vendor, served by whitenoise; never a CDN.
# ---------------------------------------------------------------------------------------------------------------------

STATIC_URL = "static/"
# Where collectstatic writes and nginx reads (deploy/nginx/shequ.conf): outside var/ (0700) in production, so that
# nginx's user may read it (issue #18).
STATIC_ROOT = Path(env.str("SHEQU_STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns on every request until collectstatic made it
STATICFILES_DIRS = [BASE_DIR / "shequ" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "shequ.core.staticfiles.StaticStorage"
        if IS_PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = env.path("SHEQU_MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Uploaded files and the folders made for them (and collectstatic's, served by WhiteNoise in-process): owner only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# An import upload is deleted when its job ends; one with bad rows is kept sealed this many hours for the annotated
# report (issue #12).
SHEQU_IMPORT_REPORT_HOURS = env.int("SHEQU_IMPORT_REPORT_HOURS", default=24)

# ---------------------------------------------------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "shequ.accounts.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["shequ.core.api.permissions.ModelActionPermission"],
    "DEFAULT_PARSER_CLASSES": [
        "shequ.core.api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["shequ.core.api.filters.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "shequ.core.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "shequ.core.api.schema.AutoSchema",  # issue #12: search, nulls, errors, bounds
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "EXCEPTION_HANDLER": "shequ.core.api.exceptions.exception_handler",
}
# Content-Security-Policy (django-csp, issue #12): scripts only from our own static files, never inline, so that an
# injected <script> or on*= attribute does not run. Styles allow inline attributes (progress bars, htmx's indicator).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

SPECTACULAR_SETTINGS = {
    # The schema and its docs describe every register: signed-in users only in production (issue #12).
    "SERVE_PERMISSIONS": [
        "rest_framework.permissions.IsAuthenticated" if IS_PRODUCTION else "rest_framework.permissions.AllowAny"
    ],
    "TITLE": "社区建设管理平台 API",
    "DESCRIPTION": "Shequ REST API. Every list and object is restricted to the caller's jurisdiction.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Search bodies' choice filters refer to the registers' enums, after those are named (issue #12).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "shequ.core.api.schema.postprocess_search_enums",
    ],
    # One name for a choice set used by several fields (a work order's status before and after an event).
    "ENUM_NAME_OVERRIDES": {
        "OrderStatusEnum": "shequ.workorders.choices.OrderStatus",
        "OrderSourceEnum": "shequ.workorders.choices.Source",
    },
}

# ---------------------------------------------------------------------------------------------------------------------
# Logging: no personal data in log lines (DESIGN.md §5, AU-5).
# ---------------------------------------------------------------------------------------------------------------------

# Every handler redacts (issue #12): Django's own loggers lose their unfiltered handlers (`django.request` goes to the
# root's console; no mail_admins with tracebacks and locals), runserver's request log (`django.server`, which holds
# URLs) gets a redacting handler of its own, and LOGGING_CONFIG puts the filter on any handler still without one.
LOGGING_CONFIG = "shequ.core.logging.configure"
# json: one object a line with the request id (core.logging.JsonFormatter, issue #18); text: Python's default.
SHEQU_LOG_FORMAT = env.str("SHEQU_LOG_FORMAT", default="json" if IS_PRODUCTION else "text")
if SHEQU_LOG_FORMAT not in ("json", "text"):
    raise _refuse("SHEQU_LOG_FORMAT", "只能是 json 或 text", "must be json or text")
# One line per request on the logger shequ.request (method, URL name, status, time, client): on in production.
SHEQU_REQUEST_LOG = env.bool("SHEQU_REQUEST_LOG", default=IS_PRODUCTION)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "shequ.core.logging.RedactPersonalDataFilter"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
        "json": {"()": "shequ.core.logging.JsonFormatter"},
        "text": {"format": "%(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact"], "formatter": SHEQU_LOG_FORMAT},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "filters": ["redact"]},
    },
    "root": {"handlers": ["console"], "level": env.str("SHEQU_LOG_LEVEL", default="WARNING")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "shequ.request": {"level": "INFO" if SHEQU_REQUEST_LOG else "WARNING"},
    },
}

# How long the change log and the access log are kept (days); never less than 180 (GB/T 22239 level 3 audit).
SHEQU_AUDIT_RETENTION_DAYS = max(env.int("SHEQU_AUDIT_RETENTION_DAYS", default=365), 180)
# Unmasking: at most this many per user per hour; beyond, refused and an alert raised (issue #12, AU-1).
SHEQU_UNMASK_PER_HOUR = env.int("SHEQU_UNMASK_PER_HOUR", default=30)
# An export of more rows than this needs a reason, kept in its access-log row (issue #12, AU-1).
SHEQU_EXPORT_REASON_ROWS = env.int("SHEQU_EXPORT_REASON_ROWS", default=1000)

# Processes that parse large import files beside the one that writes (ADR 0002): one per remaining core.
SHEQU_IMPORT_WORKERS = env.int("SHEQU_IMPORT_WORKERS", default=max((os.cpu_count() or 2) - 1, 1))
# A running import writes a heartbeat to its job row this often; the reaper (the clock, the worker at start) marks
# failed a running job with no heartbeat for SHEQU_IMPORT_STALE_SECONDS: its process died (ADR 0007).
# Check a whole import file before taking the write lock, then write (ADR 0007): a shorter lock on SQLite, a
# slower import. Off by default.
SHEQU_IMPORT_CHECK_FIRST = env.bool("SHEQU_IMPORT_CHECK_FIRST", default=False)
SHEQU_IMPORT_HEARTBEAT_SECONDS = env.int("SHEQU_IMPORT_HEARTBEAT_SECONDS", default=30)
SHEQU_IMPORT_STALE_SECONDS = env.int("SHEQU_IMPORT_STALE_SECONDS", default=180)
# /readyz (issue #18): the worker beats every SHEQU_WORKER_HEARTBEAT_SECONDS; not ready when its last beat or the
# clock's last pass (every 30 s) is older than these.
SHEQU_WORKER_HEARTBEAT_SECONDS = env.int("SHEQU_WORKER_HEARTBEAT_SECONDS", default=10)
SHEQU_READY_WORKER_SECONDS = env.int("SHEQU_READY_WORKER_SECONDS", default=60)
SHEQU_READY_CLOCK_SECONDS = env.int("SHEQU_READY_CLOCK_SECONDS", default=120)

# ORG-3: "a community has about 3,000 households" — the band a community's count must fall in.
SHEQU_HOUSEHOLDS_BAND = tuple(env.list("SHEQU_HOUSEHOLDS_BAND", cast=int, default=[2000, 4000]))
# The city this deployment serves (its 12-digit code); `make run` loads Xiamen for the demo.
SHEQU_CITY_CODE = env.str("SHEQU_CITY_CODE", default="350200000000")
# The city's telephone area code: a landline written without it (7–8 digits) gets it (issue #19). Empty: refused.
SHEQU_PHONE_AREA_CODE = env.str("SHEQU_PHONE_AREA_CODE", default="0592")
# Visits (走访, SVC-6): the share of a community's households, in per cent, its workers visit in twelve months.
SHEQU_VISIT_COVERAGE_TARGET = env.int("SHEQU_VISIT_COVERAGE_TARGET", default=100)
if not 1 <= SHEQU_VISIT_COVERAGE_TARGET <= 100:
    raise ImproperlyConfigured("SHEQU_VISIT_COVERAGE_TARGET is a share of households in per cent: 1 to 100.")
# A community's monthly disclosure is due by this day of the following month (INFO-1; the on-time policy check).
SHEQU_DISCLOSURE_DUE_DAY = env.int("SHEQU_DISCLOSURE_DUE_DAY", default=10)
# Its bounding box (south, west, north, east in degrees): Open311 locations outside it are refused.
# Another city's default is mainland China's extent until it is set (issue #18).
_XIAMEN_BOUNDS, _CHINA_BOUNDS = ["24.38", "117.86", "24.92", "118.46"], ["18.1", "73.4", "53.6", "135.1"]
SHEQU_CITY_BOUNDS = tuple(
    Decimal(v)
    for v in env.list(
        "SHEQU_CITY_BOUNDS", default=_XIAMEN_BOUNDS if SHEQU_CITY_CODE == "350200000000" else _CHINA_BOUNDS
    )
)
# The public portal: proof-of-work difficulty (leading zero bits), rate limits, the privacy notice's version.
SHEQU_PORTAL_POW_BITS = env.int("SHEQU_PORTAL_POW_BITS", default=16)
SHEQU_PORTAL_IP_LIMIT = env.int("SHEQU_PORTAL_IP_LIMIT", default=20)  # submissions per IP per hour
SHEQU_PORTAL_PHONE_LIMIT = env.int("SHEQU_PORTAL_PHONE_LIMIT", default=5)  # submissions per phone per day
SHEQU_PORTAL_LOOKUP_LIMIT = env.int("SHEQU_PORTAL_LOOKUP_LIMIT", default=30)  # look-ups per IP per hour
SHEQU_PORTAL_SURVEY_REPORT = env.int("SHEQU_PORTAL_SURVEY_REPORT", default=10)  # survey answers per IP per day
SHEQU_OPEN311_IP_LIMIT = env.int("SHEQU_OPEN311_IP_LIMIT", default=1200)  # Open311 requests per address per hour
SHEQU_OPEN311_CLIENT_LIMIT = env.int("SHEQU_OPEN311_CLIENT_LIMIT", default=600)  # Open311 POSTs per api_key per hour
SHEQU_PRIVACY_NOTICE_VERSION = env.str("SHEQU_PRIVACY_NOTICE_VERSION", default="2026-11")
# Where the call centre's notifications go (a URL receiving JSON); empty: the log.
# Supervision pages read the counts of the latest clock pass (`call_centre`, every 30 s) when it is at most this
# many seconds old, else count live.
SHEQU_SUPERVISION_MAX_AGE = env.int("SHEQU_SUPERVISION_MAX_AGE", default=120)
SHEQU_NOTIFY_WEBHOOK = env.str("SHEQU_NOTIFY_WEBHOOK", default="")
# What Open311 discovery tells clients: whom to ask, and where api keys come from.
SHEQU_OPEN311_CONTACT = env.str("SHEQU_OPEN311_CONTACT", default="12345热线中心 (hotline@example.gov.cn)")
SHEQU_OPEN311_KEY_SERVICE = env.str("SHEQU_OPEN311_KEY_SERVICE", default="Ask the hotline centre for an api_key.")
