"""Demo interventions for `seed_demo`: the national catalogue, a directory per demo prison with
cohorts (some full, one under way), referrals at every stage, and resettlement needs with dated
updates for cases near release.

Called at the end of `cases.demo.seed_demo`, inside its transaction, after the prisoners (and
the screening demo's needs) exist. Deterministic: everything follows from row order and
`today`. Written with bulk inserts: a few queries per prison whatever the number of cases.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from cases.models import Prison, Prisoner
from cases.selectors import with_case_columns
from interventions.models import (
    Attendance,
    Cohort,
    Intervention,
    InterventionNeedArea,
    NeedUpdate,
    Offering,
    Referral,
    ResettlementNeed,
)

A = ResettlementNeed.Area
K = Intervention.Kind
HIGH = "high,very_high"
MEDIUM_UP = "medium,high,very_high"


@dataclass(frozen=True)
class Spec:
    name: str
    kind: str
    areas: tuple[str, ...]
    days: int
    sessions: int | None = None
    minutes: int | None = None
    provider: str = "HMPPS"
    rosh: str = ""
    min_months: int | None = None
    max_months: int | None = None
    estate: str = Intervention.Estate.ANY
    description: str = ""


# fmt: off
CATALOGUE: tuple[Spec, ...] = (
    # Accredited programmes (omic-rules.md section 7).
    Spec("Kaizen", K.ACCREDITED, (A.THINKING_BEHAVIOUR, A.ATTITUDES, A.LIFESTYLE), 240, 90, 150,
         rosh=HIGH, min_months=24, estate="mens",
         description="Intensive programme for men at high risk of violent, sexual or "
         "domestic abuse offending."),
    Spec("Horizon", K.ACCREDITED, (A.ATTITUDES, A.RELATIONSHIPS), 112, 31, 150,
         rosh=MEDIUM_UP, min_months=12, estate="mens",
         description="For men with a sexual conviction, medium risk or above."),
    Spec("Becoming New Me+", K.ACCREDITED, (A.ATTITUDES, A.THINKING_BEHAVIOUR), 180, 48, 120,
         rosh=MEDIUM_UP, min_months=12, estate="mens",
         description="Adapted for men with learning disabilities or challenges."),
    Spec("Identity Matters", K.ACCREDITED, (A.LIFESTYLE, A.THINKING_BEHAVIOUR), 70, 14, 120,
         rosh=MEDIUM_UP, min_months=6,
         description="For group and gang-related offending."),
    Spec("Resolve", K.ACCREDITED, (A.THINKING_BEHAVIOUR, A.ATTITUDES), 120, 24, 150,
         rosh="medium,high", min_months=12,
         description="Medium-intensity programme for violent offending."),
    Spec("Thinking Skills Programme", K.ACCREDITED, (A.THINKING_BEHAVIOUR,), 70, 19, 150,
         min_months=6,
         description="Thinking, problem solving and self-control."),
    Spec("Building Better Relationships", K.ACCREDITED, (A.RELATIONSHIPS, A.ATTITUDES), 150,
         29, 150, rosh="medium,high", min_months=12, estate="mens",
         description="For men convicted of intimate partner violence."),
    Spec("Kainos", K.ACCREDITED, (A.THINKING_BEHAVIOUR, A.ATTITUDES, A.RELATIONSHIPS), 180,
         100, 180, provider="Kainos Community", min_months=12,
         description="Six-month residential community programme."),
    Spec("Choices, Actions, Relationships and Emotions", K.ACCREDITED,
         (A.THINKING_BEHAVIOUR, A.MENTAL_HEALTH), 150, 40, 150, rosh=MEDIUM_UP, min_months=12,
         estate="womens", description="For women with a history of violence."),
    # Catch22-style short courses of 3 to 6 sessions.
    Spec("Money management and debt", K.SHORT_COURSE, (A.FINANCE,), 14, 4, 90,
         provider="Catch22"),
    Spec("Housing on release", K.SHORT_COURSE, (A.ACCOMMODATION,), 10, 3, 90,
         provider="Catch22"),
    Spec("Family ties", K.SHORT_COURSE, (A.RELATIONSHIPS,), 28, 5, 120, provider="Catch22"),
    Spec("Managing emotions", K.SHORT_COURSE, (A.THINKING_BEHAVIOUR, A.MENTAL_HEALTH), 21, 6,
         90, provider="Catch22"),
    Spec("Getting ready for work", K.SHORT_COURSE, (A.ETE,), 14, 5, 120, provider="Catch22"),
    Spec("Recovery foundations", K.SHORT_COURSE, (A.DRUGS, A.ALCOHOL), 21, 6, 90,
         provider="Forward Trust"),
    # Single sessions of 60 to 90 minutes.
    Spec("Universal Credit claim surgery", K.SINGLE_SESSION, (A.FINANCE,), 1, 1, 60,
         provider="Jobcentre Plus"),
    Spec("ID and bank account session", K.SINGLE_SESSION, (A.FINANCE,), 1, 1, 60,
         provider="Catch22"),
    Spec("Naloxone awareness", K.SINGLE_SESSION, (A.DRUGS,), 1, 1, 60,
         provider="Healthcare"),
    Spec("Housing advice drop-in", K.SINGLE_SESSION, (A.ACCOMMODATION,), 1, 1, 90,
         provider="Shelter"),
    # In-cell workbooks.
    Spec("Alcohol awareness workbook", K.WORKBOOK, (A.ALCOHOL,), 28),
    Spec("Victim awareness workbook", K.WORKBOOK, (A.ATTITUDES,), 42),
    Spec("Wellbeing workbook", K.WORKBOOK, (A.MENTAL_HEALTH, A.COMPLEX_NEEDS), 28,
         provider="Healthcare"),
)
# fmt: on

# Accredited programmes a prison of each function runs; short courses, sessions and workbooks
# run everywhere.
PROGRAMMES: dict[str, tuple[str, ...]] = {
    Prison.Function.RECEPTION: ("Thinking Skills Programme", "Resolve", "Building Better Relationships"),
    Prison.Function.TRAINING: (
        "Kaizen", "Horizon", "Identity Matters", "Thinking Skills Programme", "Kainos", "Resolve",
    ),
    Prison.Function.RESETTLEMENT: (
        "Thinking Skills Programme", "Building Better Relationships", "Identity Matters",
    ),
    Prison.Function.OPEN: ("Thinking Skills Programme",),
    Prison.Function.WOMENS: ("Choices, Actions, Relationships and Emotions", "Thinking Skills Programme"),
    Prison.Function.HIGH_SECURITY: ("Kaizen", "Horizon", "Becoming New Me+"),
    Prison.Function.YOUNG_OFFENDER: ("Identity Matters", "Thinking Skills Programme", "Resolve"),
}  # fmt: skip
# Cohort starts (days from today) and places, by kind.
COHORTS: dict[str, tuple[tuple[int, int], ...]] = {
    K.ACCREDITED: ((-28, 10), (21, 10), (84, 12)),
    K.SHORT_COURSE: ((-7, 10), (5, 10), (19, 10), (33, 12)),
    K.SINGLE_SESSION: ((2, 15), (9, 15), (16, 15)),
    K.WORKBOOK: (),
}
_STAGES = (
    Referral.Status.REFERRED,
    Referral.Status.SUITABLE,
    Referral.Status.WAITING,
    Referral.Status.STARTED,
    Referral.Status.COMPLETED,
    Referral.Status.REFERRED,
    Referral.Status.WAITING,
    Referral.Status.NOT_COMPLETED,
    Referral.Status.WITHDRAWN,
    Referral.Status.NOT_SUITABLE,
    Referral.Status.IDENTIFIED,
)
_UNDER_WAY = (Referral.Status.STARTED, Referral.Status.COMPLETED, Referral.Status.NOT_COMPLETED)
_NEED_NOTES = {
    A.ACCOMMODATION: "No fixed abode; referred to the housing advice team.",
    A.FINANCE: "No bank account or ID; Universal Credit advance needed on release.",
    A.ETE: "Wants work in construction; no CSCS card yet.",
    A.RELATIONSHIPS: "Wants contact with his children; social services involved.",
    A.DRUGS: "Heroin use before custody; on a methadone script.",
    A.MENTAL_HEALTH: "Anxiety and low mood; under the in-reach team.",
}


def _catalogue() -> dict[str, Intervention]:
    """The national catalogue: kept between runs (it is not a prison's data), refreshed."""
    found = {i.name: i for i in Intervention.objects.filter(name__in=[s.name for s in CATALOGUE])}
    new = []
    for spec in CATALOGUE:
        if spec.name in found:
            continue
        new.append(
            Intervention(
                name=spec.name,
                kind=spec.kind,
                provider=spec.provider,
                description=spec.description,
                sessions=spec.sessions,
                session_minutes=spec.minutes,
                duration_days=spec.days,
                rosh_levels=spec.rosh,
                min_sentence_months=spec.min_months,
                max_sentence_months=spec.max_months,
                estate=spec.estate,
            )
        )
    for intervention in bulk_create_with_history(new, Intervention):
        found[intervention.name] = intervention
    if new:
        InterventionNeedArea.objects.bulk_create(
            [
                InterventionNeedArea(intervention=found[s.name], area=area)
                for s in CATALOGUE
                if s.name in {i.name for i in new}
                for area in s.areas
            ],
            ignore_conflicts=True,
        )
    return found


def _forget_deleted() -> None:
    """History rows of directory entries, cohorts and referrals deleted with the old demo."""
    for model in (Referral, Attendance, Cohort, Offering):
        model.history.exclude(id__in=model.objects.values("id")).delete()  # type: ignore[attr-defined]


def seed_interventions_demo(*, today: dt.date, prison_codes: tuple[str, ...]) -> dict[str, int]:
    _forget_deleted()
    catalogue = _catalogue()
    specs = {s.name: s for s in CATALOGUE}
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=("pom", "spo", "caseadmin"))
    }
    staff = users.get("caseadmin")
    prisons = list(Prison.objects.filter(code__in=prison_codes).order_by("code"))
    offerings: list[Offering] = []
    for index, prison in enumerate(prisons):
        names = [
            *PROGRAMMES.get(prison.function, ()),
            *(s.name for s in CATALOGUE if s.kind != K.ACCREDITED),
        ]
        for n, name in enumerate(names):
            offerings.append(
                Offering(
                    prison=prison,
                    intervention=catalogue[name],
                    # One in nine paused (never at the first prison's programmes, for the demo).
                    running=not (n % 9 == 8 and (index or specs[name].kind != K.ACCREDITED)),
                    contact=f"{specs[name].provider} team, {prison.name}",
                )
            )
    offerings = bulk_create_with_history(offerings, Offering, default_user=staff)
    cohorts = []
    for offering in offerings:
        kind = offering.intervention.kind
        for days, places in COHORTS[kind]:
            cohorts.append(
                Cohort(
                    offering=offering,
                    start_date=today + dt.timedelta(days=days),
                    capacity=places,
                )
            )
    cohorts = bulk_create_with_history(cohorts, Cohort, default_user=staff)
    by_offering: dict[int, list[Cohort]] = {}
    for cohort in cohorts:
        by_offering.setdefault(cohort.offering_id, []).append(cohort)
    referrals = _referrals(prisons, offerings, by_offering, today=today, user=users.get("pom"))
    created = bulk_create_with_history(referrals, Referral, default_user=users.get("pom"))
    attendance = _attendance(created, today=today, user=staff)
    Attendance.objects.bulk_create(attendance)
    needs, updates = _needs(prison_codes, today=today, user=users.get("pom"))
    return {
        "offerings": len(offerings),
        "cohorts": len(cohorts),
        "referrals": len(created),
        "needs": needs,
        "need_updates": updates,
    }


