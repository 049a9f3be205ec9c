"""WSGI entry point (gunicorn omu.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omu.settings.prod")

application = get_wsgi_application()


def freeze_start_up_objects() -> None:
    """Load every view now and move what start-up loaded out of the garbage collector's sight.

    A request that evaluates a whole prison creates tens of thousands of short-lived objects,
    which trigger full collections; each full collection would otherwise rescan the hundred
    thousand modules, classes and functions loaded at start-up, which never become garbage.
    Frozen, they are skipped (and a forking server shares their memory pages with its workers).
    """
    get_resolver().url_patterns  # noqa: B018 - imports the URLconf and every view module
    gc.freeze()


freeze_start_up_objects()
