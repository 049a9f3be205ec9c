"""The input limits every app's API input shares: free text (notes, summaries) and reasons have
a length; dates are ones a person can mean; ids fit the database's integers. Anything else is a
400 naming the field, never a 500 or a record dated 0001-01-01."""

import datetime as dt
from typing import Any

from rest_framework import serializers

from cases.text import long_date

TEXT_MAX_LENGTH = 5000
REASON_MAX_LENGTH = 1000
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
MAX_ID = 2**63 - 1  # PostgreSQL's bigint
MAX_SMALL_NUMBER = 2**31 - 1  # PostgreSQL's integer


def plausible_date(value: dt.date) -> None:
    day = value.date() if isinstance(value, dt.datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise serializers.ValidationError(
            f"Enter a date between {long_date(EARLIEST_DATE)} and {long_date(LATEST_DATE)}."
        )


class InputDateField(serializers.DateField):
    """A date in an API input: 1900 to 2100."""

    default_validators = [plausible_date]


class InputDateTimeField(serializers.DateTimeField):
    """A moment in an API input: 1900 to 2100."""

    default_validators = [plausible_date]


def id_field(**kwargs: object) -> serializers.IntegerField:
    """An input naming a record by its id: a positive number the database can hold."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)  # type: ignore[arg-type]  # DRF's kwargs are untyped


def version_field(record: str, **kwargs: Any) -> serializers.IntegerField:
    """The version of the record a change was made from (from its GET): required; a newer one
    is a 409 conflict listing what changed (`cases.versions`)."""
    return serializers.IntegerField(
        **kwargs,
        min_value=0,
        max_value=MAX_SMALL_NUMBER,
        help_text=f"The {record}'s version you saw (from GET); if it has changed since, the "
        "answer is 409 with the fields that differ, and nothing is changed.",
    )
