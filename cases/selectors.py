"""Reads for cases: every query that shows prisoners starts from a user-scoped selector here."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import connection
from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    FilteredRelation,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Concat, Least, NullIf, TruncWeek
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from cases import rules
from cases.bank_holidays import bank_holidays
from cases.models import (
    POM_ROLES,
    Allocation,
    Movement,
    Prison,
    Prisoner,
    PrisonPolicy,
    Role,
    Sentence,
    Session,
    StaffRole,
)
from cases.rules import contact as rules_contact

User = AbstractBaseUser | AnonymousUser

# Stands in for "no date" inside Least(), whose NULL handling differs between databases.
_FAR_FUTURE = dt.date(9999, 12, 31)


def prisons_for_user(user: User) -> QuerySet[Prison]:
    """Prisons the user holds any role at (superusers: all prisons)."""
    if not user.is_authenticated:
        return Prison.objects.none()
    if user.is_superuser:
        return Prison.objects.all()
    return Prison.objects.filter(staff_roles__user=user).distinct()


def _dashboard_roles() -> set[str]:
    from cases.roles import PERMISSIONS

    return {str(role) for role in PERMISSIONS["cases.view_dashboard"]}


def figure_prisons(user: User) -> QuerySet[Prison]:
    """Prisons whose unit figures (dashboard, figure lists, monthly report, daily statistics)
    the user may see: where they hold a role with `cases.view_dashboard`, or are a POM and the
    prison's policy lets POMs see the unit's figures."""
    if not user.is_authenticated:
        return Prison.objects.none()
    if user.is_superuser:
        return Prison.objects.all()
    allowed = StaffRole.objects.filter(user=user).filter(
        Q(role__in=_dashboard_roles())
        | Q(role__in=POM_ROLES, prison__policy__poms_see_unit_figures=True)
    )
    return Prison.objects.filter(pk__in=allowed.values("prison"))


def sees_unit_figures(
    user: User, prison: Prison | None, *, roles: Iterable[str] | None = None
) -> bool:
    """`figure_prisons` for the one prison the user is working in. No query when `roles` (the
    user's roles there) are passed and the prison's policy is selected with it, as the
    middleware's prisons are."""
    if prison is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    held = set(roles_for_user(user, prison) if roles is None else roles)
    if held & _dashboard_roles():
        return True
    return bool(held & set(POM_ROLES)) and poms_see_unit_figures(prison)


def poms_see_unit_figures(prison: Prison) -> bool:
    """The prison's policy lets its POMs see the unit's figures and each other's caseloads."""
    try:
        return prison.policy.poms_see_unit_figures
    except PrisonPolicy.DoesNotExist:
        return False


def roles_for_user(user: User, prison: Prison | None) -> list[str]:
    if not user.is_authenticated or prison is None:
        return []
    return sorted(StaffRole.objects.filter(user=user, prison=prison).values_list("role", flat=True))


def _is_com_only(user: User) -> bool:
    roles = set(StaffRole.objects.filter(user=user).values_list("role", flat=True))
    return roles == {Role.COM}


def prisoners_for_user(user: User) -> QuerySet[Prisoner]:
    """Every prisoner the user may see: their prisons' prisoners, or a COM's own cases."""
    if not user.is_authenticated:
        return Prisoner.objects.none()
    if user.is_superuser:
        return Prisoner.objects.all()
    com_cases = Q(allocation__com=user)
    staff_prisons = StaffRole.objects.filter(user=user).exclude(role=Role.COM)
    in_my_prisons = Q(current_prison__in=staff_prisons.values("prison"))
    return Prisoner.objects.filter(com_cases | in_my_prisons)


def get_prisoner_for_user(user: User, prison_number: str) -> Prisoner:
    """The prisoner, if the user may see them; otherwise 404 (never reveal that they exist)."""
    try:
        return (
            prisoners_for_user(user)
            .select_related("current_prison", "current_prison__policy")
            .get(prison_number=prison_number.upper())
        )
    except Prisoner.DoesNotExist as exc:
        raise Http404("No prisoner with that number in your prisons.") from exc


def with_sentence_and_arrival(qs: QuerySet[Prisoner]) -> QuerySet[Prisoner]:
    """Join the current sentence as `cs` and annotate the latest arrival at the current prison."""
    latest_arrival = (
        Movement.objects.filter(
            prisoner=OuterRef("pk"),
            kind__in=[Movement.Kind.ADMISSION, Movement.Kind.TRANSFER],
            to_prison=OuterRef("current_prison"),
        )
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    return qs.annotate(
        cs=FilteredRelation("sentences", condition=Q(sentences__is_current=True)),
        arrival_datetime=Subquery(latest_arrival),
    )


def with_case_columns(qs: QuerySet[Prisoner], *, today: dt.date) -> QuerySet[Prisoner]:
    """Annotate the current sentence, arrival, POM and displayed release date in one query.

    The displayed release date follows omic-rules.md section 4: confirmed > actual parole >
    HDC actual > CRD > ARD; when none is set, the soonest of PED, HDCED and TED on or after today.
    `tests/cases/test_selectors.py` checks it agrees with the rules engine.
    """

    def future(field: str) -> Case:
        return Case(
            When(**{f"cs__{field}__gte": today}, then=F(f"cs__{field}")),
            default=Value(_FAR_FUTURE),
            output_field=DateField(),
        )

    return (
        with_sentence_and_arrival(qs)
        .annotate(
            sentence_start_date=F("cs__sentence_start_date"),
            indeterminate=F("cs__indeterminate"),
            display_release_date=Coalesce(
                "cs__confirmed_release_date",
                "cs__actual_parole_date",
                "cs__home_detention_curfew_actual_date",
                "cs__conditional_release_date",
                "cs__automatic_release_date",
                NullIf(
                    Least(
                        future("parole_eligibility_date"),
                        future("home_detention_curfew_eligibility_date"),
                        future("tariff_date"),
                    ),
                    Value(_FAR_FUTURE),
                ),
                output_field=DateField(),
            ),
            pom_name=Concat(
                "allocation__primary_pom__first_name",
                Value(" "),
                "allocation__primary_pom__last_name",
            ),
        )
        .select_related("current_prison", "allocation__primary_pom")
    )


@dataclass(frozen=True)
class PrisonerListFilters:
    q: str = ""
    legal_status: str = ""
    pom: str = ""  # a username, or "me", or "none" for unallocated
    release_before: dt.date | None = None
    sort: str = "name"


SORTS: dict[str, tuple[str, ...]] = {
    "name": ("last_name", "first_name", "prison_number"),
    "-name": ("-last_name", "-first_name", "prison_number"),
    "number": ("prison_number",),
    "release": ("display_release_date", "prison_number"),
    "-release": ("-display_release_date", "prison_number"),
    "arrival": ("-arrival_datetime", "prison_number"),
}


def prisoner_list(
    user: User,
    *,
    prisons: Iterable[Prison] | QuerySet[Prison],
    filters: PrisonerListFilters,
    today: dt.date,
) -> QuerySet[Prisoner]:
    """The prisoner list page and API: scoped, searched, filtered, annotated and sorted."""
    qs = prisoners_for_user(user).filter(current_prison__in=prisons)
    if filters.q:
        term = filters.q.strip()
        if len(term) == 7 and term[0].isalpha() and term[1:5].isdigit():
            qs = qs.filter(prison_number=term.upper())
        else:
            for word in term.split():
                qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    if filters.legal_status:
        qs = qs.filter(legal_status=filters.legal_status)
    if filters.pom == "me":
        qs = qs.filter(Q(allocation__primary_pom=user) | Q(allocation__secondary_pom=user))
    elif filters.pom == "none":
        qs = qs.filter(Q(allocation__isnull=True) | Q(allocation__primary_pom__isnull=True))
    elif filters.pom:
        qs = qs.filter(allocation__primary_pom__username=filters.pom)
    qs = with_case_columns(qs, today=today)
    if filters.release_before:
        qs = qs.filter(display_release_date__lt=filters.release_before)
    order = SORTS.get(filters.sort, SORTS["name"])
    return qs.order_by(*order)


@dataclass(frozen=True)
class HomeLink:
    title: str
    url: str
    description: str


@dataclass(frozen=True)
class HomeSection:
    role: str
    links: tuple[HomeLink, ...]


def home_for_user(user: User, prison: Prison | None) -> list[HomeSection]:
    """What each of the user's roles at the active prison does, as links."""

    labels = dict(Role.choices)
    prisoners = reverse("prisoner-list")
    caseload = HomeLink("My caseload", f"{prisoners}?pom=me", "Cases you hold as POM.")
    all_prisoners = HomeLink(
        "Prisoners", prisoners, "Search everyone in the prison by name or prison number."
    )
    unallocated = HomeLink(
        "Prisoners without a POM", f"{prisoners}?pom=none", "Cases still waiting for a POM."
    )
    api = HomeLink("API documentation", reverse("api-docs"), "The REST API and its schema.")
    policy = HomeLink(
        "OMiC policy",
        reverse("prison-policy", args=[prison.code]) if prison else "",
        "The handover points, deadlines and caseloads this prison works to.",
    )
    keywork = HomeLink(
        "My keywork",
        reverse("keywork"),
        "Your prisoners, when each session is due, and logging a wing shift's sessions.",
    )
    dashboard = HomeLink(
        "Dashboard",
        reverse("dashboard"),
        "Are we delivering OMiC? Every figure with its target, trend and cases.",
    )
    delivery = HomeLink(
        "Keywork delivery",
        reverse("keywork-delivery"),
        "Prisoners seen and sessions held against the keywork policy, week by week.",
    )
    by_role: dict[str, tuple[HomeLink, ...]] = {
        Role.PRISON_POM: (caseload, all_prisoners),
        Role.PROBATION_POM: (caseload, all_prisoners),
        Role.SENIOR_POM: (caseload, all_prisoners, dashboard, delivery),
        Role.HEAD_OF_OMU: (dashboard, unallocated, all_prisoners, delivery, policy, api),
        Role.CASE_ADMIN: (dashboard, unallocated, all_prisoners, delivery, policy, api),
        Role.KEYWORKER: (keywork, all_prisoners),
        Role.COM: (
            HomeLink("My cases", prisoners, "Cases you hold as community offender manager."),
        ),
        Role.READ_ONLY: (all_prisoners, dashboard),
    }
    # Allocation (issue 5): the queue and staff pages for admins; a POM's caseload page (by
    # type, with release, handover and next deadline) replaces the filtered prisoner list.
    allocations = HomeLink(
        "Allocations",
        reverse("allocation-queue"),
        "Cases waiting for a POM or information, re-allocations, COMs and keyworkers.",
    )
    staff_page = HomeLink(
        "Staff and caseloads",
        reverse("allocation-staff"),
        "Everyone's caseload against capacity, hours and leave; move cases between POMs.",
    )
    my_caseload = HomeLink(
        "My caseload",
        reverse("allocation-my-caseload"),
        "Your cases by type, with release, handover and the next deadline.",
    )
    for role in (Role.HEAD_OF_OMU, Role.CASE_ADMIN):
        by_role[role] = (allocations, staff_page, *by_role[role])
    for role in (Role.PRISON_POM, Role.PROBATION_POM, Role.SENIOR_POM):
        by_role[role] = (my_caseload, *(link for link in by_role[role] if link != caseload))
    by_role[Role.READ_ONLY] = (*by_role[Role.READ_ONLY], staff_page)
    # Handover (issue 7): the lists for the OMU; a COM starts from their own handover cases.
    handovers = reverse("handover-list")
    handover_lists = HomeLink(
        "Handovers",
        handovers,
        "Upcoming handovers, COMs not allocated in time, overdue checklist items and releases.",
    )
    for role in by_role.keys() - {Role.KEYWORKER, Role.COM}:
        by_role[role] = (*by_role[role], handover_lists)
    by_role[Role.COM] = (
        HomeLink(
            "My handover cases",
            f"{handovers}?list=all",
            "Timelines, checklists and contacts for the cases you hold.",
        ),
        *by_role[Role.COM],
    )
    # Screening (issue 6): a POM's own tasks first; the OMU's task list and sweep for admins.
    my_tasks = HomeLink(
        "My tasks",
        reverse("my-tasks"),
        "BCS, OASys, recategorisation and contact due for your cases, overdue first.",
    )
    omu_tasks = HomeLink(
        "OMU tasks",
        reverse("omu-tasks"),
        "Every OMiC task in the prison by kind, team and owner; the nightly overdue sweep.",
    )
    for role in (Role.PRISON_POM, Role.PROBATION_POM, Role.SENIOR_POM):
        by_role[role] = (my_tasks, *by_role[role])
    for role in (Role.HEAD_OF_OMU, Role.CASE_ADMIN):
        by_role[role] = (omu_tasks, *by_role[role])
    # Interventions (issue 10): the directory for everyone in the prison; the lists (waiting,
    # at risk, completions) for the OMU; needs near release for POMs and COMs.
    directory = HomeLink(
        "Interventions",
        reverse("interventions-directory"),
        "What the prison runs, who it is for, the next cohort and places left; referrals.",
    )
    intervention_lists = HomeLink(
        "Waiting lists and referrals at risk",
        reverse("interventions-waiting"),
        "Waiting lists by release date, referrals that cannot finish in time, completions.",
    )
    near_release = HomeLink(
        "Needs near release",
        f"{reverse('interventions-pre-release')}?mine=1",
        "Resettlement needs still open for your cases released in the next 12 weeks.",
    )
    for role in by_role.keys() - {Role.COM}:
        by_role[role] = (*by_role[role], directory)
    for role in (Role.HEAD_OF_OMU, Role.CASE_ADMIN, Role.SENIOR_POM, Role.READ_ONLY):
        by_role[role] = (*by_role[role], intervention_lists)
    for role in (Role.PRISON_POM, Role.PROBATION_POM, Role.SENIOR_POM, Role.COM):
        by_role[role] = (*by_role[role], near_release)
    return [HomeSection(labels[role], by_role[role]) for role in roles_for_user(user, prison)]


@dataclass(frozen=True)
class CaseSummary:
    sentence: Sentence | None
    arrival: Movement | None
    allocation: Allocation | None

    @property
    def sentence_dates(self) -> list[tuple[str, dt.date]]:
        """The key dates that are set, labelled as staff know them."""
        if self.sentence is None:
            return []
        labels = {
            "tariff_date": "Tariff expiry date (TED)",
            "confirmed_release_date": "Confirmed release date",
        }
        rows = []
        for name in Sentence.KEY_DATES:
            value = getattr(self.sentence, name)
            if value:
                field = Sentence._meta.get_field(name)
                rows.append(
                    (
                        labels.get(
                            name,
                            f"{field.name.replace('_', ' ').capitalize()} ({field.verbose_name})",
                        ),
                        value,
                    )
                )
        return rows


def case_summary(prisoner: Prisoner, *, now: dt.datetime) -> CaseSummary:
    """The facts shown on the case page, in three queries."""
    sentence = prisoner.sentences.filter(is_current=True).first()
    arrival = (
        prisoner.movements.filter(
            kind__in=[Movement.Kind.ADMISSION, Movement.Kind.TRANSFER],
            to_prison=prisoner.current_prison_id,
        )
        .order_by("-occurred_at")
        .first()
    )
    allocation = (
        Allocation.objects.select_related("primary_pom", "secondary_pom", "keyworker", "com")
        .filter(prisoner=prisoner)
        .first()
    )
    return CaseSummary(sentence=sentence, arrival=arrival, allocation=allocation)


@dataclass(frozen=True)
class HistoryEntry:
    when: dt.datetime
    who: str
    what: str
    action: str
    changes: tuple[tuple[str, str, str], ...]  # (field label, old, new)
    reason: str


_HISTORY_SKIP = {
    "id",
    "history_id",
    "history_date",
    "history_user",
    "history_type",
    "history_change_reason",
    "history_user_id",
    "prisoner",
    "prisoner_id",
    "created_at",
}


def _entries(model: type, records: list[Any], what: str) -> list[HistoryEntry]:
    """Turn simple_history rows (ordered by object, then time) into readable diffs."""
    fields = [f for f in model._meta.concrete_fields if f.attname not in _HISTORY_SKIP]
    action_names = {"+": "Created", "~": "Changed", "-": "Deleted"}
    entries: list[HistoryEntry] = []
    previous: dict[int, Any] = {}
    for record in records:
        before = previous.get(record.id)
        changes = []
        for field in fields:
            new = getattr(record, field.attname)
            old = getattr(before, field.attname) if before is not None else None
            if before is None and new in (None, "", False):
                continue
            if before is not None and old == new:
                continue
            label = str(field.verbose_name)
            changes.append(
                (label, "" if old is None else str(old), "" if new is None else str(new))
            )
        previous[record.id] = record
        user = record.history_user
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=(user.get_full_name() or user.get_username()) if user else "System",
                what=what,
                action=action_names.get(record.history_type, record.history_type),
                changes=tuple(changes),
                reason=record.history_change_reason or "",
            )
        )
    return entries


