"""Parsing case facts from the JSON of docs/commands.md#omic_evaluate."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cases.rules import LONDON, CaseFacts, FactsError, Policy, PrisonFacts, parse_case_facts
from tests.rules.builders import d

MINIMAL = {"as_of": "2026-11-23", "legal_status": "sentenced"}


def test_only_as_of_and_legal_status_are_required() -> None:
    facts, policy = parse_case_facts(MINIMAL)
    assert facts == CaseFacts(as_of=d("2026-11-23"), legal_status="sentenced")
    assert policy == Policy.defaults()


def test_a_missing_prison_is_an_english_male_closed_training_prison_with_standard_model() -> None:
    facts, _ = parse_case_facts(MINIMAL)
    assert facts.prison == PrisonFacts(
        code="", country="england", function="training", omu_model="standard"
    )


def test_every_field_is_read() -> None:
    facts, policy = parse_case_facts(
        {
            "as_of": "2026-11-23",
            "prison": {
                "code": "LEI",
                "country": "wales",
                "function": "reception",
                "omu_model": "third_sector",
                "policy": {"handover_rule": "legacy", "handover_months": 9},
            },
            "legal_status": "recalled",
            "date_of_birth": "1990-01-01",
            "arrival_datetime": "2026-11-20T14:30:00",
            "sentence_start_date": "2026-11-19",
            "indeterminate": True,
            "dates": {"conditional_release_date": "2027-10-31", "tariff_date": "2030-01-01"},
            "tier": "b2",
            "rosh": "very_high",
            "mappa_level": 2,
            "case_allocation": "NPS",
            "early_allocation": True,
            "latest_parole_outcome": "not_release",
            "further_indeterminate_sentence": True,
            "open_conditions_since": "2026-06-01",
            "responsibility_override": "com",
            "complexity_of_need": "high",
            "documents_received_date": "2026-11-21",
            "last_categorisation_date": "2026-11-22",
            "last_oasys_date": "2026-10-01",
            "prison_number": "A1234BC",
        }
    )
    assert facts.prison == PrisonFacts("LEI", "wales", "reception", "third_sector")
    assert policy.handover_rule == "legacy"
    assert policy.handover_months == 9
    assert facts.legal_status == "recalled"
    assert facts.arrival_datetime == datetime(2026, 11, 20, 14, 30, tzinfo=LONDON)
    assert facts.dates.conditional_release_date == d("2027-10-31")
    assert facts.dates.tariff_date == d("2030-01-01")
    assert facts.tier == "B2"
    assert facts.tier_letter == "B"
    assert facts.rosh == "very_high"
    assert facts.mappa_level == 2
    assert facts.case_allocation == "NPS"
    assert facts.early_allocation is True
    assert facts.latest_parole_outcome == "not_release"
    assert facts.further_indeterminate_sentence is True
    assert facts.open_conditions_since == d("2026-06-01")
    assert facts.responsibility_override == "com"
    assert facts.complexity_of_need == "high"
    assert facts.documents_received_date == d("2026-11-21")
    assert facts.last_categorisation_date == d("2026-11-22")
    assert facts.last_oasys_date == d("2026-10-01")


@pytest.mark.parametrize(
    ("text", "expected_utc"),
    [
        ("2026-11-20T14:30:00", datetime(2026, 11, 20, 14, 30, tzinfo=UTC)),
        ("2026-07-20T14:30:00", datetime(2026, 7, 20, 13, 30, tzinfo=UTC)),
        ("2026-07-20T14:30:00+00:00", datetime(2026, 7, 20, 14, 30, tzinfo=UTC)),
        ("2026-07-20T14:30:00Z", datetime(2026, 7, 20, 14, 30, tzinfo=UTC)),
    ],
    ids=[
        "a winter time without offset is Europe/London, which is UTC",
        "a summer time without offset is Europe/London, an hour ahead of UTC",
        "a time with an offset keeps its instant",
        "a time in Z keeps its instant",
    ],
)
def test_arrival_times_without_offset_are_london_times(text: str, expected_utc: datetime) -> None:
    facts, _ = parse_case_facts({**MINIMAL, "arrival_datetime": text})
    assert facts.arrival_datetime == expected_utc
    assert facts.arrival_datetime is not None
    assert facts.arrival_datetime.tzinfo is LONDON


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"as_of": None}, "as_of: required (YYYY-MM-DD)"),
        ({"as_of": "23/11/2026"}, "as_of: not a date (YYYY-MM-DD)"),
        ({"legal_status": None}, "legal_status: required (one of sentenced|recalled|remand|"),
        ({"legal_status": "paroled"}, "legal_status: 'paroled' is not one of sentenced|"),
        (
            {"dates": {"conditional_release_date": "2027-02-30"}},
            "dates.conditional_release_date: not a date (YYYY-MM-DD)",
        ),
        (
            {"dates": {"conditional_release_date": "20271031"}},
            "dates.conditional_release_date: not a date (YYYY-MM-DD)",
        ),
        (
            {"dates": {"conditonal_release_date": "2027-10-31"}},
            "dates.conditonal_release_date: unknown key date",
        ),
        ({"dates": ["2027-10-31"]}, "dates: must be a JSON object"),
        ({"date_of_birth": 19900101}, "date_of_birth: not a date (YYYY-MM-DD)"),
        ({"arrival_datetime": "yesterday at 3"}, "arrival_datetime: not an ISO 8601 datetime"),
        ({"indeterminate": "no"}, "indeterminate: must be true or false"),
        ({"tier": "E1"}, "tier: 'E1' is not a tier such as B2"),
        ({"rosh": "HIGH"}, "rosh: 'HIGH' is not one of low|medium|high|very_high"),
        ({"mappa_level": 4}, "mappa_level: 4 is not 0, 1, 2 or 3"),
        ({"mappa_level": "2"}, "mappa_level: '2' is not 0, 1, 2 or 3"),
        ({"case_allocation": "nps"}, "case_allocation: 'nps' is not one of NPS|CRC"),
        ({"responsibility_override": "pom"}, "responsibility_override: 'pom' is not one of com"),
        ({"prison": "LEI"}, "prison: must be a JSON object"),
        ({"prison": {"function": "closed"}}, "prison.function: 'closed' is not one of"),
        ({"prison": {"omu_model": "private"}}, "prison.omu_model: 'private' is not one of"),
        ({"prison": {"country": "scotland"}}, "prison.country: 'scotland' is not one of"),
        (
            {"prison": {"policy": {"handover_months": "twelve"}}},
            "prison.policy.handover_months: must be a whole number, not str",
        ),
        ({"prison": {"policy": []}}, "prison.policy: must be a JSON object"),
    ],
    ids=[
        "a missing as_of is required",
        "a day-first date is not a date",
        "a missing legal status is required",
        "an unknown legal status is refused",
        "30 February is not a date",
        "a date without dashes is not YYYY-MM-DD",
        "a misspelt key date is refused rather than ignored",
        "dates must be an object",
        "a number is not a date of birth",
        "arrival must be an ISO datetime",
        "indeterminate must be a boolean",
        "tier E does not exist",
        "ROSH is lower case",
        "MAPPA level 4 does not exist",
        "MAPPA level must be a number",
        "case allocation is NPS or CRC in capitals",
        "an override can only give responsibility to the COM",
        "prison must be an object",
        "an unknown prison function is refused",
        "an unknown OMU model is refused",
        "a Scottish prison is outside England and Wales",
        "a bad policy value is named under prison.policy",
        "the policy must be an object",
    ],
)
def test_bad_input_raises_a_facts_error_naming_the_dotted_field(
    changes: dict[str, object], error: str
) -> None:
    with pytest.raises(FactsError) as caught:
        parse_case_facts({**MINIMAL, **changes})
    assert str(caught.value).startswith(error)
    assert str(caught.value) == f"{caught.value.field}: {caught.value.message}"


def test_a_case_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(FactsError, match="^case: must be a JSON object"):
        parse_case_facts(["as_of"])  # type: ignore[arg-type]


def test_null_values_mean_not_recorded() -> None:
    facts, _ = parse_case_facts(
        {**MINIMAL, "tier": None, "early_allocation": None, "dates": None, "prison": None}
    )
    assert facts.tier is None
    assert facts.early_allocation is False


def test_facts_built_in_code_need_an_aware_arrival_and_keep_it_in_london() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        CaseFacts(
            as_of=d("2026-11-23"),
            legal_status="sentenced",
            arrival_datetime=datetime(2026, 11, 20, 14, 30),  # noqa: DTZ001 - the point of the test
        )
    utc_arrival = datetime(2026, 7, 20, 13, 30, tzinfo=UTC)
    facts = CaseFacts(as_of=d("2026-11-23"), legal_status="sentenced", arrival_datetime=utc_arrival)
    assert facts.arrival_datetime == utc_arrival
    assert facts.arrival_datetime is not None
    assert facts.arrival_datetime.utcoffset() == timedelta(hours=1)
