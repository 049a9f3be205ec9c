"""The case record: every event of one case, newest first, from every source.

`cases` gives movements, sentence changes, changes of who holds the case and sessions; each
feature app adds its own source (`extensions.timeline_sources`).
"""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse

from cases import extensions
from cases.extensions import TimelineEvent
from cases.models import Allocation, Prisoner, Sentence, Session
from cases.text import display_name, long_date

_SENTENCE_ACTIONS = {
    "+": "Sentence recorded",
    "~": "Sentence dates changed",
    "-": "Sentence removed",
}


def timeline_kinds() -> dict[str, str]:
    """Every kind of event the case record can show, with its label, in the sources' order."""
    return {source.kind: source.label for source in extensions.timeline_sources()}


def case_timeline(prisoner: Prisoner, *, kinds: set[str] | None = None) -> list[TimelineEvent]:
    """Every event of the case, newest first: one query per source, whatever the case's size."""
    events: list[TimelineEvent] = []
    for source in extensions.timeline_sources():
        if kinds is None or source.kind in kinds:
            events.extend(source.events(prisoner))
    return sorted(events, key=lambda e: e.when, reverse=True)


def movement_events(prisoner: Prisoner) -> Iterator[TimelineEvent]:
    movements = prisoner.movements.select_related("from_prison", "to_prison", "recorded_by")
    for m in movements:
        prison = m.to_prison or m.from_prison
        detail = prison.name if prison else m.reason
        who = m.source or display_name(m.recorded_by, nobody="System")
        yield TimelineEvent(m.occurred_at, "movement", m.get_kind_display(), detail, who)


def sentence_events(prisoner: Prisoner) -> Iterator[TimelineEvent]:
    for h in Sentence.history.filter(prisoner_id=prisoner.pk).select_related("history_user"):
        yield TimelineEvent(
            h.history_date,
            "sentence",
            _SENTENCE_ACTIONS[h.history_type],
            f"Sentence date {long_date(h.sentence_start_date, missing='not recorded')}",
            display_name(h.history_user, nobody="System"),
        )


def holder_events(prisoner: Prisoner) -> Iterator[TimelineEvent]:
    history = Allocation.history.filter(prisoner_id=prisoner.pk).select_related(
        "history_user", "primary_pom", "keyworker"
    )
    for h in history:
        pom = display_name(h.primary_pom, nobody="no POM")
        reason = f"; reason: {h.history_change_reason}" if h.history_change_reason else ""
        who = display_name(h.history_user, nobody="System")
        yield TimelineEvent(
            h.history_date, "allocation", "Allocation changed", f"POM: {pom}{reason}", who
        )


def session_events(prisoner: Prisoner) -> Iterator[TimelineEvent]:
    sessions = prisoner.sessions.filter(status=Session.Status.RECORDED).select_related("staff")
    for s in sessions:
        title = s.get_kind_display() + ("" if s.held else " (did not happen)")
        detail = s.summary if s.held else s.get_not_held_reason_display()
        url = reverse("session-edit", args=[s.pk])
        yield TimelineEvent(
            s.occurred_at, "session", title, detail, display_name(s.staff, nobody="System"), url
        )
