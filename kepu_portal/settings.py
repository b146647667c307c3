"""Settings for kepu_portal, read from the environment (12-factor).

Production differs from development only by environment variables; every one is listed in
README.md. A bad value stops the process at start with a message naming the variable.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Test runs are detected so that they get a fast password hasher and plain static storage.
TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]

DEBUG = env_bool("DEBUG", False)

# Commands that only read the code — they serve no request and sign nothing — run without the
# secret key and host names a server needs (a pre-commit hook's `makemigrations --check`, say).
CODE_ONLY_COMMAND = sys.argv[1:2] in (["makemigrations"], ["makemessages"], ["compilemessages"])

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or TESTING or CODE_ONLY_COMMAND:
        SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (generate one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG or TESTING else "")
if not ALLOWED_HOSTS and not (DEBUG or TESTING or CODE_ONLY_COMMAND):
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the portal's host names when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Public address of the portal, used for links in emails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# The portal's own apps come first: for a msgid that several catalogues translate, the app listed
# first wins, and short words like "Name" or "Sessions" must read as the portal means them, not
# as django_celery_beat ("任务名") or django.contrib.sessions ("会话") translate them.
INSTALLED_APPS = [
    "societies",
    "activities",
    "funding",
    "bases",
    "kepu_portal",
    "kepu_portal.admin_site.PortalAdminConfig",  # django.contrib.admin with the portal's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "django_celery_beat",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
]

MIDDLEWARE = [
    "kepu_portal.logs.RequestLogMiddleware",  # first: times and logs everything below (JSON line)
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above the session and authentication middleware: a read that lost its database connection
    # mid-way runs through them again (README, "Robustness").
    "kepu_portal.middleware.RetryReadOnLostConnectionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kepu_portal.middleware.ChosenLanguageMiddleware",
    "kepu_portal.middleware.RejectNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kepu_portal.middleware.SessionTimeoutMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out sign-in into the lockout page
    # Last: a write's view runs in one transaction, after every other middleware's checks.
    "kepu_portal.middleware.AtomicWritesMiddleware",
]

ROOT_URLCONF = "kepu_portal.urls"

# bench/run's reference pages (bench/): mounted, and their templates found, only when asked for.
BENCH_VIEWS = os.environ.get("BENCH_VIEWS") == "1"
WSGI_APPLICATION = "kepu_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates", *([BASE_DIR / "bench" / "templates"] if BENCH_VIEWS else [])],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "kepu_portal.context_processors.navigation",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# Database: DATABASE_URL, e.g. postgres://user@127.0.0.1:5432/kepu_portal; SQLite by default.
try:
    DATABASES = {
        "default": dj_database_url.parse(
            env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL this portal understands: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails a request (and /readyz) in seconds, not minutes.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", env_int("DB_CONNECT_TIMEOUT", 5))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "societies.User"
AUTHENTICATION_BACKENDS = [
    "societies.backends.LockoutBackend",  # django-axes: refuses a username+address that failed too often
    "societies.backends.PortalBackend",  # the user with their society, one query
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Brute force (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for one username from one
# address, that pair is refused for AXES_COOLOFF_MINUTES; other users, and the same user from
# elsewhere, are not. Every failure and every sign-in is recorded (admin → Axes); staff unlock
# by deleting the access attempt there.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the time we name stays true
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_SENSITIVE_PARAMETERS = []  # log lines name the username and address (never the password)
AXES_LOCKOUT_CALLABLE = "societies.accounts.lockout_response"
AXES_CLIENT_IP_CALLABLE = "societies.accounts.client_ip"
AXES_VERBOSE = False  # no banner at start; attempts are still logged (logger "axes")
if AXES_FAILURE_LIMIT < 1 or timedelta(minutes=1) > AXES_COOLOFF_TIME:
    raise ImproperlyConfigured("AXES_FAILURE_LIMIT and AXES_COOLOFF_MINUTES must be 1 or more.")

# Password reset and the set-password email of new accounts: the link works once, for this long.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_HOURS", 24) * 3600

# Second factor (django-otp, TOTP with recovery codes) for the admin: association staff and
# superusers must enrol and verify; city reviewers may. On by default in production, off with
# DEBUG (make run), in tests unless a test turns it on, and with ADMIN_MFA=false (bench/run).
ADMIN_MFA = env_bool("ADMIN_MFA", not DEBUG and not TESTING)
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "广西学会科普平台")
MFA_RECOVERY_CODES = 10

# Sessions: signed out after this long without a request (staff and city reviewers, secretaries),
# and in any case this long after signing in.
SESSION_IDLE_MINUTES_STAFF = env_int("SESSION_IDLE_MINUTES_STAFF", 30)
SESSION_IDLE_MINUTES_SECRETARY = env_int("SESSION_IDLE_MINUTES_SECRETARY", 8 * 60)
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 12)
if min(SESSION_IDLE_MINUTES_STAFF, SESSION_IDLE_MINUTES_SECRETARY, SESSION_ABSOLUTE_HOURS) < 1:
    raise ImproperlyConfigured("SESSION_IDLE_MINUTES_* and SESSION_ABSOLUTE_HOURS must be 1 or more.")
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 3600

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
FORMAT_MODULE_PATH = ["kepu_portal.formats"]  # grouped figures: 186,531 (kepu_portal/formats/)
USE_TZ = True

# Static files: our own under static/, Bootstrap from the npm registry (installed by `make`),
# served by whitenoise. Nothing is loaded from a CDN.
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", BASE_DIR / "node_modules" / "bootstrap-icons" / "font"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),  # the statistics page's charts
    ("vendor/tom-select", BASE_DIR / "node_modules" / "tom-select" / "dist"),  # the co-organiser picker
]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = None  # uploads are served only through views that check access

# Uploads: on the local disk (MEDIA_ROOT) by default; in an S3-compatible bucket (django-storages)
# when AWS_STORAGE_BUCKET_NAME is set, so that every web node sees the same files. The bucket stays
# private: files are streamed through the access-checked views, never linked to directly.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            "location": env_str("AWS_LOCATION").strip("/"),
            "default_acl": None,  # the bucket's own: private
            "querystring_auth": True,  # should a URL ever be made, it is signed and short-lived
            "querystring_expire": 300,
            "file_overwrite": False,
            "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE") or None,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

WHITENOISE_USE_FINDERS = DEBUG or TESTING

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: EMAIL_HOST set → SMTP; unset → printed to the console.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 25)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
    if EMAIL_USE_TLS and EMAIL_USE_SSL:
        raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on.")
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "kepu-portal@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Cache: shared by every web node on Redis when REDIS_URL is set (public pages, statistics); per
# process (locmem) for `make run` (DEBUG, one process) without Redis; none otherwise — a cache per
# gunicorn worker would miss the other workers' invalidations. The test suite uses its own locmem
# cache, emptied before each test; the Redis tests and the two-node test point at Redis themselves.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL and not TESTING:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "kepu"),
            "TIMEOUT": 600,
            # A Redis that does not answer costs a request a second, not a hung worker.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
elif DEBUG or TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kepu"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

# Celery: CELERY_BROKER_URL set → a worker runs tasks; unset → tasks run in-process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A request never waits long on a broker that is down (see README, "Robustness").
CELERY_BROKER_CONNECTION_TIMEOUT = env_int("CELERY_BROKER_CONNECTION_TIMEOUT", 2)
# Tasks are acknowledged when done (acks_late above): the tasks of a worker killed mid-run stay on
# Redis unacknowledged until its visibility timeout, then go to another worker. Every task is short
# (a sweep, one society's reminders, one email), and the time limits end one that hangs, so the
# timeout is minutes, not Redis's default hour. A task still running, or waiting on a countdown,
# when the timeout passes would be handed out twice: the limits stay below it, and no countdown
# reaches it (the outbox leaves longer waits to its drain).
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
_visibility_timeout = env_int("CELERY_VISIBILITY_TIMEOUT", 300)
if _visibility_timeout <= CELERY_TASK_TIME_LIMIT + 30:
    raise ImproperlyConfigured(
        f"CELERY_VISIBILITY_TIMEOUT must be more than {CELERY_TASK_TIME_LIMIT + 30} seconds "
        f"(the tasks' time limit, {CELERY_TASK_TIME_LIMIT}, and a margin); got {_visibility_timeout}."
    )
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
    "visibility_timeout": _visibility_timeout,
}
# Publishing gives up at once when the broker is down: the outbox drain delivers later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 0}
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "celery")
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# The email outbox (societies.framework.outbox): attempts before giving up, first retry delay (doubling),
# how long a sending worker holds an email, and when an enqueued-but-undelivered one is re-enqueued.
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 6)
OUTBOX_RETRY_BASE_SECONDS = env_int("OUTBOX_RETRY_BASE_SECONDS", 60)
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", 300)
OUTBOX_REQUEUE_AFTER_SECONDS = env_int("OUTBOX_REQUEUE_AFTER_SECONDS", 120)

# Deadline reminders (kepu_portal.reminders): days before the due date, then every N days overdue.
try:
    REMINDER_DAYS_BEFORE = sorted({int(days) for days in env_list("REMINDER_DAYS_BEFORE", "30,7,1")}, reverse=True)
except ValueError:
    raise ImproperlyConfigured("REMINDER_DAYS_BEFORE must be comma-separated whole numbers, e.g. 30,7,1.") from None
REMINDER_OVERDUE_EVERY_DAYS = env_int("REMINDER_OVERDUE_EVERY_DAYS", 7)
# The sweep runs every hour (kepu_portal.schedules); a day's reminders go out from this hour on.
REMINDER_HOUR = env_int("REMINDER_HOUR", 8)
if not 0 <= REMINDER_HOUR <= 23:
    raise ImproperlyConfigured(f"REMINDER_HOUR must be an hour of the day, 0 to 23; got {REMINDER_HOUR}.")
if any(days < 1 for days in REMINDER_DAYS_BEFORE) or REMINDER_OVERDUE_EVERY_DAYS < 1:
    raise ImproperlyConfigured("REMINDER_DAYS_BEFORE and REMINDER_OVERDUE_EVERY_DAYS must be 1 or more.")

# Security: on by default whenever DEBUG is off; each can be turned off for a special set-up.
_secure = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _secure and not TESTING)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", _secure)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", _secure)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if _secure and not TESTING else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", _secure)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", _secure)
# The health endpoints answer a load balancer's plain-HTTP probe on the node itself.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# No script of the portal reads the CSRF cookie (every form carries its token), so scripts may not.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy (django-csp) on every page, portal and admin: scripts only from the
# portal itself, or inline with the page's nonce (``nonce="{{ CSP_NONCE }}"``); never inline
# otherwise. Inline styles stay allowed: Django's admin and crispy-forms write style attributes,
# and a style cannot run code. Uploaded files get a stricter policy of their own (uploads.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],  # Bootstrap's icons in its CSS are data: URLs
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Permissions-Policy (django-permissions-policy): no page needs any of these browser features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Uploads: limits that every upload form enforces with a clear message.
UPLOAD_MAX_FILE_BYTES = env_int("UPLOAD_MAX_FILE_MB", 10) * 1024 * 1024
UPLOAD_MAX_REQUEST_BYTES = env_int("UPLOAD_MAX_REQUEST_MB", 40) * 1024 * 1024
# Imports from Excel (societies.framework.imports): the largest workbook and the most rows one file may have.
IMPORT_MAX_FILE_BYTES = env_int("IMPORT_MAX_FILE_MB", 5) * 1024 * 1024
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 5000)
if IMPORT_MAX_FILE_BYTES < 1 or IMPORT_MAX_ROWS < 1:
    raise ImproperlyConfigured("IMPORT_MAX_FILE_MB and IMPORT_MAX_ROWS must be 1 or more.")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Logs: Django's and the libraries' on stderr as before; one JSON line per request and per task
# on stdout (kepu_portal.logs), for a log collector. Tests capture those lines themselves.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "pythonjsonlogger.json.JsonFormatter", "fmt": "%(message)s", "timestamp": True}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        # sys.__stdout__: a Celery worker replaces sys.stdout with a logger of its own.
        "json": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.__stdout__"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        name: {"handlers": [] if TESTING else ["json"], "level": "INFO", "propagate": False}
        for name in ("kepu.request", "kepu.task")
    },
}

# Labels used across apps.
PORTAL_NAME = _("Guangxi Society Science Outreach Portal")
