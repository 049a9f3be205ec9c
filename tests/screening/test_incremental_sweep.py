"""Proof that the incremental nightly sweep equals a full one (docs/adr/0006-stored-case-state.md).

Hypothesis draws a world's seed; the world is a few hundred cases in two prisons lived for
400 consecutive days: people arrive, sentences are recalculated, people are recalled, moved and
released, a POM is allocated, an OASys is completed, a prison changes its policy, all through
the services, on random days. Every night the incremental sweep runs; then a full sweep must
find nothing to change: the same stored answer (and the same `next_change_on`) for every case,
and the same tasks with the same flags.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

import time_machine
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from cases import extensions
from cases.audit import ChangeSource
from cases.models import Allocation, CaseState, Prison, Prisoner, PrisonPolicy, Role
from cases.rules import LONDON, answer_of, next_change_on
from cases.selectors import evaluate_each
from cases.services import facts, prison_policy_update
from screening import services
from tests.factories import PrisonFactory, staff

START = dt.date(2026, 1, 5)
DAYS = 400
CASES = 120
# The stored explanations are as of the day evaluated (a few name that day): not compared.
STATE_COLUMNS = tuple(
    f.attname
    for f in CaseState._meta.concrete_fields
    if f.attname not in ("evaluated_on", "explanations")
)


def _maybe(rng: random.Random, value: dt.date, chance: float = 0.5) -> dt.date | None:
    return value if rng.random() < chance else None


def _sentence(rng: random.Random, today: dt.date) -> facts.SentenceFacts:
    """A sentence that started up to two years ago, with release dates from past to far off."""
    start = today - dt.timedelta(days=rng.randint(0, 730))
    release = today + dt.timedelta(days=rng.randint(-60, 1500))
    release = max(release, start + dt.timedelta(days=30))
    indeterminate = rng.random() < 0.12
    dates: dict[str, dt.date | None] = dict.fromkeys(
        ("conditional_release_date", "parole_eligibility_date", "tariff_date",
         "target_hearing_date", "home_detention_curfew_eligibility_date")
    )  # fmt: skip
    dates["sentence_expiry_date"] = release + dt.timedelta(days=900)
    if indeterminate:
        dates["tariff_date"] = release
        dates["target_hearing_date"] = _maybe(rng, release + dt.timedelta(days=rng.randint(0, 90)))
        dates["sentence_expiry_date"] = None
    else:
        dates["conditional_release_date"] = release
        dates["parole_eligibility_date"] = _maybe(rng, release - dt.timedelta(days=300), 0.3)
        hdced = release - dt.timedelta(days=rng.randint(30, 120))
        dates["home_detention_curfew_eligibility_date"] = _maybe(rng, hdced, 0.3)
    # The record never dates a release before the sentence began.
    dates = {name: day if day is None or day >= start else None for name, day in dates.items()}
    return facts.SentenceFacts(start, indeterminate=indeterminate, dates=dates)


def _arrival(rng: random.Random, number: str, today: dt.date) -> facts.Arrival:
    # Some arrive at 17 and turn 18 inside the 400 days.
    age_days = rng.choice([rng.randint(17 * 365, 18 * 365), rng.randint(19 * 365, 60 * 365)])
    details = facts.PersonalDetails("Sam", f"Case{number}", today - dt.timedelta(days=age_days))
    status = rng.choice(["sentenced"] * 8 + ["recalled", "remand"])
    at = dt.datetime.combine(today, dt.time(11, 0), tzinfo=LONDON)
    probation = {"tier": rng.choice(["A1", "B2", "C3", "D1"]), "rosh": rng.choice(["low", "high"])}
    sentence = _sentence(rng, today) if status != "remand" else None
    return facts.Arrival(number, details, status, sentence, at, probation=probation)


class World:
    """The prisons, the staff and every event of a day, through the services."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.prisons = [
            PrisonFactory(code=code, name=f"HMP {code}", function=function)
            for code, function in (("AAA", "reception"), ("BBB", "training"))
        ]
        self.admin = staff("sim_admin", Role.HEAD_OF_OMU, self.prisons[0])
        for prison in self.prisons[1:]:
            staff(f"sim_admin_{prison.code}", Role.HEAD_OF_OMU, prison)
        self.poms = {p.pk: staff(f"sim_pom_{p.code}", Role.PRISON_POM, p) for p in self.prisons}
        self.source = ChangeSource.by(self.admin, "simulation")
        self.numbers = 0

    def held(self) -> list[Prisoner]:
        return list(Prisoner.objects.filter(current_prison__isnull=False).order_by("pk"))

    def arrive(self, today: dt.date) -> None:
        self.numbers += 1
        prison = self.rng.choice(self.prisons)
        number = f"S{self.numbers:04d}SM"
        case = facts.prisoner_arrive(
            prison=prison, arrival=_arrival(self.rng, number, today), source=self.source
        )
        if self.rng.random() < 0.7:
            self.allocate(case, today)

    def allocate(self, case: Prisoner, today: dt.date) -> None:
        at = dt.datetime.combine(today, dt.time(12, 0), tzinfo=LONDON)
        Allocation.objects.update_or_create(
            prisoner=case,
            defaults={"primary_pom": self.poms[case.current_prison_id], "pom_allocated_at": at},
        )
        extensions.case_changed([case.pk])

    def one_day(self, today: dt.date) -> None:
        """Each kind of event happens on a random share of days."""
        rng = self.rng
        at = dt.datetime.combine(today, dt.time(15, 0), tzinfo=LONDON)
        if rng.random() < 0.4:
            self.arrive(today)
        held = self.held()
        if not held:
            return
        if rng.random() < 0.3:
            case = rng.choice(held)
            facts.sentence_update(prisoner=case, facts=_sentence(rng, today), source=self.source)
        if rng.random() < 0.08:
            facts.legal_status_update(
                prisoner=rng.choice(held), legal_status="recalled", source=self.source
            )
        if rng.random() < 0.12:
            facts.prisoner_release(prisoner=rng.choice(held), at=at, source=self.source)
        if rng.random() < 0.1:
            case = rng.choice(held)
            others = [p for p in self.prisons if p.pk != case.current_prison_id]
            facts.prisoner_transfer(
                prisoner=case, to_prison=rng.choice(others), at=at, source=self.source
            )
        if rng.random() < 0.1:
            case = rng.choice(self.held())
            if not Allocation.objects.filter(prisoner=case, primary_pom__isnull=False).exists():
                self.allocate(case, today)
        if rng.random() < 0.1:
            services.oasys_record(
                prisoner=rng.choice(self.held()),
                acting_user=self.admin,
                kind="review",
                completed_on=today - dt.timedelta(days=rng.randint(0, 20)),
                now=at,
            )
        if rng.random() < 0.03:
            self.change_policy(rng.choice(self.prisons))

    def change_policy(self, prison: Prison) -> None:
        rng = self.rng
        changes = rng.choice(
            [
                {"community_case_months": rng.choice([8, 10, 12])},
                {"handover_months": rng.choice([10, 12, 14])},
                {"pom_contact_other_months": rng.choice([1, 2, 3])},
                {"due_soon_days": rng.choice([3, 7, 14])},
            ]
        )
        prison_policy_update(
            prison=prison,
            acting_user=self.admin,
            changes=changes,
            reason="simulation",
            expected_version=PrisonPolicy.objects.get(prison=prison).version,
        )


