"""Demo interventions: the national catalogue, a directory per demo prison with cohorts (some
full, one under way), referrals at every stage with attendance, and resettlement needs
(`demo.seed.needs`).

Run by `demo.seed.run.seed_demo`, inside its transaction, after the prisoners (and the screening
demo's needs) exist. Deterministic: everything follows from row order and `today`. Bulk
inserts: a few queries per prison whatever the number of cases.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from simple_history.utils import bulk_create_with_history

from cases.models import Prison, Prisoner
from demo.factories.interventions import (
    AttendanceFactory,
    CohortFactory,
    InterventionFactory,
    InterventionNeedAreaFactory,
    OfferingFactory,
    ReferralFactory,
)
from demo.seed.catalogue import CATALOGUE, COHORTS, PROGRAMMES, K, Spec
from demo.seed.needs import seed_needs
from interventions.models import (
    Attendance,
    Cohort,
    Intervention,
    InterventionNeedArea,
    Offering,
    Referral,
)

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
Cohorts = dict[int, list[Cohort]]  # by offering id


def seed_interventions(*, today: dt.date, prison_codes: tuple[str, ...]) -> dict[str, int]:
    _forget_deleted()
    catalogue = _catalogue()
    users = {
        u.username: u
        for u in get_user_model().objects.filter(username__in=("pom", "spo", "caseadmin"))
    }
    staff = users.get("caseadmin")
    prisons = list(Prison.objects.filter(code__in=prison_codes).order_by("code"))
    offerings = _directory(prisons, catalogue, staff=staff)
    cohorts = _cohorts(offerings, today=today, staff=staff)
    by_offering: Cohorts = {}
    for cohort in cohorts:
        by_offering.setdefault(cohort.offering_id, []).append(cohort)
    referrals = _referrals(prisons, offerings, by_offering, today=today, user=users.get("pom"))
    created = bulk_create_with_history(referrals, Referral, default_user=users.get("pom"))
    Attendance.objects.bulk_create(_attendance(created, today=today, user=staff))
    needs, updates = seed_needs(prison_codes, today=today, user=users.get("pom"))
    return {
        "offerings": len(offerings),
        "cohorts": len(cohorts),
        "referrals": len(created),
        "needs": needs,
        "need_updates": updates,
    }


def _catalogue() -> dict[str, Intervention]:
    """The national catalogue: kept between runs (it is not a prison's data), refreshed."""
    found = {i.name: i for i in Intervention.objects.filter(name__in=[s.name for s in CATALOGUE])}
    new = [_intervention(spec) for spec in CATALOGUE if spec.name not in found]
    for intervention in bulk_create_with_history(new, Intervention):
        found[intervention.name] = intervention
    if new:
        names = {i.name for i in new}
        InterventionNeedArea.objects.bulk_create(
            [
                InterventionNeedAreaFactory.row(intervention=found[s.name], area=area)
                for s in CATALOGUE
                if s.name in names
                for area in s.areas
            ],
            ignore_conflicts=True,
        )
    return found


def _intervention(spec: Spec) -> Intervention:
    return InterventionFactory.row(
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


def _forget_deleted() -> None:
    """History rows of directory entries, cohorts and referrals deleted with the old demo."""
    for model in (Referral, Attendance, Cohort, Offering):
        model.history.exclude(id__in=model.objects.values("id")).delete()


def _directory(
    prisons: list[Prison], catalogue: dict[str, Intervention], *, staff: Any
) -> list[Offering]:
    """Each prison's programmes for its function, and every other course, session and
    workbook; one in nine paused (never at the first prison's programmes, for the demo)."""
    specs = {s.name: s for s in CATALOGUE}
    offerings: list[Offering] = []
    for index, prison in enumerate(prisons):
        names = [
            *PROGRAMMES.get(prison.function, ()),
            *(s.name for s in CATALOGUE if s.kind != K.ACCREDITED),
        ]
        for n, name in enumerate(names):
            offerings.append(
                OfferingFactory.row(
                    prison=prison,
                    intervention=catalogue[name],
                    running=not (n % 9 == 8 and (index or specs[name].kind != K.ACCREDITED)),
                    contact=f"{specs[name].provider} team, {prison.name}",
                )
            )
    created: list[Offering] = bulk_create_with_history(offerings, Offering, default_user=staff)
    return created


def _cohorts(offerings: list[Offering], *, today: dt.date, staff: Any) -> list[Cohort]:
    cohorts = [
        CohortFactory.row(
            offering=offering, start_date=today + dt.timedelta(days=days), capacity=places
        )
        for offering in offerings
        for days, places in COHORTS[offering.intervention.kind]
    ]
    created: list[Cohort] = bulk_create_with_history(cohorts, Cohort, default_user=staff)
    return created


def _referrals(
    prisons: list[Prison], offerings: list[Offering], cohorts: Cohorts, *, today: dt.date, user: Any
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
        _fill_first_cohort(referrals, courses[0], prisoners[22:], cohorts, today=today, user=user)
    return referrals


def _fill_first_cohort(
    referrals: list[Referral],
    first: Offering,
    waiting: list[Prisoner],
    cohorts: Cohorts,
    *,
    today: dt.date,
    user: Any,
) -> None:
    """Fill the first programme's next cohort: the directory shows it full."""
    upcoming = [c for c in cohorts.get(first.pk, []) if c.start_date >= today]
    if not upcoming:
        return
    cohort = upcoming[0]
    placed = sum(1 for r in referrals if r.cohort is cohort)
    for prisoner in waiting[: max(0, cohort.capacity - placed)]:
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


def _referral(
    prisoner: Prisoner,
    offering: Offering,
    stage: str,
    cohorts: Cohorts,
    *,
    today: dt.date,
    user: Any,
) -> Referral:
    """A referral at `stage`, with the dates, cohort and reasons that stage implies."""
    S = Referral.Status
    days = {c.start_date: c for c in cohorts.get(offering.pk, [])}
    started = [c for d, c in sorted(days.items()) if d < today]
    upcoming = [c for d, c in sorted(days.items()) if d >= today]
    r: Referral = ReferralFactory.row(
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
    if stage in _UNDER_WAY:
        cohort = started[0] if started else None
        r.cohort = cohort
        r.started_on = cohort.start_date if cohort else today - dt.timedelta(days=20)
    _ending(r, stage, today=today)
    return r


def _ending(r: Referral, stage: str, *, today: dt.date) -> None:
    """How a referral that ended, ended."""
    S = Referral.Status
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


def _attendance(referrals: list[Referral], *, today: dt.date, user: Any) -> list[Attendance]:
    """Weekly sessions since the start, up to today; every fourth missed."""
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
                AttendanceFactory.row(
                    referral=r,
                    session_number=number,
                    session_date=day,
                    status=status,
                    recorded_by=user,
                )
            )
    return rows
