"""Settings shared by every environment; values that differ come from the environment."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("GIAOBAN_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
DEMO_MODE = env_bool("GIAOBAN_DEMO", False)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "axes",
    "ninja",
    "csp",
    "django_tasks",
    "giaoban.core",
    "giaoban.org",
    "giaoban.notifications",
    "giaoban.delegations",
    "giaoban.tasks",
    "giaoban.meetings",
    "giaoban.reports",
    "giaoban.site",
    "giaoban.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "giaoban.core.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "giaoban.core.middleware.NfcInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "giaoban" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "giaoban.core.context_processors.navigation",
                "giaoban.notifications.context_processors.notifications",
            ],
            "builtins": ["giaoban.core.templatetags.vi"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'giaoban.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails the request after this many seconds instead of hanging it.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "org.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions expire after a working day of inactivity and at browser close.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Login throttling (django-axes): lock a username+IP after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Behind N trusted proxies (nginx in front: 1) the client's address is read from X-Forwarded-For.
# Addresses or CIDRs of the reverse proxies whose X-Forwarded-For is believed (comma-separated);
# empty: nobody's, the client address is REMOTE_ADDR (see giaoban.core.security.client_ip).
GIAOBAN_TRUSTED_PROXIES = env_list("GIAOBAN_TRUSTED_PROXIES")
AXES_CLIENT_IP_CALLABLE = "giaoban.core.security.client_ip"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "giaoban" / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
    ("vendor/datepicker", BASE_DIR / "node_modules" / "vanillajs-datepicker" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploads (giaoban.core.uploads): a size cap per file; the type is recognised by content, not by name.
GIAOBAN_UPLOAD_MAX_BYTES = int(float(os.environ.get("GIAOBAN_UPLOAD_MAX_MB", "20")) * 1024 * 1024)
# An uploaded workbook whose parts unpack to more than this is refused before it is parsed
# (giaoban.core.xlsx); a 100,000-row delegation sheet unpacks to about 100 MB as openpyxl writes it.
GIAOBAN_XLSX_MAX_UNPACKED_BYTES = int(
    float(os.environ.get("GIAOBAN_XLSX_MAX_UNPACKED_MB", "150")) * 1024 * 1024
)
# A delegation sheet with more rows than this is checked and imported in the task worker, with its
# progress on a status page, rather than in the web request (gunicorn stops a worker after 30 s).
DELEGATION_IMPORT_SYNC_MAX_ROWS = int(os.environ.get("DELEGATION_IMPORT_SYNC_MAX_ROWS", "5000"))
# An image is decoded (to be re-encoded) only if its header announces at most this many pixels: 40 million
# covers a 7000 × 5000 camera photo and costs a worker at most a few hundred MB.
GIAOBAN_UPLOAD_MAX_PIXELS = int(float(os.environ.get("GIAOBAN_UPLOAD_MAX_MEGAPIXELS", "40")) * 1_000_000)
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# Content Security Policy (django-csp): scripts, styles and fonts only from the app's own static files;
# no inline script or style, no eval, no framing. Bootstrap's icons are data: images.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A mail server that accepts and never answers must not hang the worker: the reminder is retried.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "giaoban@localhost")

# Member-unit changes of a committee are recorded as the history reason, which can be long.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 200

# API tokens stop working after this many days unless renewed.
GIAOBAN_API_TOKEN_DAYS = int(os.environ.get("GIAOBAN_API_TOKEN_DAYS", "90"))
GIAOBAN_PAGE_SIZE = 25

# Delegations. Post-trip reports fall due this many days after the delegation's end date: 7-15 days
# depending on the body (15 under Circular 03/2023/TT-BNV for training delegations).
DELEGATION_REPORT_DUE_DAYS = int(os.environ.get("DELEGATION_REPORT_DUE_DAYS", "15"))
# Size caps some provinces set (Hà Nội: at most 10 members, 10 days, 3 countries). They warn, never
# block; 0 turns a cap off.
DELEGATION_MAX_MEMBERS = int(os.environ.get("DELEGATION_MAX_MEMBERS", "10"))
DELEGATION_MAX_DAYS = int(os.environ.get("DELEGATION_MAX_DAYS", "10"))
DELEGATION_MAX_COUNTRIES = int(os.environ.get("DELEGATION_MAX_COUNTRIES", "3"))
# The delegations' covering index (INCLUDE columns) serves PostgreSQL; SQLite builds it on its key
# column only, which Django reports as models.W040.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Tasks (domain.md §5). Some provinces allow one extension per task only: the limit is a setting.
TASK_MAX_EXTENSIONS = int(os.environ.get("TASK_MAX_EXTENSIONS", "1"))
# "Khẩn trương": no date is printed; the secretariat follows up (reminders, overdue class) after this many days.
TASK_URGENT_FOLLOW_UP_DAYS = int(os.environ.get("TASK_URGENT_FOLLOW_UP_DAYS", "7"))
# Reminders go out this many days before the deadline in force, on the day itself, then weekly.
TASK_REMINDER_DAYS = tuple(int(d) for d in env_list("TASK_REMINDER_DAYS", "7,1"))
# Reports (domain.md §8): units' deadline proposed for a period, in working days after its last day.
REPORT_SUBMISSION_WORKING_DAYS = int(os.environ.get("REPORT_SUBMISSION_WORKING_DAYS", "2"))
# The address of the app as users reach it, for links in e-mails.
GIAOBAN_SITE_URL = os.environ.get("GIAOBAN_SITE_URL", "http://127.0.0.1:8000")

# Background work (django-tasks). "immediate" runs a task in the calling process; "database" queues it
# in the database for `giaoban db_worker`, which needs the django-tasks-db package (django-tasks ≥ 0.12
# ships its database backend separately).
GIAOBAN_TASKS_BACKEND = os.environ.get("GIAOBAN_TASKS_BACKEND", "immediate")
if GIAOBAN_TASKS_BACKEND == "database":
    INSTALLED_APPS.append("django_tasks_db")
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
