"""Helpers for the tests of the pages that change a case's facts."""

import datetime as dt

from cases.models import MergedNumber, Movement, Prisoner, Sentence


def day(name: str, value: dt.date | None) -> dict[str, str]:
    """A GOV.UK date input's three boxes."""
    if value is None:
        return {f"{name}_0": "", f"{name}_1": "", f"{name}_2": ""}
    return {
        f"{name}_0": str(value.day),
        f"{name}_1": str(value.month),
        f"{name}_2": str(value.year),
    }


def counts() -> dict[str, int]:
    return {
        "prisoners": Prisoner.objects.count(),
        "sentences": Sentence.objects.count(),
        "movements": Movement.objects.count(),
        "merged": MergedNumber.objects.count(),
        "history": Prisoner.history.count() + Sentence.history.count(),
    }
