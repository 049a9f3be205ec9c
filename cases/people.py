"""The staff a page names, read in one query: a foreign key to a user joined into each query
that names one made PostgreSQL plan, and Django build, a wider query than the rows were worth
(a case's own read joined its four holders and took ten times as long to plan as to run)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model


def people(ids: Iterable[int | None], *, known: Mapping[Any, Any] | None = None) -> dict[Any, Any]:
    """The users with these ids (None left out) by id: those in `known` as they are (the
    signed-in user, people already read), the rest in one query, none when all are known."""
    found = dict(known or {})
    missing = set(ids) - found.keys() - {None}
    if missing:
        found.update(get_user_model().objects.in_bulk(missing))
    return found


def name_people(
    rows: Iterable[Any], fields: Iterable[str], *, known: Mapping[Any, Any] | None = None
) -> None:
    """Put on each of `rows` (model instances) the user of each of its foreign keys `fields`,
    read as `people` reads them, so that reading one makes no query."""
    rows, fields = list(rows), list(fields)
    found = people((getattr(r, f"{f}_id") for r in rows for f in fields), known=known)
    for row in rows:
        for field in fields:
            pk = getattr(row, f"{field}_id")
            if pk in found:  # a user gone since (no constraint holds them) stays unread
                setattr(row, field, found[pk])
