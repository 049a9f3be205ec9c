"""Reads for interventions: the directory, the fit checks, a prisoner's referrals and needs,
and the lists. Every list reads its rows in one query and works out release dates for all of
them at once (`cases.selectors.evaluate_cases`), so its cost does not grow with its length."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404

from cases import rules as omic
from cases.access import User, prisoners_for_user, prisons_for_user
from cases.models import Prison, Prisoner
from cases.selectors import evaluate_cases, with_case_columns
from interventions import rules
from interventions.models import (
    Cohort,
    Intervention,
    NeedUpdate,
    Offering,
    Referral,
    ResettlementNeed,
)

# Referrals in a queue for an intervention: the waiting list (omic-rules.md section 7).
QUEUED_STATUSES = (Referral.Status.REFERRED, Referral.Status.SUITABLE, Referral.Status.WAITING)
ENDED_STATUSES = (
    Referral.Status.NOT_SUITABLE,
    Referral.Status.COMPLETED,
    Referral.Status.NOT_COMPLETED,
    Referral.Status.WITHDRAWN,
)
OPEN_NEED_STATUSES = tuple(ResettlementNeed.OPEN_STATUSES)
PRE_RELEASE_WEEKS = 12


# --- The directory ---------------------------------------------------------------------------


def with_places_left(qs: QuerySet[Cohort]) -> QuerySet[Cohort]:
    """Annotate `placed` and `places_left` (capacity minus referrals placed), in SQL."""
    placed = Count("referrals", filter=Q(referrals__status__in=Referral.PLACED_STATUSES))
    return qs.annotate(
        placed=placed,
        places_left=ExpressionWrapper(F("capacity") - placed, output_field=IntegerField()),
    )


def criteria(intervention: Intervention) -> rules.Criteria:
    low, high = intervention.min_sentence_months, intervention.max_sentence_months
    return rules.Criteria(
        rosh_levels=frozenset(intervention.rosh_level_list),
        min_sentence_months=low,
        max_sentence_months=high,
        estate=intervention.estate,  # type: ignore[arg-type]
    )


def criteria_summary(intervention: Intervention) -> str:
    """Who can be referred, in words, for the directory."""
    parts = []
    levels = intervention.rosh_level_list
    if levels:
        labels = dict(Prisoner.Rosh.choices)
        ordered = [labels[r].lower() for r in rules.ROSH_ORDER if r in levels]
        parts.append("ROSH " + ", ".join(ordered))
    low, high = intervention.min_sentence_months, intervention.max_sentence_months
    if low is not None and high is not None:
        parts.append(f"sentences of {low} to {high} months")
    elif low is not None:
        parts.append(f"sentences of {low} months or more")
    elif high is not None:
        parts.append(f"sentences of up to {high} months")
    if intervention.estate != Intervention.Estate.ANY:
        parts.append(intervention.get_estate_display().lower())
    text = "; ".join(parts) or "anyone"
    return text[0].upper() + text[1:]


def length_summary(intervention: Intervention) -> str:
    """How long it lasts, as the directory shows it: sessions, minutes, days."""
    bits = []
    if intervention.sessions and intervention.kind != Intervention.Kind.SINGLE_SESSION:
        bits.append(f"{intervention.sessions} sessions")
    if intervention.session_minutes:
        bits.append(f"{intervention.session_minutes} minutes each")
    days = intervention.duration_days
    if intervention.kind == Intervention.Kind.SINGLE_SESSION:
        bits.append("one day")
    else:
        weeks = f" (about {round(days / 7)} weeks)" if days >= 14 else ""
        bits.append(f"over {days} days{weeks}")
    return ", ".join(bits)


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    kind: str = ""
    area: str = ""
    running_only: bool = False


def directory(
    prison: Prison, *, today: dt.date, filters: DirectoryFilters | None = None
) -> QuerySet[Offering]:
    """A prison's directory: its offerings with need areas and upcoming cohorts (places left
    worked out in SQL) and how many are queued. Three queries, whatever its size."""
    filters = filters or DirectoryFilters()
    qs = Offering.objects.filter(prison=prison)
    if filters.q:
        qs = qs.filter(
            Q(intervention__name__icontains=filters.q)
            | Q(intervention__provider__icontains=filters.q)
        )
    if filters.kind:
        qs = qs.filter(intervention__kind=filters.kind)
    if filters.area:
        qs = qs.filter(intervention__need_areas__area=filters.area)
    if filters.running_only:
        qs = qs.filter(running=True)
    upcoming = with_places_left(Cohort.objects.filter(start_date__gte=today)).order_by(
        "start_date", "id"
    )
    return (
        qs.select_related("intervention", "prison")
        .annotate(
            queued=Count(
                "referrals", filter=Q(referrals__status__in=QUEUED_STATUSES), distinct=True
            )
        )
        .prefetch_related(
            "intervention__need_areas",
            Prefetch("cohorts", queryset=upcoming, to_attr="upcoming"),
        )
        .order_by("intervention__name")
    )


@dataclass(frozen=True)
class DirectoryRow:
    offering: Offering
    next_start: omic.Explained[rules.CohortSlot | None]

    @property
    def who(self) -> str:
        return criteria_summary(self.offering.intervention)

    @property
    def length(self) -> str:
        return length_summary(self.offering.intervention)


def directory_rows(offerings: Iterable[Offering], *, today: dt.date) -> list[DirectoryRow]:
    """Offerings from `directory` (or `get_offering_for_user`) with their next start."""
    return [DirectoryRow(o, next_start(o, today=today)) for o in offerings]


def slots(cohorts: Iterable[Any]) -> list[rules.CohortSlot]:
    """Cohorts annotated by `with_places_left`, as the rules take them."""
    return [rules.CohortSlot(c.pk, c.start_date, c.places_left) for c in cohorts]


def next_start(offering: Offering, *, today: dt.date) -> omic.Explained[rules.CohortSlot | None]:
    """The next cohort with a place, from `offering.upcoming` (see `directory`)."""
    return rules.next_cohort(
        slots(offering.upcoming),  # type: ignore[attr-defined]
        today=today,
        starts_on_request=offering.intervention.is_workbook,
    )


def get_offering_for_user(user: User, pk: int, *, today: dt.date) -> Offering:
    """An offering at one of the user's prisons, with its upcoming cohorts; 404 otherwise."""
    try:
        return directory_for_prisons(prisons_for_user(user), today=today).get(pk=pk)
    except Offering.DoesNotExist as exc:
        raise Http404("No such intervention in your prisons.") from exc


