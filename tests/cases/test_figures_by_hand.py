"""Every dashboard figure of a small prison built by hand, checked against a count made by hand.

HMP Hilltop on Monday 23 November 2026: two POMs (one full time, one half time), a keyworker,
eleven prisoners. Each case below is there for a reason given beside it; each figure's test
says which cases it counts and why. Every figure also has its definition on its own page.
"""

import datetime as dt
from collections.abc import Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from cases import figures, rules
from cases.models import Allocation, Prison, Prisoner, Role, Session, StaffMember
from demo.factories.handover import ChecklistItemFactory, HandoverContactFactory
from demo.factories.interventions import InterventionFactory, OfferingFactory, ReferralFactory
from demo.factories.screening import OasysAssessmentFactory, TaskFactory
from handover.rules import PUBLIC_PROTECTION
from interventions.models import Referral
from screening.models import Task
from tests.factories import (
    PrisonerFactory,
    PrisonFactory,
    SentenceFactory,
    SessionFactory,
    staff,
    store_answers,
)

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=rules.LONDON)  # a Monday
TODAY = NOW.date()
LAST_WEEK = dt.datetime(2026, 11, 18, 10, 0, tzinfo=dt.UTC)  # Wednesday of 16-22 November
LONG_AGO = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def sentenced(prison: Prison, crd: dt.date, **kwargs: object) -> Prisoner:
    prisoner = PrisonerFactory(current_prison=prison, **kwargs)
    SentenceFactory(
        prisoner=prisoner,
        sentence_start_date=dt.date(2025, 1, 10),
        conditional_release_date=crd,
        sentence_expiry_date=dt.date(2030, 1, 1),
    )
    return prisoner


class Hilltop:
    """The prison, its staff and its cases, by the name each has in the counts below."""

    def __init__(self) -> None:
        self.prison = PrisonFactory(code="HTI", name="HMP Hilltop")
        self.elsewhere = PrisonFactory(code="ELS", name="HMP Elsewhere")
        self.head = staff("head_hti", Role.HEAD_OF_OMU, self.prison)
        self.pom_full = staff("pom_full", Role.PRISON_POM, self.prison)
        self.pom_half = staff("pom_half", Role.PRISON_POM, self.prison)
        StaffMember.objects.filter(user=self.pom_full).update(capacity_override=1)
        StaffMember.objects.filter(user=self.pom_half).update(working_hours=18.75)
        self.keyworker = staff("kw_hti", Role.KEYWORKER, self.prison)
        p = self.prison
        far = dt.date(2028, 6, 1)  # release far off: handover in 2027
        self.cases: dict[str, Prisoner] = {
            "no_pom": sentenced(p, far),
            "contact_overdue": sentenced(p, far),
            "seen": sentenced(p, far),
            "past_handover": sentenced(p, dt.date(2027, 3, 1)),
            "com_late": sentenced(p, dt.date(2027, 6, 15)),
            "handover_soon": sentenced(p, dt.date(2027, 8, 20)),
            "releasing": sentenced(p, dt.date(2027, 1, 18)),
            "arrival": sentenced(p, far),
            "remand": PrisonerFactory(current_prison=p, legal_status="remand"),
            "left": sentenced(self.elsewhere, far),
        }
        self._hold_cases()
        self._sessions()
        self._handover_records()
        self._tasks()
        self._referrals()
        store_answers(TODAY)

    def _hold_cases(self) -> None:
        c = self.cases
        for name in ("contact_overdue", "seen"):
            Allocation.objects.create(
                prisoner=c[name],
                primary_pom=self.pom_full,
                keyworker=self.keyworker,
                pom_allocated_at=LONG_AGO,
            )
        for name in ("past_handover", "handover_soon", "releasing", "arrival"):
            Allocation.objects.create(
                prisoner=c[name], primary_pom=self.pom_half, pom_allocated_at=LONG_AGO
            )
        Allocation.objects.filter(prisoner=c["releasing"]).update(com_name="Ada COM")

    def _sessions(self) -> None:
        c = self.cases
        for name, days in (("seen", 20), ("past_handover", 40), ("handover_soon", 10)):
            SessionFactory(
                prisoner=c[name], staff=self.pom_full, occurred_at=NOW - dt.timedelta(days=days)
            )
        for name in ("releasing", "arrival"):
            SessionFactory(prisoner=c[name], staff=self.pom_half, occurred_at=NOW)
        SessionFactory(
            prisoner=c["seen"],
            staff=self.keyworker,
            kind=Session.Kind.KEYWORK,
            occurred_at=LAST_WEEK,
        )
        SessionFactory(
            prisoner=c["contact_overdue"],
            staff=self.keyworker,
            kind=Session.Kind.KEYWORK,
            occurred_at=LAST_WEEK,
            held=False,
            not_held_reason=Session.NotHeldReason.REGIME,
        )

    def _handover_records(self) -> None:
        releasing = self.cases["releasing"]
        for day in (dt.date(2026, 10, 1), dt.date(2026, 10, 15), dt.date(2026, 11, 2)):
            HandoverContactFactory(
                prisoner=releasing, sentence=releasing.sentences.get(), contact_date=day
            )
        for code in PUBLIC_PROTECTION:
            ChecklistItemFactory(
                prisoner=releasing, sentence=releasing.sentences.get(), code=code, status="done"
            )

    def _tasks(self) -> None:
        c = self.cases
        arrived = NOW - dt.timedelta(days=5)
        TaskFactory(
            prisoner=c["arrival"],
            kind=Task.Kind.BCS,
            due_at=arrived + dt.timedelta(hours=72),
            due_on=TODAY - dt.timedelta(days=2),
        )
        for name, status in (
            ("seen", Task.Status.DONE),
            ("no_pom", Task.Status.DONE_LATE),
            ("past_handover", Task.Status.DONE),
        ):
            TaskFactory(
                prisoner=c[name],
                kind=Task.Kind.BCS,
                status=status,
                due_on=dt.date(2026, 10, 1),
                completed_on=dt.date(2026, 10, 1)
                if status == Task.Status.DONE
                else dt.date(2026, 10, 9),
            )
        TaskFactory(  # done long before the 12 weeks: not counted
            prisoner=c["contact_overdue"],
            kind=Task.Kind.BCS,
            status=Task.Status.DONE_LATE,
            due_on=dt.date(2026, 1, 8),
            completed_on=dt.date(2026, 1, 20),
        )
        TaskFactory(
            prisoner=c["seen"],
            kind=Task.Kind.OASYS_REVIEW,
            due_on=TODAY - dt.timedelta(days=1),
            owner=self.pom_full,
        )
        TaskFactory(
            prisoner=c["seen"], kind=Task.Kind.POM_CONTACT, due_on=TODAY
        )  # due today: not yet
        TaskFactory(
            prisoner=c["left"], kind=Task.Kind.OASYS, due_on=dt.date(2026, 6, 1)
        )  # not held here
        for name in ("seen", "past_handover"):
            OasysAssessmentFactory(prisoner=c[name], completed_on=dt.date(2026, 9, 1))
        OasysAssessmentFactory(prisoner=c["no_pom"], completed_on=dt.date(2025, 9, 1))  # too old

    def _referrals(self) -> None:
        c = self.cases
        course = InterventionFactory(name="Hilltop course", duration_days=14)
        here = OfferingFactory(prison=self.prison, intervention=course)
        away = OfferingFactory(
            prison=self.elsewhere, intervention=InterventionFactory(name="Elsewhere course")
        )
        for name, status in (
            ("no_pom", Referral.Status.REFERRED),
            ("seen", Referral.Status.WAITING),
            ("contact_overdue", Referral.Status.STARTED),
            ("past_handover", Referral.Status.COMPLETED),
        ):
            ReferralFactory(prisoner=c[name], offering=here, status=status)
        ReferralFactory(prisoner=c["handover_soon"], offering=away, status=Referral.Status.SUITABLE)


