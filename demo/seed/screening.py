"""Demo screening data: categorisation and OASys records, every demo case's OMiC tasks from the
rules, older ones already done (a few late), recent POM contacts and a few completed BCSs.
Deterministic: everything is derived from row ids and `today`.

Run by `demo.seed.run.seed_demo`, inside its transaction, after the prisoners exist. Set-based
apart from the handful of BCSs, which go through the real service.
"""

from __future__ import annotations

import datetime as dt
import zlib
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import DateField, ExpressionWrapper, F, Q
from django.utils import timezone

from cases.models import Prison, Prisoner
from cases.rules import LONDON
from cases.selectors import with_sentence_and_arrival
from demo.factories.screening import CategorisationFactory, OasysAssessmentFactory
from screening import rules, services
from screening.models import Categorisation, OasysAssessment, Task

# Older tasks than this are history in the demo: marked done (one in six late).
_HISTORY_DAYS = 28
_FIRST_CATEGORY = {"womens": "womens_closed", "young_offender": "yoi_closed"}
# What the records need of each case (`cs`: its current sentence, from the selector).
_COLUMNS = (
    "id",
    "prison_number",
    "legal_status",
    "current_prison_id",
    "current_prison__function",
    "cs__sentence_start_date",
    "allocation__primary_pom_id",
)


def _spread(row: dict[str, Any]) -> int:
    """A number that spreads the cases' dates out, the same for a case on every run (database
    ids are not: a rerun gives the same seed's cases new ids)."""
    return zlib.crc32(str(row["prison_number"]).encode())


def _demo_now(today: dt.date) -> dt.datetime:
    if today == timezone.localdate():
        return timezone.now()
    return dt.datetime.combine(today, dt.time(12, 0), tzinfo=LONDON)


def _records(
    rows: list[dict[str, Any]], *, today: dt.date, recorder: object
) -> tuple[list[Categorisation], list[OasysAssessment]]:
    """A categorisation (decided, or waiting on documents) and an OASys for sentenced cases."""
    categorisations: list[Categorisation] = []
    assessments: list[OasysAssessment] = []
    for row in rows:
        start = row["cs__sentence_start_date"]
        if row["legal_status"] not in ("sentenced", "recalled") or not isinstance(start, dt.date):
            continue
        pk, n = int(row["id"]), _spread(row)
        age = (today - start).days
        category = _FIRST_CATEGORY.get(str(row["current_prison__function"]), "C")
        if age > 60:
            # The last decision some time in the past year: reviews fall due across the year.
            decided = max(start + dt.timedelta(days=12), today - dt.timedelta(days=n * 37 % 330))
            categorisations.append(
                CategorisationFactory.row(
                    prisoner_id=pk,
                    kind="review" if decided > start + dt.timedelta(days=60) else "initial",
                    documents_received_date=start + dt.timedelta(days=3),
                    category=category,
                    decided_on=decided,
                    reason="Risk and needs assessed on the documents and custody reports.",
                    recorded_by=recorder,
                    decided_by=recorder,
                )
            )
        elif age >= 3:
            categorisations.append(
                CategorisationFactory.row(
                    prisoner_id=pk,
                    documents_received_date=start + dt.timedelta(days=min(age, 3 + n % 4)),
                    recorded_by=recorder,
                )
            )
        if age > 120:
            done = max(start + dt.timedelta(weeks=8), today - dt.timedelta(days=n * 53 % 400))
            assessments.append(
                OasysAssessmentFactory.row(
                    prisoner_id=pk,
                    kind="initial" if done < start + dt.timedelta(weeks=20) else "review",
                    completed_on=done,
                    sentence_plan_completed_on=done,
                    recorded_by=recorder,
                )
            )
    return categorisations, assessments


_DEMO_ANSWERS = rules.BcsAnswers(
    areas={
        area: rules.AreaAnswer(
            need=area in ("accommodation", "substance_misuse"),
            notes={
                "accommodation": "No fixed abode before custody; needs an address for release.",
                "substance_misuse": "Daily cannabis use; wants support.",
            }.get(area, ""),
            referral_requested=area == "substance_misuse",
            substances="drugs" if area == "substance_misuse" else "",
        )
        for area in rules.BCS_AREAS
    },
    self_harm_risk=False,
    cell_sharing_risk=False,
)