def directory_for_prisons(prisons: QuerySet[Prison], *, today: dt.date) -> QuerySet[Offering]:
    upcoming = with_places_left(Cohort.objects.filter(start_date__gte=today)).order_by(
        "start_date", "id"
    )
    return (
        Offering.objects.filter(prison__in=prisons)
        .select_related("intervention", "prison")
        .prefetch_related(
            "intervention__need_areas",
            Prefetch("cohorts", queryset=upcoming, to_attr="upcoming"),
        )
    )


def offering_cohorts(offering: Offering) -> QuerySet[Cohort]:
    """Every cohort of an offering, newest first, with places left."""
    return with_places_left(offering.cohorts.all()).order_by("-start_date", "-id")


def get_cohort_for_user(user: User, pk: int) -> Cohort:
    try:
        return with_places_left(
            Cohort.objects.select_related("offering__intervention", "offering__prison").filter(
                offering__prison__in=prisons_for_user(user)
            )
        ).get(pk=pk)
    except Cohort.DoesNotExist as exc:
        raise Http404("No such cohort in your prisons.") from exc


def catalogue_for_prison(prison: Prison) -> QuerySet[Intervention]:
    """National catalogue entries this prison does not offer yet."""
    return Intervention.objects.exclude(offerings__prison=prison).order_by("name")


def get_intervention_for_change(user: User, pk: int) -> Intervention:
    """A catalogue entry the user's prisons alone offer (so changing it changes no one else's
    directory); 404 if it is not offered at their prisons, 403-worthy otherwise."""
    from django.core.exceptions import PermissionDenied

    mine = prisons_for_user(user)
    try:
        intervention = Intervention.objects.prefetch_related("need_areas").get(
            pk=pk, offerings__prison__in=mine
        )
    except Intervention.DoesNotExist as exc:
        raise Http404("No such intervention in your prisons.") from exc
    if intervention.offerings.exclude(prison__in=mine).exists():
        raise PermissionDenied(
            "Other prisons run this intervention too: only the national team can change it."
        )
    return intervention


