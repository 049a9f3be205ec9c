"""Reads for the handover app: every case's handover assessed from the engine's dates.

Lists and the case page share `assess_cases`, which evaluates a whole queryset in a fixed number
of queries (one for the cases, the engine's own, one each for checklist rows, contacts and
overrides) and then applies `handover.rules` in memory. Nothing computed is stored, so a policy
change, a new sentence date or a COM allocation shows on the next read.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, TruncDate
from django.http import Http404

from cases import access
from cases import rules as omic
from cases import selectors as case_selectors
from cases.models import Allocation, Prison, Prisoner, Role, Sentence, Session, StaffRole
from handover import rules
from handover.models import (
    ChecklistItem,
    HandoverContact,
    HandoverEvent,
    HandoverNote,
    ParoleReview,
    ResponsibilityOverride,
)

User = AbstractBaseUser | AnonymousUser


def case_facts_by_prisoner(ids: list[int]) -> dict[int, dict[str, Any]]:
    """Rules-engine facts handover records, per prisoner id: `latest_parole_outcome` (the latest
    completed parole review of the current sentence) and `responsibility_override` ("com" while
    an override is active). One query for all ids, reading only the few prisoners with a parole
    outcome or an override; prisoners with neither are left out."""
    if not ids:
        return {}
    outcomes = case_selectors.ids_in(
        ParoleReview.objects.filter(sentence__is_current=True).exclude(outcome="").order_by(),
        "prisoner_id",
        ids,
    ).values_list("prisoner_id", "outcome", "hearing_date", "outcome_received_date", "id")
    no_date = Cast(Value(None), DateField())
    overrides = (
        case_selectors.ids_in(
            ResponsibilityOverride.objects.filter(removed_at__isnull=True).order_by(),
            "prisoner_id",
            ids,
        )
        .annotate(outcome_=Value(""), hearing=no_date, received=no_date, review=Value(0))
        .values_list("prisoner_id", "outcome_", "hearing", "received", "review")
    )
    latest: dict[int, tuple[dt.date, dt.date, int, str]] = {}
    facts: dict[int, dict[str, Any]] = {}
    for pk, outcome, hearing, received, review in outcomes.union(overrides, all=True):
        if not outcome:
            facts.setdefault(pk, {})["responsibility_override"] = "com"
            continue
        # The latest hearing, then the latest outcome (one still to date counts as latest).
        key = (hearing, received or dt.date.max, review, outcome)
        if pk not in latest or key > latest[pk]:
            latest[pk] = key
    for pk, (*_, outcome) in latest.items():
        facts.setdefault(pk, {})["latest_parole_outcome"] = outcome
    return facts


# ---------------------------------------------------------------------------------------------
# Who the user is to a case


def is_com_only(user: User) -> bool:
    """The user's only role anywhere is COM (they reach cases through their allocations)."""
    if not user.is_authenticated or user.is_superuser:
        return False
    roles = set(StaffRole.objects.filter(user=user).values_list("role", flat=True))
    return roles == {Role.COM}


def acts_as_com(user: User, prisoner: Prisoner) -> bool:
    """The user reaches this case only as its COM: no OMU role at the prisoner's prison. Such a
    user may record contacts and notes, and tick items the COM owns, nothing else."""
    if user.is_superuser:
        return False
    return not (
        prisoner.current_prison_id
        and StaffRole.objects.filter(user=user, prison_id=prisoner.current_prison_id)
        .exclude(role=Role.COM)
        .exists()
    )


def cases_for_user(
    user: User, prison: Prison | None, *, com_only: bool | None = None
) -> QuerySet[Prisoner]:
    """Handover lists' cases: the active prison's, or every case a COM holds wherever it is.
    `com_only` saves a query when the caller already knows (`is_com_only`)."""
    qs = access.prisoners_for_user(user)
    if is_com_only(user) if com_only is None else com_only:
        return qs
    return qs.filter(current_prison=prison) if prison else qs.none()


# ---------------------------------------------------------------------------------------------
# Assessing cases


