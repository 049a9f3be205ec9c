"""One demo prisoner at a stage of the journey: name, risk, arrival, sentence, and what the
allocation step needs to know. Every date is relative to `today` and valid for
`Sentence.clean()`."""

from __future__ import annotations

import datetime as dt
import random

from cases.models import Movement, Prison, Prisoner
from demo.seed.calendar import add_months, at, days
from demo.seed.journeys import JOURNEYS, Journey, Start
from demo.seed.names import FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES, WINGS
from demo.seed.omic import HANDOVER_UPCOMING_DAYS, com_is_responsible, handover_date, pom_type
from demo.seed.prisons import PrisonSpec
from demo.seed.sentences import sentence_description
from demo.seed.specs import MovementSpec, PrisonerSpec


def _risk(rng: random.Random, spec: PrisonerSpec) -> None:
    letter = rng.choices("ABCD", weights=(6, 30, 40, 24))[0]
    spec.tier = f"{letter}{rng.randint(0, 3)}"
    rosh_by_tier = {
        "A": (("high", 55), ("very_high", 45)),
        "B": (("medium", 40), ("high", 55), ("very_high", 5)),
        "C": (("low", 45), ("medium", 55)),
        "D": (("low", 80), ("medium", 20)),
    }[letter]
    spec.rosh = rng.choices([r for r, _ in rosh_by_tier], weights=[w for _, w in rosh_by_tier])[0]
    if letter == "A":
        spec.mappa_level = rng.choice((1, 2, 2, 3))
    elif letter == "B":
        spec.mappa_level = rng.choice((None, None, 0, 1, 1, 2))
    else:
        spec.mappa_level = rng.choice((None, None, None, 0))
    # Some records are incomplete: one of the two missing is common, both is the "missing" stage.
    roll = rng.random()
    if roll < 0.04:
        spec.tier = ""
    elif roll < 0.07:
        spec.rosh = ""


def _crn(rng: random.Random) -> str:
    return f"{rng.choice('ABCDEFGHJKLMNPRSTVWX')}{rng.randint(100000, 999999)}"


def _date_of_birth(rng: random.Random, today: dt.date, function: str) -> dt.date:
    if function == Prison.Function.YOUNG_OFFENDER:
        age = rng.randint(18, 20)
    else:
        age = min(78, max(18, int(rng.triangular(18, 75, 29))))
    # The day after the birthday `age` years ago, minus up to a year: always `age` years old.
    birthday = add_months(today, -12 * age)
    return birthday - days(rng.randint(1, 364))


def build_prisoner(
    rng: random.Random,
    *,
    stage: str,
    prison: PrisonSpec,
    today: dt.date,
    number: str,
    first_stage_of_kind: bool,
) -> PrisonerSpec:
    """One prisoner at `stage`; every date relative to `today` and valid for Sentence.clean()."""
    spec = _person(rng, stage=stage, prison=prison, today=today, number=number)
    journey = JOURNEYS[stage](Start(rng, spec, prison, today, first_stage_of_kind))
    _arrive(rng, spec, prison, journey)
    if journey.dates:
        description = journey.description
        if description == "determinate":
            description = sentence_description(journey.dates, description)
        spec.sentence = {"description": description, **journey.dates}
    _case(rng, spec, prison, today, in_scope=journey.in_scope)
    return spec


def _person(
    rng: random.Random, *, stage: str, prison: PrisonSpec, today: dt.date, number: str
) -> PrisonerSpec:
    """Who they are, where they are held, and their risk; sentenced until the stage says."""
    womens = prison.function == Prison.Function.WOMENS
    first_names = FEMALE_FIRST_NAMES if womens else MALE_FIRST_NAMES
    spec = PrisonerSpec(
        stage=stage,
        prison_number=number,
        first_name=rng.choice(first_names),
        last_name=rng.choice(LAST_NAMES),
        date_of_birth=_date_of_birth(rng, today, prison.function),
        legal_status=Prisoner.LegalStatus.SENTENCED,
        prison=prison.code,
        home_prison=prison.code,
        arrival=at(today, 0),
        location=f"{rng.choice(WINGS[:6])}-{rng.randint(1, 4)}-{rng.randint(1, 40):03d}",
    )
    if womens:
        spec.complexity_of_need = rng.choices(("low", "medium", "high"), weights=(5, 3, 2))[0]
    _risk(rng, spec)
    return spec


def _arrive(rng: random.Random, spec: PrisonerSpec, prison: PrisonSpec, journey: Journey) -> None:
    """The admission to this prison, first of the prisoner's movements."""
    if journey.arrival_day is not None:
        hour = rng.randint(9, 20)
        spec.arrival = at(journey.arrival_day, hour, rng.choice((0, 10, 20, 30, 40, 50)))
    spec.movements.insert(
        0,
        MovementSpec(
            kind=Movement.Kind.ADMISSION,
            occurred_at=spec.arrival,
            to_prison=prison.code,
            reason=journey.arrival_reason,
        ),
    )


def _case(
    rng: random.Random, spec: PrisonerSpec, prison: PrisonSpec, today: dt.date, *, in_scope: bool
) -> None:
    """Case type, CRN, and what the allocation step needs: a COM, the POM type, the queue."""
    # Legacy NPS/CRC case type, as older records carry it.
    if spec.sentence is not None and rng.random() < 0.2:
        spec.case_allocation = "NPS" if spec.tier[:1] in ("A", "B") else "CRC"
    handover = handover_date(spec, prison, today) if in_scope else None
    com_responsible = in_scope and com_is_responsible(spec, today, handover)
    # CRN: known for most in-scope cases, always when a COM is involved.
    if in_scope and (com_responsible or rng.random() < 0.8) or rng.random() < 0.15:
        spec.crn = _crn(rng)
    if not in_scope:
        return
    # A COM is named once responsible, in the weeks before handover, or (indeterminate) once
    # in open conditions, when the COM starts supporting (docs/rules.md#responsibility-and-handover).
    spec.needs_com = (
        com_responsible
        or (handover is not None and handover <= today + days(HANDOVER_UPCOMING_DAYS))
        or (handover is not None and spec.open_conditions_since is not None)
    )
    spec.pom_type = pom_type(spec, prison, today, com_responsible=com_responsible)
    if spec.pom_type is None:
        spec.queue = True