@pytest.fixture
def hilltop() -> Hilltop:
    return Hilltop()


# Each figure as counted by hand: (numerator, denominator, value, the cases listed, on target).
# In OMiC scope: the eight sentenced cases held at Hilltop (not "remand", not "left").
EXPECTED: dict[str, tuple[float, float | None, float | None, set[str] | None, bool | None]] = {
    # No allocation at all: "no_pom" and "com_late".
    "cases_without_pom": (2, None, 2.0, {"no_pom", "com_late"}, None),
    # Handover passed: 17 June, 1 October and 4 May 2026.
    "com_responsible": (3, 8, 37.5, {"past_handover", "com_late", "releasing"}, None),
    # Six with a POM; only "contact_overdue" (allocated in January, never seen) is past its
    # quarterly contact. The others were seen 40 days ago at most, or today.
    "pom_contact_overdue": (1, 6, 16.7, {"contact_overdue"}, False),
    # Two prisoners with the keyworker, weekly keywork: 2 expected in 16-22 November, 1 held
    # (the other recorded as not held).
    "keywork_sessions_held": (1, 2, 50.0, None, False),
    # The full-time POM is capped at 1 case and holds 2; the half-time POM holds 4 of 21.
    "poms_over_capacity": (1, None, 1.0, None, False),
    # 1.5 in post (37.5 + 18.75 hours); 8 cases / 42 = 0.19, rounded up to 0.2 needed.
    "pom_staffing": (1.5, 0.2, 750.0, None, True),
    # Handover on 6 December 2026: its upcoming window (56 days before) opened on 11 October.
    "handovers_upcoming": (1, None, 1.0, {"handover_soon"}, None),
    # Past their COM allocation day with a handover since 31 August: only "com_late", no COM.
    "handovers_com_on_time": (0, 1, 0.0, {"com_late"}, False),
    # Released by 15 February 2027: "releasing" (18 January), with 3 COM contacts.
    "com_contacts_before_release": (1, 1, 100.0, set(), True),
    # Released in the next 6 months: "releasing" (checks done) and "past_handover" (1 March).
    "public_protection_done": (1, 2, 50.0, {"past_handover"}, False),
    # Referred, waiting, and assessed suitable; the started and completed ones are not queued.
    "referrals_waiting": (3, None, 3.0, {"no_pom", "seen", "handover_soon"}, None),
    # Referred to a course Hilltop does not run.
    "referrals_at_risk": (1, None, 1.0, {"handover_soon"}, False),
    # Three BCSs completed since 31 August, one late; January's late one is too old.
    "bcs_on_time": (2, 3, 66.7, {"no_pom"}, False),
    # Arrived five days ago; the BCS was due 72 hours later and is still open.
    "bcs_overdue": (1, None, 1.0, {"arrival"}, False),
    # All eight are custody cases; an OASys since 23 November 2025 only for two.
    "oasys_current": (
        2,
        8,
        25.0,
        {"no_pom", "contact_overdue", "com_late", "handover_soon", "releasing", "arrival"},
        False,
    ),
    # The OASys review due yesterday; the OASys of the prisoner who left is not Hilltop's.
    "oasys_backlog": (1, None, 1.0, {"seen"}, False),
    # The BCS and the OASys review; the POM contact due today is not late yet. Listed on the
    # OMU task list, not as cases.
    "tasks_overdue": (2, None, 2.0, None, False),
}