@dataclass(frozen=True)
class ItemView:
    """One checklist item of one case, as it stands today."""

    definition: rules.ItemDefinition
    status: str  # to_do, done, not_needed
    owner: str
    due: omic.Explained[dt.date | None]
    progress: str  # rules.Progress
    evidence: str = ""
    not_needed_reason: str = ""
    completed_on: dt.date | None = None
    note: str = ""  # how an automatic item was worked out
    mappa_level: int | None = None
    mappa_category: int | None = None
    review_date: dt.date | None = None

    @property
    def code(self) -> str:
        return self.definition.code

    @property
    def label(self) -> str:
        return self.definition.label

    @property
    def owner_label(self) -> str:
        return rules.OWNER_LABELS[self.owner]

    @property
    def status_label(self) -> str:
        return dict(ChecklistItem.Status.choices)[self.status]


@dataclass
class Assessment:
    """Everything the handover pages and lists say about one case on one day."""

    prisoner: Prisoner
    evaluation: omic.Evaluation
    key_dates: dict[str, dt.date | None]
    sentence_id: int | None
    indeterminate: bool
    state: omic.Explained[str]
    release: rules.ReleaseAnchor
    com_allocated: bool
    override_reason: str | None
    items: list[ItemView] = field(default_factory=list)
    com_contacts: int = 0
    meeting_held: bool = False
    parole_due: tuple[dt.date, str] | None = None

    @property
    def contacts_text(self) -> str:
        target = rules.DEFAULT_CHECKLIST_POLICY.com_contacts_target
        if self.com_contacts >= target:
            return f"{self.com_contacts} (target of {target} met)"
        return f"{self.com_contacts} of {target}"

    @property
    def com_name(self) -> str:
        """The COM's name as recorded, or their user's name; "" with no COM."""
        allocation = self.allocation
        if not self.com_allocated or allocation is None:
            return ""
        return allocation.com_name or (allocation.com.get_full_name() if allocation.com else "")

    @property
    def allocation(self) -> Allocation | None:
        return _allocation(self.prisoner)

    @property
    def state_label(self) -> str:
        return rules.STATE_LABELS[self.state.value]

    @property
    def handover(self) -> omic.Handover:
        return self.evaluation.handover

    @property
    def responsibility_label(self) -> str:
        return case_selectors.RESPONSIBILITY_LABELS[self.evaluation.responsibility.state]

    @property
    def overdue_items(self) -> list[ItemView]:
        return [item for item in self.items if item.progress == "overdue"]

    @property
    def first_overdue(self) -> dt.date | None:
        dates = [item.due.value for item in self.overdue_items if item.due.value]
        return min(dates) if dates else None

    @property
    def missing_public_protection(self) -> list[ItemView]:
        open_codes = {item.code for item in self.items if item.status == "to_do"}
        codes = rules.missing_public_protection(
            open_codes=open_codes, release=self.release.date, today=self.evaluation.as_of
        )
        return [item for item in self.items if item.code in codes]

    @property
    def upcoming(self) -> bool:
        """In the upcoming window and not yet handed over."""
        ho = self.handover
        today = self.evaluation.as_of
        return (
            ho.handover_date is not None
            and ho.upcoming_from is not None
            and ho.upcoming_from <= today < ho.handover_date
            and self.state.value != "released"
        )

    @property
    def releasing_soon(self) -> bool:
        display = self.evaluation.display_release_date.date
        return self.prisoner.current_prison_id is not None and rules.release_is_soon(
            display, today=self.evaluation.as_of
        )


def _allocation(prisoner: Prisoner) -> Allocation | None:
    try:
        return prisoner.allocation
    except Allocation.DoesNotExist:
        return None


def com_is_allocated(allocation: Allocation | None) -> bool:
    return allocation is not None and com_named(allocation.com_id, allocation.com_name)


def com_named(com_id: int | None, com_name: str) -> bool:
    """A COM is allocated when one is chosen from the users or named by hand."""
    return bool(com_id or com_name.strip())