@dataclass(frozen=True)
class NationalRow:
    intervention: Intervention
    running: tuple[Offering, ...]
    paused: tuple[Offering, ...]

    @property
    def prison_codes(self) -> list[str]:
        return [o.prison.code for o in self.running]


def national_directory(*, filters: DirectoryFilters | None = None) -> QuerySet[Intervention]:
    """Every intervention with the prisons offering it: where a move for a programme could go.
    Two queries."""
    filters = filters or DirectoryFilters()
    qs = Intervention.objects.all()
    if filters.q:
        qs = qs.filter(name__icontains=filters.q)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.area:
        qs = qs.filter(need_areas__area=filters.area)
    offerings = Offering.objects.select_related("prison").order_by("prison__name")
    return qs.prefetch_related("need_areas", Prefetch("offerings", queryset=offerings)).order_by(
        "name"
    )


def national_rows(qs: Iterable[Intervention]) -> list[NationalRow]:
    return [
        NationalRow(
            i,
            tuple(o for o in i.offerings.all() if o.running),
            tuple(o for o in i.offerings.all() if not o.running),
        )
        for i in qs
    ]


# --- What the checks need to know about a case ------------------------------------------------


@dataclass(frozen=True)
class CaseFacts:
    """What the fit checks need about a prisoner, release dates from the rules engine."""

    prisoner_id: int
    prison_code: str | None
    womens_estate: bool
    rosh: str | None
    sentence_start: dt.date | None
    sentence_expiry: dt.date | None
    indeterminate: bool
    release: omic.ReleaseDate  # the earliest release date, with its kind
    display_release: omic.ReleaseDate
    parole_hearing: dt.date | None


_UNKNOWN = omic.ReleaseDate(None, None, "No release date known.")


def case_facts(
    prisoner_ids: Collection[int],
    *,
    today: dt.date,
    evaluations: dict[int, omic.Evaluation] | None = None,
) -> dict[int, CaseFacts]:
    """Facts for every prisoner in `prisoner_ids`: one query, plus the rules engine's batch
    unless the caller already holds today's `evaluations` of all of them."""
    if not prisoner_ids:
        return {}
    qs = Prisoner.objects.filter(pk__in=prisoner_ids)
    if evaluations is None or not evaluations.keys() >= set(prisoner_ids):
        evaluations = evaluate_cases(qs, today=today)
    rows = (
        qs.annotate(cs=FilteredRelation("sentences", condition=Q(sentences__is_current=True)))
        .order_by()
        .values(
            "id",
            "rosh",
            "current_prison__code",
            "current_prison__function",
            "cs__sentence_start_date",
            "cs__sentence_expiry_date",
            "cs__indeterminate",
            "cs__target_hearing_date",
        )
    )
    facts = {}
    for row in rows:
        ev = evaluations.get(row["id"])
        facts[row["id"]] = CaseFacts(
            prisoner_id=row["id"],
            prison_code=row["current_prison__code"],
            womens_estate=row["current_prison__function"] == Prison.Function.WOMENS,
            rosh=row["rosh"] or None,
            sentence_start=row["cs__sentence_start_date"],
            sentence_expiry=row["cs__sentence_expiry_date"],
            indeterminate=bool(row["cs__indeterminate"]),
            release=ev.earliest_release_date if ev else _UNKNOWN,
            display_release=ev.display_release_date if ev else _UNKNOWN,
            parole_hearing=rules.parole_hearing(row["cs__target_hearing_date"], today=today),
        )
    return facts


def running_at(intervention_ids: Collection[int]) -> dict[int, list[str]]:
    """Codes of the prisons running each intervention now. One query."""
    found: dict[int, list[str]] = defaultdict(list)
    rows = Offering.objects.filter(intervention_id__in=intervention_ids, running=True)
    for intervention_id, code in rows.values_list("intervention_id", "prison__code"):
        found[intervention_id].append(code)
    return found


