"""The interventions the demo knows: the national catalogue, the accredited programmes each
kind of prison runs, and the cohorts each kind of intervention starts."""

from __future__ import annotations

from dataclasses import dataclass

from cases.models import Prison
from interventions.models import Intervention, ResettlementNeed

A = ResettlementNeed.Area
K = Intervention.Kind
HIGH = "high,very_high"
MEDIUM_UP = "medium,high,very_high"


@dataclass(frozen=True)
class Spec:
    name: str
    kind: str
    areas: tuple[str, ...]
    days: int
    sessions: int | None = None
    minutes: int | None = None
    provider: str = "HMPPS"
    rosh: str = ""
    min_months: int | None = None
    max_months: int | None = None
    estate: str = Intervention.Estate.ANY
    description: str = ""


# fmt: off
CATALOGUE: tuple[Spec, ...] = (
    # Accredited programmes (docs/rules.md#interventions-and-resettlement).
    Spec("Kaizen", K.ACCREDITED, (A.THINKING_BEHAVIOUR, A.ATTITUDES, A.LIFESTYLE), 240, 90, 150,
         rosh=HIGH, min_months=24, estate="mens",
         description="Intensive programme for men at high risk of violent, sexual or "
         "domestic abuse offending."),
    Spec("Horizon", K.ACCREDITED, (A.ATTITUDES, A.RELATIONSHIPS), 112, 31, 150,
         rosh=MEDIUM_UP, min_months=12, estate="mens",
         description="For men with a sexual conviction, medium risk or above."),
    Spec("Becoming New Me+", K.ACCREDITED, (A.ATTITUDES, A.THINKING_BEHAVIOUR), 180, 48, 120,
         rosh=MEDIUM_UP, min_months=12, estate="mens",
         description="Adapted for men with learning disabilities or challenges."),
    Spec("Identity Matters", K.ACCREDITED, (A.LIFESTYLE, A.THINKING_BEHAVIOUR), 70, 14, 120,
         rosh=MEDIUM_UP, min_months=6,
         description="For group and gang-related offending."),
    Spec("Resolve", K.ACCREDITED, (A.THINKING_BEHAVIOUR, A.ATTITUDES), 120, 24, 150,
         rosh="medium,high", min_months=12,
         description="Medium-intensity programme for violent offending."),
    Spec("Thinking Skills Programme", K.ACCREDITED, (A.THINKING_BEHAVIOUR,), 70, 19, 150,
         min_months=6,
         description="Thinking, problem solving and self-control."),
    Spec("Building Better Relationships", K.ACCREDITED, (A.RELATIONSHIPS, A.ATTITUDES), 150,
         29, 150, rosh="medium,high", min_months=12, estate="mens",
         description="For men convicted of intimate partner violence."),
    Spec("Kainos", K.ACCREDITED, (A.THINKING_BEHAVIOUR, A.ATTITUDES, A.RELATIONSHIPS), 180,
         100, 180, provider="Kainos Community", min_months=12,
         description="Six-month residential community programme."),
    Spec("Choices, Actions, Relationships and Emotions", K.ACCREDITED,
         (A.THINKING_BEHAVIOUR, A.MENTAL_HEALTH), 150, 40, 150, rosh=MEDIUM_UP, min_months=12,
         estate="womens", description="For women with a history of violence."),
    # Catch22-style short courses of 3 to 6 sessions.
    Spec("Money management and debt", K.SHORT_COURSE, (A.FINANCE,), 14, 4, 90,
         provider="Catch22"),
    Spec("Housing on release", K.SHORT_COURSE, (A.ACCOMMODATION,), 10, 3, 90,
         provider="Catch22"),
    Spec("Family ties", K.SHORT_COURSE, (A.RELATIONSHIPS,), 28, 5, 120, provider="Catch22"),
    Spec("Managing emotions", K.SHORT_COURSE, (A.THINKING_BEHAVIOUR, A.MENTAL_HEALTH), 21, 6,
         90, provider="Catch22"),
    Spec("Getting ready for work", K.SHORT_COURSE, (A.ETE,), 14, 5, 120, provider="Catch22"),
    Spec("Recovery foundations", K.SHORT_COURSE, (A.DRUGS, A.ALCOHOL), 21, 6, 90,
         provider="Forward Trust"),
    # Single sessions of 60 to 90 minutes.
    Spec("Universal Credit claim surgery", K.SINGLE_SESSION, (A.FINANCE,), 1, 1, 60,
         provider="Jobcentre Plus"),
    Spec("ID and bank account session", K.SINGLE_SESSION, (A.FINANCE,), 1, 1, 60,
         provider="Catch22"),
    Spec("Naloxone awareness", K.SINGLE_SESSION, (A.DRUGS,), 1, 1, 60,
         provider="Healthcare"),
    Spec("Housing advice drop-in", K.SINGLE_SESSION, (A.ACCOMMODATION,), 1, 1, 90,
         provider="Shelter"),
    # In-cell workbooks.
    Spec("Alcohol awareness workbook", K.WORKBOOK, (A.ALCOHOL,), 28),
    Spec("Victim awareness workbook", K.WORKBOOK, (A.ATTITUDES,), 42),
    Spec("Wellbeing workbook", K.WORKBOOK, (A.MENTAL_HEALTH, A.COMPLEX_NEEDS), 28,
         provider="Healthcare"),
)
# fmt: on

# Accredited programmes a prison of each function runs; short courses, sessions and workbooks
# run everywhere.
PROGRAMMES: dict[str, tuple[str, ...]] = {
    Prison.Function.RECEPTION: ("Thinking Skills Programme", "Resolve", "Building Better Relationships"),
    Prison.Function.TRAINING: (
        "Kaizen", "Horizon", "Identity Matters", "Thinking Skills Programme", "Kainos", "Resolve",
    ),
    Prison.Function.RESETTLEMENT: (
        "Thinking Skills Programme", "Building Better Relationships", "Identity Matters",
    ),
    Prison.Function.OPEN: ("Thinking Skills Programme",),
    Prison.Function.WOMENS: ("Choices, Actions, Relationships and Emotions", "Thinking Skills Programme"),
    Prison.Function.HIGH_SECURITY: ("Kaizen", "Horizon", "Becoming New Me+"),
    Prison.Function.YOUNG_OFFENDER: ("Identity Matters", "Thinking Skills Programme", "Resolve"),
}  # fmt: skip
# Cohort starts (days from today) and places, by kind.
COHORTS: dict[str, tuple[tuple[int, int], ...]] = {
    K.ACCREDITED: ((-28, 10), (21, 10), (84, 12)),
    K.SHORT_COURSE: ((-7, 10), (5, 10), (19, 10), (33, 12)),
    K.SINGLE_SESSION: ((2, 15), (9, 15), (16, 15)),
    K.WORKBOOK: (),
}
