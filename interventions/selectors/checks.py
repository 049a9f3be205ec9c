"""The fit checks (docs/rules.md#interventions-and-resettlement): what they need to know about a
case, and each check of a prisoner against an offering, for one referral or a whole list."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import FilteredRelation, Q

from cases import rules as omic
from cases.models import Prison, Prisoner
from cases.selectors import evaluate_cases, stored_evaluations
from interventions import rules
from interventions.models import Cohort, Offering
from interventions.selectors.offerings import criteria, with_places_left

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
_FACT_COLUMNS = (
    "id",
    "rosh",
    "current_prison__code",
    "current_prison__function",
    "cs__sentence_start_date",
    "cs__sentence_expiry_date",
    "cs__indeterminate",
    "cs__target_hearing_date",
)


def case_facts(
    prisoner_ids: Collection[int],
    *,
    today: dt.date,
    evaluations: dict[int, omic.Evaluation] | None = None,
) -> dict[int, CaseFacts]:
    """Facts for every prisoner in `prisoner_ids`: one query, plus their stored answers unless
    the caller already holds today's `evaluations` of all of them. One case is evaluated afresh
    instead: its page shows the explanations, which are not stored."""
    if not prisoner_ids:
        return {}
    qs = Prisoner.objects.filter(pk__in=prisoner_ids)
    if evaluations is None or not evaluations.keys() >= set(prisoner_ids):
        read = evaluate_cases if len(prisoner_ids) == 1 else stored_evaluations
        evaluations = read(qs, today=today)
    current = FilteredRelation("sentences", condition=Q(sentences__is_current=True))
    rows = qs.annotate(cs=current).order_by().values(*_FACT_COLUMNS)
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


def upcoming_slots(
    offering_ids: Collection[int], *, today: dt.date
) -> dict[int, list[rules.CohortSlot]]:
    """Cohorts starting today or later, with places left, by offering. One query."""
    found: dict[int, list[rules.CohortSlot]] = defaultdict(list)
    cohorts = with_places_left(
        Cohort.objects.filter(offering_id__in=offering_ids, start_date__gte=today)
    )
    for c in cohorts.values("offering_id", "id", "start_date", "places_left"):
        found[c["offering_id"]].append(rules.CohortSlot(c["id"], c["start_date"], c["places_left"]))
    return found


# --- The checks -------------------------------------------------------------------------------


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
    return rules.assess_referral(
        eligible=eligible,
        runs_here=_runs_here(facts, offering, running),
        slot=_slot(intervention.is_workbook, upcoming, today, placed, started_on),
        duration_days=intervention.duration_days,
        release=facts.release.date,
        release_kind=facts.release.kind,
        parole_hearing=facts.parole_hearing,
    )


def _runs_here(facts: CaseFacts, offering: Offering, running: list[str]) -> omic.Explained[bool]:
    """The prison holding the prisoner runs it, and it is the offering's prison."""
    here = facts.prison_code or "no prison (released)"
    runs_here = rules.runs_at_prison(here, running)
    if offering.prison.code == facts.prison_code:
        return runs_here
    return omic.Explained(
        False,
        f"This referral is at {offering.prison.code}, but the prisoner is held at {here}. "
        f"{runs_here.explanation}",
    )


def _slot(
    is_workbook: bool,
    upcoming: list[rules.CohortSlot],
    today: dt.date,
    placed: rules.CohortSlot | None,
    started_on: dt.date | None,
) -> omic.Explained[rules.CohortSlot | None]:
    """When it starts: the day it started, the cohort it holds, or the next with a place."""
    if started_on is not None:
        return omic.Explained(
            rules.CohortSlot(placed.key if placed else None, started_on, 0),
            f"Started on {started_on}.",
        )
    if placed is not None:
        return omic.Explained(placed, f"Placed in the cohort starting {placed.start}.")
    return rules.next_cohort(upcoming, today=today, starts_on_request=is_workbook)


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


# --- Where a prisoner could be referred -------------------------------------------------------


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
                facts, o, running=running[o.intervention_id], upcoming=upcoming[o.pk], today=today
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
