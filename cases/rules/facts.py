"""Case facts: what the rules know about one prisoner on one day, and their JSON parser.

The JSON shape is the contract in docs/commands.md#omic_evaluate. Parsing is
strict about values (a wrong date is an error naming its dotted field) and lenient about unknown
top-level keys, so callers can send identifiers such as a prison number alongside the facts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from cases.rules.dates import LONDON, as_london
from cases.rules.policy import Policy, PolicyError

LegalStatus = Literal[
    "sentenced", "recalled", "remand", "convicted_unsentenced", "immigration_detainee", "civil"
]
PrisonFunction = Literal[
    "reception", "training", "resettlement", "open", "high_security", "womens", "young_offender"
]
OmuModel = Literal["standard", "third_sector"]
Rosh = Literal["low", "medium", "high", "very_high"]
CaseAllocation = Literal["NPS", "CRC"]
ParoleOutcome = Literal["release", "not_release"]
Complexity = Literal["low", "medium", "high"]

LEGAL_STATUSES: tuple[str, ...] = (
    "sentenced",
    "recalled",
    "remand",
    "convicted_unsentenced",
    "immigration_detainee",
    "civil",
)
PRISON_FUNCTIONS: tuple[str, ...] = (
    "reception",
    "training",
    "resettlement",
    "open",
    "high_security",
    "womens",
    "young_offender",
)
OMU_MODELS: tuple[str, ...] = ("standard", "third_sector")
COUNTRIES: tuple[str, ...] = ("england", "wales")
ROSH_LEVELS: tuple[str, ...] = ("low", "medium", "high", "very_high")
CASE_ALLOCATIONS: tuple[str, ...] = ("NPS", "CRC")
PAROLE_OUTCOMES: tuple[str, ...] = ("release", "not_release")
COMPLEXITIES: tuple[str, ...] = ("low", "medium", "high")
OVERRIDES: tuple[str, ...] = ("com",)


class FactsError(ValueError):
    """Bad case facts; ``field`` is the dotted path, e.g. ``dates.conditional_release_date``."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class PrisonFacts:
    code: str = ""
    country: str = "england"
    function: PrisonFunction = "training"
    omu_model: OmuModel = "standard"


# Default prison when the input names none (docs/commands.md#omic_evaluate): English male closed training prison.
DEFAULT_PRISON = PrisonFacts()


@dataclass(frozen=True, slots=True)
class KeyDates:
    """The 12 sentence key dates, as recorded for the current sentence (all optional)."""

    conditional_release_date: date | None = None
    automatic_release_date: date | None = None
    parole_eligibility_date: date | None = None
    tariff_date: date | None = None
    target_hearing_date: date | None = None
    home_detention_curfew_eligibility_date: date | None = None
    home_detention_curfew_actual_date: date | None = None
    actual_parole_date: date | None = None
    confirmed_release_date: date | None = None
    post_recall_release_date: date | None = None
    sentence_expiry_date: date | None = None
    licence_expiry_date: date | None = None


NO_DATES = KeyDates()
KEY_DATE_FIELDS: tuple[str, ...] = tuple(KeyDates.__dataclass_fields__)


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """One prisoner's facts as on ``as_of``; only ``as_of`` and ``legal_status`` are required.

    ``arrival_datetime`` must be timezone-aware (``parse_case_facts`` reads times without an
    offset as Europe/London); it is kept converted to Europe/London.
    """

    as_of: date
    legal_status: LegalStatus
    prison: PrisonFacts = DEFAULT_PRISON
    date_of_birth: date | None = None
    arrival_datetime: datetime | None = None
    sentence_start_date: date | None = None
    indeterminate: bool = False
    dates: KeyDates = NO_DATES
    tier: str | None = None
    rosh: Rosh | None = None
    mappa_level: int | None = None
    case_allocation: CaseAllocation | None = None
    early_allocation: bool = False
    latest_parole_outcome: ParoleOutcome | None = None
    further_indeterminate_sentence: bool = False
    open_conditions_since: date | None = None
    responsibility_override: Literal["com"] | None = None
    complexity_of_need: Complexity | None = None
    documents_received_date: date | None = None
    last_categorisation_date: date | None = None
    last_oasys_date: date | None = None
    # Filled from ``tier`` by ``__post_init__`` so rules need not re-parse it on every call.
    tier_letter: str | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        arrival = self.arrival_datetime
        if arrival is not None:
            if arrival.tzinfo is None:
                raise ValueError("arrival_datetime must be timezone-aware")
            # Same instant, held in Europe/London so rules read its calendar day directly.
            if arrival.tzinfo is not LONDON:
                object.__setattr__(self, "arrival_datetime", arrival.astimezone(LONDON))
        if self.tier:
            object.__setattr__(self, "tier_letter", self.tier[0].upper())


# ---------------------------------------------------------------------------------------------
# Parsing


