"""Demo data for `manage.py seed_demo`: prisons, staff, demo logins and prisoners at every stage.

Two halves:

- `build_plan()` is pure: from a seed, sizes and today's date it returns plain dataclasses
  describing every row. It never reads the clock, the database or the global `random`, so the
  same inputs give the same plan (interfaces.md: "Same seed, same data").
- `seed_demo()` deletes the previous demo data (demo prisons, everything attached to them, demo
  users) and writes the plan with `bulk_create`, inside one transaction.

Demo data is recognised by the prison codes this module generates (`demo_prison_codes()`) and
by usernames (`DEMO_USERNAMES`, plus `demo-` for generated staff). Nothing else is touched,
except that rows of other data pointing at demo rows are detached first (see `delete_demo_data`).
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cases.models import (
    Allocation,
    Movement,
    Prison,
    Prisoner,
    PrisonPolicy,
    Role,
    Sentence,
    Session,
    StaffMember,
    StaffRole,
)
from cases.services import roles_sync

LONDON = ZoneInfo("Europe/London")
DEMO_PASSWORD = "omu-demo"  # noqa: S105 - a published demo password, refused without DEBUG
STAFF_PREFIX = "demo-"

# The fixed demo logins (interfaces.md "Demo data and users"). pom2 works at the second prison.
DEMO_USERS: tuple[tuple[str, str, str], ...] = (
    ("pom", "Jordan", "Hughes"),
    ("ppom", "Aisha", "Rahman"),
    ("spo", "Margaret", "O'Connell"),
    ("caseadmin", "Daniel", "Kowalski"),
    ("keyworker", "Kwame", "Mensah"),
    ("com", "Rhiannon", "Davies"),
    ("pom2", "Siobhan", "Byrne"),
)
DEMO_USERNAMES: tuple[str, ...] = tuple(username for username, _, _ in DEMO_USERS)


# --------------------------------------------------------------------------------------------
# Prisons


@dataclass(frozen=True)
class PrisonSpec:
    code: str
    name: str
    function: str
    omu_model: str = Prison.OmuModel.STANDARD
    country: str = Prison.Country.ENGLAND
    handover_rule: str = PrisonPolicy.HandoverRule.NATIONAL


# The first prison is LEI (interfaces.md); the others show each function and OMU model.
NAMED_PRISONS: tuple[PrisonSpec, ...] = (
    PrisonSpec("LEI", "Leeds", Prison.Function.RECEPTION),
    PrisonSpec("TSI", "Thameside", Prison.Function.TRAINING, Prison.OmuModel.THIRD_SECTOR),
    PrisonSpec("NSI", "North Sea Camp", Prison.Function.OPEN),
    PrisonSpec(
        "NHI",
        "New Hall",
        Prison.Function.WOMENS,
        handover_rule=PrisonPolicy.HandoverRule.LEGACY,
    ),
    PrisonSpec("FSI", "Full Sutton", Prison.Function.HIGH_SECURITY),
    PrisonSpec("HMI", "Humber", Prison.Function.RESETTLEMENT),
    PrisonSpec("AYI", "Aylesbury", Prison.Function.YOUNG_OFFENDER),
    PrisonSpec(
        "CFI",
        "Cardiff",
        Prison.Function.RECEPTION,
        country=Prison.Country.WALES,
        handover_rule=PrisonPolicy.HandoverRule.SINGLE_POINT,
    ),
)
# Generated prisons beyond the named ones get codes ZAA, ZAB, ... (no real prison uses a Z code).
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_GENERATED_CODES = tuple(f"Z{a}{b}" for a in _LETTERS for b in _LETTERS)
MAX_PRISONS = len(NAMED_PRISONS) + len(_GENERATED_CODES)
# fmt: off
_PLACES = (
    "Ashcombe", "Bramley Moor", "Calder Vale", "Denholme", "Eastwick", "Fenwick Park",
    "Glenmoor", "Harrowden", "Ingleby", "Kestrel Heath", "Longmire", "Marsden Fold",
    "Northolt Grange", "Oakhurst", "Pennington", "Ravensworth", "Stanbridge", "Thornbury Fields",
    "Upperby", "Westerleigh",
)
# fmt: on
_FUNCTION_CYCLE = (
    Prison.Function.TRAINING,
    Prison.Function.RECEPTION,
    Prison.Function.RESETTLEMENT,
    Prison.Function.OPEN,
    Prison.Function.WOMENS,
    Prison.Function.HIGH_SECURITY,
    Prison.Function.YOUNG_OFFENDER,
)


def demo_prison_codes() -> tuple[str, ...]:
    """Every code `seed_demo` can create, whatever its options: how old demo prisons are found."""
    return tuple(p.code for p in NAMED_PRISONS) + _GENERATED_CODES


def demo_prisons(count: int) -> list[PrisonSpec]:
    if not 1 <= count <= MAX_PRISONS:
        raise ValueError(f"The number of prisons must be between 1 and {MAX_PRISONS}.")
    specs = list(NAMED_PRISONS[:count])
    for index in range(count - len(specs)):
        place = _PLACES[index % len(_PLACES)]
        round_ = index // len(_PLACES)
        specs.append(
            PrisonSpec(
                code=_GENERATED_CODES[index],
                name=place if round_ == 0 else f"{place} {round_ + 1}",
                function=_FUNCTION_CYCLE[index % len(_FUNCTION_CYCLE)],
                omu_model=(
                    Prison.OmuModel.THIRD_SECTOR if index % 5 == 4 else Prison.OmuModel.STANDARD
                ),
            )
        )
    return specs


# --------------------------------------------------------------------------------------------
# Names: varied, British and Irish and the many other backgrounds found in English prisons.

# fmt: off
MALE_FIRST_NAMES = (
    "James", "Oliver", "Jack", "Harry", "George", "Thomas", "William", "Daniel", "Liam",
    "Connor", "Callum", "Kieran", "Ryan", "Lewis", "Jamie", "Aaron", "Dylan", "Owen", "Rhys",
    "Gareth", "Dafydd", "Sean", "Patrick", "Cian", "Declan", "Eoin", "Niall", "Padraig",
    "Ciaran", "Mohammed", "Ahmed", "Imran", "Tariq", "Bilal", "Hamza", "Yusuf", "Raj", "Sanjay",
    "Arjun", "Gurpreet", "Harjit", "Kofi", "Kwabena", "Chinedu", "Emeka", "Tunde", "Olumide",
    "Abdi", "Mohamed", "Hassan", "Delroy", "Leon", "Marcus", "Tyrone", "Andre", "Winston",
    "Piotr", "Tomasz", "Marek", "Andrei", "Bogdan", "Florin", "Darius", "Lukas", "Mehmet",
    "Emre", "Dritan", "Arben", "Kai", "Wei", "Minh", "Jose", "Luis", "Stuart", "Craig",
    "Darren", "Wayne", "Lee", "Carl", "Gary", "Mark", "Paul", "Steven", "Christopher",
    "Michael", "David", "John", "Anthony", "Joshua", "Nathan", "Kyle", "Bradley", "Reece",
    "Tyler", "Jordan", "Mason", "Ethan", "Alfie", "Charlie", "Samuel", "Benjamin", "Ibrahim",
    "Omar", "Zain", "Ravi", "Vikram", "Yaw", "Kwame", "Jermaine", "Ashley", "Dean", "Shane",
)
FEMALE_FIRST_NAMES = (
    "Sarah", "Emma", "Laura", "Rebecca", "Hannah", "Jessica", "Chloe", "Amy", "Charlotte",
    "Sophie", "Lauren", "Gemma", "Kelly", "Stacey", "Leanne", "Danielle", "Nicola", "Michelle",
    "Claire", "Joanne", "Donna", "Tracey", "Siobhan", "Aoife", "Niamh", "Orla", "Ciara",
    "Roisin", "Sinead", "Bethan", "Cerys", "Ffion", "Seren", "Aisha", "Fatima", "Amira",
    "Zainab", "Samira", "Priya", "Sunita", "Harpreet", "Simran", "Anjali", "Ama", "Abena",
    "Ngozi", "Chioma", "Funmi", "Sade", "Halima", "Marcia", "Paulette", "Shanice", "Tanisha",
    "Keisha", "Agnieszka", "Katarzyna", "Magdalena", "Ioana", "Elena", "Daria", "Ayse",
    "Mei", "Lan", "Maria", "Ana", "Jade", "Kayleigh", "Courtney", "Natalie", "Victoria",
    "Stephanie", "Zoe", "Leah", "Megan", "Ellie", "Lucy", "Molly", "Paige", "Shannon",
)
LAST_NAMES = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
    "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood",
    "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King",
    "Baker", "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis",
    "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter",
    "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards",
    "Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Singh", "Begum", "Wilkinson",
    "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Ali", "Hunt", "Hussain",
    "Campbell", "Matthews", "Owen", "Palmer", "Holmes", "Mills", "Barnes", "Knight", "Lloyd",
    "Butler", "Russell", "Barker", "Fisher", "Stevens", "Jenkins", "Dixon", "Fletcher",
    "O'Brien", "O'Sullivan", "Byrne", "Ryan", "Walsh", "O'Connor", "McCarthy", "Doyle",
    "Gallagher", "Quinn", "Kavanagh", "Brennan", "Flanagan", "McLaughlin", "Nolan",
    "Ahmed", "Rahman", "Iqbal", "Malik", "Chaudhry", "Mahmood", "Akhtar", "Shah", "Sharma",
    "Gill", "Sandhu", "Dhillon", "Kaur", "Mistry", "Chauhan", "Okafor", "Adeyemi", "Okonkwo",
    "Mensah", "Owusu", "Asante", "Boateng", "Adebayo", "Oluwole", "Mohamud", "Warsame",
    "Farah", "Campbell-Brown", "Francis", "Grant", "Reid", "Gordon", "Samuels", "Nowak",
    "Kowalski", "Wisniewski", "Popescu", "Ionescu", "Petrov", "Kaya", "Yilmaz", "Hoxha",
    "Krasniqi", "Nguyen", "Tran", "Chen", "Wang", "Li", "Silva", "Santos", "Fernandes",
    "Da Costa", "McKenzie", "Fraser", "Stewart", "MacDonald", "Robertson", "Pritchard",
    "Llewellyn", "Bowen", "Vaughan", "Rees", "Powell-Jones",
)
# fmt: on
_WINGS = "ABCDEFGHJK"

# Probation delivery units and their teams, for the COM fields of allocations.
# fmt: off
_PDUS = (
    "Leeds", "Bradford and Calderdale", "Wakefield", "Sheffield", "Hull and East Riding",
    "Manchester North", "Liverpool North", "Birmingham Central", "Lambeth", "Southwark",
    "Croydon", "Cardiff and Vale", "Swansea, Neath and Port Talbot", "Lincolnshire East",
    "Newcastle upon Tyne", "Bristol and South Gloucestershire",
)
_TEAM_WORDS = ("North", "South", "East", "West", "Central", "City")
# fmt: on


# --------------------------------------------------------------------------------------------
# Plan: plain data describing every row


@dataclass
class StaffSpec:
    username: str
    first_name: str
    last_name: str
    grade: str
    roles: list[tuple[str, str]]  # (prison code, role)
    working_hours: float = 37.5
    is_new_pom: bool = False
    status: str = StaffMember.Status.ACTIVE
    return_date: dt.date | None = None

    @property
    def email(self) -> str:
        return f"{self.username}@demo.example.gov.uk"

    @property
    def capacity(self) -> float:
        """Cases before this POM is full (omic-rules.md section 3, national defaults)."""
        if self.is_new_pom:
            return 8.0
        return 42.0 * self.working_hours / 37.5


@dataclass
class MovementSpec:
    kind: str
    occurred_at: dt.datetime
    from_prison: str | None = None
    to_prison: str | None = None
    reason: str = ""


@dataclass
class AllocationSpec:
    primary_pom: str | None = None
    secondary_pom: str | None = None
    keyworker: str | None = None
    com: str | None = None
    com_name: str = ""
    com_email: str = ""
    com_team: str = ""
    com_pdu: str = ""
    com_allocated_on: dt.date | None = None
    pom_allocated_at: dt.datetime | None = None
    reason: str = ""


@dataclass
class PrisonerSpec:
    stage: str
    prison_number: str
    first_name: str
    last_name: str
    date_of_birth: dt.date
    legal_status: str
    prison: str | None
    home_prison: str  # where they are (or were, if released) held
    arrival: dt.datetime
    location: str = ""
    tier: str = ""
    rosh: str = ""
    mappa_level: int | None = None
    complexity_of_need: str = ""
    crn: str = ""
    case_allocation: str = ""
    early_allocation: bool = False
    open_conditions_since: dt.date | None = None
    sentence: dict[str, object] | None = None
    movements: list[MovementSpec] = field(default_factory=list)
    allocation: AllocationSpec | None = None
    # What the allocation step needs to know (not stored on the prisoner).
    pom_type: str | None = None  # "prison", "probation", "third_sector", "senior_third_sector"
    needs_com: bool = False
    queue: bool = False  # left unallocated on purpose: the allocation queue


@dataclass
class DemoPlan:
    seed: int
    today: dt.date
    prisons: list[PrisonSpec]
    staff: list[StaffSpec]
    prisoners: list[PrisonerSpec]


# --------------------------------------------------------------------------------------------
# Calendar helpers (the rules' own helpers are in cases.rules.dates; these stay local so demo
# data does not change when a rule changes).


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """An aware datetime at a London wall-clock time."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