def case_history(prisoner: Prisoner) -> list[HistoryEntry]:
    """Every recorded change to the prisoner, their sentences and allocation, newest first."""
    sources: list[tuple[type, Any, str]] = [
        (Prisoner, Prisoner.history.filter(id=prisoner.pk), "Prisoner details"),
        (Sentence, Sentence.history.filter(prisoner_id=prisoner.pk), "Sentence"),
        (Allocation, Allocation.history.filter(prisoner_id=prisoner.pk), "Allocation"),
    ]
    entries: list[HistoryEntry] = []
    for model, records, what in sources:
        ordered = list(records.select_related("history_user").order_by("id", "history_date"))
        entries.extend(_entries(model, ordered, what))
    return sorted(entries, key=lambda e: e.when, reverse=True)


def ids_in(qs: QuerySet[Any], column: str, ids: list[int]) -> QuerySet[Any]:
    """Rows of `qs` whose `column` is one of `ids`.

    On PostgreSQL the ids travel as one array parameter (`= ANY(%s)`): a list of thousands
    expanded into `IN (...)` costs more to build and parse than the query takes to run.
    """
    if connection.vendor == "postgresql":
        table = qs.model._meta.db_table
        return qs.extra(where=[f'"{table}"."{column}" = ANY(%s)'], params=[ids])  # noqa: S610
    return qs.filter(**{f"{column}__in": ids})


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector around a batch that builds many objects.

    Evaluating a prison builds tens of thousands of small objects that hold no reference
    cycles, so reference counting frees every one of them; left running, the collector would
    scan the whole heap several times for cycles that are not there.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- The OMiC rules engine on stored cases -------------------------------------------------