_KEY_DATES = Sentence.KEY_DATES


def _with_current_sentence(qs: QuerySet[Prisoner]) -> QuerySet[Prisoner]:
    columns = {f"kd_{name}": F(f"hs__{name}") for name in _KEY_DATES}
    return qs.annotate(
        hs=FilteredRelation("sentences", condition=Q(sentences__is_current=True))
    ).annotate(
        sentence_pk=F("hs__id"),
        sentence_start=F("hs__sentence_start_date"),
        sentence_indeterminate=F("hs__indeterminate"),
        **columns,
    )


def assess_cases(
    qs: QuerySet[Prisoner],
    *,
    today: dt.date,
    policy: rules.ChecklistPolicy = rules.DEFAULT_CHECKLIST_POLICY,
    evaluations: dict[int, omic.Evaluation] | None = None,
) -> list[Assessment]:
    """Assess every case in `qs` in a fixed number of queries, whatever its size.

    Queries: the cases with current sentence, prison and allocation joined; the engine
    (`evaluate_cases`); checklist rows, contacts and active overrides of the current sentences.
    """
    prisoners = list(
        _with_current_sentence(qs).select_related(
            "current_prison", "allocation__primary_pom", "allocation__com", "allocation__keyworker"
        )
    )
    if not prisoners:
        return []
    # The engine and the reads below take the cases as a subquery, not a list of ids: a
    # prison's thousands of ids would make every query long to send and to plan.
    if evaluations is None:  # the caller may already have evaluated these cases today
        evaluations = case_selectors.evaluate_cases(qs, today=today)
    ids = qs.values("pk")
    recorded: dict[int, dict[str, dict[str, Any]]] = defaultdict(dict)
    for row in ChecklistItem.objects.filter(
        prisoner_id__in=ids, sentence__is_current=True
    ).values():
        recorded[row["prisoner_id"]][row["code"]] = row
    contacts = contacts_by_prisoner(ids)
    overrides = dict(
        ResponsibilityOverride.objects.filter(
            prisoner_id__in=ids, removed_at__isnull=True
        ).values_list("prisoner_id", "reason")
    )
    return [
        _assess(
            p,
            evaluations[p.pk],
            recorded=recorded.get(p.pk, {}),
            contacts=contacts.get(p.pk, []),
            override_reason=overrides.get(p.pk),
            today=today,
            policy=policy,
        )
        for p in prisoners
    ]