def _referrals(
    prisons: list[Prison],
    offerings: list[Offering],
    cohorts: dict[int, list[Cohort]],
    *,
    today: dt.date,
    user: object,
) -> list[Referral]:
    """Referrals at every stage: a few per prison, to running offerings; the first upcoming
    cohort of each prison's first programme is filled so "full" shows."""
    referrals: list[Referral] = []
    for prison in prisons:
        running = [o for o in offerings if o.prison_id == prison.pk and o.running]
        courses = [o for o in running if not o.intervention.is_workbook]
        prisoners = list(
            Prisoner.objects.filter(
                current_prison=prison,
                legal_status__in=(Prisoner.LegalStatus.SENTENCED, Prisoner.LegalStatus.RECALLED),
                sentences__is_current=True,
            ).order_by("prison_number")[:40]
        )
        if not courses or not prisoners:
            continue
        # Those under way need a cohort that has started: programmes and short courses.
        under_way = [o for o in courses if o.intervention.kind != K.SINGLE_SESSION]
        for n, prisoner in enumerate(prisoners[:22]):
            stage = _STAGES[n % len(_STAGES)]
            choices = under_way if stage in _UNDER_WAY and under_way else courses
            offering = choices[(n * 7) % len(choices)]
            referrals.append(_referral(prisoner, offering, stage, cohorts, today=today, user=user))
        # Fill the first programme's next cohort: the directory shows it full.
        first = courses[0]
        upcoming = [c for c in cohorts.get(first.pk, []) if c.start_date >= today]
        if upcoming:
            cohort = upcoming[0]
            placed = sum(1 for r in referrals if r.cohort is cohort)
            for prisoner in prisoners[22 : 22 + cohort.capacity - placed]:
                referrals.append(
                    _referral(
                        prisoner,
                        first,
                        Referral.Status.WAITING,
                        {first.pk: [cohort]},
                        today=today,
                        user=user,
                    )
                )
                placed += 1
            if placed < cohort.capacity:  # a small demo prison: a smaller cohort, still full
                Cohort.objects.filter(pk=cohort.pk).update(capacity=max(placed, 1))
    return referrals


