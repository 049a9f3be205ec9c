"""What the rules engine and the task sync read: the facts screening records, what each case's
tasks count from, the stored tasks and the prisons' due-soon windows. Set-based: a fixed number
of queries for any number of cases."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import DateField, Max, QuerySet, Value
from django.db.models.functions import Cast

from cases.models import Prisoner, PrisonPolicy
from cases.rules import CaseFacts, london_day
from cases.selectors import ids_in, last_pom_contact_at, with_sentence_and_arrival
from screening import rules
from screening.models import Categorisation, OasysAssessment, Task


def prisoners_by_id(ids: list[int]) -> QuerySet[Prisoner]:
    return ids_in(Prisoner.objects.all(), "id", ids)


def case_facts_by_prisoner(ids: list[int]) -> dict[int, dict[str, Any]]:
    """Rules-engine facts screening records, per prisoner id: `documents_received_date`,
    `last_categorisation_date` and `last_oasys_date` (CaseFacts field names).

    One query for all `ids` (a UNION of two grouped reads); none when `ids` is empty.
    """
    if not ids:
        return {}
    categorisations = (
        ids_in(Categorisation.objects.order_by(), "prisoner_id", ids)
        .values("prisoner_id")
        .annotate(
            documents=Max("documents_received_date"),
            categorised=Max("decided_on"),
            oasys=Cast(Value(None), DateField()),
        )
        .values_list("prisoner_id", "documents", "categorised", "oasys")
    )
    assessments = (
        ids_in(OasysAssessment.objects.order_by(), "prisoner_id", ids)
        .values("prisoner_id")
        .annotate(
            documents=Cast(Value(None), DateField()),
            categorised=Cast(Value(None), DateField()),
            oasys=Max("completed_on"),
        )
        .values_list("prisoner_id", "documents", "categorised", "oasys")
    )
    facts: dict[int, dict[str, Any]] = {}
    for pk, documents, categorised, oasys in categorisations.union(assessments, all=True):
        row = facts.setdefault(pk, {})
        if documents is not None:
            row["documents_received_date"] = documents
        if categorised is not None:
            row["last_categorisation_date"] = categorised
        if oasys is not None:
            row["last_oasys_date"] = oasys
    return facts


def case_bases(
    prisoners: QuerySet[Prisoner], *, facts: Mapping[int, CaseFacts] | None = None
) -> dict[int, rules.CaseBasis]:
    """What each case's tasks count from, in two queries for any number of cases; in one when
    the caller has the engine's `facts` of every case (the sweep has just evaluated them: the
    arrival, the sentence date and the facts screening records are theirs). The last POM
    contact is the last POM contact session held, as on the case page and the caseload."""
    if facts is not None:
        known = _bases_from_facts(prisoners, facts)
        if known is not None:
            return known
    rows = list(
        with_sentence_and_arrival(prisoners.order_by())
        .annotate(last_contact=last_pom_contact_at())
        .values_list(
            "id",
            "current_prison_id",
            "arrival_datetime",
            "cs__sentence_start_date",
            "allocation__primary_pom_id",
            "allocation__pom_allocated_at",
            "allocation__keyworker_id",
            "last_contact",
        )
    )
    recorded = case_facts_by_prisoner([row[0] for row in rows])
    bases: dict[int, rules.CaseBasis] = {}
    empty: dict[str, Any] = {}
    for pk, prison, arrival, start, pom, allocated, keyworker, contact in rows:
        screened = recorded.get(pk, empty)
        bases[pk] = rules.CaseBasis(
            pk,
            prison,
            arrival,
            start,
            screened.get("documents_received_date"),
            screened.get("last_categorisation_date"),
            screened.get("last_oasys_date"),
            pom,
            allocated,
            keyworker is not None,
            london_day(contact) if contact is not None else None,
        )
    return bases


def _bases_from_facts(
    prisoners: QuerySet[Prisoner], facts: Mapping[int, CaseFacts]
) -> dict[int, rules.CaseBasis] | None:
    """`case_bases` from the engine's facts, reading only who holds each case and its last POM
    contact; None if a case has no facts here (then every fact is read)."""
    rows = list(
        prisoners.order_by()
        .annotate(last_contact=last_pom_contact_at())
        .values_list(
            "id",
            "current_prison_id",
            "allocation__primary_pom_id",
            "allocation__pom_allocated_at",
            "allocation__keyworker_id",
            "last_contact",
        )
    )
    if any(row[0] not in facts for row in rows):
        return None
    bases: dict[int, rules.CaseBasis] = {}
    for pk, prison, pom, allocated, keyworker, contact in rows:
        case = facts[pk]
        bases[pk] = rules.CaseBasis(
            pk,
            prison,
            case.arrival_datetime,
            case.sentence_start_date,
            case.documents_received_date,
            case.last_categorisation_date,
            case.last_oasys_date,
            pom,
            allocated,
            keyworker is not None,
            london_day(contact) if contact is not None else None,
        )
    return bases


def stored_tasks(ids: list[int]) -> dict[int, list[rules.StoredTask]]:
    """Every task (open or closed) of the cases, by prisoner id: one query."""
    result: dict[int, list[rules.StoredTask]] = defaultdict(list)
    columns = (
        "id",
        "prisoner_id",
        "prison_id",
        "kind",
        "status",
        "basis",
        "due_on",
        "due_at",
        "explanation",
        "owner_id",
    )
    make = rules.StoredTask
    tasks = ids_in(Task.objects.order_by(), "prisoner_id", ids)
    for row in tasks.values_list(*columns):
        result[row[1]].append(make(*row))
    return result


def windows_by_prison(prison_ids: Iterable[int]) -> dict[int, rules.Windows]:
    return {
        prison_id: rules.Windows(days, hours)
        for prison_id, days, hours in PrisonPolicy.objects.filter(
            prison_id__in=list(prison_ids)
        ).values_list("prison_id", "due_soon_days", "bcs_due_soon_hours")
    }


def windows_for(policy: PrisonPolicy | None) -> rules.Windows:
    if policy is None:
        return rules.Windows()
    return rules.Windows(policy.due_soon_days, policy.bcs_due_soon_hours)
