"""Settings for the marketing-operations system, read from the environment.

With no environment variables at all the project runs on its embedded default: a SQLite file in
the project folder and Celery tasks executed eagerly in-process. Production sets DJANGO_ENV=
production plus DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY and ALLOWED_HOSTS (see README).
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DJANGO_ENV = env_str("DJANGO_ENV", "development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(
        f"DJANGO_ENV must be 'development' or 'production', got {DJANGO_ENV!r}"
    )
PRODUCTION = DJANGO_ENV == "production"

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_ENV=production")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DJANGO_ENV=production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "django_htmx",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # shared mechanisms
    "core",
    "regions",
    "access",
    "approvals",
    "imports",
    # process apps
    "customers",
    "techsupport",
    "pricing",
    "budgets",
    "orders",
    "planning",
    "information",
    "brand",
    "performance",
    "dashboard",
    "api",
    # last, so that our catalogues win over the admin's for shared words ("Filter" is 筛选 here)
    "django.contrib.admin",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # AxesMiddleware turns a locked-out login into a clear "locked" response; keep it last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "marketing_ops.urls"
WSGI_APPLICATION = "marketing_ops.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    },
]

# --- database ------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60 if PRODUCTION else 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take SQLite's write lock at BEGIN, so two requests deciding the same
    # approval or spending the same budget queue up instead of both reading the old state.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- people and login ------------------------------------------------------------------------
AUTH_USER_MODEL = "regions.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Named actions (access/permissions.py of each app) answer user.has_perm first.
    "access.backends.ActionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"
# Five wrong passwords for one username from one address lock that pair for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 1 if PRODUCTION else 0)
AXES_VERBOSE = False
GUARDIAN_ANONYMOUS_USER_NAME = None  # nobody anonymous holds object permissions
ANONYMOUS_USER_NAME = None

# --- language and time -----------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- files -----------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files (receipts, attachments, price files) live outside the static root and are only
# served through access-checked views.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/files/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
ATTACHMENT_EXTENSIONS = [".pdf", ".jpg", ".jpeg", ".png", ".xlsx", ".docx", ".pptx", ".txt"]
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# --- money -----------------------------------------------------------------------------------
# One place for the precision of amounts; metal prices and loadings need more places.
MONEY_MAX_DIGITS = 16
MONEY_DECIMAL_PLACES = 2
METAL_MAX_DIGITS = 20
METAL_DECIMAL_PLACES = 6
DEFAULT_CURRENCY = "CNY"
# A metal price further than this from last month's is a warning finance must confirm.
PRICING_PRICE_JUMP_WARNING_PERCENT = env_int("PRICING_PRICE_JUMP_WARNING_PERCENT", 15)

# --- e-mail ----------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "marketing-ops@localhost")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# --- Celery ----------------------------------------------------------------------------------
# Without a broker every task runs in-process at .delay() time: the embedded default.
CELERY_TASK_ALWAYS_EAGER = not env_str("CELERY_BROKER_URL")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", env_str("CELERY_BROKER_URL")) or None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Longer than the longest task (the monthly roll-ups take seconds to minutes), short enough that
# a task lost with its worker is redelivered within the hour.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
CELERY_RESULT_EXPIRES = 24 * 3600
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Every scheduled job in one place. Month-end roll-ups run early on the 1st, after midnight
# Shanghai time, for the month just closed; each task is idempotent, so a re-run is harmless.
CELERY_BEAT_SCHEDULE = {
    "pricing-monthly-cost-rollup": {
        "task": "pricing.tasks.monthly_cost_rollup_task",
        "schedule": crontab(minute=30, hour=2, day_of_month=1),
    },
    "pricing-quote-counts": {
        "task": "pricing.tasks.quote_counts_refresh_task",
        "schedule": crontab(minute=45, hour=2),
    },
    "budgets-monthly-execution-rollup": {
        "task": "budgets.tasks.budget_execution_rollup_task",
        "schedule": crontab(minute=0, hour=3, day_of_month=1),
    },
    "orders-sales-month-rollup": {
        "task": "orders.tasks.sales_month_rollup_task",
        "schedule": crontab(minute=15, hour=3),
    },
    "information-daily-forms": {
        "task": "information.tasks.forms_generate_task",
        "schedule": crontab(minute=15, hour=1),
    },
    # After the month's budget execution roll-up, which the "budget kept" KPI reads.
    "performance-monthly-kpis": {
        "task": "performance.tasks.kpi_compute_task",
        "schedule": crontab(minute=0, hour=4, day_of_month=1),
    },
    "customers-score-cells-rollup": {
        "task": "customers.tasks.score_cells_rollup_task",
        "schedule": crontab(minute=45, hour=1),
    },
    "dashboard-price-facts-rollup": {
        "task": "dashboard.tasks.price_facts_rollup_task",
        "schedule": crontab(minute=15, hour=2),
    },
    # After the month's cost, budget and sales roll-ups (02:30, 03:00 and 03:15 on the 1st) and
    # the KPIs (04:00).
    "dashboard-monthly-report": {
        "task": "dashboard.tasks.monthly_report_task",
        "schedule": crontab(minute=30, hour=4, day_of_month=1),
    },
}

# --- security --------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 3600)
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'"
)
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# The REST API (api/): session sign-in for the browser, personal tokens for programs; every
# endpoint names its action (api.guards.ActionPermission). Throttled per token.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.guards.ActionPermission"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Cursor",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Requests per token (or per signed-in person in the browser), e.g. "600/min".
API_THROTTLE_RATE = env_str("API_THROTTLE_RATE", "600/min")
SPECTACULAR_SETTINGS = {
    "TITLE": "Marketing operations API",
    "DESCRIPTION": (
        "Customers, visits, projects, quotes, prices, budgets, claims and approvals, with the "
        "same access rules as the pages. Sign in with a personal token: "
        "`Authorization: Bearer <token>` (make one on the API tokens page)."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema is for people and programs signed in (a token or the session).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI's files are served from this server (no CDN: the CSP allows 'self' only).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models call their state "status"; name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "QuoteStatusEnum": "pricing.models.QuoteStatus",
        "DocumentStatusEnum": "budgets.models.Status",
        "ProjectStatusEnum": "customers.models.ProjectStatus",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