def _assess(
    prisoner: Prisoner,
    ev: omic.Evaluation,
    *,
    recorded: dict[str, dict[str, Any]],
    contacts: list[dict[str, Any]],
    override_reason: str | None,
    today: dt.date,
    policy: rules.ChecklistPolicy,
) -> Assessment:
    key_dates = {name: getattr(prisoner, f"kd_{name}") for name in _KEY_DATES}
    allocation = _allocation(prisoner)
    com_allocated = com_is_allocated(allocation)
    ho = ev.handover
    state = rules.handover_state(
        handover_date=ho.handover_date,
        upcoming_from=ho.upcoming_from,
        com_allocation_overdue_from=ho.com_allocation_overdue_from,
        com_allocated=com_allocated,
        released=prisoner.current_prison_id is None,
        today=today,
        no_dates_explanation=f"No handover: {ho.explanation}",
    )
    release = _release(ev, today)
    com_contacts = _com_contacts_before(_com_met(contacts), release.date)
    meeting_held = any(
        c["kind"] == HandoverContact.Kind.HANDOVER_MEETING
        and c["pom_attended"]
        and c["com_attended"]
        for c in contacts
    )
    indeterminate = bool(prisoner.sentence_indeterminate)
    assessment = Assessment(
        prisoner=prisoner,
        evaluation=ev,
        key_dates=key_dates,
        sentence_id=prisoner.sentence_pk,
        indeterminate=indeterminate,
        state=state,
        release=release,
        com_allocated=com_allocated,
        override_reason=override_reason,
        com_contacts=com_contacts,
        meeting_held=meeting_held,
        parole_due=rules.parole_date_due(
            target_hearing_date=key_dates["target_hearing_date"],
            tariff_date=key_dates["tariff_date"],
            parole_eligibility_date=key_dates["parole_eligibility_date"],
            today=today,
            policy=policy,
        ),
    )
    # No checklist outside OMiC scope or without a sentence (remand, unsentenced, released
    # before this service knew them): there is no release to prepare for yet.
    if not _has_checklist(prisoner.sentence_pk, ev, released=state.value == "released"):
        return assessment
    dates = _case_dates(
        ev,
        release.date,
        sentence_start=prisoner.sentence_start,
        hdced=key_dates["home_detention_curfew_eligibility_date"],
        ped=key_dates["parole_eligibility_date"],
        indeterminate=indeterminate,
    )
    automatic = {
        "com_allocated": (
            "done" if com_allocated else "to_do",
            _com_note(allocation) if com_allocated else "No COM named yet.",
            allocation.com_allocated_on if com_allocated and allocation else None,
        ),
        "handover_meeting": (
            "done" if meeting_held else "to_do",
            "A handover meeting with the POM and COM is recorded."
            if meeting_held
            else "No handover meeting recorded yet.",
            None,
        ),
        "com_contacts": (
            *_contacts(com_contacts, policy),
            None,
        ),
    }
    items = []
    for definition in rules.applicable_items(dates):
        due = rules.item_due(definition, dates, policy)
        row = recorded.get(definition.code, {})
        if definition.automatic:
            status, note, completed_on = automatic[definition.code]
            owner = definition.owner
        else:
            status = row.get("status", "to_do")
            note = ""
            completed_on = row.get("completed_on")
            owner = row.get("owner") or definition.owner
        items.append(
            ItemView(
                definition=definition,
                status=status,
                owner=owner,
                due=due,
                progress=rules.item_progress(
                    status=status,  # type: ignore[arg-type]
                    due=due.value,
                    today=today,
                    policy=policy,
                ),
                evidence=row.get("evidence", ""),
                not_needed_reason=row.get("not_needed_reason", ""),
                completed_on=completed_on,
                note=note,
                mappa_level=row.get("mappa_level"),
                mappa_category=row.get("mappa_category"),
                review_date=row.get("review_date"),
            )
        )
    assessment.items = items
    return assessment


def _release(ev: omic.Evaluation, today: dt.date) -> rules.ReleaseAnchor:
    return rules.checklist_release_date(
        display=ev.display_release_date.date,
        display_kind=ev.display_release_date.kind,
        earliest=ev.earliest_release_date.date,
        earliest_kind=ev.earliest_release_date.kind,
        today=today,
    )


def _com_contacts_before(days: Iterable[dt.date], release: dt.date | None) -> int:
    """Days the COM met the prisoner on or before release (every day with no release date):
    a contact recorded both as a session and on the handover page counts once."""
    return len({day for day in days if release is None or day <= release})


def _com_met(contacts: Iterable[dict[str, Any]]) -> Iterator[dt.date]:
    """The days of the contacts where the COM met the prisoner."""
    return (c["contact_date"] for c in contacts if c["com_attended"] and c["prisoner_attended"])


