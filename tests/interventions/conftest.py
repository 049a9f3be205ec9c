"""Interventions fixtures: the day is frozen; Leeds runs a long programme, a short course and a
workbook; a Leeds case is released on 2027-03-01 (CRD), too soon for the long programme."""

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine

from cases import rules as omic
from cases.models import Prison, Prisoner
from interventions.models import (
    Cohort,
    Intervention,
    InterventionNeedArea,
    Offering,
    ResettlementNeed,
)
from tests.factories import PrisonerFactory, SentenceFactory

TODAY = dt.date(2026, 11, 23)
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=omic.LONDON)
CRD = dt.date(2027, 3, 1)
LONG_START = dt.date(2026, 12, 7)  # Resolve: 120 days, so it would end on 2027-04-05
SHORT_START = dt.date(2026, 11, 30)  # Managing emotions: 21 days, ends 2026-12-20


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def make_intervention(
    name: str, kind: str, days: int, areas: tuple[str, ...], **extra
) -> Intervention:  # noqa: E501
    intervention = Intervention.objects.create(name=name, kind=kind, duration_days=days, **extra)
    for area in areas:
        InterventionNeedArea.objects.create(intervention=intervention, area=area)
    return intervention


def offer(
    prison: Prison, intervention: Intervention, *starts: tuple[dt.date, int], running: bool = True
) -> Offering:  # noqa: E501
    offering = Offering.objects.create(prison=prison, intervention=intervention, running=running)
    for start, capacity in starts:
        Cohort.objects.create(offering=offering, start_date=start, capacity=capacity)
    return offering


def make_case(
    prison: Prison, *, crd: dt.date = CRD, sentence: dict | None = None, **prisoner: object
) -> Prisoner:  # noqa: E501
    case = PrisonerFactory(current_prison=prison, **prisoner)
    dates = {
        "sentence_start_date": dt.date(2026, 1, 10),
        "conditional_release_date": crd,
        "sentence_expiry_date": dt.date(2028, 1, 10),
    }
    SentenceFactory(prisoner=case, **{**dates, **(sentence or {})})
    return case


@pytest.fixture
def catalogue(db: None) -> dict[str, Intervention]:
    K, A = Intervention.Kind, ResettlementNeed.Area
    return {
        "resolve": make_intervention(
            "Resolve", K.ACCREDITED, 120, (A.THINKING_BEHAVIOUR,), sessions=24,
            session_minutes=150, rosh_levels="medium,high", min_sentence_months=12,
        ),
        "emotions": make_intervention(
            "Managing emotions", K.SHORT_COURSE, 21, (A.THINKING_BEHAVIOUR,), sessions=6,
            session_minutes=90, provider="Catch22",
        ),
        "workbook": make_intervention("Alcohol awareness workbook", K.WORKBOOK, 28, (A.ALCOHOL,)),
        "kaizen": make_intervention(
            "Kaizen", K.ACCREDITED, 240, (A.THINKING_BEHAVIOUR,), sessions=90, rosh_levels="high,very_high",
        ),
    }  # fmt: skip


@pytest.fixture
def directory(leeds: Prison, moorland: Prison, catalogue: dict) -> dict[str, Offering]:
    return {
        "resolve": offer(leeds, catalogue["resolve"], (LONG_START, 8), (dt.date(2027, 3, 1), 8)),
        "emotions": offer(leeds, catalogue["emotions"], (SHORT_START, 2)),
        "workbook": offer(leeds, catalogue["workbook"]),
        "kaizen_mdi": offer(moorland, catalogue["kaizen"], (dt.date(2027, 1, 4), 10)),
        "emotions_mdi": offer(moorland, catalogue["emotions"], (SHORT_START, 10)),
    }


@pytest.fixture
def case(leeds: Prison) -> Prisoner:
    return make_case(leeds, first_name="Tom", last_name="Archer")