def _referral(
    prisoner: Prisoner,
    offering: Offering,
    stage: str,
    cohorts: dict[int, list[Cohort]],
    *,
    today: dt.date,
    user: object,
) -> Referral:
    S = Referral.Status
    days = {c.start_date: c for c in cohorts.get(offering.pk, [])}
    started = [c for d, c in sorted(days.items()) if d < today]
    upcoming = [c for d, c in sorted(days.items()) if d >= today]
    r = Referral(
        prisoner=prisoner,
        offering=offering,
        status=stage,
        created_by=user,
        notes="Discussed at the sentence planning meeting.",
        referred_on=None if stage == S.IDENTIFIED else today - dt.timedelta(days=40),
    )
    if stage not in (S.IDENTIFIED, S.REFERRED, S.WITHDRAWN):
        r.assessed_on = today - dt.timedelta(days=30)
    if stage == S.NOT_SUITABLE:
        r.not_suitable_reason = "Denies the offence; a motivational piece of work first."
    if stage == S.WAITING and upcoming:
        r.cohort = upcoming[0]
    elif stage == S.WAITING:
        r.status = S.SUITABLE
    if stage in (S.STARTED, S.COMPLETED, S.NOT_COMPLETED):
        cohort = started[0] if started else None
        r.cohort = cohort
        r.started_on = cohort.start_date if cohort else today - dt.timedelta(days=20)
    if stage == S.COMPLETED:
        r.ended_on = max(r.started_on or today, today.replace(day=1))
        r.outcome = "Completed every session; post-programme review held with the POM."
    if stage == S.NOT_COMPLETED:
        r.ended_on = today
        r.not_completed_reason = Referral.NotCompletedReason.DESELECTED
        r.end_detail = "Missed three sessions in a row."
    if stage == S.WITHDRAWN:
        r.ended_on = today - dt.timedelta(days=3)
        r.end_detail = "Transfer to a training prison planned before the course starts."
    return r