# Nothing the engine computes is stored: every read evaluates the facts as they are now, so a
# policy change or a new sentence date shows on the next page load.

_PRISONER_FACTS = (
    "id",
    "legal_status",
    "date_of_birth",
    "tier",
    "rosh",
    "mappa_level",
    "complexity_of_need",
    "case_allocation",
    "early_allocation",
    "open_conditions_since",
    "current_prison_id",
    "arrival_datetime",
)
_SENTENCE_FACTS = ("sentence_start_date", "indeterminate", "further_indeterminate_sentence")


@dataclass(frozen=True)
class PrisonRules:
    """What the engine needs to know about a prison: its facts and validated policy."""

    facts: rules.PrisonFacts
    policy: rules.Policy


DEFAULT_PRISON_RULES = PrisonRules(facts=rules.PrisonFacts(), policy=rules.Policy())


def prison_rules(prison: Prison) -> PrisonRules:
    """Reads `prison.policy`: a query unless selected with `select_related("policy")`."""
    try:
        policy = rules.Policy.from_mapping(prison.policy.as_mapping())
    except PrisonPolicy.DoesNotExist:
        policy = rules.Policy()
    facts = rules.PrisonFacts(
        code=prison.code,
        country=prison.country,
        function=prison.function,
        omu_model=prison.omu_model,
    )
    return PrisonRules(facts=facts, policy=policy)


