import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cases.models import Movement, Prison
from tests.factories import PrisonerFactory, SentenceFactory


@pytest.mark.parametrize(
    "number, valid",
    [
        ("A1234BC", True),
        ("Z0000ZZ", True),
        ("a1234bc", False),  # forms and imports upper-case input before it reaches the model
        ("A123BC", False),
        ("A12345BC", False),
        ("11234BC", False),
        ("A1234B1", False),
        ("A1234BC ", False),
    ],
    ids=lambda v: repr(v),
)
def test_it_validates_prison_numbers(db: None, leeds: Prison, number: str, valid: bool) -> None:
    prisoner = PrisonerFactory.build(prison_number=number, current_prison=leeds)
    if valid:
        prisoner.full_clean()
    else:
        with pytest.raises(ValidationError) as excinfo:
            prisoner.full_clean()
        assert "prison_number" in excinfo.value.message_dict


@pytest.mark.parametrize(
    "field, value",
    [("crn", "X12345"), ("crn", "1234567"), ("tier", "E1"), ("tier", "B4"), ("mappa_level", 4)],
)
def test_it_rejects_badly_formed_case_facts(
    db: None, leeds: Prison, field: str, value: object
) -> None:
    prisoner = PrisonerFactory.build(current_prison=leeds, **{field: value})
    with pytest.raises(ValidationError) as excinfo:
        prisoner.full_clean()
    assert field in excinfo.value.message_dict


def test_it_accepts_a_well_formed_crn_and_tier(db: None, leeds: Prison) -> None:
    PrisonerFactory.build(current_prison=leeds, crn="X123456", tier="B2").full_clean()


def test_it_rejects_release_dates_before_the_sentence_date(leeds_case: object) -> None:
    sentence = SentenceFactory.build(
        prisoner=leeds_case,
        sentence_start_date=dt.date(2026, 3, 1),
        conditional_release_date=dt.date(2026, 2, 28),
        is_current=False,
    )
    with pytest.raises(ValidationError) as excinfo:
        sentence.full_clean()
    assert "conditional_release_date" in excinfo.value.message_dict


def test_it_rejects_a_release_date_after_sentence_expiry(leeds_case: object) -> None:
    sentence = SentenceFactory.build(
        prisoner=leeds_case,
        conditional_release_date=dt.date(2031, 1, 1),
        sentence_expiry_date=dt.date(2030, 1, 10),
        is_current=False,
    )
    with pytest.raises(ValidationError) as excinfo:
        sentence.full_clean()
    assert "conditional_release_date" in excinfo.value.message_dict


def test_it_rejects_a_crd_on_an_indeterminate_sentence(leeds_case: object) -> None:
    sentence = SentenceFactory.build(prisoner=leeds_case, indeterminate=True, is_current=False)
    with pytest.raises(ValidationError) as excinfo:
        sentence.full_clean()
    assert "indeterminate" in excinfo.value.message_dict


def test_it_accepts_dates_on_the_sentence_date(leeds_case: object) -> None:
    day = dt.date(2026, 3, 1)
    SentenceFactory.build(
        prisoner=leeds_case,
        sentence_start_date=day,
        conditional_release_date=day,
        sentence_expiry_date=day,
        is_current=False,
    ).full_clean()


def test_it_allows_only_one_current_sentence(leeds_case: object) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        SentenceFactory(prisoner=leeds_case)


def test_a_transfer_must_change_prison(leeds_case: object, leeds: Prison) -> None:
    movement = Movement(
        prisoner=leeds_case,
        kind=Movement.Kind.TRANSFER,
        from_prison=leeds,
        to_prison=leeds,
        occurred_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    with pytest.raises(ValidationError):
        movement.full_clean()


@pytest.mark.parametrize(
    "code, valid", [("LEI", True), ("lei", False), ("LE", False), ("L3I", False)]
)
def test_it_validates_prison_codes(db: None, code: str, valid: bool) -> None:
    prison = Prison(code=code, name="HMP Test")
    if valid:
        prison.full_clean()
    else:
        with pytest.raises(ValidationError):
            prison.full_clean()
