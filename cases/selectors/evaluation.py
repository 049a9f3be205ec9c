"""The OMiC rules engine on stored cases: facts read set-based, evaluated in a batch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from django.db.models import FilteredRelation, OuterRef, Q, QuerySet, Subquery

from cases import extensions, rules
from cases.bank_holidays import bank_holidays
from cases.models import Movement, Prison, Prisoner, PrisonPolicy, Sentence
from cases.rules.facts import OmuModel, PrisonFunction
from cases.selectors.batch import collector_paused


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


# The engine's answer is stored per case (`CaseState`, docs/adr/0006-stored-case-state.md):
# these functions evaluate afresh for the services that store it and for the one case a page
# shows; lists, figures and jobs read the stored answer.

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
        function=cast(PrisonFunction, prison.function),
        omu_model=cast(OmuModel, prison.omu_model),
    )
    return PrisonRules(facts=facts, policy=policy)


def _blank_to_none(value: Any) -> Any:
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
    """Facts other apps record, keyed by prisoner, named as `CaseFacts` fields (e.g. the last
    OASys, a parole outcome). Each registered source answers for all `ids` in one query."""
    merged: dict[int, dict[str, Any]] = {}
    for source in extensions.fact_sources():
        for pk, facts in source(ids).items():
            merged.setdefault(pk, {}).update(facts)
    return merged


@dataclass(frozen=True, slots=True)
class CaseFactsRow:
    """One case's facts as the engine takes them, its prison's facts and policy, and the years
    its bank holidays must cover."""

    prisoner_id: int
    prison_id: int | None
    facts: rules.CaseFacts
    prison: PrisonRules
    years: tuple[int, int]

    def holidays(self, policy: rules.Policy | None = None) -> frozenset[dt.date]:
        """Bank holidays of `policy`'s country (the prison's own policy by default)."""
        country = (policy or self.prison.policy).bank_holiday_country
        return bank_holidays(self.years[0], self.years[1], country)


def case_facts(
    qs: QuerySet[Prisoner], *, today: dt.date, prisons: Iterable[Prison] = ()
) -> Iterator[CaseFactsRow]:
    """Every prisoner in `qs` as the engine's facts on `today`, in a fixed number of queries:
    one reads every fact (current sentence joined, arrival annotated), one the prisons and
    their policies (none when the caller passes the `prisons`, with their policies, that it
    read in this request), one per app that records facts (`_recorded_facts`). For callers that
    evaluate the same facts more than once (under another policy, on later days)."""
    columns = [*_PRISONER_FACTS, *(f"cs__{f}" for f in (*_SENTENCE_FACTS, *Sentence.KEY_DATES))]
    rows = list(with_sentence_and_arrival(qs).order_by().values(*columns))
    wanted = {r["current_prison_id"] for r in rows if r["current_prison_id"]}
    known = [p for p in prisons if p.pk in wanted]
    missing = wanted - {p.pk for p in known}
    read = Prison.objects.select_related("policy").filter(pk__in=missing) if missing else []
    rules_of = {p.pk: prison_rules(p) for p in [*known, *read]}
    first_year = min(
        [today.year]
        + [r["cs__sentence_start_date"].year for r in rows if r["cs__sentence_start_date"]]
    )
    years = (first_year, today.year + 2)
    recorded = _recorded_facts([row["id"] for row in rows])
    for row in rows:
        prison = rules_of.get(row["current_prison_id"], DEFAULT_PRISON_RULES)
        facts = _case_facts(row, prison.facts, today, recorded.get(row["id"], {}))
        yield CaseFactsRow(row["id"], row["current_prison_id"], facts, prison, years)


@dataclass(frozen=True)
class Evaluated:
    """One case's facts, its prison's policy and the engine's answer."""

    prisoner_id: int
    prison_id: int | None
    facts: rules.CaseFacts
    policy: rules.Policy
    evaluation: rules.Evaluation


def evaluate_each(
    qs: QuerySet[Prisoner], *, today: dt.date, prisons: Iterable[Prison] = ()
) -> Iterator[Evaluated]:
    """Every prisoner in `qs` evaluated, with the facts and policy used, in the queries of
    `case_facts`; bank holidays are loaded once per country."""
    with collector_paused():
        for row in case_facts(qs, today=today, prisons=prisons):
            policy = row.prison.policy
            evaluation = rules.evaluate(row.facts, policy, holidays=row.holidays())
            yield Evaluated(row.prisoner_id, row.prison_id, row.facts, policy, evaluation)


def evaluate_cases(
    qs: QuerySet[Prisoner], *, today: dt.date, prisons: Iterable[Prison] = ()
) -> dict[int, rules.Evaluation]:
    """The engine's answer for every prisoner in `qs`, keyed by id (`evaluate_each`)."""
    return {e.prisoner_id: e.evaluation for e in evaluate_each(qs, today=today, prisons=prisons)}


def evaluate_prisoner(
    prisoner: Prisoner, *, today: dt.date, prison: Prison | None = None
) -> rules.Evaluation:
    """The engine's answer for one case; pass its `prison`, read with its policy in this
    request, to spare reading them again (never one read before a change to them)."""
    qs = Prisoner.objects.filter(pk=prisoner.pk)
    return evaluate_cases(qs, today=today, prisons=[prison] if prison else ())[prisoner.pk]


def policy_for_prisoner(prisoner: Prisoner) -> rules.Policy:
    """Reads the prison's policy (a query unless `current_prison__policy` is selected)."""
    if prisoner.current_prison is None:
        return DEFAULT_PRISON_RULES.policy
    return prison_rules(prisoner.current_prison).policy