def _blank_to_none(value: object) -> object:
    return value or None


def _case_facts(
    row: dict[str, Any], prison: rules.PrisonFacts, today: dt.date, recorded: dict[str, Any]
) -> rules.CaseFacts:
    arrival = row["arrival_datetime"]
    return rules.CaseFacts(
        as_of=today,
        legal_status=row["legal_status"],
        prison=prison,
        date_of_birth=row["date_of_birth"],
        arrival_datetime=arrival.astimezone(rules.LONDON) if arrival else None,
        sentence_start_date=row["cs__sentence_start_date"],
        indeterminate=bool(row["cs__indeterminate"]),
        dates=rules.KeyDates(**{name: row[f"cs__{name}"] for name in Sentence.KEY_DATES}),
        tier=_blank_to_none(row["tier"]),
        rosh=_blank_to_none(row["rosh"]),
        mappa_level=row["mappa_level"],
        case_allocation=_blank_to_none(row["case_allocation"]),
        early_allocation=row["early_allocation"],
        further_indeterminate_sentence=bool(row["cs__further_indeterminate_sentence"]),
        open_conditions_since=row["open_conditions_since"],
        complexity_of_need=_blank_to_none(row["complexity_of_need"]),
        **recorded,
    )


def _recorded_facts(ids: list[int]) -> dict[int, dict[str, Any]]:
    """Facts other apps record, keyed by prisoner, named as `CaseFacts` fields.

    Screening records documents, categorisations and OASys; handover records parole outcomes
    and responsibility overrides. Each source answers for all `ids` in one set-based query.
    """
    from handover.selectors import case_facts_by_prisoner as handover_facts
    from screening.selectors import case_facts_by_prisoner as screening_facts

    merged: dict[int, dict[str, Any]] = {}
    for source in (screening_facts, handover_facts):
        for pk, facts in source(ids).items():
            merged.setdefault(pk, {}).update(facts)
    return merged


