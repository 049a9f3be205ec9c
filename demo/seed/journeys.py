"""Where each stage of the journey leaves one demo prisoner: legal status, arrival, sentence
dates. One function per stage (`JOURNEYS`); each draws from the prisoner's random stream in a
fixed order, so the same seed gives the same prisoner.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from cases.models import Movement, Prison, Prisoner
from demo.seed.calendar import add_months, at, days
from demo.seed.prisons import PrisonSpec
from demo.seed.sentences import arrival_date, determinate, fit_start, long_enough, with_hdc
from demo.seed.specs import MovementSpec, PrisonerSpec


@dataclass(frozen=True)
class Start:
    """One prisoner being built: its random stream, the spec so far, where and when."""

    rng: random.Random
    spec: PrisonerSpec
    prison: PrisonSpec
    today: dt.date
    first_of_stage: bool  # the prison's first prisoner at this stage


@dataclass
class Journey:
    """What a stage decided beyond the spec's own fields."""

    arrival_day: dt.date | None = None
    arrival_reason: str = "Received from court"
    dates: dict[str, object] = field(default_factory=dict)
    description: str = "determinate"  # "determinate": described from the dates
    in_scope: bool = True


def _just_arrived(s: Start) -> Journey:
    # Arrived between 20:00 yesterday and midnight: inside the last 24 hours for most of the
    # day, while two runs on the same day still give the same rows. The first one arrives at
    # midnight itself, so there is always someone who arrived in the last 24 hours.
    minutes = 0 if s.first_of_stage else s.rng.randint(0, 240)
    s.spec.arrival = at(s.today, 0) - dt.timedelta(minutes=minutes)
    months = s.rng.choice((6, 8, 12, 18, 24, 30, 36, 48, 60))
    dates = determinate(s.spec.arrival.date(), months)
    with_hdc(s.rng, dates, months)
    s.spec.queue = True
    return Journey(dates=dates)


def _bcs_overdue(s: Start) -> Journey:
    arrival_day = s.today - days(s.rng.randint(4, 9))
    months = s.rng.choice((12, 18, 24, 36, 48, 72, 96))
    dates = determinate(arrival_day - days(s.rng.choice((0, 0, 1))), months)
    with_hdc(s.rng, dates, months)
    s.spec.queue = s.rng.random() < 0.6
    return Journey(arrival_day=arrival_day, dates=dates)


def _awaiting_calculation(s: Start) -> Journey:
    arrival_day = s.today - days(s.rng.randint(1, 12))
    return Journey(
        arrival_day=arrival_day,
        dates={"sentence_start_date": arrival_day},
        description="Determinate, awaiting sentence calculation",
        in_scope=False,  # no release date yet (docs/rules.md#scope)
    )


_UNSENTENCED = {
    "remand": Prisoner.LegalStatus.REMAND,
    "convicted_unsentenced": Prisoner.LegalStatus.CONVICTED_UNSENTENCED,
    "civil": Prisoner.LegalStatus.CIVIL,
}


def _unsentenced(s: Start) -> Journey:
    stage = s.spec.stage
    s.spec.legal_status = _UNSENTENCED[stage]
    arrival_day = s.today - days(s.rng.randint(1, {"remand": 200, "civil": 40}.get(stage, 120)))
    reason = "Remanded by the court" if stage == "remand" else "Received from court"
    return Journey(arrival_day=arrival_day, arrival_reason=reason, in_scope=False)


def _immigration(s: Start) -> Journey:
    s.spec.legal_status = Prisoner.LegalStatus.IMMIGRATION_DETAINEE
    return Journey(
        arrival_day=s.today - days(s.rng.randint(10, 300)),
        arrival_reason="Detained under immigration powers",
    )