def _stored_states() -> dict[int, dict[str, Any]]:
    return {row["prisoner_id"]: row for row in CaseState.objects.values(*STATE_COLUMNS)}


def _full_answers(today: dt.date) -> dict[int, dict[str, Any]]:
    """What a full re-evaluation would store for every case today."""
    return {
        e.prisoner_id: {
            "prisoner_id": e.prisoner_id,
            "prison_id": e.prison_id,
            "stale": False,
            "next_change_on": next_change_on(e.facts, e.policy, e.evaluation),
            **answer_of(e.evaluation),
        }
        for e in evaluate_each(Prisoner.objects.all(), today=today)
    }


def _check_equals_full(night: dt.datetime) -> None:
    """A full sweep now would change nothing: every stored answer is what the engine gives
    today, and no task would be created, re-dated, closed or flagged differently."""
    stored, full = _stored_states(), _full_answers(night.date())
    wrong = [
        (pk, stored.get(pk), answer) for pk, answer in full.items() if stored.get(pk) != answer
    ]
    assert not wrong, (night.date(), wrong[:2])
    plan = services.tasks_plan(full, now=night)
    assert (plan.create, plan.redate, plan.close) == ([], [], []), (night.date(), plan)
    for prison in Prison.objects.select_related("policy"):  # as changed today
        assert services.flags_wrong(prison=prison, now=night) == services.Flags(), night.date()


def _live(world: World, capture: Callable, days: int) -> None:
    for offset in range(days):
        today = START + dt.timedelta(days=offset)
        daytime = dt.datetime.combine(today, dt.time(10, 0), tzinfo=LONDON)
        with (
            time_machine.travel(daytime, tick=False),
            capture(execute=True),
            extensions.changes_batched(),
        ):
            world.one_day(today)
        night = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(1, 0), tzinfo=LONDON)
        with time_machine.travel(night, tick=False):
            services.sweep_overdue(now=night)
            _check_equals_full(night)


@settings(
    max_examples=1,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # a world is a seed: nothing to shrink
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_the_incremental_sweep_leaves_what_a_full_one_would(
    db: None, django_capture_on_commit_callbacks: Callable, seed: int
) -> None:
    rng = random.Random(seed)
    with transaction.atomic():
        first = dt.datetime.combine(START - dt.timedelta(days=1), dt.time(9), tzinfo=LONDON)
        with (
            time_machine.travel(first, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            world = World(rng)
            with extensions.changes_batched():
                for _ in range(CASES):
                    world.arrive(first.date())
        _live(world, django_capture_on_commit_callbacks, DAYS)
        assert Prisoner.objects.count() >= CASES
        transaction.set_rollback(True)  # the next example starts from an empty world
