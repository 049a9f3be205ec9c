"""Local development: DEBUG on, SQLite and in-process tasks unless the environment says otherwise."""

from omu.settings.base import *  # noqa: F403
from omu.settings.env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-not-secret")  # noqa: S105 - never used in production
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# DRF's browsable API in development only: its pages use inline styles the policy refuses.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