def evaluate_cases(qs: QuerySet[Prisoner], *, today: dt.date) -> dict[int, rules.Evaluation]:
    """The engine's answer for every prisoner in `qs`, keyed by id, in a fixed number of queries.

    One query reads every fact (current sentence joined, arrival annotated), one reads the
    prisons and their policies, one per app that records facts (`_recorded_facts`); bank
    holidays are loaded once per country.
    """
    columns = [*_PRISONER_FACTS, *(f"cs__{f}" for f in (*_SENTENCE_FACTS, *Sentence.KEY_DATES))]
    rows = list(with_sentence_and_arrival(qs).order_by().values(*columns))
    prisons = {
        p.pk: prison_rules(p)
        for p in Prison.objects.select_related("policy").filter(
            pk__in={r["current_prison_id"] for r in rows if r["current_prison_id"]}
        )
    }
    first_year = min(
        [today.year]
        + [r["cs__sentence_start_date"].year for r in rows if r["cs__sentence_start_date"]]
    )
    recorded = _recorded_facts([row["id"] for row in rows])
    results: dict[int, rules.Evaluation] = {}
    with collector_paused():
        for row in rows:
            prison = prisons.get(row["current_prison_id"], DEFAULT_PRISON_RULES)
            country = prison.policy.bank_holiday_country
            holidays = bank_holidays(first_year, today.year + 2, country)
            facts = _case_facts(row, prison.facts, today, recorded.get(row["id"], {}))
            results[row["id"]] = rules.evaluate(facts, prison.policy, holidays=holidays)
    return results


def evaluate_prisoner(prisoner: Prisoner, *, today: dt.date) -> rules.Evaluation:
    return evaluate_cases(Prisoner.objects.filter(pk=prisoner.pk), today=today)[prisoner.pk]


@dataclass(frozen=True)
class OmicRow:
    label: str
    value: str
    explanation: str
    status: str = ""  # a deadline's colour tag: overdue, due_soon, not_due, done, done_late


DEADLINE_LABELS = {
    "bcs": "Basic Custody Screening",
    "sentence_calculation": "Sentence calculation",
    "transfer": "Transfer from reception prison",
    "keyworker_allocation": "Keyworker allocated",
    "categorisation": "Categorisation",
    "recategorisation": "Recategorisation",
    "oasys": "OASys and sentence plan",
    "oasys_review": "OASys review",
}
CASE_TYPE_LABELS = {"custody": "Custody case", "community": "Community case"}
POM_TYPE_LABELS = {
    "prison": "Prison POM",
    "probation": "Probation POM",
    "third_sector": "Third-sector POM",
    "senior_third_sector": "Senior third-sector POM",
}
RESPONSIBILITY_LABELS = {
    "pom_responsible": "POM responsible",
    "com_supporting": "POM responsible, COM supporting",
    "com_responsible": "COM responsible, POM supporting",
}