@pytest.fixture
def counted(hilltop: Hilltop) -> dict[str, figures.Figure]:
    return {f.key: f for f in figures.prison_figures(hilltop.prison, today=TODAY)}


def test_every_figure_is_counted_by_hand(counted: dict[str, figures.Figure]) -> None:
    assert set(counted) == set(EXPECTED)


def test_each_figure_equals_the_hand_count(
    hilltop: Hilltop, counted: dict[str, figures.Figure]
) -> None:
    by_id = {p.pk: name for name, p in hilltop.cases.items()}
    found = {}
    for key, figure in counted.items():
        listed = None if figure.case_ids is None else {by_id[pk] for pk in figure.case_ids}
        found[key] = (figure.numerator, figure.denominator, figure.value, listed, figure.on_target)
    wrong = {key: (found[key], EXPECTED[key]) for key in EXPECTED if found[key] != EXPECTED[key]}
    assert not wrong, "figure: (counted, by hand)"


def test_the_explanations_give_the_same_counts(counted: dict[str, figures.Figure]) -> None:
    assert counted["pom_contact_overdue"].explanation.startswith("1 of 6 allocated cases")
    assert "week of 16 November 2026" in counted["keywork_sessions_held"].explanation
    assert "1 held by POMs, 1 by the OMU" in counted["tasks_overdue"].explanation
    staffing = counted["pom_staffing"]
    assert staffing.explanation.startswith(
        "1.5 full-time-equivalent POMs in post against 0.2 needed: 8 cases in OMiC scope at 42"
    )
    assert staffing.remark.startswith("More POMs in post than the caseload needs")


def test_staffing_shows_in_post_against_needed_not_a_bare_percentage(
    hilltop: Hilltop,
) -> None:
    client = Client()
    client.force_login(hilltop.head)
    page = client.get(reverse("dashboard")).content.decode()
    tile = page[page.index('data-testid="tile-pom_staffing"') :]
    tile = tile[: tile.index("</li>")]
    assert "1.5 in post" in tile and "0.2 needed (750%)" in tile
    assert "More POMs in post than the caseload needs" in tile
    assert "1 of 0" not in tile and "2 of 0" not in tile


def test_each_figure_has_its_definition_on_its_own_page(
    hilltop: Hilltop, counted: dict[str, figures.Figure]
) -> None:
    client = Client()
    client.force_login(hilltop.head)
    dashboard = client.get(reverse("dashboard")).content.decode()
    for key, figure in counted.items():
        definition = figure.definition
        assert definition is not None, key
        assert definition.counts and definition.numerator and definition.target, key
        assert (definition.denominator is None) == (figure.denominator is None), key
        url = reverse("figure-cases", args=[key])
        assert f'href="{url}"' in dashboard, key
        html = client.get(url).content.decode()
        shown = html[html.index('data-testid="figure-definition"') :]
        for part in (definition.counts, definition.numerator, definition.target):
            assert escape(part) in shown, (key, part)
        if definition.denominator:
            assert escape(definition.denominator) in shown, key
        if figure.case_ids is None:
            assert "This figure does not count cases." in html, key
        else:
            assert "The cases behind it" in html, key


def test_definitions_are_one_per_figure(counted: dict[str, figures.Figure]) -> None:
    definitions = [f.definition for f in counted.values()]
    assert len({id(d) for d in definitions}) == len(definitions)