# --------------------------------------------------------------------------------------------
# Stages of the OMiC journey


STAGES = (
    "just_arrived",  # arrived in the last day: BCS due within 72 hours
    "bcs_overdue",  # arrived 4 or more days ago, BCS not done: overdue
    "awaiting_calculation",  # sentenced, sentence not calculated yet: no release dates
    "remand",  # out of scope
    "convicted_unsentenced",  # out of scope
    "civil",  # out of scope
    "community",  # 10 months or less to serve: COM responsible from the start
    "custody",  # long determinate, handover far away
    "parole",  # determinate with a PED
    "indeterminate",  # life or IPP, with tariff or THD
    "recall",  # recalled, post-recall release date
    "immigration",  # immigration detainee
    "approaching_handover",  # CRD about 8-10 months away: handover in the next weeks
    "past_handover",  # CRD 2-7 months away: COM responsible
    "early_allocation",  # accepted early allocation, high-profile case
    "missing_info",  # no tier and no ROSH: cannot be allocated
    "released",  # no current prison, release movement
)
_BASE_WEIGHTS: dict[str, float] = {
    "just_arrived": 3,
    "bcs_overdue": 3,
    "awaiting_calculation": 2,
    "remand": 8,
    "convicted_unsentenced": 3,
    "civil": 0.5,
    "community": 8,
    "custody": 20,
    "parole": 8,
    "indeterminate": 7,
    "recall": 9,
    "immigration": 2,
    "approaching_handover": 6,
    "past_handover": 7,
    "early_allocation": 1,
    "missing_info": 3,
    "released": 5,
}
_FUNCTION_FACTORS: dict[str, dict[str, float]] = {
    Prison.Function.RECEPTION: {
        "just_arrived": 2,
        "bcs_overdue": 1.5,
        "awaiting_calculation": 2,
        "remand": 2.5,
        "convicted_unsentenced": 2,
        "community": 1.5,
        "indeterminate": 0.5,
    },
    Prison.Function.TRAINING: {
        "remand": 0,
        "convicted_unsentenced": 0,
        "civil": 0,
        "awaiting_calculation": 0,
        "custody": 1.3,
    },
    Prison.Function.RESETTLEMENT: {
        "remand": 0,
        "convicted_unsentenced": 0,
        "civil": 0,
        "awaiting_calculation": 0,
        "approaching_handover": 2,
        "past_handover": 2,
        "released": 1.5,
    },
    Prison.Function.OPEN: {
        "remand": 0,
        "convicted_unsentenced": 0,
        "civil": 0,
        "awaiting_calculation": 0,
        "immigration": 0,
        "missing_info": 0.5,
        "indeterminate": 1.5,
        "approaching_handover": 2,
        "past_handover": 2,
        "released": 1.5,
    },
    Prison.Function.HIGH_SECURITY: {
        "community": 0,
        "civil": 0,
        "awaiting_calculation": 0,
        "remand": 0.5,
        "indeterminate": 3,
        "custody": 1.5,
        "early_allocation": 3,
        "released": 0.3,
    },
    Prison.Function.WOMENS: {"community": 1.5, "indeterminate": 0.5},
    Prison.Function.YOUNG_OFFENDER: {"indeterminate": 0.5, "civil": 0},
}
# Each prison gets these first, so small runs still show every stage the prison has.
_FIRST_STAGES = (
    "just_arrived",
    "bcs_overdue",
    "remand",
    "community",
    "custody",
    "parole",
    "indeterminate",
    "recall",
    "immigration",
    "approaching_handover",
    "past_handover",
    "released",
    "missing_info",
    "convicted_unsentenced",
    "awaiting_calculation",
    "early_allocation",
    "civil",
)


