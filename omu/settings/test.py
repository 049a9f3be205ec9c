"""Tests: real PostgreSQL and Redis, eager Celery (the worker test turns eagerness off), fast hashing."""

import dj_database_url

from omu.settings.base import *  # noqa: F403
from omu.settings.env import env_str

SECRET_KEY = "test-only-not-secret"  # noqa: S105
DEBUG = False
DATABASES["default"] = dj_database_url.parse(  # noqa: F405
    env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/omu_test"), conn_max_age=0
)
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_ALWAYS_EAGER = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
WHITENOISE_AUTOREFRESH = True
# The API's rates are far above any test's needs: tests/security/test_throttling.py sets its own.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "10000/minute", "user": "10000/minute"},
}