def parse_case_facts(obj: Mapping[str, object]) -> tuple[CaseFacts, Policy]:
    """Parse one case of the docs/commands.md#omic_evaluate JSON into facts and the prison's policy.

    Raises ``FactsError`` naming the first bad field.
    """
    if not isinstance(obj, Mapping):
        raise FactsError("case", "must be a JSON object")
    as_of = _required_date(obj, "as_of")
    legal_status = _choice(obj, "legal_status", LEGAL_STATUSES, required=True)
    prison, policy = _parse_prison(obj.get("prison"))
    arrival = _datetime(obj, "arrival_datetime")
    facts = CaseFacts(
        as_of=as_of,
        legal_status=legal_status,  # type: ignore[arg-type]  # _choice returned one of the literal's values
        prison=prison,
        date_of_birth=_date(obj, "date_of_birth"),
        arrival_datetime=arrival,
        sentence_start_date=_date(obj, "sentence_start_date"),
        indeterminate=_bool(obj, "indeterminate"),
        dates=_parse_dates(obj.get("dates")),
        tier=_tier(obj),
        rosh=_choice(obj, "rosh", ROSH_LEVELS),  # type: ignore[arg-type]  # _choice returned one of the literal's values
        mappa_level=_mappa(obj),
        case_allocation=_choice(obj, "case_allocation", CASE_ALLOCATIONS),  # type: ignore[arg-type]  # _choice returned one of the literal's values
        early_allocation=_bool(obj, "early_allocation"),
        latest_parole_outcome=_choice(obj, "latest_parole_outcome", PAROLE_OUTCOMES),  # type: ignore[arg-type]  # _choice returned one of the literal's values
        further_indeterminate_sentence=_bool(obj, "further_indeterminate_sentence"),
        open_conditions_since=_date(obj, "open_conditions_since"),
        responsibility_override=_choice(obj, "responsibility_override", OVERRIDES),  # type: ignore[arg-type]  # _choice returned one of the literal's values
        complexity_of_need=_choice(obj, "complexity_of_need", COMPLEXITIES),  # type: ignore[arg-type]  # _choice returned one of the literal's values
        documents_received_date=_date(obj, "documents_received_date"),
        last_categorisation_date=_date(obj, "last_categorisation_date"),
        last_oasys_date=_date(obj, "last_oasys_date"),
    )
    return facts, policy


def _parse_prison(raw: object) -> tuple[PrisonFacts, Policy]:
    if raw is None:
        return DEFAULT_PRISON, Policy.defaults()
    if not isinstance(raw, Mapping):
        raise FactsError("prison", "must be a JSON object")
    code = raw.get("code", "")
    if code is None:
        code = ""
    if not isinstance(code, str):
        raise FactsError("prison.code", "must be a string")
    prison = PrisonFacts(
        code=code,
        country=_choice(raw, "country", COUNTRIES, prefix="prison.") or "england",
        function=_choice(raw, "function", PRISON_FUNCTIONS, prefix="prison.") or "training",  # type: ignore[arg-type]  # _choice returned one of the literal's values
        omu_model=_choice(raw, "omu_model", OMU_MODELS, prefix="prison.") or "standard",  # type: ignore[arg-type]  # _choice returned one of the literal's values
    )
    policy_raw = raw.get("policy")
    if policy_raw is None:
        return prison, Policy.defaults()
    if not isinstance(policy_raw, Mapping):
        raise FactsError("prison.policy", "must be a JSON object")
    try:
        return prison, Policy.from_mapping(policy_raw)
    except PolicyError as error:
        raise FactsError(f"prison.policy.{error.field}", error.message) from error


def _parse_dates(raw: object) -> KeyDates:
    if raw is None:
        return NO_DATES
    if not isinstance(raw, Mapping):
        raise FactsError("dates", "must be a JSON object")
    for key in raw:
        # Unlike top-level keys, a misspelt key date would silently move a handover: reject it.
        if key not in KeyDates.__dataclass_fields__:
            raise FactsError(f"dates.{key}", "unknown key date")
    if not raw:
        return NO_DATES
    return KeyDates(**{key: _date(raw, key, prefix="dates.") for key in raw})


def _parse_iso_date(value: object) -> date | None:
    # date.fromisoformat also accepts forms like 20261123 and 2026-W48-1; the contract is
    # YYYY-MM-DD only, checked by shape here without a regex (this runs for every date).
    if not isinstance(value, str) or len(value) != 10 or value[4] != "-" or value[7] != "-":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _required_date(obj: Mapping[str, object], key: str) -> date:
    if obj.get(key) is None:
        raise FactsError(key, "required (YYYY-MM-DD)")
    parsed = _date(obj, key)
    assert parsed is not None
    return parsed


def _date(obj: Mapping[str, object], key: str, *, prefix: str = "") -> date | None:
    value = obj.get(key)
    if value is None:
        return None
    parsed = _parse_iso_date(value)
    if parsed is None:
        raise FactsError(prefix + key, "not a date (YYYY-MM-DD)")
    return parsed


def _datetime(obj: Mapping[str, object], key: str) -> datetime | None:
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) < 10:
        raise FactsError(key, "not an ISO 8601 datetime")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise FactsError(key, "not an ISO 8601 datetime") from None
    return as_london(parsed)


def _bool(obj: Mapping[str, object], key: str) -> bool:
    value = obj.get(key)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise FactsError(key, "must be true or false")
    return value


def _choice(
    obj: Mapping[str, object],
    key: str,
    choices: tuple[str, ...],
    *,
    required: bool = False,
    prefix: str = "",
) -> str | None:
    value = obj.get(key)
    if value is None:
        if required:
            raise FactsError(prefix + key, f"required (one of {'|'.join(choices)})")
        return None
    if not isinstance(value, str) or value not in choices:
        raise FactsError(prefix + key, f"{value!r} is not one of {'|'.join(choices)}")
    return value


def _tier(obj: Mapping[str, object]) -> str | None:
    value = obj.get("tier")
    if value is None or value == "":
        return None
    # Tiers are a letter A-D and a digit (A3, B2, D0); a bare letter is accepted too.
    if (
        not isinstance(value, str)
        or not 1 <= len(value) <= 2
        or value[0].upper() not in "ABCD"
        or (len(value) == 2 and not value[1].isdigit())
    ):
        raise FactsError("tier", f"{value!r} is not a tier such as B2")
    return value.upper()


def _mappa(obj: Mapping[str, object]) -> int | None:
    value = obj.get("mappa_level")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3:
        raise FactsError("mappa_level", f"{value!r} is not 0, 1, 2 or 3")
    return value
