"""Policy: defaults are the defaults of docs/rules.md#policy; bad values name their field."""

from __future__ import annotations

from dataclasses import fields

import pytest

from cases.rules import Policy, PolicyError

# The defaults as docs/rules.md#policy gives them; a change here is a change of policy.
DOCUMENTED_DEFAULTS = {
    "handover_rule": "national",
    "handover_months": 12,
    "com_allocation_lead_weeks": 8,
    "community_case_months": 10,
    "early_allocation_months": 15,
    "indeterminate_handover_months": 12,
    "parole_handover_months": 12,
    "determinate_handover_months": 8,
    "determinate_handover_days": 14,
    "legacy_parole_handover_months": 8,
    "legacy_nps_handover_months": 7,
    "legacy_nps_handover_days": 15,
    "legacy_crc_handover_weeks": 12,
    "handover_upcoming_days": 56,
    "com_allocation_overdue_days": 2,
    "bcs_hours": 72,
    "sentence_calculation_days": 14,
    "transfer_working_days": 10,
    "keyworker_allocation_days": 14,
    "categorisation_working_days": 10,
    "recategorisation_months_short": 6,
    "recategorisation_months_long": 12,
    "recategorisation_threshold_years": 4,
    "oasys_short_weeks": 6,
    "oasys_long_weeks": 10,
    "oasys_indeterminate_weeks": 16,
    "oasys_long_threshold_months": 12,
    "oasys_review_months": 12,
    "pom_contact_high_rosh_months": 1,
    "pom_contact_other_months": 3,
    "keywork_frequency_weeks": 1,
    "keywork_session_minutes": 45,
    "keyworker_capacity": 6,
    "pom_capacity": 42,
    "senior_pom_capacity": 8,
    "new_pom_capacity": 10,
    "due_soon_days": 7,
    "bcs_due_soon_hours": 72,
    "bank_holiday_country": "england_and_wales",
    "audit_sample_size": 10,
}


def test_the_defaults_are_the_documented_figures_and_nothing_else() -> None:
    assert Policy.defaults().as_dict() == DOCUMENTED_DEFAULTS
    assert [spec.name for spec in fields(Policy)] == list(DOCUMENTED_DEFAULTS)


def test_defaults_and_an_empty_mapping_give_the_same_policy() -> None:
    assert Policy.from_mapping({}) == Policy.defaults() == Policy()


def test_from_mapping_ignores_unknown_keys_and_none() -> None:
    policy = Policy.from_mapping(
        {"handover_months": 9, "prison": "LEI", "id": 4, "pom_capacity": None}
    )
    assert policy.handover_months == 9
    assert policy.pom_capacity == 42


def test_a_policy_cannot_be_changed_after_it_is_made() -> None:
    policy = Policy.defaults()
    with pytest.raises(AttributeError):
        policy.handover_months = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("mapping", "field", "message"),
    [
        ({"handover_months": "12"}, "handover_months", "must be a whole number, not str"),
        ({"handover_months": 12.0}, "handover_months", "must be a whole number, not float"),
        ({"handover_months": True}, "handover_months", "must be a whole number, not bool"),
        ({"handover_months": -1}, "handover_months", "-1 is out of range 0..60"),
        ({"keywork_frequency_weeks": 5}, "keywork_frequency_weeks", "5 is out of range 1..4"),
        ({"keywork_frequency_weeks": 0}, "keywork_frequency_weeks", "0 is out of range 1..4"),
        ({"bcs_hours": 0}, "bcs_hours", "0 is out of range 1..744"),
        (
            {"handover_rule": "regional"},
            "handover_rule",
            "'regional' is not one of national, legacy, single_point",
        ),
        (
            {"bank_holiday_country": "wales"},
            "bank_holiday_country",
            "'wales' is not one of england_and_wales, scotland, northern_ireland",
        ),
        (
            {"handover_rule": 1},
            "handover_rule",
            "must be one of national, legacy, single_point",
        ),
    ],
    ids=[
        "a number given as a string is the wrong type",
        "a fractional number is the wrong type",
        "true is not a number of months",
        "negative months are out of range",
        "keywork every five weeks is out of range",
        "keywork every zero weeks is out of range",
        "a zero-hour BCS is out of range",
        "an unknown handover rule is refused",
        "an unknown bank holiday country is refused",
        "a handover rule must be a string",
    ],
)
def test_bad_policy_values_raise_a_policy_error_naming_the_field(
    mapping: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(PolicyError) as caught:
        Policy.from_mapping(mapping)
    assert caught.value.field == field
    assert caught.value.message == message
    assert str(caught.value) == f"{field}: {message}"
    assert isinstance(caught.value, ValueError)


def test_constructing_a_policy_directly_is_validated_too() -> None:
    with pytest.raises(PolicyError, match="^pom_capacity: 0 is out of range"):
        Policy(pom_capacity=0)


def test_a_mapping_that_is_not_a_mapping_is_refused() -> None:
    with pytest.raises(PolicyError, match="^policy: not an object"):
        Policy.from_mapping([("handover_months", 3)])  # type: ignore[arg-type]


def test_every_range_accepts_its_default() -> None:
    for spec in fields(Policy):
        Policy.from_mapping({spec.name: DOCUMENTED_DEFAULTS[spec.name]})