def _complete_some_bcs(prison_codes: tuple[str, ...], *, now: dt.datetime, per_prison: int) -> int:
    """Complete a few recent arrivals' screenings through the service: on time, then late."""
    User = get_user_model()
    done = 0
    for code in prison_codes:
        tasks = list(
            Task.objects.filter(
                prison__code=code,
                kind=rules.BCS,
                status=Task.Status.OPEN,
                due_at__lt=now - dt.timedelta(days=_HISTORY_DAYS),
            )
            .select_related("prisoner", "owner")
            .order_by("-due_at")[:per_prison]
        )
        for index, task in enumerate(tasks):
            user = task.owner or User.objects.filter(username="caseadmin").first()
            if user is None or task.due_at is None:
                continue
            offset = dt.timedelta(hours=-5) if index % 2 == 0 else dt.timedelta(hours=20)
            services.bcs_complete(
                prisoner=task.prisoner,
                acting_user=user,
                answers=_DEMO_ANSWERS,
                now=task.due_at + offset,
            )
            done += 1
    return done


def _close_history(prison_codes: tuple[str, ...], *, today: dt.date, now: dt.datetime) -> int:
    """Mark tasks due long ago as done: most a few days early, one in six three days late."""
    cutoff = today - dt.timedelta(days=_HISTORY_DAYS)
    old = Task.objects.filter(
        prison__code__in=prison_codes, status=Task.Status.OPEN, due_on__lt=cutoff
    ).exclude(  # these two close only when a session is held or a keyworker allocated
        kind__in=[rules.POM_CONTACT, rules.KEYWORKER_ALLOCATION]
    )

    def shifted(days: int) -> ExpressionWrapper:
        return ExpressionWrapper(F("due_on") + dt.timedelta(days=days), output_field=DateField())

    # One in six late, chosen by prisoner and task, never by database id (ids differ from one
    # run to the next), so the same seed gives the same figures and the same trends.
    ordered = old.order_by("prisoner__prison_number", "kind", "due_on", "pk")
    late = Q(pk__in=list(ordered.values_list("pk", flat=True))[5::6])
    count = Task.objects.filter(late).update(
        status=Task.Status.DONE_LATE,
        completed_on=shifted(3),
        completed_at=now,
        reason="Done (demo history).",
        overdue=False,
        due_soon=False,
    )
    count += old.exclude(late).update(
        status=Task.Status.DONE,
        completed_on=shifted(-2),
        completed_at=now,
        reason="Done (demo history).",
        overdue=False,
        due_soon=False,
    )
    return count


def seed_screening(*, today: dt.date, prison_codes: tuple[str, ...]) -> dict[str, int]:
    now = _demo_now(today)
    rows = list(
        with_sentence_and_arrival(
            Prisoner.objects.filter(
                Q(current_prison__code__in=prison_codes)
                | Q(current_prison__isnull=True, movements__from_prison__code__in=prison_codes)
            ).distinct()
        ).values(*_COLUMNS)
    )
    recorder = get_user_model().objects.filter(username="caseadmin").first()
    categorisations, assessments = _records(rows, today=today, recorder=recorder)
    Categorisation.objects.bulk_create(categorisations, batch_size=1000)
    OasysAssessment.objects.bulk_create(assessments, batch_size=1000)
    ids = [int(row["id"]) for row in rows]
    synced = services.tasks_sync(ids, now=now)
    screened = _complete_some_bcs(prison_codes, now=now, per_prison=2)
    closed = _close_history(prison_codes, today=today, now=now)
    again = services.tasks_sync(ids, now=now)
    for prison in _prisons(prison_codes):
        services.tasks_flag(prison=prison, now=now)
    return {
        "tasks": synced.created + again.created,
        "history": closed,
        "screenings": screened,
    }


def _prisons(codes: tuple[str, ...]) -> list[Prison]:
    return list(Prison.objects.select_related("policy").filter(code__in=codes))