def upcoming_slots(offering_ids: Collection[int], *, today: dt.date) -> dict[int, list[Any]]:
    """Cohorts starting today or later, with places left, by offering. One query."""
    found: dict[int, list[Any]] = defaultdict(list)
    cohorts = with_places_left(
        Cohort.objects.filter(offering_id__in=offering_ids, start_date__gte=today)
    )
    for c in cohorts.values("offering_id", "id", "start_date", "places_left"):
        found[c["offering_id"]].append(rules.CohortSlot(c["id"], c["start_date"], c["places_left"]))
    return found


def assess(
    facts: CaseFacts,
    offering: Offering,
    *,
    running: list[str],
    upcoming: list[rules.CohortSlot],
    today: dt.date,
    placed: rules.CohortSlot | None = None,
    started_on: dt.date | None = None,
) -> rules.Assessment:
    """Every check of one prisoner against one offering. Reads `offering.intervention` and
    `offering.prison` (select them). `placed` is the cohort a referral already holds."""
    intervention = offering.intervention
    eligible = rules.eligibility(
        criteria(intervention),
        rosh=facts.rosh,
        sentence_start=facts.sentence_start,
        sentence_expiry=facts.sentence_expiry,
        womens_estate=facts.womens_estate,
        indeterminate=facts.indeterminate,
    )
    here = facts.prison_code or "no prison (released)"
    runs_here = rules.runs_at_prison(here, running)
    if offering.prison.code != facts.prison_code:
        runs_here = omic.Explained(
            False, f"This referral is at {offering.prison.code}, but the prisoner is held at "
            f"{here}. {runs_here.explanation}",
        )  # fmt: skip
    if started_on is not None:
        slot = omic.Explained(
            rules.CohortSlot(placed.key if placed else None, started_on, 0),
            f"Started on {started_on}.",
        )
    elif placed is not None:
        slot = omic.Explained(placed, f"Placed in the cohort starting {placed.start}.")
    else:
        slot = rules.next_cohort(upcoming, today=today, starts_on_request=intervention.is_workbook)
    return rules.assess_referral(
        eligible=eligible,
        runs_here=runs_here,
        slot=slot,
        duration_days=intervention.duration_days,
        release=facts.release.date,
        release_kind=facts.release.kind,
        parole_hearing=facts.parole_hearing,
    )


def offering_assessment(
    prisoner: Prisoner,
    offering: Offering,
    *,
    today: dt.date,
    cohort: Cohort | None = None,
) -> rules.Assessment:
    """The checks for one prisoner and one offering (the referral service runs these)."""
    facts = case_facts([prisoner.pk], today=today)[prisoner.pk]
    placed = (
        rules.CohortSlot(cohort.pk, cohort.start_date, getattr(cohort, "places_left", 0))
        if cohort
        else None
    )
    return assess(
        facts,
        offering,
        running=running_at([offering.intervention_id])[offering.intervention_id],
        upcoming=upcoming_slots([offering.pk], today=today)[offering.pk],
        today=today,
        placed=placed,
    )


@dataclass(frozen=True)
class Option:
    """An offering a prisoner could be referred to, with its checks."""

    offering: Offering
    assessment: rules.Assessment

    @property
    def finish_check(self) -> rules.Check:
        return self.assessment.checks[-1]


def referral_options(prisoner: Prisoner, *, today: dt.date) -> list[Option]:
    """Every running offering at the prisoner's prison, checked for them. Fixed queries."""
    if prisoner.current_prison_id is None:
        return []
    offerings = list(
        Offering.objects.filter(prison_id=prisoner.current_prison_id, running=True)
        .select_related("intervention", "prison")
        .prefetch_related("intervention__need_areas")
        .order_by("intervention__name")
    )
    facts = case_facts([prisoner.pk], today=today)[prisoner.pk]
    running = running_at({o.intervention_id for o in offerings})
    upcoming = upcoming_slots([o.pk for o in offerings], today=today)
    return [
        Option(
            o,
            assess(
                facts,
                o,
                running=running[o.intervention_id],
                upcoming=upcoming[o.pk],
                today=today,
            ),
        )
        for o in offerings
    ]


