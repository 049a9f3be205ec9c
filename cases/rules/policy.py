"""A prison's OMiC policy: every threshold of docs/rules.md#policy, validated once.

Field names match the ``PrisonPolicy`` model field for field, so a model instance can be turned
into a ``Policy`` with ``Policy.from_mapping(model_to_dict(instance))``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import timedelta
from functools import cache, cached_property
from typing import Any, Literal

HandoverRule = Literal["national", "legacy", "single_point"]
BankHolidayCountry = Literal["england_and_wales", "scotland", "northern_ireland"]

HANDOVER_RULES: tuple[str, ...] = ("national", "legacy", "single_point")
BANK_HOLIDAY_COUNTRIES: tuple[str, ...] = ("england_and_wales", "scotland", "northern_ireland")


class PolicyError(ValueError):
    """A policy value is missing its type, range or choice; ``field`` names the policy key."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def _int(default: int, low: int, high: int) -> Any:
    # The range lives in the field's metadata so validation and the figure stay side by side.
    return field(default=default, metadata={"range": (low, high)})


def _choice(default: str, choices: tuple[str, ...]) -> Any:
    return field(default=default, metadata={"choices": choices})


# Not slotted, so the ``cached_property`` timedeltas below can live in the instance dict.
@dataclass(frozen=True)
class Policy:
    """Thresholds the rules read; construct with defaults, keywords or ``from_mapping``.

    The ``*_delta`` properties are the same figures as ``timedelta``s, built once per policy:
    building a timedelta costs about as much as a whole simple rule.
    """

    # Handover (docs/rules.md#handover-rules)
    handover_rule: HandoverRule = _choice("national", HANDOVER_RULES)
    handover_months: int = _int(12, 0, 60)
    com_allocation_lead_weeks: int = _int(8, 0, 104)
    community_case_months: int = _int(10, 0, 60)
    early_allocation_months: int = _int(15, 0, 60)
    indeterminate_handover_months: int = _int(12, 0, 60)
    parole_handover_months: int = _int(12, 0, 60)
    determinate_handover_months: int = _int(8, 0, 60)
    determinate_handover_days: int = _int(14, 0, 366)
    legacy_parole_handover_months: int = _int(8, 0, 60)
    legacy_nps_handover_months: int = _int(7, 0, 60)
    legacy_nps_handover_days: int = _int(15, 0, 366)
    legacy_crc_handover_weeks: int = _int(12, 0, 260)
    handover_upcoming_days: int = _int(56, 0, 366)
    com_allocation_overdue_days: int = _int(2, 0, 366)
    # Deadlines (docs/rules.md#deadlines)
    bcs_hours: int = _int(72, 1, 24 * 31)
    sentence_calculation_days: int = _int(14, 1, 366)
    transfer_working_days: int = _int(10, 1, 260)
    keyworker_allocation_days: int = _int(14, 1, 366)
    categorisation_working_days: int = _int(10, 1, 260)
    recategorisation_months_short: int = _int(6, 1, 60)
    recategorisation_months_long: int = _int(12, 1, 60)
    recategorisation_threshold_years: int = _int(4, 1, 50)
    oasys_short_weeks: int = _int(6, 1, 260)
    oasys_long_weeks: int = _int(10, 1, 260)
    oasys_indeterminate_weeks: int = _int(16, 1, 260)
    oasys_long_threshold_months: int = _int(12, 1, 120)
    oasys_review_months: int = _int(12, 1, 60)
    pom_contact_high_rosh_months: int = _int(1, 1, 24)
    pom_contact_other_months: int = _int(3, 1, 24)
    # Keywork and caseloads (sections 3 and 5)
    keywork_frequency_weeks: int = _int(1, 1, 4)
    keywork_session_minutes: int = _int(45, 1, 480)
    keyworker_capacity: int = _int(6, 1, 1000)
    pom_capacity: int = _int(42, 1, 1000)
    senior_pom_capacity: int = _int(8, 1, 1000)
    new_pom_capacity: int = _int(10, 1, 1000)
    # Due-soon windows and calendar
    due_soon_days: int = _int(7, 0, 366)
    bcs_due_soon_hours: int = _int(72, 0, 24 * 31)
    bank_holiday_country: BankHolidayCountry = _choice("england_and_wales", BANK_HOLIDAY_COUNTRIES)
    # Case-quality audit: cases sampled a month (read by `quality`, not by the engine)
    audit_sample_size: int = _int(10, 0, 100)

    def __post_init__(self) -> None:
        for spec in fields(self):
            _check(spec.name, getattr(self, spec.name), spec.metadata)

    @classmethod
    def defaults(cls) -> Policy:
        return _defaults()

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, object]) -> Policy:
        """Build a policy from any mapping; unknown keys are ignored, ``None`` means "default".

        Raises ``PolicyError(field, message)`` for a value of the wrong type, out of range or not
        one of the allowed choices.
        """
        if not isinstance(mapping, Mapping):
            raise PolicyError("policy", "not an object")
        values = {
            name: mapping[name]
            for name in _FIELD_NAMES
            if name in mapping and mapping[name] is not None
        }
        if not values:
            return _defaults()
        return cls(**values)  # type: ignore[arg-type]  # __post_init__ checks every value

    def as_dict(self) -> dict[str, int | str]:
        return {name: getattr(self, name) for name in _FIELD_NAMES}

    @cached_property
    def bcs_delta(self) -> timedelta:
        return timedelta(hours=self.bcs_hours)

    @cached_property
    def sentence_calculation_delta(self) -> timedelta:
        return timedelta(days=self.sentence_calculation_days)

    @cached_property
    def keyworker_allocation_delta(self) -> timedelta:
        return timedelta(days=self.keyworker_allocation_days)

    @cached_property
    def oasys_short_delta(self) -> timedelta:
        return timedelta(weeks=self.oasys_short_weeks)

    @cached_property
    def oasys_long_delta(self) -> timedelta:
        return timedelta(weeks=self.oasys_long_weeks)

    @cached_property
    def oasys_indeterminate_delta(self) -> timedelta:
        return timedelta(weeks=self.oasys_indeterminate_weeks)

    @cached_property
    def determinate_handover_days_delta(self) -> timedelta:
        return timedelta(days=self.determinate_handover_days)

    @cached_property
    def legacy_nps_handover_days_delta(self) -> timedelta:
        return timedelta(days=self.legacy_nps_handover_days)

    @cached_property
    def legacy_crc_handover_delta(self) -> timedelta:
        return timedelta(weeks=self.legacy_crc_handover_weeks)

    @cached_property
    def com_allocation_lead_delta(self) -> timedelta:
        return timedelta(weeks=self.com_allocation_lead_weeks)

    @cached_property
    def handover_upcoming_delta(self) -> timedelta:
        return timedelta(days=self.handover_upcoming_days)

    @cached_property
    def com_allocation_overdue_delta(self) -> timedelta:
        return timedelta(days=self.com_allocation_overdue_days)

    @cached_property
    def due_soon_delta(self) -> timedelta:
        return timedelta(days=self.due_soon_days)

    @cached_property
    def bcs_due_soon_delta(self) -> timedelta:
        return timedelta(hours=self.bcs_due_soon_hours)


def _check(name: str, value: object, metadata: Mapping[str, Any]) -> None:
    if "choices" in metadata:
        choices: tuple[str, ...] = metadata["choices"]
        if not isinstance(value, str):
            raise PolicyError(name, f"must be one of {', '.join(choices)}")
        if value not in choices:
            raise PolicyError(name, f"{value!r} is not one of {', '.join(choices)}")
        return
    low, high = metadata["range"]
    # bool is an int subclass, but "true" months is a mistake, not a number.
    if isinstance(value, bool) or not isinstance(value, int):
        raise PolicyError(name, f"must be a whole number, not {type(value).__name__}")
    if not low <= value <= high:
        raise PolicyError(name, f"{value} is out of range {low}..{high}")


_FIELD_NAMES: tuple[str, ...] = tuple(spec.name for spec in fields(Policy))


@cache
def _defaults() -> Policy:
    return Policy()
