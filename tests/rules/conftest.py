"""Fixtures for the pure rules tests: bank holidays, a frozen clock, and a facts builder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
import time_machine

from cases.bank_holidays import bank_holidays


@pytest.fixture(scope="session")
def holidays() -> frozenset[date]:
    """England & Wales bank holidays 2024-2032, loaded once for the whole run."""
    return bank_holidays(2024, 2032)


@pytest.fixture(autouse=True)
def frozen_clock() -> Iterator[None]:
    """Freeze the clock far from every ``as_of`` used here (style rule 21): if any rule read the
    real date instead of ``as_of``, results would move and the tables would fail."""
    with time_machine.travel(datetime(2031, 6, 15, 3, 30, tzinfo=UTC), tick=False):
        yield
