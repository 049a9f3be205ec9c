"""Production's SECRET_KEY must be long, random and not one published anywhere."""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

MIN_LENGTH = 50
MIN_DISTINCT_CHARACTERS = 10
# Words that only an example, placeholder or development key contains.
EXAMPLE_MARKERS = (
    "change-me",
    "changeme",
    "change_me",
    "replace-me",
    "example",
    "placeholder",
    "your-secret",
    "secret-key-here",
    "django-insecure",
    "dev-only",
    "test-only",
    "not-secret",
)
ENV_EXAMPLE = Path(__file__).resolve().parent.parent.parent / ".env.example"
HOW = 'Generate one with: python -c "import secrets; print(secrets.token_urlsafe(64))"'


def _published_keys() -> set[str]:
    """The SECRET_KEY values written in .env.example (anyone can read them)."""
    if not ENV_EXAMPLE.exists():
        return set()
    keys = set()
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        name, _, value = line.partition("=")
        if name.strip() == "SECRET_KEY" and value.strip():
            keys.add(value.strip().strip("\"'"))
    return keys


def check_secret_key(key: str) -> str:
    """`key`, or ImproperlyConfigured: production refuses to start with a short key, the
    example's key, an obvious placeholder or one of too few different characters."""
    if len(key) < MIN_LENGTH:
        raise ImproperlyConfigured(
            f"SECRET_KEY must be at least {MIN_LENGTH} characters in production. {HOW}"
        )
    lowered = key.lower()
    if key in _published_keys() or any(marker in lowered for marker in EXAMPLE_MARKERS):
        raise ImproperlyConfigured(
            f"SECRET_KEY is the example's or a placeholder: set a secret one. {HOW}"
        )
    if len(set(key)) < MIN_DISTINCT_CHARACTERS:
        raise ImproperlyConfigured(f"SECRET_KEY is not random enough. {HOW}")
    return key
