"""Settings shared by every environment. Values that differ come from the environment."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from omu.settings.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "cases.views.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "django_celery_beat",
    "axes",
    "cases",
    "allocation",
    "screening",
    "interventions",
    "handover",
    "planning",
    "quality",
    "feeds",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cases.security.NoStoreMiddleware",
    "cases.security.IdleSessionMiddleware",
    "cases.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "cases.middleware.ActivePrisonMiddleware",
    "cases.middleware.AccessLogMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "omu.urls"
WSGI_APPLICATION = "omu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cases.context_processors.omu",
                "cases.account.session_timeout",
            ],
        },
    },
]

# No DATABASE_URL means a local SQLite file, so `make run` needs nothing installed.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sign-in. django-axes counts failed sign-ins and locks out a username after
# SIGN_IN_FAILURE_LIMIT failures, and an address (a whole office may share one) after
# SIGN_IN_ADDRESS_FAILURE_LIMIT, for SIGN_IN_LOCKOUT_MINUTES after the last failure. Every
# attempt is kept (AccessAttempt, AccessFailureLog, AccessLog): the head of OMU sees their
# staff's lockouts at /accounts/lockouts/, superusers everything in the admin.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "cases.security.SignInAttempts"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # SignInAttempts relies on this order
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5)
SIGN_IN_ADDRESS_FAILURE_LIMIT = env_int("SIGN_IN_ADDRESS_FAILURE_LIMIT", 4 * AXES_FAILURE_LIMIT)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SIGN_IN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_CALLABLE = "cases.account.locked_out"
AXES_USERNAME_CALLABLE = "cases.account.sign_in_username"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Behind reverse proxies, the client's address is in X-Forwarded-For: say how many proxies
# (cases.security.client_address). 0: the connection's own address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "cases.security.client_address"

# A session ends after SESSION_IDLE_MINUTES without a request: requests move the expiry on
# (cases.security.IdleSessionMiddleware, at most once a minute). Pages warn
# SESSION_TIMEOUT_WARNING_SECONDS before (static/omu/timeout-warning.js).
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30)
if SESSION_IDLE_MINUTES < 1:
    raise ImproperlyConfigured("SESSION_IDLE_MINUTES must be 1 or more.")
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60

# The access log (who opened which case, downloaded which list) keeps each read this many
# calendar months; the nightly purge deletes older ones (cases.rules.retention).
ACCESS_LOG_RETENTION_MONTHS = env_int("ACCESS_LOG_RETENTION_MONTHS", 24)
if ACCESS_LOG_RETENTION_MONTHS < 1:
    raise ImproperlyConfigured("ACCESS_LOG_RETENTION_MONTHS must be 1 or more.")
SESSION_TIMEOUT_WARNING_SECONDS = min(120, SESSION_COOKIE_AGE // 2)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en-gb"
# Stored datetimes are UTC; calendar dates are computed in Europe/London at the rule boundary.
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("moj", NODE_MODULES / "@ministryofjustice" / "frontend" / "moj"),
]
# GOV.UK Frontend's compiled CSS asks for fonts and images at /assets/; serve them there.
WHITENOISE_ROOT = NODE_MODULES / "govuk-frontend" / "dist" / "govuk"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# Widgets crispy-forms-gds leaves unstyled, given their GOV.UK class all the same.
CRISPY_CLASS_CONVERTERS = {
    "numberinput": "govuk-input",
    "dateinput": "govuk-input",
    "timeinput": "govuk-input",
    "urlinput": "govuk-input",
    "fileinput": "govuk-file-upload",
}

# Rows per page on every list page; the API pages twice as many.
PAGE_SIZE = 25

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 2 * PAGE_SIZE,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON only: DRF's browsable API (dev.py adds it back) has inline styles the CSP refuses.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Per client: an anonymous address, or a signed-in user (session or token). Over the rate,
    # 429 with a Retry-After header and a body that says when to try again.
    "DEFAULT_THROTTLE_CLASSES": [
        "cases.security.AnonApiThrottle",
        "cases.security.UserApiThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "30/minute"),
        "user": env_str("API_THROTTLE_USER", "600/minute"),
    },
    # Which X-Forwarded-For entry is the client (as for sign-in): without it DRF would count
    # the whole header, which a client can change at will.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "EXCEPTION_HANDLER": "cases.security.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OMU API",
    "DESCRIPTION": "Offender Management in Custody case management: prisoners, OMiC dates, "
    "allocation, screening, interventions and handover.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI from the installed sidecar package, not a CDN: the service may run offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "kind" or "status": name each choice set after its model.
    "ENUM_NAME_OVERRIDES": {
        "MovementKindEnum": "cases.models.Movement.Kind",
        "EarlyAllocationOutcomeEnum": "allocation.models.EarlyAllocation.Outcome",
        "ParoleOutcomeEnum": "handover.models.ParoleReview.Outcome",
        "RollImportStatusEnum": "cases.models.RollImport.Status",
        "StaffStatusEnum": "cases.models.StaffMember.Status",
        "SessionKindEnum": "cases.models.Session.Kind",
        "SessionStatusEnum": "cases.models.Session.Status",
        "AllocationEventKindEnum": "allocation.models.AllocationEvent.Kind",
        "TaskKindEnum": "screening.models.Task.Kind",
        "TaskStatusEnum": "screening.models.Task.Status",
        "BcsStatusEnum": "screening.models.Bcs.Status",
        "CategorisationKindEnum": "screening.models.Categorisation.Kind",
        "OasysKindEnum": "screening.models.OasysAssessment.Kind",
        "ObjectiveStatusEnum": "screening.models.SentencePlanObjective.Status",
        "NeedStatusEnum": "interventions.models.ResettlementNeed.Status",
        "InterventionKindEnum": "interventions.models.Intervention.Kind",
        "ReferralStatusEnum": "interventions.models.Referral.Status",
        "AttendanceStatusEnum": "interventions.models.Attendance.Status",
        "HandoverContactKindEnum": "handover.models.HandoverContact.Kind",
        "ChecklistStatusEnum": "handover.models.ChecklistItem.Status",
    },
}

# Content-Security-Policy (django-csp): scripts, styles, fonts and images from the service
# itself only, no inline script or style. GOV.UK Frontend's start-up lines are static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Celery. No REDIS_URL means tasks run in-process (eager), so a newcomer needs no broker.
REDIS_URL = env_str("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 360)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "omu-no-reply@example.gov.uk")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
ROLL_IMPORT_MAX_BYTES = 10_000_000  # an uploaded roll file (the command takes any size)

# The national feeds (docs/commands.md#sync_prison): all optional; with none set, nothing calls
# out and `make run` / `make test` need none of the real services.
HMPPS_AUTH_URL = env_str("HMPPS_AUTH_URL", "")
HMPPS_CLIENT_ID = env_str("HMPPS_CLIENT_ID", "")
HMPPS_CLIENT_SECRET = env_str("HMPPS_CLIENT_SECRET", "")
PRISONER_SEARCH_URL = env_str("PRISONER_SEARCH_URL", "")
PROBATION_API_URL = env_str("PROBATION_API_URL", "")
TIERING_API_URL = env_str("TIERING_API_URL", "")
DOMAIN_EVENTS_QUEUE_URL = env_str("DOMAIN_EVENTS_QUEUE_URL", "")
SQS_ENDPOINT_URL = env_str("SQS_ENDPOINT_URL", "")
FEEDS_PAGE_SIZE = 500  # prisoners a roll page
FEEDS_CONNECT_TIMEOUT = 3.0  # seconds
FEEDS_READ_TIMEOUT = 10.0
FEEDS_ATTEMPTS = 4  # tries of one call, on timeouts, 429 and 5xx only
FEEDS_BACKOFF = 0.5  # seconds before the first retry, doubling, with jitter
FEEDS_SYNC_WINDOW = 4 * 60 * 60  # the nightly sync spreads the prisons over this many seconds
FEEDS_STALE_AFTER_HOURS = 26  # /healthz/ calls a prison's last successful sync stale after this
