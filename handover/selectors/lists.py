"""The handover lists and the parole cases list (docs/rules.md#handover-lists): which cases a
user's lists start from, which lists each case is in and in what order, and the rows a page
shows, assessed in full."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, overload

from django.db.models import Q, QuerySet

from cases import access
from cases import selectors as case_selectors
from cases.access import User
from cases.models import Prison, Prisoner
from cases.selectors import StoredState
from handover import rules
from handover.models import ParoleReview
from handover.selectors.assess import assess_cases
from handover.selectors.assessment import (
    CURRENT_SENTENCE,
    Assessment,
    CurrentSentence,
    com_named,
    with_current_sentence,
)
from handover.selectors.checklist import (
    automatic_statuses,
    case_dates,
    closed_items,
    handover_state_of,
    has_checklist,
    parole_due,
    stored_release_anchor,
)
from handover.selectors.contacts import (
    com_contacts_before,
    com_met,
    contacts_by_prisoner,
    meeting_held,
)


def cases_for_user(
    user: User, prison: Prison | None, *, com_only: bool | None = None
) -> QuerySet[Prisoner]:
    """Handover lists' cases: the active prison's, or every case a COM holds wherever it is.
    `com_only` saves asking again when the caller already knows (`access.is_com_only`)."""
    qs = access.prisoners_for_user(user)
    if access.is_com_only(user) if com_only is None else com_only:
        return qs
    return qs.filter(current_prison=prison) if prison else qs.none()


def search(qs: QuerySet[Prisoner], *, q: str = "", pom: str = "", user: User) -> QuerySet[Prisoner]:
    """Cases matching a name or prison number; with `pom="me"`, those the user holds as POM."""
    term = q.strip()
    if term:
        if len(term) == 7 and term[0].isalpha() and term[1:5].isdigit():
            qs = qs.filter(prison_number=term.upper())
        else:
            for word in term.split():
                qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    if pom == "me":
        qs = qs.filter(Q(allocation__primary_pom=user) | Q(allocation__secondary_pom=user))
    return qs


LISTS: dict[str, str] = {
    "upcoming": "Upcoming handovers",
    "com_overdue": "COM not allocated in time",
    "overdue_items": "Overdue checklist items",
    "releases": "Releases in the next 28 days",
    "public_protection": "Public protection checks missing",
    "all": "All cases",
}


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One case as the handover lists place it: its handover state today, the lists it is in
    and the date each list sorts it by. Worked out for every case of a prison from its stored
    answer and its checklist's statuses and due dates, with no explanations; only the rows a
    page shows are assessed in full (`ListRows`)."""

    pk: int
    prison_number: str
    last_name: str
    first_name: str
    state: rules.State
    lists: frozenset[str]
    dates: dict[str, dt.date | None]
    parole_due: dt.date | None


def list_entries(
    qs: QuerySet[Prisoner],
    *,
    today: dt.date,
    policy: rules.ChecklistPolicy = rules.DEFAULT_CHECKLIST_POLICY,
) -> list[ListEntry]:
    """Every case in `qs` placed in the lists, in a fixed number of queries (the stored
    answers, the cases with their current sentence, the items recorded as closed, the
    contacts), by the same steps `assess_cases` takes (`handover.selectors.checklist`)."""
    states = case_selectors.stored_states(qs, today=today)
    ids = qs.values("pk")
    rows = with_current_sentence(qs.order_by()).values(
        "id",
        "prison_number",
        "last_name",
        "first_name",
        "current_prison_id",
        "allocation__com_id",
        "allocation__com_name",
        *CURRENT_SENTENCE,
    )
    closed = closed_items(ids)
    contacts = contacts_by_prisoner(ids)
    return [
        _entry(
            row,
            states[row["id"]],
            closed.get(row["id"], {}),
            contacts.get(row["id"], []),
            today=today,
            policy=policy,
        )
        for row in rows
    ]