def _community(s: Start) -> Journey:
    months = s.rng.choice((6, 8, 10, 12, 14, 16, 18))
    # Released half way, at least a week from now, at most 10 months after sentence.
    served = s.rng.randint(0, max(0, (months * 30) // 2 - 10))
    start = s.today - days(served)
    dates = determinate(start, months)
    with_hdc(s.rng, dates, months)
    arrival_day = arrival_date(s.rng, s.today, start, Prison.Function.RECEPTION)
    return Journey(arrival_day=arrival_day, dates=dates)


def _release_for(s: Start) -> dt.date:
    """The release date of a long determinate case at its stage."""
    rng, today = s.rng, s.today
    if s.spec.stage == "custody":
        return add_months(today, 11) + days(rng.randint(0, 8 * 365))
    if s.spec.stage == "approaching_handover":
        # Handover (CRD - 8 months 14 days) falls in the next 1 to 8 weeks.
        return add_months(today, 8) + days(rng.randint(15, 70))
    if s.spec.stage == "past_handover":
        return today + days(rng.randint(60, 210))
    release = add_months(today, 13) + days(rng.randint(0, 120))
    s.spec.early_allocation = True
    s.spec.tier = f"A{rng.randint(1, 3)}"
    s.spec.rosh = "very_high"
    s.spec.mappa_level = 3
    return release


def _pin_release(dates: dict[str, object], release: dt.date) -> None:
    """The CRD at `release`, but never after the sentence's end."""
    expiry = dates["sentence_expiry_date"]
    assert isinstance(expiry, dt.date)
    dates["conditional_release_date"] = min(release, expiry)


def _determinate_custody(s: Start) -> Journey:
    """Custody, approaching or past handover, or early allocation."""
    rng, today = s.rng, s.today
    release = _release_for(s)
    fraction = rng.choice((0.5, 0.5, 0.5, 2 / 3))
    months = long_enough(
        rng.choice((30, 36, 48, 60, 72, 84, 96, 120, 144, 180)), today, release, fraction
    )
    start = fit_start(today, release, months, fraction)
    dates = determinate(start, months, release_fraction=fraction)
    # The computed CRD lands near `release`; pin it there while keeping it inside the sentence.
    _pin_release(dates, release)
    with_hdc(rng, dates, months)
    return Journey(arrival_day=arrival_date(rng, today, start, s.prison.function), dates=dates)


def _missing_info(s: Start) -> Journey:
    rng, today = s.rng, s.today
    release = add_months(today, 12) + days(rng.randint(0, 4 * 365))
    months = long_enough(rng.choice((36, 48, 60, 72, 96)), today, release, 0.5)
    start = fit_start(today, release, months, 0.5)
    dates = determinate(start, months)
    _pin_release(dates, release)
    arrival_day = arrival_date(rng, today, start, s.prison.function)
    s.spec.tier, s.spec.rosh, s.spec.mappa_level = "", "", None
    s.spec.queue = True
    return Journey(arrival_day=arrival_day, dates=dates)


def _parole(s: Start) -> Journey:
    # Extended determinate sentence: PED at two thirds of the custodial term, CRD at its end.
    rng, today = s.rng, s.today
    ped = today + days(rng.randint(60, 4 * 365))
    custodial = long_enough(rng.choice((48, 60, 72, 96, 120, 144)), today, ped, 2 / 3)
    extension = rng.choice((12, 24, 36, 48, 60))
    start = fit_start(today, ped, custodial, 2 / 3)
    crd = add_months(start, custodial)
    expiry = add_months(crd, extension)
    dates: dict[str, object] = {
        "sentence_start_date": start,
        "parole_eligibility_date": max(ped, start),
        "conditional_release_date": crd,
        "sentence_expiry_date": expiry,
        "licence_expiry_date": expiry,
    }
    description = f"Extended determinate, {custodial // 12} years custody + {extension} months"
    arrival_day = arrival_date(rng, today, start, s.prison.function)
    if s.spec.rosh in ("low", ""):
        s.spec.rosh = "high"
    return Journey(arrival_day=arrival_day, dates=dates, description=description)


def _indeterminate(s: Start) -> Journey:
    rng, today, spec = s.rng, s.today, s.spec
    years_in = rng.randint(2, 22)
    start = add_months(today, -12 * years_in) - days(rng.randint(0, 300))
    tariff_years = rng.randint(4, 26)
    ted = add_months(start, 12 * tariff_years)
    dates: dict[str, object] = {
        "sentence_start_date": start,
        "tariff_date": ted,
        "indeterminate": True,
    }
    if ted <= today:
        # Tariff served: the next parole hearing is what matters.
        dates["target_hearing_date"] = today + days(rng.randint(30, 30 * 20))
    description = rng.choice(("Life sentence", "Life sentence", "IPP"))
    arrival_day = arrival_date(rng, today, start, s.prison.function)
    womens = s.prison.function == Prison.Function.WOMENS
    if s.prison.function == Prison.Function.OPEN or (womens and rng.random() < 0.3):
        spec.open_conditions_since = min(today - days(1), arrival_day + days(rng.randint(0, 200)))
    dates["further_indeterminate_sentence"] = rng.random() < 0.03
    if spec.rosh in ("low", ""):
        spec.rosh = "medium" if rng.random() < 0.5 else "high"
    return Journey(arrival_day=arrival_day, dates=dates, description=description)


def _recall(s: Start) -> Journey:
    rng, today = s.rng, s.today
    s.spec.legal_status = Prisoner.LegalStatus.RECALLED
    journey = Journey(
        arrival_day=today - days(rng.randint(3, 200)), arrival_reason="Recalled to custody"
    )
    if rng.random() < 0.12:
        # A life licensee recalled: indeterminate, next hearing date set.
        start = add_months(today, -12 * rng.randint(12, 30))
        journey.dates = {
            "sentence_start_date": start,
            "indeterminate": True,
            "tariff_date": add_months(start, 12 * rng.randint(5, 11)),
            "target_hearing_date": today + days(rng.randint(90, 600)),
        }
        journey.description = "Life sentence, recalled"
    else:
        _determinate_recall(s, journey)
    return journey


def _determinate_recall(s: Start, journey: Journey) -> None:
    """Released at half way before the recall, back in with some sentence left."""
    rng, today = s.rng, s.today
    assert journey.arrival_day is not None
    months = rng.choice((24, 36, 48, 60, 72, 96))
    expiry = today + days(rng.randint(120, (months * 30) // 2 - 30))
    start = add_months(expiry, -months)
    dates = determinate(start, months)
    crd = dates["conditional_release_date"]
    assert isinstance(crd, dt.date)
    if crd >= journey.arrival_day:
        crd = journey.arrival_day - days(rng.randint(30, 120))
    dates["conditional_release_date"] = max(start, crd)
    prrd = today + days(rng.randint(20, 330))
    dates["post_recall_release_date"] = min(prrd, expiry)
    journey.dates = dates
    journey.description = f"Determinate, {months // 12} years, standard recall"


def _released(s: Start) -> Journey:
    rng, today, spec = s.rng, s.today, s.spec
    release_day = today - days(rng.randint(1, 150))
    months = rng.choice((12, 18, 24, 36, 48, 60))
    start = fit_start(today, release_day, months, 0.5)
    dates = determinate(start, months)
    dates["conditional_release_date"] = release_day
    arrival_day = arrival_date(rng, release_day + days(1), start, s.prison.function)
    spec.prison = None
    spec.location = ""
    spec.movements.append(
        MovementSpec(
            kind=Movement.Kind.RELEASE,
            occurred_at=at(release_day, rng.randint(8, 11), rng.choice((0, 15, 30, 45))),
            from_prison=s.prison.code,
            reason="Conditional release",
        )
    )
    return Journey(arrival_day=arrival_day, dates=dates, in_scope=False)


JOURNEYS: dict[str, Callable[[Start], Journey]] = {
    "just_arrived": _just_arrived,
    "bcs_overdue": _bcs_overdue,
    "awaiting_calculation": _awaiting_calculation,
    "remand": _unsentenced,
    "convicted_unsentenced": _unsentenced,
    "civil": _unsentenced,
    "community": _community,
    "custody": _determinate_custody,
    "parole": _parole,
    "indeterminate": _indeterminate,
    "recall": _recall,
    "immigration": _immigration,
    "approaching_handover": _determinate_custody,
    "past_handover": _determinate_custody,
    "early_allocation": _determinate_custody,
    "missing_info": _missing_info,
    "released": _released,
}
