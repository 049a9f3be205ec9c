"""Security tests: sign-in attempts and API rates start from nothing in each test."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache

PASSWORD = "pass-word-123"  # tests.factories.UserFactory's


@pytest.fixture(autouse=True)
def fresh_rates() -> Iterator[None]:
    """The API's throttles count in the cache: clear it around each test."""
    cache.clear()
    yield
    cache.clear()