def _attendance(referrals: list[Referral], *, today: dt.date, user: object) -> list[Attendance]:
    rows = []
    for r in referrals:
        if not r.started_on or not r.offering.intervention.sessions:
            continue
        weeks = min((today - r.started_on).days // 7 + 1, r.offering.intervention.sessions)
        for number in range(1, weeks + 1):
            day = r.started_on + dt.timedelta(weeks=number - 1)
            if day > today:
                break
            status = Attendance.Status.ABSENT if number % 4 == 0 else Attendance.Status.ATTENDED
            rows.append(
                Attendance(
                    referral=r,
                    session_number=number,
                    session_date=day,
                    status=status,
                    recorded_by=user,
                )
            )
    return rows


def _needs(prison_codes: tuple[str, ...], *, today: dt.date, user: object) -> tuple[int, int]:
    """Open needs (some with updates) for cases released in the next six months, so the
    pre-release list and the case pages have something to show; one met need each."""
    window = today + dt.timedelta(weeks=26)
    prisoners = list(
        with_case_columns(Prisoner.objects.filter(current_prison__code__in=prison_codes), today=today)
        .filter(Q(display_release_date__gte=today) & Q(display_release_date__lte=window))
        .order_by("display_release_date", "prison_number")
        .values_list("id", flat=True)[:60]
    )  # fmt: skip
    taken = set(
        ResettlementNeed.objects.filter(
            prisoner_id__in=prisoners, status__in=ResettlementNeed.OPEN_STATUSES
        ).values_list("prisoner_id", "area")
    )
    areas = list(_NEED_NOTES)
    needs = []
    for n, pk in enumerate(prisoners):
        for k in range(1 + n % 3):
            area = areas[(n + k * 2) % len(areas)]
            if (pk, area) in taken:
                continue
            taken.add((pk, area))
            needs.append(
                ResettlementNeed(
                    prisoner_id=pk,
                    area=area,
                    status=(
                        ResettlementNeed.Status.IN_PROGRESS
                        if k == 1
                        else ResettlementNeed.Status.IDENTIFIED
                    ),
                    owner=(
                        ResettlementNeed.Owner.PROBATION
                        if area == A.ACCOMMODATION
                        else ResettlementNeed.Owner.PRISON
                    ),
                    source=ResettlementNeed.Source.REVIEW,
                    source_detail="Pre-release review",
                    notes=_NEED_NOTES[area],
                    identified_on=today - dt.timedelta(days=60 + n),
                    created_by=user,
                )
            )
        if n % 4 == 0:
            needs.append(
                ResettlementNeed(
                    prisoner_id=pk,
                    area=A.ETE,
                    status=ResettlementNeed.Status.MET,
                    owner=ResettlementNeed.Owner.THIRD_SECTOR,
                    source=ResettlementNeed.Source.REVIEW,
                    notes="Job offer from a local employer on release.",
                    identified_on=today - dt.timedelta(days=120),
                    created_by=user,
                )
            )
    created = bulk_create_with_history(needs, ResettlementNeed, default_user=user)
    updates = [
        NeedUpdate(
            need=need,
            on=today - dt.timedelta(days=10),
            status=need.status,
            owner=need.owner,
            note=(
                "Job offer confirmed in writing."
                if need.status == ResettlementNeed.Status.MET
                else "Referral made; waiting for the provider to reply."
            ),
            created_by=user,
        )
        for need in created
        if need.status != ResettlementNeed.Status.IDENTIFIED
    ]
    NeedUpdate.objects.bulk_create(updates)
    return len(created), len(updates)