def alternatives(options: list[Option], instead_of: Offering) -> list[Option]:
    """Offerings that pass every check, those sharing a need area with `instead_of` first,
    shortest first: what to suggest when a referral is stopped."""
    areas = {a.area for a in instead_of.intervention.need_areas.all()}

    def key(option: Option) -> tuple[bool, int, str]:
        shared = bool(areas & {a.area for a in option.offering.intervention.need_areas.all()})
        iv = option.offering.intervention
        return (not shared, iv.duration_days, iv.name)

    fitting = [
        o
        for o in options
        if not o.assessment.blocked and o.offering.pk != instead_of.pk and o.finish_check.ok
    ]
    return sorted(fitting, key=key)


# --- Referrals ------------------------------------------------------------------------------


def with_referral_relations(qs: QuerySet[Referral]) -> QuerySet[Referral]:
    """The relations `assess_referrals` and the referral pages read."""
    return qs.select_related(
        "prisoner",
        "prisoner__current_prison",
        "offering__intervention",
        "offering__prison",
        "cohort",
        "need",
    )


def referrals_for_user(user: User) -> QuerySet[Referral]:
    """Referrals of prisoners the user may see (a COM: their own cases)."""
    return with_referral_relations(Referral.objects.filter(prisoner__in=prisoners_for_user(user)))


def get_referral_for_user(user: User, pk: int) -> Referral:
    try:
        return referrals_for_user(user).get(pk=pk)
    except Referral.DoesNotExist as exc:
        raise Http404("No such referral on your cases.") from exc


@dataclass(frozen=True)
class ReferralRow:
    referral: Referral
    facts: CaseFacts | None
    assessment: rules.Assessment | None  # None once the referral has ended
    rank_reason: str = ""

    @property
    def at_risk(self) -> bool:
        return bool(self.assessment and self.assessment.blocked)


def assess_referrals(
    referrals: Iterable[Referral],
    *,
    today: dt.date,
    facts: dict[int, CaseFacts] | None = None,
    evaluations: dict[int, omic.Evaluation] | None = None,
) -> list[ReferralRow]:
    """Each referral with today's checks, in a fixed number of queries. Reads the relations
    `referrals_for_user` selects; pass `facts`, or the engine's `evaluations`, when they are
    already known."""
    referrals = list(referrals)
    active = [r for r in referrals if r.status in Referral.ACTIVE_STATUSES]
    if facts is None:
        facts = case_facts({r.prisoner_id for r in referrals}, today=today, evaluations=evaluations)
    running = running_at({r.offering.intervention_id for r in active})
    upcoming = upcoming_slots({r.offering_id for r in active}, today=today)
    rows = []
    for r in referrals:
        case = facts.get(r.prisoner_id)
        assessment = None
        if r.status in Referral.ACTIVE_STATUSES and case is not None:
            placed = (
                rules.CohortSlot(r.cohort_id, r.cohort.start_date, 0)
                if r.cohort_id and r.status in (Referral.Status.WAITING, Referral.Status.STARTED)
                else None
            )
            assessment = assess(
                case,
                r.offering,
                running=running[r.offering.intervention_id],
                upcoming=upcoming[r.offering_id],
                today=today,
                placed=placed,
                started_on=r.started_on if r.status == Referral.Status.STARTED else None,
            )
        rows.append(ReferralRow(r, case, assessment))
    return rows


@dataclass(frozen=True)
class ReferralEvent:
    when: dt.datetime
    who: str
    status: str
    reason: str


def referral_history(referral: Referral) -> list[ReferralEvent]:
    """Each change of status, who made it and why, newest first. One query."""
    labels = dict(Referral.Status.choices)
    events = []
    previous = None
    records = referral.history.select_related("history_user").order_by("history_date", "history_id")
    for h in records:
        if h.status != previous or h.history_change_reason:
            user = h.history_user
            events.append(
                ReferralEvent(
                    h.history_date,
                    (user.get_full_name() or user.get_username()) if user else "System",
                    labels.get(h.status, h.status),
                    h.history_change_reason or "",
                )
            )
        previous = h.status
    return list(reversed(events))


# --- A prisoner's interventions and needs -----------------------------------------------------