def contacts_by_prisoner(ids: QuerySet[Any] | list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each case's contacts during its current sentence, in one query: those recorded on the
    handover page, and the sessions logged as a COM contact (the COM and the prisoner) or a
    three-way meeting (the POM, the COM and the prisoner), held, as handover contacts.

    Each row has `kind` (a `HandoverContact.Kind`), `contact_date` and who attended.
    """
    columns = ("prisoner_id", "kind_", "day", "pom", "com", "prisoner_")
    recorded = HandoverContact.objects.filter(sentence__is_current=True).annotate(
        kind_=F("kind"),
        day=F("contact_date"),
        pom=F("pom_attended"),
        com=F("com_attended"),
        prisoner_=F("prisoner_attended"),
    )
    three_way = Q(kind=Session.Kind.THREE_WAY)
    sessions = Session.objects.filter(
        held=True,
        status=Session.Status.RECORDED,
        kind__in=(Session.Kind.COM_CONTACT, Session.Kind.THREE_WAY),
        prisoner__sentences__is_current=True,
        occurred_at__date__gte=F("prisoner__sentences__sentence_start_date"),
    ).annotate(
        kind_=Case(
            When(three_way, then=Value(HandoverContact.Kind.HANDOVER_MEETING.value)),
            default=Value(HandoverContact.Kind.COM_CONTACT.value),
            output_field=CharField(),
        ),
        day=TruncDate("occurred_at"),
        pom=ExpressionWrapper(three_way, output_field=BooleanField()),
        com=Value(True),
        prisoner_=Value(True),
    )
    if isinstance(ids, list):
        recorded = case_selectors.ids_in(recorded, "prisoner_id", ids)
        sessions = case_selectors.ids_in(sessions, "prisoner_id", ids)
    else:
        recorded, sessions = (
            recorded.filter(prisoner_id__in=ids),
            sessions.filter(prisoner_id__in=ids),
        )
    contacts: dict[int, list[dict[str, Any]]] = defaultdict(list)
    both = (
        recorded.order_by()
        .values_list(*columns)
        .union(sessions.order_by().values_list(*columns), all=True)
    )
    for pk, kind, day, pom, com, prisoner in both:
        contacts[pk].append(
            {
                "kind": kind,
                "contact_date": day,
                "pom_attended": pom,
                "com_attended": com,
                "prisoner_attended": prisoner,
            }
        )
    return contacts


def _has_checklist(sentence_pk: int | None, ev: omic.Evaluation, *, released: bool) -> bool:
    """No checklist outside OMiC scope or without a sentence (remand, unsentenced, released
    before this service knew them): there is no release to prepare for yet."""
    return sentence_pk is not None and (bool(ev.in_omic_scope.value) or released)


def _case_dates(
    ev: omic.Evaluation,
    release: dt.date | None,
    *,
    sentence_start: dt.date | None,
    hdced: dt.date | None,
    ped: dt.date | None,
    indeterminate: bool,
) -> rules.CaseDates:
    return rules.CaseDates(
        sentence_start=sentence_start,
        com_allocation=ev.handover.com_allocation_date,
        handover=ev.handover.handover_date,
        release=release,
        hdced=hdced,
        parole_case=indeterminate or ped is not None,
    )


@dataclass(frozen=True)
class ChecklistSummary:
    """The two checklist counts the dashboard needs, without building every item."""

    com_contacts: int
    missing_public_protection: tuple[str, ...]


def checklist_summaries(
    ids: Iterable[int],
    *,
    today: dt.date,
    evaluations: dict[int, omic.Evaluation],
    policy: rules.ChecklistPolicy = rules.DEFAULT_CHECKLIST_POLICY,
) -> dict[int, ChecklistSummary]:
    """For each case in `ids` (all in `evaluations`): its COM contacts before release and its
    open public-protection items, as `assess_cases` would count them. Three narrow queries."""
    ids = list(ids)
    if not ids:
        return {}
    rows = _with_current_sentence(
        case_selectors.ids_in(Prisoner.objects.all(), "id", ids)
    ).values_list(
        "pk",
        "current_prison_id",
        "sentence_pk",
        "sentence_start",
        "sentence_indeterminate",
        "kd_home_detention_curfew_eligibility_date",
        "kd_parole_eligibility_date",
    )
    closed: dict[int, set[str]] = defaultdict(set)
    for pk, code in (
        case_selectors.ids_in(ChecklistItem.objects.order_by(), "prisoner_id", ids)
        .filter(sentence__is_current=True, code__in=rules.PUBLIC_PROTECTION)
        .exclude(status=ChecklistItem.Status.TO_DO)
        .values_list("prisoner_id", "code")
    ):
        closed[pk].add(code)
    contacts = contacts_by_prisoner(ids)
    summaries = {}
    for pk, prison_id, sentence_pk, start, indeterminate, hdced, ped in rows:
        ev = evaluations[pk]
        release = _release(ev, today).date
        missing: list[str] = []
        if _has_checklist(sentence_pk, ev, released=prison_id is None):
            dates = _case_dates(
                ev,
                release,
                sentence_start=start,
                hdced=hdced,
                ped=ped,
                indeterminate=bool(indeterminate),
            )
            open_codes = {d.code for d in rules.applicable_items(dates) if d.code not in closed[pk]}
            missing = rules.missing_public_protection(
                open_codes=open_codes, release=release, today=today, policy=policy
            )
        summaries[pk] = ChecklistSummary(
            com_contacts=_com_contacts_before(_com_met(contacts.get(pk, [])), release),
            missing_public_protection=tuple(missing),
        )
    return summaries


def _contacts(count: int, policy: rules.ChecklistPolicy) -> tuple[str, str]:
    result = rules.contacts_status(count, policy)
    return result.value, result.explanation


def _com_note(allocation: Allocation | None) -> str:
    if allocation is None:
        return ""
    team = f", {allocation.com_team}" if allocation.com_team else ""
    name = allocation.com_name or (allocation.com.get_full_name() if allocation.com else "")
    return f"{name}{team}."


def assess_prisoner(prisoner: Prisoner, *, today: dt.date) -> Assessment:
    return assess_cases(Prisoner.objects.filter(pk=prisoner.pk), today=today)[0]


# ---------------------------------------------------------------------------------------------
# Lists


LISTS: dict[str, str] = {
    "upcoming": "Upcoming handovers",
    "com_overdue": "COM not allocated in time",
    "overdue_items": "Overdue checklist items",
    "releases": "Releases in the next 28 days",
    "public_protection": "Public protection checks missing",
    "all": "All cases",
}


def _in_list(name: str, a: Assessment) -> bool:
    if name == "upcoming":
        return a.upcoming
    if name == "com_overdue":
        return a.state.value == "com_allocation_overdue"
    if name == "overdue_items":
        return a.prisoner.current_prison_id is not None and bool(a.overdue_items)
    if name == "releases":
        return a.releasing_soon
    if name == "public_protection":
        return a.prisoner.current_prison_id is not None and bool(a.missing_public_protection)
    if name == "all":
        return True
    raise ValueError(name)


def list_date(name: str, a: Assessment) -> dt.date | None:
    """The date each list is about (and sorted by)."""
    if name == "upcoming":
        return a.handover.handover_date
    if name == "com_overdue":
        return a.handover.com_allocation_date
    if name == "overdue_items":
        return a.first_overdue
    if name == "releases":
        return a.evaluation.display_release_date.date
    if name == "all":
        return a.handover.handover_date or a.release.date
    return a.release.date


@dataclass(frozen=True)
class HandoverLists:
    name: str
    rows: list[Assessment]
    counts: dict[str, int]


def handover_lists(
    assessments: Iterable[Assessment], *, name: str, sort: str = "date"
) -> HandoverLists:
    """One list's rows and every list's count, from the same assessments."""
    everything = list(assessments)
    counts = {key: sum(1 for a in everything if _in_list(key, a)) for key in LISTS}
    rows = [a for a in everything if _in_list(name, a)]
    if sort in ("date", "-date"):
        far = dt.date.max
        rows.sort(
            key=lambda a: (list_date(name, a) or far, a.prisoner.prison_number),
            reverse=sort == "-date",
        )
    else:
        rows.sort(key=lambda a: (a.prisoner.last_name, a.prisoner.first_name))
    return HandoverLists(name=name, rows=rows, counts=counts)


def search(qs: QuerySet[Prisoner], *, q: str = "", pom: str = "", user: User) -> QuerySet[Prisoner]:
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


@dataclass(frozen=True)
class ParoleRow:
    assessment: Assessment
    latest_review: ParoleReview | None


def parole_cases(assessments: Iterable[Assessment]) -> list[ParoleRow]:
    """Cases with a THD, TED or PED in the parole window, soonest first, each with its latest
    parole review (one query)."""
    due = [a for a in assessments if a.parole_due and a.prisoner.current_prison_id]
    due.sort(key=lambda a: (a.parole_due, a.prisoner.prison_number))
    latest: dict[int, ParoleReview] = {}
    for review in ParoleReview.objects.filter(
        prisoner_id__in=[a.prisoner.pk for a in due], sentence__is_current=True
    ).order_by("prisoner_id", "-hearing_date", "-id"):
        latest.setdefault(review.prisoner_id, review)
    return [ParoleRow(a, latest.get(a.prisoner.pk)) for a in due]


# ---------------------------------------------------------------------------------------------
# One case


@dataclass(frozen=True)
class TimelineEntry:
    day: dt.date
    title: str
    explanation: str
    when: str  # past, today or future


def timeline(
    entries: Iterable[tuple[dt.date | None, str, str]], *, today: dt.date
) -> list[TimelineEntry]:
    """Dated milestones in date order, with today marked among them."""
    dated = sorted((d, title, why) for d, title, why in entries if d is not None)
    result: list[TimelineEntry] = []
    marked = False
    for day, title, why in dated:
        if not marked and day > today:
            result.append(TimelineEntry(today, "Today", "", "today"))
            marked = True
        result.append(TimelineEntry(day, title, why, "past" if day < today else "future"))
    if not marked:
        result.append(TimelineEntry(today, "Today", "", "today"))
    return result


_TIMELINE_DATES = {
    "parole_eligibility_date": "Parole eligibility date (PED)",
    "tariff_date": "Tariff expiry date (TED)",
    "target_hearing_date": "Target hearing date (THD)",
    "home_detention_curfew_eligibility_date": "HDC eligibility date (HDCED)",
    "home_detention_curfew_actual_date": "HDC actual date (HDCAD)",
    "sentence_expiry_date": "Sentence expiry date (SED)",
    "licence_expiry_date": "Licence expiry date (LED)",
}


def case_timeline(a: Assessment, reviews: Iterable[ParoleReview]) -> list[TimelineEntry]:
    ev = a.evaluation
    ho = ev.handover
    entries: list[tuple[dt.date | None, str, str]] = [
        (a.prisoner.sentence_start, "Sentenced", "The sentence date of the current sentence."),
        (ho.com_allocation_date, "COM allocated", ho.explanation),
        (ho.handover_date, "Handover to the COM", ho.explanation),
    ]
    if ho.com_allocation_date == ho.handover_date:
        entries.pop(1)  # one milestone, explained once
    for name, label in _TIMELINE_DATES.items():
        entries.append((a.key_dates[name], label, f"Recorded on the sentence: {label}."))
    firsts: dict[str, tuple[dt.date, str]] = {}
    for item in a.items:
        day = item.due.value
        section = item.definition.section
        if (
            day
            and section in ("public_protection", "resettlement")
            and (section not in firsts or day < firsts[section][0])
        ):
            firsts[section] = (day, item.due.explanation)
    for section, (day, why) in firsts.items():
        entries.append((day, f"{rules.SECTION_LABELS[section]} checks due", why))
    for review in reviews:
        outcome = f": {review.get_outcome_display()}" if review.outcome else ""
        entries.append((review.hearing_date, f"Parole hearing{outcome}", review.notes or ""))
    release = ev.display_release_date
    if release.date:
        entries.append((release.date, f"Release ({release.kind})", release.explanation))
    erd = ev.earliest_release_date
    if erd.date and erd.date != release.date:
        entries.append((erd.date, f"Earliest release date ({erd.kind})", erd.explanation))
    return timeline(entries, today=ev.as_of)


@dataclass(frozen=True)
class HandoverPage:
    assessment: Assessment
    timeline: list[TimelineEntry]
    responsibility_changes: list[tuple[dt.date, str, str]]
    sections: list[tuple[str, list[ItemView]]]
    contacts: list[HandoverContact]
    parole_reviews: list[ParoleReview]
    overrides: list[ResponsibilityOverride]
    notes: list[HandoverNote]
    events: list[HandoverEvent]
    acts_as_com: bool
    editable: frozenset[str]  # checklist codes this user may change

    @property
    def active_override(self) -> ResponsibilityOverride | None:
        return next((o for o in self.overrides if o.active), None)


def handover_page(user: User, prisoner: Prisoner, *, today: dt.date) -> HandoverPage:
    """The case's handover page, in a fixed number of queries."""
    a = assess_prisoner(prisoner, today=today)
    as_com = acts_as_com(user, prisoner)
    reviews = list(
        ParoleReview.objects.filter(prisoner=prisoner)
        .select_related("recorded_by", "sentence")
        .order_by("-hearing_date", "-id")
    )
    current_reviews = [r for r in reviews if r.sentence_id == a.sentence_id]
    sections: dict[str, list[ItemView]] = {}
    for item in a.items:
        sections.setdefault(item.definition.section, []).append(item)
    return HandoverPage(
        assessment=a,
        timeline=case_timeline(a, current_reviews),
        responsibility_changes=[
            (day, case_selectors.RESPONSIBILITY_LABELS[state], why)
            for day, state, why in rules.responsibility_changes(
                com_allocation_date=a.handover.com_allocation_date,
                handover_date=a.handover.handover_date,
                today=today,
                override_active=a.override_reason is not None,
            )
        ],
        sections=[(rules.SECTION_LABELS[key], items) for key, items in sections.items()],
        contacts=list(
            HandoverContact.objects.filter(prisoner=prisoner, sentence_id=a.sentence_id)
            .select_related("recorded_by")
            .order_by("-contact_date", "-id")
        ),
        parole_reviews=reviews,
        overrides=list(
            ResponsibilityOverride.objects.filter(prisoner=prisoner).select_related(
                "created_by", "removed_by"
            )
        ),
        notes=list(HandoverNote.objects.filter(prisoner=prisoner).select_related("author")[:50]),
        events=list(HandoverEvent.objects.filter(prisoner=prisoner).select_related("actor")[:100]),
        acts_as_com=as_com,
        editable=frozenset(i.code for i in a.items if item_editable(user, i, as_com=as_com)),
    )


def item_editable(user: User, item: ItemView, *, as_com: bool) -> bool:
    """Whether the user may change this item: never an automatic one; a COM only COM-owned."""
    if item.definition.automatic or not user.has_perm("handover.update_checklist"):
        return False
    return not as_com or item.owner == "com"


def get_item_for_user(
    user: User, prisoner: Prisoner, code: str, *, today: dt.date
) -> tuple[Assessment, ItemView]:
    """The case's checklist item `code` if it applies and the user may change it; else 404."""
    a = assess_prisoner(prisoner, today=today)
    item = next((i for i in a.items if i.code == code), None)
    if item is None or not item_editable(user, item, as_com=acts_as_com(user, prisoner)):
        raise Http404("No such checklist item you can change on this case.")
    return a, item


def get_parole_review_for_user(user: User, prisoner: Prisoner, pk: int) -> ParoleReview:
    try:
        return ParoleReview.objects.get(pk=pk, prisoner=prisoner)
    except ParoleReview.DoesNotExist as exc:
        raise Http404("No such parole review on this case.") from exc


def people(a: Assessment) -> dict[str, str]:
    """Who holds the case, in words, for the summary and the prisoner's letter."""
    allocation = a.allocation

    def name(user: Any) -> str:
        return (user.get_full_name() or user.get_username()) if user else ""

    com = ""
    if allocation is not None:
        com = allocation.com_name or name(allocation.com)
    return {
        "pom": name(allocation.primary_pom) if allocation else "",
        "com": com,
        "com_team": allocation.com_team if allocation else "",
        "com_email": allocation.com_email if allocation else "",
        "keyworker": name(allocation.keyworker) if allocation else "",
    }
