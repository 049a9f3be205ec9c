"""The home page: what each of the user's roles at the working prison does, as links. Every
app adds its own links (`extensions.home_links`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from cases import access, extensions
from cases.access import User
from cases.models import Prison, Role


@dataclass(frozen=True)
class HomeItem:
    title: str
    url: str
    description: str


@dataclass(frozen=True)
class HomeSection:
    role: str
    links: tuple[HomeItem, ...]


def _url(link: extensions.HomeLink, prison: Prison | None) -> str | None:
    if link.with_prison:
        if prison is None:
            return None
        url = reverse(link.url_name, args=[prison.code])
    else:
        url = reverse(link.url_name)
    return f"{url}?{link.query}" if link.query else url


def home_for_user(user: User, prison: Prison | None) -> list[HomeSection]:
    """One section per role the user holds at the prison (in the roles' order), each with the
    links every app offers that role."""
    labels = dict(Role.choices)
    links = extensions.home_links()
    sections = []
    for role in sorted(access.roles_at(user, prison)):
        items = []
        for link in links:
            url = _url(link, prison) if role in link.roles else None
            if url is not None:
                items.append(HomeItem(link.title, url, link.description))
        sections.append(HomeSection(labels[role], tuple(items)))
    return sections