def needs_for(prisoner: Prisoner) -> QuerySet[ResettlementNeed]:
    """The prisoner's needs, open ones first, each with its dated updates. Two queries."""
    updates = NeedUpdate.objects.select_related("created_by").order_by("-on", "-id")
    return (
        prisoner.resettlement_needs.select_related("created_by")
        .prefetch_related(Prefetch("updates", queryset=updates))
        .annotate(
            closed=Case(
                When(status__in=OPEN_NEED_STATUSES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("closed", "area", "-identified_on")
    )


def get_need_for_user(user: User, pk: int) -> ResettlementNeed:
    try:
        return ResettlementNeed.objects.select_related("prisoner").get(
            pk=pk, prisoner__in=prisoners_for_user(user)
        )
    except ResettlementNeed.DoesNotExist as exc:
        raise Http404("No such need on your cases.") from exc


@dataclass(frozen=True)
class PrisonerInterventions:
    facts: CaseFacts
    pre_release: omic.Explained[bool]
    needs: list[ResettlementNeed]
    referrals: list[ReferralRow]
    open_needs: int = field(default=0)


def prisoner_interventions(prisoner: Prisoner, *, today: dt.date) -> PrisonerInterventions:
    known = case_facts([prisoner.pk], today=today)
    facts = known[prisoner.pk]
    rows = assess_referrals(prisoner_referrals(prisoner), today=today, facts=known)
    needs = list(needs_for(prisoner))
    return PrisonerInterventions(
        facts=facts,
        pre_release=rules.pre_release(
            facts.display_release.date, today=today, weeks=PRE_RELEASE_WEEKS
        ),
        needs=needs,
        referrals=rows,
        open_needs=sum(1 for n in needs if n.status in OPEN_NEED_STATUSES),
    )


def prisoner_referrals(prisoner: Prisoner) -> QuerySet[Referral]:
    """A prisoner's referrals; the caller has already checked the prisoner is theirs."""
    return (
        Referral.objects.filter(prisoner=prisoner)
        .order_by("-created_at", "-id")
        .select_related(
            "prisoner",
            "prisoner__current_prison",
            "offering__intervention",
            "offering__prison",
            "cohort",
            "need",
        )
    )


def case_counts(prisoner: Prisoner) -> dict[str, int]:
    """Open needs and active referrals, for the case page. One query."""
    return Prisoner.objects.filter(pk=prisoner.pk).aggregate(
        open_needs=Count(
            "resettlement_needs",
            filter=Q(resettlement_needs__status__in=OPEN_NEED_STATUSES),
            distinct=True,
        ),
        active_referrals=Count(
            "referrals", filter=Q(referrals__status__in=Referral.ACTIVE_STATUSES), distinct=True
        ),
    )


# --- Lists ------------------------------------------------------------------------------------


def _prison_referrals(user: User, prison: Prison) -> QuerySet[Referral]:
    """Referrals to the prison's interventions, and referrals of its prisoners elsewhere."""
    return referrals_for_user(user).filter(
        Q(offering__prison=prison) | Q(prisoner__current_prison=prison)
    )


def waiting_overview(prison: Prison) -> QuerySet[Offering]:
    """The prison's offerings with how many referrals are at each step of the queue."""
    statuses = {
        "referred": Referral.Status.REFERRED,
        "suitable": Referral.Status.SUITABLE,
        "waiting": Referral.Status.WAITING,
    }
    return (
        Offering.objects.filter(prison=prison)
        .select_related("intervention")
        .annotate(
            **{
                name: Count("referrals", filter=Q(referrals__status=status))
                for name, status in statuses.items()
            }
        )
        .order_by("intervention__name")
    )


def waiting_list(user: User, offering: Offering, *, today: dt.date) -> list[ReferralRow]:
    """Everyone queued for the offering, soonest release or parole hearing first, each with
    the reason for their place and today's checks (`rules.waiting_list_order`)."""
    referrals = referrals_for_user(user).filter(offering=offering, status__in=QUEUED_STATUSES)
    rows = {row.referral.pk: row for row in assess_referrals(referrals, today=today)}
    entries = [
        rules.WaitingEntry(
            pk,
            release=row.facts.release.date if row.facts else None,
            parole_hearing=row.facts.parole_hearing if row.facts else None,
        )
        for pk, row in rows.items()
    ]
    return [
        ReferralRow(rows[e.key].referral, rows[e.key].facts, rows[e.key].assessment, reason)
        for e, reason in rules.waiting_list_order(entries)
    ]


def referrals_at_risk(user: User, prison: Prison, *, today: dt.date) -> list[ReferralRow]:
    """Active referrals failing a check today (cannot finish before release or the parole
    hearing, no longer eligible, not run where the prisoner now is), soonest release first."""
    active = _prison_referrals(user, prison).filter(status__in=Referral.ACTIVE_STATUSES)
    rows = [row for row in assess_referrals(active, today=today) if row.at_risk]
    return sorted(
        rows,
        key=lambda r: (
            r.facts is None or r.facts.release.date is None,
            (r.facts.release.date if r.facts else None) or dt.date.max,
            r.referral.pk,
        ),
    )


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    return first, omic.add_months(first, 1)


def completions(user: User, prison: Prison, *, month: dt.date) -> QuerySet[Referral]:
    """Referrals to the prison's interventions that ended (completed or not) in the month."""
    first, after = month_bounds(month)
    return (
        referrals_for_user(user)
        .filter(
            offering__prison=prison,
            status__in=(Referral.Status.COMPLETED, Referral.Status.NOT_COMPLETED),
            ended_on__gte=first,
            ended_on__lt=after,
        )
        .order_by("-ended_on", "prisoner__last_name", "id")
    )


@dataclass(frozen=True)
class NearReleaseRow:
    prisoner: Prisoner
    release: omic.ReleaseDate
    window: omic.Explained[bool]
    needs: list[ResettlementNeed]


def needs_near_release(
    user: User, prison: Prison, *, today: dt.date, mine: bool = False
) -> list[NearReleaseRow]:
    """Prisoners released in the next 12 weeks (displayed release date) with needs still open,
    soonest first: the pre-release view for the POM and the COM. Fixed queries."""
    qs = prisoners_for_user(user).filter(current_prison=prison)
    if mine:
        qs = qs.filter(
            Q(allocation__primary_pom=user)
            | Q(allocation__secondary_pom=user)
            | Q(allocation__com=user)
        )
    open_need = ResettlementNeed.objects.filter(
        prisoner=OuterRef("pk"), status__in=OPEN_NEED_STATUSES
    )
    window_end = today + dt.timedelta(weeks=PRE_RELEASE_WEEKS)
    needs = (
        ResettlementNeed.objects.filter(status__in=OPEN_NEED_STATUSES)
        .annotate(last_update=Max("updates__on"))
        .order_by("area")
    )
    prisoners = list(
        with_case_columns(qs, today=today)
        .filter(
            Exists(open_need),
            display_release_date__gte=today,
            display_release_date__lte=window_end,
        )
        .prefetch_related(Prefetch("resettlement_needs", queryset=needs, to_attr="open_needs"))
        .order_by("display_release_date", "last_name", "prison_number")
    )
    evaluations = evaluate_cases(
        Prisoner.objects.filter(pk__in=[p.pk for p in prisoners]), today=today
    )
    rows = []
    for p in prisoners:
        ev = evaluations.get(p.pk)
        release = ev.display_release_date if ev else omic.ReleaseDate(
            p.display_release_date, None, ""
        )  # fmt: skip
        rows.append(
            NearReleaseRow(
                p,
                release,
                rules.pre_release(release.date, today=today, weeks=PRE_RELEASE_WEEKS),
                p.open_needs,  # type: ignore[attr-defined]
            )
        )
    return rows


def needs_api(user: User) -> QuerySet[ResettlementNeed]:
    """Needs on the user's cases, with their updates, for the API."""
    updates = NeedUpdate.objects.select_related("created_by").order_by("-on", "-id")
    return (
        ResettlementNeed.objects.filter(prisoner__in=prisoners_for_user(user))
        .select_related("prisoner")
        .prefetch_related(Prefetch("updates", queryset=updates))
        .order_by("prisoner__prison_number", "area", "id")
    )