def stage_weights(function: str) -> dict[str, float]:
    factors = _FUNCTION_FACTORS.get(function, {})
    return {stage: _BASE_WEIGHTS[stage] * factors.get(stage, 1.0) for stage in STAGES}


def _stages_for_prison(rng: random.Random, function: str, count: int) -> list[str]:
    weights = stage_weights(function)
    first = [s for s in _FIRST_STAGES if weights[s] > 0]
    names = [s for s in STAGES if weights[s] > 0]
    rest = rng.choices(names, weights=[weights[s] for s in names], k=max(0, count - len(first)))
    return (first + rest)[:count]


# --------------------------------------------------------------------------------------------
# One prisoner


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
    return birthday - _days(rng.randint(1, 364))


def _determinate(
    start: dt.date, length_months: int, *, release_fraction: float = 0.5
) -> dict[str, object]:
    expiry = add_months(start, length_months)
    crd = start + _days(max(1, round((expiry - start).days * release_fraction)))
    return {
        "sentence_start_date": start,
        "conditional_release_date": min(crd, expiry),
        "sentence_expiry_date": expiry,
        "licence_expiry_date": expiry,
    }


def _with_hdc(rng: random.Random, dates: dict[str, object], months: int) -> None:
    """Home detention curfew for sentences of 12 weeks to under 4 years, some of the time."""
    crd = dates["conditional_release_date"]
    start = dates["sentence_start_date"]
    assert isinstance(crd, dt.date) and isinstance(start, dt.date)
    if 3 <= months < 48 and rng.random() < 0.6:
        # HDCED: a quarter of the custodial part before CRD, at most 180 days, at least 28 in.
        lead = min(180, max(14, (crd - start).days // 4))
        hdced = max(start + _days(28), crd - _days(lead))
        if hdced < crd:
            dates["home_detention_curfew_eligibility_date"] = hdced


def _sentence_description(dates: dict[str, object], kind: str) -> str:
    if kind != "determinate":
        return kind
    start = dates["sentence_start_date"]
    expiry = dates["sentence_expiry_date"]
    assert isinstance(start, dt.date) and isinstance(expiry, dt.date)
    months = (expiry.year - start.year) * 12 + expiry.month - start.month
    if months % 12 == 0:
        years = months // 12
        return f"Determinate, {years} year{'s' if years != 1 else ''}"
    return f"Determinate, {months} months"


def _fit_start(today: dt.date, release: dt.date, months: int, fraction: float) -> dt.date:
    """The sentence date for a sentence of `months` released at about `release`."""
    # Custodial part in days, so release = start + fraction * length (roughly).
    length_days = (add_months(release, months) - release).days
    start = release - _days(round(length_days * fraction))
    return min(start, today - _days(1))


def _long_enough(months: int, today: dt.date, release: dt.date, fraction: float) -> int:
    """At least `months`, and long enough that `fraction` of it reaches from today to `release`
    (so the sentence date is in the past), rounded up to whole years."""
    needed = math.ceil((release - today).days / 30.4 / fraction) + 3
    return max(months, math.ceil(needed / 12) * 12)


def _arrival_date(rng: random.Random, today: dt.date, start: dt.date, function: str) -> dt.date:
    """The day the prisoner arrived at this prison, for a sentence that started on `start`."""
    if function in (Prison.Function.RECEPTION, Prison.Function.WOMENS):
        # Usually remanded here first, or arrived from court on sentence day.
        day = start - _days(rng.choice((0, 0, 0, rng.randint(1, 120))))
    else:
        # Transferred in some time after sentence.
        day = start + _days(rng.randint(14, max(15, min(900, (today - start).days))))
    return min(day, today - _days(1))


def _com_fields(rng: random.Random, alloc: AllocationSpec, day: dt.date) -> None:
    first = rng.choice(MALE_FIRST_NAMES + FEMALE_FIRST_NAMES)
    last = rng.choice(LAST_NAMES)
    pdu = rng.choice(_PDUS)
    email_last = "".join(ch for ch in last.lower() if ch.isalpha())
    alloc.com_name = f"{first} {last}"
    alloc.com_email = f"{first.lower()}.{email_last}@probation.example.gov.uk"
    alloc.com_pdu = f"{pdu} PDU"
    alloc.com_team = f"{pdu.split(',')[0].split(' and ')[0]} {rng.choice(_TEAM_WORDS)} Team"
    alloc.com_allocated_on = day


def _build_prisoner(
    rng: random.Random,
    *,
    stage: str,
    prison: PrisonSpec,
    today: dt.date,
    number: str,
    first_stage_of_kind: bool,
) -> PrisonerSpec:
    """One prisoner at `stage`; every date relative to `today` and valid for Sentence.clean()."""
    midnight = _at(today, 0)
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
        arrival=midnight,
        location=f"{rng.choice(_WINGS[:6])}-{rng.randint(1, 4)}-{rng.randint(1, 40):03d}",
    )
    if womens:
        spec.complexity_of_need = rng.choices(("low", "medium", "high"), weights=(5, 3, 2))[0]
    _risk(rng, spec)
    arrival_day: dt.date | None = None
    arrival_reason = "Received from court"
    dates: dict[str, object] = {}
    description = "determinate"
    in_scope = True

    if stage == "just_arrived":
        # Arrived between 20:00 yesterday and midnight: inside the last 24 hours for most of the
        # day, while two runs on the same day still give the same rows. The first one arrives at
        # midnight itself, so there is always someone who arrived in the last 24 hours.
        minutes = 0 if first_stage_of_kind else rng.randint(0, 240)
        spec.arrival = midnight - dt.timedelta(minutes=minutes)
        months = rng.choice((6, 8, 12, 18, 24, 30, 36, 48, 60))
        dates = _determinate(spec.arrival.date(), months)
        _with_hdc(rng, dates, months)
        spec.queue = True
    elif stage == "bcs_overdue":
        arrival_day = today - _days(rng.randint(4, 9))
        months = rng.choice((12, 18, 24, 36, 48, 72, 96))
        dates = _determinate(arrival_day - _days(rng.choice((0, 0, 1))), months)
        _with_hdc(rng, dates, months)
        spec.queue = rng.random() < 0.6
    elif stage == "awaiting_calculation":
        arrival_day = today - _days(rng.randint(1, 12))
        dates = {"sentence_start_date": arrival_day}
        description = "Determinate, awaiting sentence calculation"
        in_scope = False  # no release date yet (omic-rules.md section 2)
    elif stage in ("remand", "convicted_unsentenced", "civil"):
        spec.legal_status = {
            "remand": Prisoner.LegalStatus.REMAND,
            "convicted_unsentenced": Prisoner.LegalStatus.CONVICTED_UNSENTENCED,
            "civil": Prisoner.LegalStatus.CIVIL,
        }[stage]
        arrival_day = today - _days(rng.randint(1, {"remand": 200, "civil": 40}.get(stage, 120)))
        arrival_reason = "Remanded by the court" if stage == "remand" else "Received from court"
        in_scope = False
    elif stage == "immigration":
        spec.legal_status = Prisoner.LegalStatus.IMMIGRATION_DETAINEE
        arrival_day = today - _days(rng.randint(10, 300))
        arrival_reason = "Detained under immigration powers"
    elif stage == "community":
        months = rng.choice((6, 8, 10, 12, 14, 16, 18))
        # Released half way, at least a week from now, at most 10 months after sentence.
        served = rng.randint(0, max(0, (months * 30) // 2 - 10))
        start = today - _days(served)
        dates = _determinate(start, months)
        _with_hdc(rng, dates, months)
        arrival_day = _arrival_date(rng, today, start, Prison.Function.RECEPTION)
    elif stage in ("custody", "approaching_handover", "past_handover", "early_allocation"):
        if stage == "custody":
            release = add_months(today, 11) + _days(rng.randint(0, 8 * 365))
        elif stage == "approaching_handover":
            # Handover (CRD - 8 months 14 days) falls in the next 1 to 8 weeks.
            release = add_months(today, 8) + _days(rng.randint(15, 70))
        elif stage == "past_handover":
            release = today + _days(rng.randint(60, 210))
        else:
            release = add_months(today, 13) + _days(rng.randint(0, 120))
            spec.early_allocation = True
            spec.tier = f"A{rng.randint(1, 3)}"
            spec.rosh = "very_high"
            spec.mappa_level = 3
        fraction = rng.choice((0.5, 0.5, 0.5, 2 / 3))
        months = _long_enough(
            rng.choice((30, 36, 48, 60, 72, 84, 96, 120, 144, 180)), today, release, fraction
        )
        start = _fit_start(today, release, months, fraction)
        dates = _determinate(start, months, release_fraction=fraction)
        # The computed CRD lands near `release`; pin it there while keeping it inside the sentence.
        dates["conditional_release_date"] = min(release, dates["sentence_expiry_date"])
        _with_hdc(rng, dates, months)
        arrival_day = _arrival_date(rng, today, start, prison.function)
    elif stage == "missing_info":
        release = add_months(today, 12) + _days(rng.randint(0, 4 * 365))
        months = _long_enough(rng.choice((36, 48, 60, 72, 96)), today, release, 0.5)
        start = _fit_start(today, release, months, 0.5)
        dates = _determinate(start, months)
        dates["conditional_release_date"] = min(release, dates["sentence_expiry_date"])
        arrival_day = _arrival_date(rng, today, start, prison.function)
        spec.tier, spec.rosh, spec.mappa_level = "", "", None
        spec.queue = True
    elif stage == "parole":
        # Extended determinate sentence: PED at two thirds of the custodial term, CRD at its end.
        ped = today + _days(rng.randint(60, 4 * 365))
        custodial = _long_enough(rng.choice((48, 60, 72, 96, 120, 144)), today, ped, 2 / 3)
        extension = rng.choice((12, 24, 36, 48, 60))
        start = _fit_start(today, ped, custodial, 2 / 3)
        crd = add_months(start, custodial)
        expiry = add_months(crd, extension)
        dates = {
            "sentence_start_date": start,
            "parole_eligibility_date": max(ped, start),
            "conditional_release_date": crd,
            "sentence_expiry_date": expiry,
            "licence_expiry_date": expiry,
        }
        description = f"Extended determinate, {custodial // 12} years custody + {extension} months"
        arrival_day = _arrival_date(rng, today, start, prison.function)
        if spec.rosh in ("low", ""):
            spec.rosh = "high"
    elif stage == "indeterminate":
        years_in = rng.randint(2, 22)
        start = add_months(today, -12 * years_in) - _days(rng.randint(0, 300))
        tariff_years = rng.randint(4, 26)
        ted = add_months(start, 12 * tariff_years)
        dates = {"sentence_start_date": start, "tariff_date": ted, "indeterminate": True}
        if ted <= today:
            # Tariff served: the next parole hearing is what matters.
            dates["target_hearing_date"] = today + _days(rng.randint(30, 30 * 20))
        description = rng.choice(("Life sentence", "Life sentence", "IPP"))
        arrival_day = _arrival_date(rng, today, start, prison.function)
        if prison.function == Prison.Function.OPEN or (womens and rng.random() < 0.3):
            spec.open_conditions_since = min(
                today - _days(1), arrival_day + _days(rng.randint(0, 200))
            )
        dates["further_indeterminate_sentence"] = rng.random() < 0.03
        if spec.rosh in ("low", ""):
            spec.rosh = "medium" if rng.random() < 0.5 else "high"
    elif stage == "recall":
        spec.legal_status = Prisoner.LegalStatus.RECALLED
        arrival_reason = "Recalled to custody"
        arrival_day = today - _days(rng.randint(3, 200))
        if rng.random() < 0.12:
            # A life licensee recalled: indeterminate, next hearing date set.
            start = add_months(today, -12 * rng.randint(12, 30))
            dates = {
                "sentence_start_date": start,
                "indeterminate": True,
                "tariff_date": add_months(start, 12 * rng.randint(5, 11)),
                "target_hearing_date": today + _days(rng.randint(90, 600)),
            }
            description = "Life sentence, recalled"
        else:
            months = rng.choice((24, 36, 48, 60, 72, 96))
            # Released at half way before the recall, back in with some sentence left.
            expiry = today + _days(rng.randint(120, (months * 30) // 2 - 30))
            start = add_months(expiry, -months)
            dates = _determinate(start, months)
            crd = dates["conditional_release_date"]
            assert isinstance(crd, dt.date)
            if crd >= arrival_day:
                dates["conditional_release_date"] = arrival_day - _days(rng.randint(30, 120))
            dates["conditional_release_date"] = max(start, dates["conditional_release_date"])
            prrd = today + _days(rng.randint(20, 330))
            dates["post_recall_release_date"] = min(prrd, expiry)
            description = f"Determinate, {months // 12} years, standard recall"
    elif stage == "released":
        release_day = today - _days(rng.randint(1, 150))
        months = rng.choice((12, 18, 24, 36, 48, 60))
        start = _fit_start(today, release_day, months, 0.5)
        dates = _determinate(start, months)
        dates["conditional_release_date"] = release_day
        arrival_day = _arrival_date(rng, release_day + _days(1), start, prison.function)
        spec.prison = None
        spec.location = ""
        spec.movements.append(
            MovementSpec(
                kind=Movement.Kind.RELEASE,
                occurred_at=_at(release_day, rng.randint(8, 11), rng.choice((0, 15, 30, 45))),
                from_prison=prison.code,
                reason="Conditional release",
            )
        )
        in_scope = False
    else:  # pragma: no cover - STAGES and this function are kept in step
        raise ValueError(stage)

    if arrival_day is not None:
        spec.arrival = _at(arrival_day, rng.randint(9, 20), rng.choice((0, 10, 20, 30, 40, 50)))
    spec.movements.insert(
        0,
        MovementSpec(
            kind=Movement.Kind.ADMISSION,
            occurred_at=spec.arrival,
            to_prison=prison.code,
            reason=arrival_reason,
        ),
    )
    if dates:
        if description == "determinate":
            description = _sentence_description(dates, description)
        spec.sentence = {"description": description, **dates}

    # Legacy NPS/CRC case type, as older records carry it.
    if spec.sentence is not None and rng.random() < 0.2:
        spec.case_allocation = "NPS" if spec.tier[:1] in ("A", "B") else "CRC"
    handover = handover_date(spec, prison, today) if in_scope else None
    com_responsible = in_scope and com_is_responsible(spec, today, handover)
    # CRN: known for most in-scope cases, always when a COM is involved.
    if in_scope and (com_responsible or rng.random() < 0.8) or rng.random() < 0.15:
        spec.crn = _crn(rng)

    if in_scope:
        # A COM is named once responsible, in the weeks before handover, or (indeterminate)
        # once in open conditions, when the COM starts supporting (section 6).
        spec.needs_com = (
            com_responsible
            or (handover is not None and handover <= today + _days(HANDOVER_UPCOMING_DAYS))
            or (handover is not None and spec.open_conditions_since is not None)
        )
        spec.pom_type = _pom_type(spec, prison, today, com_responsible=com_responsible)
        if spec.pom_type is None:
            spec.queue = True
    return spec


def _pom_type(
    spec: PrisonerSpec, prison: PrisonSpec, today: dt.date, *, com_responsible: bool
) -> str | None:
    """The POM type recommended for the case (omic-rules.md section 3)."""
    tier_ab = spec.tier[:1] in ("A", "B")
    high_risk = tier_ab or spec.rosh in ("high", "very_high")
    if prison.omu_model == Prison.OmuModel.THIRD_SECTOR:
        if spec.legal_status == Prisoner.LegalStatus.RECALLED:
            if not spec.tier:
                return None
            return "senior_third_sector" if tier_ab else "third_sector"
        if not spec.tier and not spec.rosh:
            return None
        if not high_risk:
            return "third_sector"
        release = earliest_release_date(spec, today)
        if release is None:
            return None
        return "probation" if release > add_months(today, 10) else "third_sector"
    if com_responsible:
        return "prison"
    if not spec.tier and not spec.rosh:
        return None
    return "probation" if high_risk else "prison"


HANDOVER_UPCOMING_DAYS = 56  # omic-rules.md section 6: the "upcoming handovers" list


def earliest_release_date(spec: PrisonerSpec, today: dt.date) -> dt.date | None:
    """The ERD of omic-rules.md section 4, for the few kinds of sentence the demo makes."""
    s = spec.sentence or {}
    confirmed = s.get("confirmed_release_date")
    if isinstance(confirmed, dt.date):
        return confirmed
    prrd = s.get("post_recall_release_date")
    if spec.legal_status == Prisoner.LegalStatus.RECALLED and isinstance(prrd, dt.date):
        return prrd
    if s.get("indeterminate"):
        ted, thd = s.get("tariff_date"), s.get("target_hearing_date")
        known = [d for d in (ted, thd) if isinstance(d, dt.date)]
        future = [d for d in known if d > today]
        if future:
            return future[0]  # TED first, then THD
        return min(known, key=lambda d: abs((d - today).days)) if known else None
    ped = s.get("parole_eligibility_date")
    if isinstance(ped, dt.date):
        return ped
    release_keys = ("automatic_release_date", "conditional_release_date")
    dates = [d for key in release_keys if isinstance(d := s.get(key), dt.date)]
    return min(dates) if dates else None


def is_community_case(spec: PrisonerSpec, today: dt.date) -> bool:
    """Determinate, no early allocation, released within 10 months of sentence (section 2)."""
    s = spec.sentence
    if s is None or s.get("indeterminate") or spec.early_allocation:
        return False
    if spec.legal_status != Prisoner.LegalStatus.SENTENCED:
        return False
    erd = earliest_release_date(spec, today)
    start = s["sentence_start_date"]
    assert isinstance(start, dt.date)
    return erd is not None and erd <= add_months(start, 10)


def handover_date(spec: PrisonerSpec, prison: PrisonSpec, today: dt.date) -> dt.date | None:
    """The handover date under the prison's rule with default policy (section 6), or None when
    the case has none (community, recall, immigration, no release date)."""
    s = spec.sentence
    if s is None or spec.legal_status != Prisoner.LegalStatus.SENTENCED:
        return None
    if s.get("further_indeterminate_sentence") or is_community_case(spec, today):
        return None
    erd = earliest_release_date(spec, today)
    if erd is None:
        return None
    indeterminate = bool(s.get("indeterminate"))
    has_ped = isinstance(s.get("parole_eligibility_date"), dt.date)
    rule = prison.handover_rule
    if spec.early_allocation:
        return add_months(erd, -15)
    if rule == PrisonPolicy.HandoverRule.SINGLE_POINT:
        return add_months(erd, -12)
    if rule == PrisonPolicy.HandoverRule.LEGACY:
        if has_ped or indeterminate:
            return add_months(erd, -8)
        probation_led = spec.case_allocation == "NPS" or (
            not spec.case_allocation
            and (spec.tier[:1] in ("A", "B") or spec.rosh in ("high", "very_high"))
        )
        return add_months(erd, -7) - _days(15) if probation_led else erd - _days(7 * 12)
    if indeterminate or has_ped:
        return add_months(erd, -12)
    return add_months(erd, -8) - _days(14)


def com_is_responsible(spec: PrisonerSpec, today: dt.date, handover: dt.date | None) -> bool:
    """Whether the COM is responsible today (section 6, rules 2-7, with no override)."""
    if spec.legal_status == Prisoner.LegalStatus.IMMIGRATION_DETAINEE:
        return True
    s = spec.sentence
    if s is None:
        return False
    if s.get("indeterminate") and s.get("further_indeterminate_sentence"):
        return False
    if spec.legal_status == Prisoner.LegalStatus.RECALLED:
        thd = s.get("target_hearing_date")
        far_hearing = isinstance(thd, dt.date) and thd >= add_months(today, 12)
        return not (s.get("indeterminate") and far_hearing and (spec.mappa_level or 0) <= 1)
    if is_community_case(spec, today):
        return True
    return handover is not None and handover <= today


# --------------------------------------------------------------------------------------------
# Staff


POM_POOL_ROLES = (Role.PRISON_POM, Role.PROBATION_POM, Role.SENIOR_POM)
_ROLE_SHORT = {
    Role.PRISON_POM: "pom",
    Role.PROBATION_POM: "ppom",
    Role.SENIOR_POM: "spom",
    Role.KEYWORKER: "kw",
    Role.CASE_ADMIN: "admin",
    Role.HEAD_OF_OMU: "head",
}


def _pool_role(pom_type: str) -> str:
    return {
        "prison": Role.PRISON_POM,
        "third_sector": Role.PRISON_POM,
        "probation": Role.PROBATION_POM,
        "senior_third_sector": Role.SENIOR_POM,
    }[pom_type]


def _staff_for_prison(
    rng: random.Random, prison: PrisonSpec, cases: Sequence[PrisonerSpec], today: dt.date
) -> list[StaffSpec]:
    """Generated staff, sized to the prison's caseload so caseloads look like real ones."""
    third_sector = prison.omu_model == Prison.OmuModel.THIRD_SECTOR
    by_role = dict.fromkeys((Role.PRISON_POM, Role.PROBATION_POM, Role.SENIOR_POM), 0)
    for case in cases:
        if case.pom_type and not case.queue:
            by_role[_pool_role(case.pom_type)] += 1
    held = len([c for c in cases if c.prison])
    counts = {
        Role.PRISON_POM: max(3, math.ceil(by_role[Role.PRISON_POM] / 36)),
        Role.PROBATION_POM: max(2, math.ceil(by_role[Role.PROBATION_POM] / 36)),
        Role.SENIOR_POM: max(1, math.ceil(by_role[Role.SENIOR_POM] / 7)),
        Role.KEYWORKER: 0
        if prison.function == Prison.Function.OPEN
        else max(3, math.ceil(held * 0.4 / 6)),
        Role.CASE_ADMIN: 1 + held // 400,
        Role.HEAD_OF_OMU: 1,
    }
    grades = {
        Role.PRISON_POM: StaffMember.Grade.THIRD_SECTOR
        if third_sector
        else StaffMember.Grade.PRISON_OFFICER,
        Role.PROBATION_POM: StaffMember.Grade.PROBATION_OFFICER,
        Role.SENIOR_POM: StaffMember.Grade.THIRD_SECTOR
        if third_sector
        else StaffMember.Grade.SENIOR_PROBATION_OFFICER,
        Role.KEYWORKER: StaffMember.Grade.PRISON_OFFICER,
        Role.CASE_ADMIN: StaffMember.Grade.ADMIN,
        Role.HEAD_OF_OMU: StaffMember.Grade.SENIOR_PROBATION_OFFICER,
    }
    staff: list[StaffSpec] = []
    for role, count in counts.items():
        for n in range(1, count + 1):
            female = rng.random() < 0.5
            member = StaffSpec(
                username=f"{STAFF_PREFIX}{prison.code.lower()}-{_ROLE_SHORT[role]}{n:02d}",
                first_name=rng.choice(FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES),
                last_name=rng.choice(LAST_NAMES),
                grade=grades[role],
                roles=[(prison.code, role)],
            )
            if role in POM_POOL_ROLES:
                if n == 2:
                    member.working_hours = rng.choice((22.5, 30.0))
                if n == 3:
                    member.is_new_pom = True
                if n == count and count >= 4:
                    member.status = StaffMember.Status.LEAVE
                    member.return_date = today + _days(rng.randint(7, 60))
            staff.append(member)
    return staff


def _demo_logins(prisons: Sequence[PrisonSpec]) -> list[StaffSpec]:
    first, second = prisons[0].code, prisons[1].code
    second_third_sector = prisons[1].omu_model == Prison.OmuModel.THIRD_SECTOR
    names = {username: (f, last) for username, f, last in DEMO_USERS}
    return [
        StaffSpec("pom", *names["pom"], StaffMember.Grade.PRISON_OFFICER,
                  [(first, Role.PRISON_POM)]),
        StaffSpec("ppom", *names["ppom"], StaffMember.Grade.PROBATION_OFFICER,
                  [(first, Role.PROBATION_POM)]),
        StaffSpec("spo", *names["spo"], StaffMember.Grade.SENIOR_PROBATION_OFFICER,
                  [(first, Role.HEAD_OF_OMU), (second, Role.HEAD_OF_OMU)]),
        StaffSpec("caseadmin", *names["caseadmin"], StaffMember.Grade.ADMIN,
                  [(first, Role.CASE_ADMIN)]),
        StaffSpec("keyworker", *names["keyworker"], StaffMember.Grade.PRISON_OFFICER,
                  [(first, Role.KEYWORKER)]),
        StaffSpec("com", *names["com"], StaffMember.Grade.PROBATION_OFFICER,
                  [(first, Role.COM)]),
        StaffSpec("pom2", *names["pom2"],
                  StaffMember.Grade.THIRD_SECTOR if second_third_sector
                  else StaffMember.Grade.PRISON_OFFICER,
                  [(second, Role.PRISON_POM)]),
    ]  # fmt: skip


# --------------------------------------------------------------------------------------------
# Allocation


def _allocate(
    rng: random.Random,
    prison: PrisonSpec,
    cases: Sequence[PrisonerSpec],
    staff: Sequence[StaffSpec],
    today: dt.date,
) -> None:
    """Give in-scope cases a POM of the right type (least loaded against capacity), keyworkers
    to about half the others, and COM details where the COM is involved."""
    pools: dict[str, list[StaffSpec]] = {role: [] for role in (*POM_POOL_ROLES, Role.KEYWORKER)}
    com_user: StaffSpec | None = None
    for member in staff:
        for code, role in member.roles:
            if code != prison.code:
                continue
            if role in pools:
                pools[role].append(member)
            if role == Role.COM:
                com_user = member
    load = {member.username: 0 for members in pools.values() for member in members}
    com_user_cases = 0
    keyworker_index = 0
    for case in cases:
        if case.prison is None:
            continue  # released: no longer allocated
        alloc = AllocationSpec()
        held_since = case.arrival.date()
        if case.pom_type and not case.queue and rng.random() > 0.06:
            pool = pools[_pool_role(case.pom_type)]
            pom = min(pool, key=lambda m: (load[m.username] + 1) / m.capacity)
            load[pom.username] += 1
            alloc.primary_pom = pom.username
            days_after = rng.randint(1, 20)
            day = min(today - _days(1), held_since + _days(days_after))
            alloc.pom_allocated_at = _at(day, rng.randint(9, 16), rng.choice((0, 15, 30, 45)))
            alloc.reason = "Recommended POM type"
            if (case.mappa_level or 0) >= 2 and pools[Role.SENIOR_POM] and rng.random() < 0.5:
                senior = rng.choice(pools[Role.SENIOR_POM])
                if senior.username != pom.username:
                    alloc.secondary_pom = senior.username
        # Near handover, a COM is named for some; past it, for most (the rest are "COM
        # allocation overdue"); community, recall and immigration cases always have one.
        com_chance = {"approaching_handover": 0.4, "past_handover": 0.8}.get(case.stage, 1.0)
        if case.needs_com and rng.random() < com_chance:
            _com_fields(rng, alloc, min(today, held_since + _days(rng.randint(0, 30))))
            near_handover = case.stage in ("approaching_handover", "past_handover")
            if (
                com_user is not None
                and near_handover
                and (rng.random() < 0.5 or not com_user_cases)
            ):
                alloc.com = com_user.username
                alloc.com_name = f"{com_user.first_name} {com_user.last_name}"
                alloc.com_email = com_user.email
                alloc.com_team = "Leeds North Team"
                alloc.com_pdu = "Leeds PDU"
                com_user_cases += 1
        keyworkers = pools[Role.KEYWORKER]
        settled = (today - held_since).days >= 3
        if keyworkers and settled and rng.random() < 0.45:
            alloc.keyworker = keyworkers[keyworker_index % len(keyworkers)].username
            keyworker_index += 1
        if alloc != AllocationSpec():
            case.allocation = alloc


# --------------------------------------------------------------------------------------------
# The whole plan


def _prison_numbers(rng: random.Random, count: int, taken: Iterable[str]) -> list[str]:
    """`count` distinct prison numbers like A1234BC, avoiding numbers already in use."""
    used = set(taken)
    numbers: list[str] = []
    while len(numbers) < count:
        number = (
            f"{rng.choice('ABG')}{rng.randint(1000, 9999)}"
            f"{rng.choice(_LETTERS)}{rng.choice(_LETTERS)}"
        )
        if number not in used:
            used.add(number)
            numbers.append(number)
    return numbers


def build_plan(
    *,
    seed: int,
    prisons: int,
    prisoners_per_prison: int,
    today: dt.date,
    taken_numbers: Iterable[str] = (),
) -> DemoPlan:
    """Everything `seed_demo` writes. Pure: same arguments, same plan."""
    if prisons < 2:
        raise ValueError("seed_demo needs at least 2 prisons (pom2 works at the second).")
    if prisoners_per_prison < 0:
        raise ValueError("The number of prisoners per prison cannot be negative.")
    specs = demo_prisons(prisons)
    numbers = _prison_numbers(
        random.Random(f"omu-demo:{seed}:numbers"), prisons * prisoners_per_prison, taken_numbers
    )
    logins = _demo_logins(specs)
    all_staff: list[StaffSpec] = []
    all_cases: list[PrisonerSpec] = []
    for index, prison in enumerate(specs):
        rng = random.Random(f"omu-demo:{seed}:{prison.code}")
        stages = _stages_for_prison(rng, prison.function, prisoners_per_prison)
        offset = index * prisoners_per_prison
        seen: set[str] = set()
        cases = []
        for i, stage in enumerate(stages):
            cases.append(
                _build_prisoner(
                    rng,
                    stage=stage,
                    prison=prison,
                    today=today,
                    number=numbers[offset + i],
                    first_stage_of_kind=stage not in seen,
                )
            )
            seen.add(stage)
        staff = _staff_for_prison(rng, prison, cases, today)
        # Demo logins go first in their pools, so they are sure to hold cases.
        here = [m for m in logins if any(code == prison.code for code, _ in m.roles)]
        _allocate(rng, prison, cases, here + staff, today)
        all_staff.extend(staff)
        all_cases.extend(cases)
    return DemoPlan(
        seed=seed, today=today, prisons=specs, staff=logins + all_staff, prisoners=all_cases
    )


# --------------------------------------------------------------------------------------------
# Database


@dataclass
class SeedResult:
    prisons: int
    staff: int
    prisoners: int
    allocated: int
    deleted_prisoners: int
    seconds: float


def demo_users_q() -> Q:
    return Q(username__in=DEMO_USERNAMES) | Q(username__startswith=STAFF_PREFIX)


def _chunks(ids: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def delete_demo_data() -> int:
    """Delete demo prisons, their prisoners and demo users, with their history. Returns the
    number of prisoners deleted.

    Demo prisoners are those held in a demo prison, and those with no current prison whose
    movements touch one (released demo prisoners). Any prison with a demo code counts as a
    demo prison, even one created by hand.

    Other data is kept. Where it points at demo rows it is detached, since those rows go:
    another user's roles at a demo prison are put back by `seed_demo`, allocations of other
    prisoners to a demo user lose that user, and movements of other prisoners through a demo
    prison are deleted.
    """
    User = get_user_model()
    prison_ids = list(
        Prison.objects.filter(code__in=demo_prison_codes()).values_list("id", flat=True)
    )
    at_demo = Q(current_prison_id__in=prison_ids)
    released_from_demo = Q(current_prison__isnull=True) & (
        Q(movements__from_prison_id__in=prison_ids) | Q(movements__to_prison_id__in=prison_ids)
    )
    prisoner_ids = sorted(
        set(Prisoner.objects.filter(at_demo | released_from_demo).values_list("id", flat=True))
    )
    user_ids = list(User.objects.filter(demo_users_q()).values_list("id", flat=True))

    # Deleting thousands of rows one history record at a time is slow, and the history of demo
    # rows is itself demo data: switch history off, then delete the history rows directly.
    with override_settings(SIMPLE_HISTORY_ENABLED=False):
        for chunk in _chunks(prisoner_ids):
            Allocation.objects.filter(prisoner_id__in=chunk).delete()
            Sentence.objects.filter(prisoner_id__in=chunk).delete()
            Movement.objects.filter(prisoner_id__in=chunk).delete()
            Prisoner.objects.filter(id__in=chunk).delete()
            Allocation.history.filter(prisoner_id__in=chunk).delete()
            Sentence.history.filter(prisoner_id__in=chunk).delete()
            Prisoner.history.filter(id__in=chunk).delete()
            Session.history.filter(prisoner_id__in=chunk).delete()
        Movement.objects.filter(
            Q(from_prison_id__in=prison_ids) | Q(to_prison_id__in=prison_ids)
        ).delete()
        for column in ("primary_pom", "secondary_pom", "keyworker", "com"):
            Allocation.objects.filter(**{f"{column}_id__in": user_ids}).update(**{column: None})
        StaffRole.history.filter(Q(user_id__in=user_ids) | Q(prison_id__in=prison_ids)).delete()
        StaffMember.history.filter(user_id__in=user_ids).delete()
        User.objects.filter(id__in=user_ids).delete()
        PrisonPolicy.history.filter(prison_id__in=prison_ids).delete()
        Prison.history.filter(id__in=prison_ids).delete()
        Prison.objects.filter(id__in=prison_ids).delete()
    return len(prisoner_ids)


def _write_plan(plan: DemoPlan) -> dict[str, int]:
    User = get_user_model()
    prisons: dict[str, Prison] = {}
    for spec in plan.prisons:
        prison = Prison.objects.create(
            code=spec.code,
            name=spec.name,
            function=spec.function,
            omu_model=spec.omu_model,
            country=spec.country,
        )
        PrisonPolicy.objects.create(prison=prison, handover_rule=spec.handover_rule)
        prisons[spec.code] = prison

    # One hash for every demo login: hashing is deliberately slow.
    password = make_password(DEMO_PASSWORD)
    users = User.objects.bulk_create(
        [
            User(
                username=s.username,
                first_name=s.first_name,
                last_name=s.last_name,
                email=s.email,
                password=password,
                is_active=True,
            )
            for s in plan.staff
        ]
    )
    user_ids = {u.username: u.pk for u in users}
    if any(pk is None for pk in user_ids.values()):  # databases that return no ids
        user_ids = dict(
            User.objects.filter(username__in=list(user_ids)).values_list("username", "id")
        )
    bulk_create_with_history(
        [
            StaffMember(
                user_id=user_ids[s.username],
                grade=s.grade,
                working_hours=s.working_hours,
                is_new_pom=s.is_new_pom,
                status=s.status,
                return_date=s.return_date,
            )
            for s in plan.staff
        ],
        StaffMember,
    )
    bulk_create_with_history(
        [
            StaffRole(user_id=user_ids[s.username], prison=prisons[code], role=role)
            for s in plan.staff
            for code, role in s.roles
        ],
        StaffRole,
    )
    groups = dict(Group.objects.filter(name__in=[r.value for r in Role]).values_list("name", "id"))
    memberships = sorted(
        {(user_ids[s.username], groups[role]) for s in plan.staff for _, role in s.roles}
    )
    Through = User.groups.through
    Through.objects.bulk_create([Through(user_id=u, group_id=g) for u, g in memberships])

    prisoners = bulk_create_with_history(
        [
            Prisoner(
                prison_number=p.prison_number,
                first_name=p.first_name,
                last_name=p.last_name,
                date_of_birth=p.date_of_birth,
                legal_status=p.legal_status,
                current_prison=prisons[p.prison] if p.prison else None,
                location=p.location,
                tier=p.tier,
                rosh=p.rosh,
                mappa_level=p.mappa_level,
                complexity_of_need=p.complexity_of_need,
                crn=p.crn,
                case_allocation=p.case_allocation,
                early_allocation=p.early_allocation,
                open_conditions_since=p.open_conditions_since,
            )
            for p in plan.prisoners
        ],
        Prisoner,
        batch_size=1000,
    )
    prisoner_ids = {p.prison_number: p.pk for p in prisoners}
    bulk_create_with_history(
        [
            Sentence(prisoner_id=prisoner_ids[p.prison_number], is_current=True, **p.sentence)
            for p in plan.prisoners
            if p.sentence is not None
        ],
        Sentence,
        batch_size=1000,
    )
    Movement.objects.bulk_create(
        [
            Movement(
                prisoner_id=prisoner_ids[p.prison_number],
                kind=m.kind,
                occurred_at=m.occurred_at,
                from_prison=prisons[m.from_prison] if m.from_prison else None,
                to_prison=prisons[m.to_prison] if m.to_prison else None,
                reason=m.reason,
            )
            for p in plan.prisoners
            for m in p.movements
        ],
        batch_size=1000,
    )

    def uid(username: str | None) -> int | None:
        return user_ids[username] if username else None

    allocations = [
        Allocation(
            prisoner_id=prisoner_ids[p.prison_number],
            primary_pom_id=uid(a.primary_pom),
            secondary_pom_id=uid(a.secondary_pom),
            keyworker_id=uid(a.keyworker),
            com_id=uid(a.com),
            com_name=a.com_name,
            com_email=a.com_email,
            com_team=a.com_team,
            com_pdu=a.com_pdu,
            com_allocated_on=a.com_allocated_on,
            pom_allocated_at=a.pom_allocated_at,
            reason=a.reason,
        )
        for p in plan.prisoners
        if (a := p.allocation) is not None
    ]
    bulk_create_with_history(allocations, Allocation, batch_size=1000)
    return {
        "staff": len(plan.staff),
        "allocated": sum(1 for a in allocations if a.primary_pom_id),
    }


def seed_demo(
    *,
    seed: int = 1,
    prisons: int = 3,
    prisoners_per_prison: int = 60,
    today: dt.date | None = None,
) -> SeedResult:
    """Replace the demo data with a fresh copy built from `seed`, in one transaction."""
    started = time.perf_counter()
    today = today or timezone.localdate()
    roles_sync()  # the groups demo users join; normally already there after migrate
    with transaction.atomic():
        # Roles other users hold at demo prisons survive the prisons being recreated.
        kept_roles = sorted(
            StaffRole.objects.filter(prison__code__in=demo_prison_codes())
            .exclude(user__in=get_user_model().objects.filter(demo_users_q()))
            .values_list("user_id", "prison__code", "role")
        )
        deleted = delete_demo_data()
        # Numbers other prisoners hold are skipped (only ever matters on a clash).
        taken = sorted(Prisoner.objects.values_list("prison_number", flat=True))
        plan = build_plan(
            seed=seed,
            prisons=prisons,
            prisoners_per_prison=prisoners_per_prison,
            today=today,
            taken_numbers=taken,
        )
        written = _write_plan(plan)
        by_code = dict(
            Prison.objects.filter(code__in=demo_prison_codes()).values_list("code", "id")
        )
        bulk_create_with_history(
            [
                StaffRole(user_id=user_id, prison_id=by_code[code], role=role)
                for user_id, code, role in kept_roles
                if code in by_code
            ],
            StaffRole,
        )
        # Sessions (issue 8): POM supervision and keywork, some that did not happen.
        seed_sessions_demo(seed=seed, today=today, prison_codes=[p.code for p in plan.prisons])
        # Handover records (issue 7): contacts, checklist progress, parole reviews, an override.
        from handover.demo import seed_handover_demo

        seed_handover_demo(seed=seed, today=today, prison_codes=tuple(p.code for p in plan.prisons))
        # OMiC tasks (issue 6): every case's tasks from the rules, older ones done, a few
        # completed BCSs, categorisation and OASys records.
        from screening.demo import seed_screening_demo

        seed_screening_demo(today=today, prison_codes=tuple(p.code for p in plan.prisons))
        # Interventions (issue 10): the catalogue, each prison's directory and cohorts,
        # referrals at every stage and resettlement needs near release.
        from interventions.demo import seed_interventions_demo

        seed_interventions_demo(today=today, prison_codes=tuple(p.code for p in plan.prisons))
    return SeedResult(
        prisons=len(plan.prisons),
        staff=written["staff"],
        prisoners=len(plan.prisoners),
        allocated=written["allocated"],
        deleted_prisoners=deleted,
        seconds=time.perf_counter() - started,
    )


SESSION_SUMMARIES = (
    "Talked through the sentence plan and the next steps on education.",
    "Reviewed progress on the thinking skills work; settled on the wing.",
    "Discussed family contact and a visit booked for next month.",
    "Went over the release plan and what the COM will need.",
    "Checked in after a difficult week; agreed to see the chaplaincy.",
    "Worked on the CV for the workshop job application.",
)


def seed_sessions_demo(*, seed: int, today: dt.date, prison_codes: Sequence[str]) -> int:
    """POM supervision and keywork sessions over recent months, some that did not happen,
    so contact compliance and keywork delivery have records to count. Deterministic."""
    rng = random.Random(f"{seed}-sessions")
    allocations = (
        Allocation.objects.filter(prisoner__current_prison__code__in=prison_codes)
        .order_by("prisoner__prison_number")
        .values_list("prisoner_id", "primary_pom_id", "keyworker_id", "pom_allocated_at")
    )
    reasons = [r.value for r in Session.NotHeldReason]
    places = [Session.Place.INTERVIEW_ROOM, Session.Place.WING, Session.Place.CELL]
    sessions: list[Session] = []
    for prisoner_id, pom_id, keyworker_id, allocated_at in allocations:
        start = max(timezone.localdate(allocated_at), today - _days(150)) if allocated_at else None
        if pom_id and start:
            day = start + _days(rng.randint(3, 20))
            while day < today:
                held = rng.random() > 0.12
                sessions.append(
                    Session(
                        prisoner_id=prisoner_id,
                        staff_id=pom_id,
                        kind=Session.Kind.POM_SUPERVISION,
                        occurred_at=_at(day, rng.choice((9, 10, 11, 14, 15))),
                        duration_minutes=45,
                        place=rng.choice(places),
                        held=held,
                        not_held_reason="" if held else rng.choice(reasons),
                        summary=rng.choice(SESSION_SUMMARIES) if held else "",
                    )
                )
                day += _days(rng.randint(18, 70))
        if keyworker_id:
            day = today - _days(7 * 10) + _days(rng.randint(0, 6))
            while day < today:
                held = rng.random() > 0.25
                sessions.append(
                    Session(
                        prisoner_id=prisoner_id,
                        staff_id=keyworker_id,
                        kind=Session.Kind.KEYWORK,
                        occurred_at=_at(day, rng.choice((10, 13, 16))),
                        duration_minutes=45,
                        place=Session.Place.WING,
                        held=held,
                        not_held_reason="" if held else rng.choice(reasons),
                        summary="Keywork session on the wing." if held else "",
                    )
                )
                day += _days(rng.choice((7, 7, 7, 14)))
    Session.objects.bulk_create(sessions, batch_size=2000)
    return len(sessions)
