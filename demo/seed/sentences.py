"""Sentence dates for the demo: determinate sentences, HDC, descriptions, and fitting a sentence
around a wanted release date. Every date is valid for `Sentence.clean()`."""

from __future__ import annotations

import datetime as dt
import math
import random

from cases.models import Prison
from demo.seed.calendar import add_months, days


def determinate(
    start: dt.date, length_months: int, *, release_fraction: float = 0.5
) -> dict[str, object]:
    expiry = add_months(start, length_months)
    crd = start + days(max(1, round((expiry - start).days * release_fraction)))
    return {
        "sentence_start_date": start,
        "conditional_release_date": min(crd, expiry),
        "sentence_expiry_date": expiry,
        "licence_expiry_date": expiry,
    }


def with_hdc(rng: random.Random, dates: dict[str, object], months: int) -> None:
    """Home detention curfew for sentences of 12 weeks to under 4 years, some of the time."""
    crd = dates["conditional_release_date"]
    start = dates["sentence_start_date"]
    assert isinstance(crd, dt.date) and isinstance(start, dt.date)
    if 3 <= months < 48 and rng.random() < 0.6:
        # HDCED: a quarter of the custodial part before CRD, at most 180 days, at least 28 in.
        lead = min(180, max(14, (crd - start).days // 4))
        hdced = max(start + days(28), crd - days(lead))
        if hdced < crd:
            dates["home_detention_curfew_eligibility_date"] = hdced


def sentence_description(dates: dict[str, object], kind: str) -> str:
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


def fit_start(today: dt.date, release: dt.date, months: int, fraction: float) -> dt.date:
    """The sentence date for a sentence of `months` released at about `release`."""
    # Custodial part in days, so release = start + fraction * length (roughly).
    length_days = (add_months(release, months) - release).days
    start = release - days(round(length_days * fraction))
    return min(start, today - days(1))


def long_enough(months: int, today: dt.date, release: dt.date, fraction: float) -> int:
    """At least `months`, and long enough that `fraction` of it reaches from today to `release`
    (so the sentence date is in the past), rounded up to whole years."""
    needed = math.ceil((release - today).days / 30.4 / fraction) + 3
    return max(months, math.ceil(needed / 12) * 12)


def arrival_date(rng: random.Random, today: dt.date, start: dt.date, function: str) -> dt.date:
    """The day the prisoner arrived at this prison, for a sentence that started on `start`."""
    if function in (Prison.Function.RECEPTION, Prison.Function.WOMENS):
        # Usually remanded here first, or arrived from court on sentence day.
        day = start - days(rng.choice((0, 0, 0, rng.randint(1, 120))))
    else:
        # Transferred in some time after sentence.
        day = start + days(rng.randint(14, max(15, min(900, (today - start).days))))
    return min(day, today - days(1))
