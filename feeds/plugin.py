"""How the feeds plug into the ground floor (`cases.extensions`): the Data feeds page on the
home page of the head of OMU and case admins, and each prison's last successful sync on
/healthz/ (when Prisoner Search is configured: without it there is nothing to be fresh)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone

from cases import extensions
from cases.extensions import HomeLink
from cases.models import Role
from feeds import selectors


def feeds_health() -> object:
    return selectors.health(now=timezone.now())


def register_health_check() -> None:
    extensions.add_health_check("feeds", feeds_health)


def register() -> None:
    extensions.add_home_links(
        HomeLink(
            (Role.HEAD_OF_OMU, Role.CASE_ADMIN),
            "Data feeds",
            "feeds",
            "When the roll was last read from Prisoner Search, and domain events waiting for you.",
            order=92,
        )
    )
    if settings.PRISONER_SEARCH_URL:
        register_health_check()