def _day(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return "None"
    if isinstance(value, dt.datetime):
        return f"{value.astimezone(rules.LONDON):%-d %B %Y, %H:%M}"
    return f"{value:%-d %B %Y}"


@dataclass(frozen=True)
class OmicPanel:
    in_scope: bool
    summary: tuple[OmicRow, ...]
    deadlines: tuple[OmicRow, ...]


def omic_panel(ev: rules.Evaluation, policy: rules.Policy, *, now: dt.datetime) -> OmicPanel:
    """The engine's answers as labelled rows, each with its explanation and colour tag."""
    erd = ev.earliest_release_date
    ho = ev.handover
    summary = [
        OmicRow(
            "OMiC scope",
            "In scope" if ev.in_omic_scope.value else "Out of scope",
            ev.in_omic_scope.explanation,
        ),
        OmicRow(
            "Case type",
            CASE_TYPE_LABELS.get(ev.case_type.value or "", "Not known"),
            ev.case_type.explanation,
        ),
        OmicRow(
            "POM type",
            POM_TYPE_LABELS.get(ev.pom_type.value or "", "No recommendation"),
            ev.pom_type.explanation,
        ),
        OmicRow(
            "Responsibility",
            RESPONSIBILITY_LABELS[ev.responsibility.state],
            ev.responsibility.explanation,
        ),
        OmicRow(
            "Earliest release date",
            f"{_day(erd.date)} ({erd.kind})" if erd.date else "Not known",
            erd.explanation,
        ),
        OmicRow(
            "COM allocation date",
            _day(ho.com_allocation_date) if ho.com_allocation_date else "None",
            ho.explanation,
        ),
        OmicRow(
            "Handover date", _day(ho.handover_date) if ho.handover_date else "None", ho.explanation
        ),
    ]
    soon = dt.timedelta(days=policy.due_soon_days)
    bcs_soon = dt.timedelta(hours=policy.bcs_due_soon_hours)
    today = rules.london_day(now)
    deadlines = []
    for name, label in DEADLINE_LABELS.items():
        deadline: rules.Deadline = getattr(ev.deadlines, name)
        if not deadline.applies:
            continue
        is_datetime = isinstance(deadline.due, dt.datetime)
        status = (
            rules.deadline_status(
                deadline.due,
                now_or_today=now if is_datetime else today,
                due_soon=bcs_soon if is_datetime else soon,
            )
            if deadline.due
            else ""
        )
        deadlines.append(
            OmicRow(
                label,
                _day(deadline.due) if deadline.due else "Not known",
                deadline.explanation,
                status,
            )
        )
    return OmicPanel(ev.in_omic_scope.value, tuple(summary), tuple(deadlines))


def get_prison_for_user(user: User, code: str) -> Prison:
    try:
        return prisons_for_user(user).get(code=code.upper())
    except Prison.DoesNotExist as exc:
        raise Http404("Not one of your prisons.") from exc


def prison_policy(prison: Prison) -> PrisonPolicy:
    """The prison's policy row; an unsaved row of defaults if it has none yet."""
    return PrisonPolicy.objects.filter(prison=prison).first() or PrisonPolicy(prison=prison)


def policy_rows(policy: PrisonPolicy) -> list[tuple[str, list[tuple[str, object]]]]:
    from cases.forms import POLICY_GROUPS

    return [
        (
            title,
            [(label, _setting_text(policy, n)) for n, label in group.items()],
        )
        for title, group in POLICY_GROUPS.items()
    ]


def _setting_text(policy: PrisonPolicy, name: str) -> object:
    value = getattr(policy, name)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    display = getattr(policy, f"get_{name}_display", None)
    return display() if display else value


def policy_history(policy: PrisonPolicy) -> list[HistoryEntry]:
    if policy.pk is None:
        return []
    records = list(
        PrisonPolicy.history.filter(id=policy.pk)
        .select_related("history_user")
        .order_by("id", "history_date")
    )
    return sorted(_entries(PrisonPolicy, records, "Policy"), key=lambda e: e.when, reverse=True)


# --- Sessions, contact compliance and the case record ---------------------------------------

POM_CONTACT_KINDS = ("pom_supervision", "three_way")


@dataclass(frozen=True)
class ContactSummary:
    pom: rules_contact.ContactStatus
    keywork: rules_contact.ContactStatus | None  # None where the prison does no keywork


def contact_summary(
    prisoner: Prisoner, *, evaluation: rules.Evaluation, policy: rules.Policy, today: dt.date
) -> ContactSummary:
    """Last contact, next due and overdue for POM contact and keywork, in two queries."""
    held = Session.objects.filter(
        prisoner=prisoner, held=True, status=Session.Status.RECORDED
    ).aggregate(
        last_pom=Max("occurred_at", filter=Q(kind__in=POM_CONTACT_KINDS)),
        last_keywork=Max("occurred_at", filter=Q(kind=Session.Kind.KEYWORK)),
    )
    allocation = Allocation.objects.filter(prisoner=prisoner).first()
    pom_since = (
        timezone.localdate(allocation.pom_allocated_at)
        if allocation and allocation.pom_allocated_at
        else None
    )
    last_pom = held["last_pom"] and timezone.localdate(held["last_pom"])
    last_keywork = held["last_keywork"] and timezone.localdate(held["last_keywork"])
    pom = rules_contact.pom_contact_status(
        last_contact=last_pom,
        since=pom_since,
        every_months=evaluation.pom_contact_months.value,
        today=today,
    )
    keywork = None
    if prisoner.current_prison and prisoner.current_prison.function != Prison.Function.OPEN:
        keyworker_since = pom_since if allocation and allocation.keyworker_id else None
        keywork = rules_contact.keywork_status(
            last_session=last_keywork,
            since=keyworker_since,
            every_weeks=policy.keywork_frequency_weeks,
            today=today,
        )
    return ContactSummary(pom=pom, keywork=keywork)


def pom_contact_overdue(
    evaluations: dict[int, rules.Evaluation],
    *,
    allocated: dict[int, dt.datetime | None],
    today: dt.date,
) -> set[int]:
    """Which of these allocated cases have had no POM contact in their contact period today:
    one query for the last contact held of each, then the pure contact rule per case."""
    last_contact = dict(
        ids_in(Session.objects.order_by(), "prisoner_id", list(evaluations))
        .filter(
            held=True,
            status=Session.Status.RECORDED,
            kind__in=POM_CONTACT_KINDS,
            occurred_at__date__lte=today,
        )
        .values("prisoner_id")
        .annotate(last=Max("occurred_at"))
        .values_list("prisoner_id", "last")
    )
    overdue = set()
    for pk, ev in evaluations.items():
        last, since = last_contact.get(pk), allocated.get(pk)
        status = rules_contact.pom_contact_status(
            last_contact=rules.london_day(last) if last else None,
            since=rules.london_day(since) if since else None,
            every_months=ev.pom_contact_months.value,
            today=today,
        )
        if status.overdue:
            overdue.add(pk)
    return overdue


@dataclass(frozen=True)
class TimelineEvent:
    when: dt.datetime
    kind: str  # one of TIMELINE_KINDS
    title: str
    detail: str
    who: str
    url: str = ""


TIMELINE_KINDS = {
    "movement": "Arrivals, transfers and releases",
    "sentence": "Sentence",
    "allocation": "Allocation",
    "session": "Sessions",
    "task": "Tasks done (BCS, OASys, categorisation and others)",
    "referral": "Referrals",
    "handover": "Handover",
}


def _who(user: Any) -> str:
    return (user.get_full_name() or user.get_username()) if user else "System"


def case_timeline(prisoner: Prisoner, *, kinds: set[str] | None = None) -> list[TimelineEvent]:
    """Every event of the case, newest first: one query per source, whatever the case's size."""
    kinds = kinds or set(TIMELINE_KINDS)
    events: list[TimelineEvent] = []
    if "movement" in kinds:
        for m in prisoner.movements.select_related("from_prison", "to_prison"):
            place = (
                m.to_prison.name if m.to_prison else (m.from_prison.name if m.from_prison else "")
            )
            events.append(
                TimelineEvent(
                    m.occurred_at, "movement", m.get_kind_display(), place or m.reason, "System"
                )
            )
    if "sentence" in kinds:
        for h in Sentence.history.filter(prisoner_id=prisoner.pk).select_related("history_user"):
            action = {
                "+": "Sentence recorded",
                "~": "Sentence dates changed",
                "-": "Sentence removed",
            }
            events.append(
                TimelineEvent(
                    h.history_date,
                    "sentence",
                    action[h.history_type],
                    f"Sentence date {h.sentence_start_date}",
                    _who(h.history_user),
                )
            )
    if "allocation" in kinds:
        history = Allocation.history.filter(prisoner_id=prisoner.pk).select_related(
            "history_user", "primary_pom", "keyworker"
        )
        for h in history:
            pom = _who(h.primary_pom) if h.primary_pom_id else "no POM"
            detail = f"POM: {pom}" + (
                f"; reason: {h.history_change_reason}" if h.history_change_reason else ""
            )
            events.append(
                TimelineEvent(
                    h.history_date, "allocation", "Allocation changed", detail, _who(h.history_user)
                )
            )
    if "session" in kinds:
        sessions = prisoner.sessions.filter(status=Session.Status.RECORDED).select_related("staff")
        for s in sessions:
            title = s.get_kind_display() + ("" if s.held else " (did not happen)")
            detail = s.summary if s.held else s.get_not_held_reason_display()
            url = reverse("session-edit", args=[s.pk])
            events.append(
                TimelineEvent(s.occurred_at, "session", title, detail, _who(s.staff), url)
            )
    events.extend(_other_app_events(prisoner, kinds))
    return sorted(events, key=lambda e: e.when, reverse=True)


def _other_app_events(prisoner: Prisoner, kinds: set[str]) -> list[TimelineEvent]:
    """Events the other apps record: closed tasks (screening), referrals (interventions) and
    handover decisions (handover). One query each."""
    from handover.models import HandoverEvent
    from interventions.models import Referral
    from screening.models import Task

    events: list[TimelineEvent] = []
    if "task" in kinds:
        closed = Task.objects.filter(prisoner=prisoner, completed_at__isnull=False)
        for t in closed.select_related("completed_by").order_by():
            title = f"{t.get_kind_display()}: {t.get_status_display().lower()}"
            events.append(
                TimelineEvent(t.completed_at, "task", title, t.reason, _who(t.completed_by))
            )
    if "referral" in kinds:
        referrals = Referral.objects.filter(prisoner=prisoner).select_related(
            "offering__intervention", "offering__prison", "created_by"
        )
        for r in referrals.order_by():
            title = f"Referral to {r.offering.intervention.name} ({r.offering.prison.name})"
            events.append(
                TimelineEvent(
                    r.created_at,
                    "referral",
                    title,
                    f"Now: {r.get_status_display()}",
                    _who(r.created_by),
                    reverse("interventions-referral", args=[r.pk]),
                )
            )
    if "handover" in kinds:
        for e in HandoverEvent.objects.filter(prisoner=prisoner).select_related("actor").order_by():
            detail = e.summary + (f" Reason: {e.reason}" if e.reason else "")
            events.append(
                TimelineEvent(e.at, "handover", e.get_action_display(), detail, _who(e.actor))
            )
    return events


@dataclass(frozen=True)
class KeyworkRow:
    prisoner: Prisoner
    status: rules_contact.ContactStatus


def keyworker_caseload(user: User, *, policy: rules.Policy, today: dt.date) -> list[KeyworkRow]:
    """A keyworker's prisoners with their next session due, in one query."""
    rows = (
        Prisoner.objects.filter(allocation__keyworker=user, current_prison__isnull=False)
        .annotate(
            last_keywork=Max(
                "sessions__occurred_at",
                filter=Q(
                    sessions__kind=Session.Kind.KEYWORK,
                    sessions__held=True,
                    sessions__status=Session.Status.RECORDED,
                ),
            ),
        )
        .select_related("allocation")
        .order_by("last_name", "first_name")
    )
    result = []
    for p in rows:
        last = timezone.localdate(p.last_keywork) if p.last_keywork else None
        since = (
            timezone.localdate(p.allocation.pom_allocated_at)
            if p.allocation.pom_allocated_at
            else today
        )
        status = rules_contact.keywork_status(
            last_session=last, since=since, every_weeks=policy.keywork_frequency_weeks, today=today
        )
        result.append(KeyworkRow(p, status))
    return result


@dataclass(frozen=True)
class KeyworkWeek:
    start: dt.date
    prisoners: int
    seen: int
    held: int
    expected: int
    not_held: dict[str, int]

    @property
    def seen_rate(self) -> float | None:
        return self.seen / self.prisoners if self.prisoners else None

    @property
    def held_rate(self) -> float | None:
        return rules_contact.compliance_rate(self.held, self.expected).value


def keywork_delivery(
    prison: Prison, *, policy: rules.Policy, weeks: int, today: dt.date
) -> list[KeyworkWeek]:
    """Keywork delivered per week for the last `weeks` weeks, from the sessions logged.

    Prisoners counted are those with a keyworker now (history of keyworker changes is not
    replayed); expected sessions follow the policy's frequency. Two queries in all.
    """
    monday = today - dt.timedelta(days=today.weekday())
    starts = [monday - dt.timedelta(weeks=n) for n in range(weeks)]
    prisoners = Prisoner.objects.filter(
        current_prison=prison, allocation__keyworker__isnull=False
    ).count()
    sessions = (
        Session.objects.filter(
            prisoner__current_prison=prison,
            kind=Session.Kind.KEYWORK,
            status=Session.Status.RECORDED,
            occurred_at__date__gte=starts[-1],
        )
        .annotate(week=TruncWeek("occurred_at"))
        .values("week", "held", "not_held_reason")
        .annotate(sessions=Count("id"), prisoners=Count("prisoner", distinct=True))
    )
    by_week: dict[dt.date, dict[str, Any]] = {
        s: {"seen": 0, "held": 0, "not_held": {}} for s in starts
    }
    labels = dict(Session.NotHeldReason.choices)
    for row in sessions:
        week = row["week"].date() if isinstance(row["week"], dt.datetime) else row["week"]
        bucket = by_week.get(week)
        if bucket is None:
            continue
        if row["held"]:
            bucket["held"] += row["sessions"]
            bucket["seen"] += row["prisoners"]
        else:
            reason = labels.get(row["not_held_reason"], "Other")
            bucket["not_held"][reason] = bucket["not_held"].get(reason, 0) + row["sessions"]
    expected = prisoners // policy.keywork_frequency_weeks
    return [
        KeyworkWeek(start, prisoners, min(b["seen"], prisoners), b["held"], expected, b["not_held"])
        for start, b in by_week.items()
    ]


def policy_for_prisoner(prisoner: Prisoner) -> rules.Policy:
    """Reads the prison's policy (a query unless `current_prison__policy` is selected)."""
    if prisoner.current_prison is None:
        return DEFAULT_PRISON_RULES.policy
    return prison_rules(prisoner.current_prison).policy


def get_session_for_user(user: User, pk: int) -> Session:
    """A session on a case the user may see; 404 otherwise."""
    try:
        return Session.objects.select_related("prisoner").get(
            pk=pk, prisoner__in=prisoners_for_user(user)
        )
    except Session.DoesNotExist as exc:
        raise Http404("No such session on your cases.") from exc


def session_initial(session: Session) -> dict[str, object]:
    local = timezone.localtime(session.occurred_at)
    names = (
        "kind",
        "duration_minutes",
        "place",
        "attendees",
        "not_held_reason",
        "summary",
        "objectives_discussed",
        "needs_or_risks",
    )
    return {
        "date": local.date(),
        "time": local.strftime("%H:%M"),
        "held": "yes" if session.held else "no",
        **{n: getattr(session, n) for n in names},
    }


@dataclass(frozen=True)
class CasePage:
    summary: CaseSummary
    omic: OmicPanel
    contact: ContactSummary


def case_page(prisoner: Prisoner, *, now: dt.datetime) -> CasePage:
    """Everything the case page shows, from the selectors above (a fixed number of queries)."""
    today = timezone.localdate(now)
    policy = policy_for_prisoner(prisoner)
    evaluation = evaluate_prisoner(prisoner, today=today)
    return CasePage(
        summary=case_summary(prisoner, now=now),
        omic=omic_panel(evaluation, policy, now=now),
        contact=contact_summary(prisoner, evaluation=evaluation, policy=policy, today=today),
    )
