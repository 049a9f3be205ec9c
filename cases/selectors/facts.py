"""Reads for the pages and endpoints that change a case's facts: a sentence's history, the
record a merged number now lives on, and a prison's roll imports."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db.models import F, Func, IntegerField, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.http import Http404

from cases.access import User, get_prisoner_for_user
from cases.models import MergedNumber, Prison, Prisoner, RollImport
from cases.selectors.history import HistoryEntry, case_history

COUNTS = ("rows", "new", "changed", "unchanged", "leaving")


def sentence_history(prisoner: Prisoner) -> list[HistoryEntry]:
    """Every change of the prisoner's sentences, and of their legal status, newest first."""
    found = []
    for entry in case_history(prisoner):
        if entry.what == "Sentence":
            found.append(entry)
        elif entry.what == "Prisoner details" and entry.action == "Changed":
            status = tuple(c for c in entry.changes if c[0].lower() == "legal status")
            if status:
                found.append(replace(entry, what="Legal status", changes=status))
    return found


def merged_into(user: User, number: str) -> Prisoner | None:
    """The case a merged-away prison number now belongs to, if the user may see it."""
    found = MergedNumber.objects.filter(number=number.upper()).select_related("prisoner").first()
    if found is None:
        return None
    try:
        return get_prisoner_for_user(user, found.prisoner.prison_number)
    except Http404:
        return None


class JSONArrayLength(Func):
    """The length of a JSON array column, on PostgreSQL and SQLite alike."""

    function = "JSON_ARRAY_LENGTH"
    output_field = IntegerField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function="JSONB_ARRAY_LENGTH", **extra)


def roll_imports(prisons: QuerySet[Prison] | list[Prison]) -> QuerySet[RollImport]:
    """The prisons' roll imports, newest first, with who ran them and their counts (read from
    the stored summary), without the files or the full preview: one query a page."""
    counts = {f"{name}_count": Cast(KT(f"summary__{name}"), IntegerField()) for name in COUNTS}
    return (
        RollImport.objects.filter(prison__in=prisons)
        .select_related("prison", "created_by", "applied_by")
        .defer("content", "summary", "errors")
        .annotate(**counts, error_count=JSONArrayLength(F("errors")))
        .order_by("-created_at", "-id")
    )


def get_roll_import(prisons: QuerySet[Prison] | list[Prison], pk: int) -> RollImport:
    """One of the prisons' roll imports, with its preview or result (not its file); 404
    otherwise."""
    found = (
        RollImport.objects.filter(prison__in=prisons, pk=pk)
        .select_related("prison", "created_by", "applied_by")
        .defer("content")
        .first()
    )
    if found is None:
        raise Http404("No such roll import in your prisons.")
    return found
