"""Bank holidays from the offline ``holidays`` package, loaded once per country and years.

The one impure piece next to the rules: the rules take the resulting ``frozenset[date]`` as an
argument and never call this module.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays as holidays_package

from cases.rules.facts import CaseFacts
from cases.rules.policy import Policy

# Policy country -> ``holidays`` subdivision of the United Kingdom. England and Wales share one
# list of bank holidays, so "ENG" stands for both.
_SUBDIVISIONS: dict[str, str] = {
    "england_and_wales": "ENG",
    "scotland": "SCT",
    "northern_ireland": "NIR",
}


@lru_cache(maxsize=64)
def bank_holidays(
    first_year: int, last_year: int, country: str = "england_and_wales"
) -> frozenset[date]:
    """Bank holidays from 1 January ``first_year`` to 31 December ``last_year`` inclusive."""
    try:
        subdivision = _SUBDIVISIONS[country]
    except KeyError:
        raise ValueError(f"unknown bank holiday country {country!r}") from None
    calendar = holidays_package.country_holidays(
        "GB", subdiv=subdivision, years=range(first_year, last_year + 1)
    )
    return frozenset(calendar.keys())


def bank_holidays_for(facts: CaseFacts, policy: Policy) -> frozenset[date]:
    """The holidays ``evaluate`` needs for one case: every year from the earliest relevant date
    (as_of, sentence, documents received) to the year after the latest, in the policy's country.

    Policy allows working-day windows up to 260 days (about a year), so two extra years always
    cover them.
    """
    years = [facts.as_of.year]
    if facts.sentence_start_date is not None:
        years.append(facts.sentence_start_date.year)
    if facts.documents_received_date is not None:
        years.append(facts.documents_received_date.year)
    return bank_holidays(min(years), max(years) + 2, policy.bank_holiday_country)