def _entry(
    row: dict[str, Any],
    state: StoredState,
    closed: dict[str, str],
    contacts: list[dict[str, Any]],
    *,
    today: dt.date,
    policy: rules.ChecklistPolicy,
) -> ListEntry:
    sentence = CurrentSentence.from_columns(row)
    in_prison = row["current_prison_id"] is not None
    com_allocated = com_named(row["allocation__com_id"], row["allocation__com_name"] or "")
    release = stored_release_anchor(state, today).date
    handover = handover_state_of(
        state, com_allocated=com_allocated, released=not in_prison, today=today
    ).value
    first_due: dt.date | None = None  # the soonest due of the case's open items
    missing: list[str] = []
    if has_checklist(sentence, state.in_scope, released=handover == "released"):
        dates = case_dates(state, release, sentence)
        automatic = automatic_statuses(
            com_allocated=com_allocated,
            meeting_held=meeting_held(contacts),
            com_contacts=com_contacts_before(com_met(contacts), release),
            policy=policy,
        )
        open_items = [
            definition
            for definition in rules.applicable_items(dates)
            if (
                automatic[definition.code]
                if definition.automatic
                else closed.get(definition.code, "to_do")
            )
            == "to_do"
        ]
        first_due = min(
            (due for due in rules.due_dates(open_items, dates, policy).values() if due),
            default=None,
        )
        missing = rules.missing_public_protection(
            open_codes={definition.code for definition in open_items},
            release=release,
            today=today,
            policy=policy,
        )
    # Overdue items when the soonest open one is: the list sorts by that first overdue day.
    overdue = (
        first_due is not None
        and rules.item_progress(status="to_do", due=first_due, today=today, policy=policy)
        == "overdue"
    )
    display = state.display_release_date
    lists = {"all"}
    if handover != "released" and rules.in_upcoming_window(
        handover_date=state.handover_date, upcoming_from=state.upcoming_from, today=today
    ):
        lists.add("upcoming")
    if handover == "com_allocation_overdue":
        lists.add("com_overdue")
    if in_prison and overdue:
        lists.add("overdue_items")
    if in_prison and rules.release_is_soon(display, today=today, policy=policy):
        lists.add("releases")
    if in_prison and missing:
        lists.add("public_protection")
    parole = parole_due(sentence, today, policy)
    return ListEntry(
        pk=row["id"],
        prison_number=row["prison_number"],
        last_name=row["last_name"],
        first_name=row["first_name"],
        state=handover,
        lists=frozenset(lists),
        dates={
            "upcoming": state.handover_date,
            "com_overdue": state.com_allocation_date,
            "overdue_items": first_due if overdue else None,
            "releases": display,
            "public_protection": release,
            "all": state.handover_date or release,
        },
        parole_due=parole[0] if parole and in_prison else None,
    )


T = TypeVar("T")


class ListRows(Sequence[T]):
    """A list's rows in order, built only when read: a page reads its own 25 (the paginators,
    Django's and the API's, slice), a download all of them at once. `build` makes the rows of
    a run of case ids, in that order."""

    def __init__(self, ids: list[int], build: Callable[[list[int]], list[T]]) -> None:
        self.ids = ids
        self._build = build

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return self._build(self.ids[index])
        return self._build([self.ids[index]])[0]

    def __iter__(self) -> Iterator[T]:
        return iter(self._build(self.ids))


def assessed(today: dt.date) -> Callable[[list[int]], list[Assessment]]:
    """Builds a list's rows: the cases of `ids` assessed in full, in that order."""

    def build(ids: list[int]) -> list[Assessment]:
        qs = case_selectors.ids_in(Prisoner.objects.order_by(), "id", ids)
        found = {a.prisoner.pk: a for a in assess_cases(qs, today=today)}
        return [found[pk] for pk in ids]

    return build


@dataclass(frozen=True)
class HandoverLists:
    name: str
    rows: ListRows[Assessment]
    counts: dict[str, int]


def handover_lists(
    entries: Iterable[ListEntry],
    *,
    name: str,
    today: dt.date,
    sort: str = "date",
    state: str = "",
) -> HandoverLists:
    """One list's rows (of `state` only, when given) and every list's count, from the same
    entries; the rows are assessed as they are read."""
    everything = list(entries)
    counts = {key: sum(1 for e in everything if key in e.lists) for key in LISTS}
    rows = [e for e in everything if name in e.lists and (not state or e.state == state)]
    if sort in ("date", "-date"):
        far = dt.date.max
        rows.sort(key=lambda e: (e.dates[name] or far, e.prison_number), reverse=sort == "-date")
    elif sort == "number":
        rows.sort(key=lambda e: e.prison_number)
    else:
        rows.sort(key=lambda e: (e.last_name, e.first_name))
    return HandoverLists(
        name=name, rows=ListRows([e.pk for e in rows], assessed(today)), counts=counts
    )


@dataclass(frozen=True)
class ParoleRow:
    assessment: Assessment
    latest_review: ParoleReview | None


def parole_cases(entries: Iterable[ListEntry], *, today: dt.date) -> ListRows[ParoleRow]:
    """Cases in custody with a THD, TED or PED in the parole window, soonest first; each row,
    as it is read, assessed and with its latest parole review."""
    due = [e for e in entries if e.parole_due]
    due.sort(key=lambda e: (e.parole_due, e.prison_number))
    assess = assessed(today)

    def build(ids: list[int]) -> list[ParoleRow]:
        latest: dict[int, ParoleReview] = {}
        for review in case_selectors.ids_in(
            ParoleReview.objects.filter(sentence__is_current=True), "prisoner_id", ids
        ).order_by("prisoner_id", "-hearing_date", "-id"):
            latest.setdefault(review.prisoner_id, review)
        return [ParoleRow(a, latest.get(a.prisoner.pk)) for a in assess(ids)]

    return ListRows([e.pk for e in due], build)
