"""Production: every secret from the environment, secure cookies, HTTPS, hashed static files."""

from omu.settings.base import *  # noqa: F403
from omu.settings.env import env_bool, env_int, env_str
from omu.settings.secret_key import check_secret_key

SECRET_KEY = check_secret_key(env_str("SECRET_KEY"))
DEBUG = False

# Cookies only over HTTPS, never read by scripts; the __Host- prefix also ties them to this
# host and path /, so no sibling domain can set or read them.
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-omu_session"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_NAME = "__Host-omu_csrftoken"
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}
if REDIS_URL:  # noqa: F405
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}  # noqa: F405
    }
    # Every request reads its session: from Redis, which every worker shares, with the
    # database behind it (written on each save, read when Redis has lost it). Without a
    # shared cache a worker's own copy could outlive a sign-out elsewhere, so only then.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
