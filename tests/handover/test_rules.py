"""Handover rules as tables: states on the exact day, checklist due dates at month ends and
leap days, and the windows of the lists."""

import datetime as dt

import pytest

from handover import rules

D = dt.date

# A national-rule determinate case: handover 2027-03-15, COM allocated the same day, upcoming
# from 56 days before (2027-01-18), COM allocation overdue from 2 days after (2027-03-17).
HANDOVER = D(2027, 3, 15)
UPCOMING = D(2027, 1, 18)
OVERDUE = D(2027, 3, 17)


def state(today: dt.date, *, com: bool = False, released: bool = False, dates: bool = True) -> str:
    return rules.handover_state(
        handover_date=HANDOVER if dates else None,
        upcoming_from=UPCOMING if dates else None,
        com_allocation_overdue_from=OVERDUE if dates else None,
        com_allocated=com,
        released=released,
        today=today,
    ).value


@pytest.mark.parametrize(
    "today, com, expected",
    [
        (D(2027, 1, 17), False, "not_due"),  # the day before the upcoming window
        (D(2027, 1, 18), False, "upcoming"),  # its first day
        (D(2027, 1, 18), True, "in_progress"),
        (D(2026, 6, 1), True, "in_progress"),  # a COM named early: handover work has begun
        (D(2027, 3, 14), True, "in_progress"),  # the day before handover
        (D(2027, 3, 14), False, "upcoming"),
        (D(2027, 3, 15), True, "handed_over"),  # the handover date itself
        (D(2027, 3, 15), False, "handed_over"),  # no COM, not yet overdue
        (D(2027, 3, 16), False, "handed_over"),
        (D(2027, 3, 17), False, "com_allocation_overdue"),  # 2 days after the COM date
        (D(2027, 3, 17), True, "handed_over"),
        (D(2028, 1, 1), False, "com_allocation_overdue"),  # stays overdue until a COM is named
    ],
)
def test_the_handover_state_changes_on_the_exact_day(
    today: dt.date, com: bool, expected: str
) -> None:
    assert state(today, com=com) == expected


def test_released_comes_first_and_no_dates_means_no_handover() -> None:
    assert state(D(2027, 1, 1), released=True) == "released"
    assert state(D(2027, 1, 1), com=True, dates=False) == "no_handover"


def test_every_state_names_its_dates() -> None:
    explained = rules.handover_state(
        handover_date=HANDOVER,
        upcoming_from=UPCOMING,
        com_allocation_overdue_from=OVERDUE,
        com_allocated=False,
        released=False,
        today=D(2027, 3, 20),
    )
    assert "17 March 2027" in explained.explanation and "15 March 2027" in explained.explanation


def dates(release: dt.date | None, **kw: object) -> rules.CaseDates:
    base: dict[str, object] = {
        "sentence_start": D(2020, 1, 1),
        "com_allocation": None,
        "handover": None,
        "release": release,
        "hdced": None,
    }
    return rules.CaseDates(**{**base, **kw})  # type: ignore[arg-type]  # a table row's values


def due(code: str, case: rules.CaseDates) -> dt.date | None:
    return rules.item_due(rules.ITEMS[code], case).value


@pytest.mark.parametrize(
    "code, release, expected",
    [
        # Public protection: 6 months before release, clamped to the month's end.
        ("mappa", D(2027, 8, 31), D(2027, 2, 28)),
        ("mappa", D(2028, 8, 31), D(2028, 2, 29)),  # leap year
        ("mappa", D(2028, 8, 29), D(2028, 2, 29)),
        ("domestic_abuse", D(2027, 8, 29), D(2027, 2, 28)),
        ("child_safeguarding", D(2027, 3, 31), D(2026, 9, 30)),
        ("victim_liaison", D(2027, 1, 1), D(2026, 7, 1)),
        ("approved_premises", D(2027, 12, 31), D(2027, 6, 30)),
        # Resettlement: 12 weeks before release.
        ("accommodation", D(2027, 3, 1), D(2026, 12, 7)),
        ("bank_account", D(2028, 5, 23), D(2028, 2, 29)),  # across a leap day
        ("employment", D(2027, 5, 23), D(2027, 2, 28)),
        # Licence conditions: 28 days before; ROTL considered 6 months before.
        ("licence_conditions", D(2027, 3, 29), D(2027, 3, 1)),
        ("licence_conditions", D(2028, 3, 28), D(2028, 2, 29)),
        ("rotl", D(2028, 2, 29), D(2027, 8, 29)),
        # Three COM contacts by the release date itself.
        ("com_contacts", D(2027, 6, 30), D(2027, 6, 30)),
        ("mappa", None, None),
    ],
)
def test_release_items_are_due_before_release(
    code: str, release: dt.date | None, expected: dt.date | None
) -> None:
    assert due(code, dates(release)) == expected


def test_handover_items_are_due_on_their_dates() -> None:
    case = dates(
        D(2027, 11, 30),
        com_allocation=D(2027, 1, 31),
        handover=D(2027, 2, 28),
        hdced=D(2027, 9, 1),
        parole_case=True,
    )
    assert due("com_allocated", case) == D(2027, 1, 31)
    assert due("handover_meeting", case) == D(2027, 2, 28)
    assert due("pre_handover_oasys", case) == D(2027, 2, 28)
    assert due("parole_report", case) == D(2027, 2, 28)
    assert due("hdc_decision", case) == D(2027, 9, 1)


def test_no_item_is_due_before_the_sentence_date() -> None:
    case = dates(D(2027, 3, 31), sentence_start=D(2026, 11, 1))  # 5 months to serve
    result = rules.item_due(rules.ITEMS["mappa"], case)
    assert result.value == D(2026, 11, 1)
    assert "sentence date" in result.explanation and "30 September 2026" in result.explanation
    assert due("accommodation", case) == D(2027, 1, 6)  # 12 weeks before: after the sentence


@pytest.mark.parametrize(
    "case",
    [
        dates(D(2027, 8, 31)),  # month end
        dates(D(2028, 8, 29), handover=D(2028, 2, 29), com_allocation=D(2028, 1, 31)),  # leap
        dates(D(2027, 3, 31), sentence_start=D(2026, 11, 1)),  # clamped to the sentence date
        dates(D(2028, 3, 28), hdced=D(2028, 2, 29), parole_case=True, handover=D(2027, 9, 30)),
        dates(None, handover=D(2027, 1, 1)),  # no release: release items have no date
        dates(D(2027, 1, 1), sentence_start=None),
    ],
)
def test_the_due_date_alone_is_the_explained_due_date(case: rules.CaseDates) -> None:
    """The handover lists place items by `item_due_date`, the pages show `item_due`: the same
    date for every item, whatever the anchor, clamping or leap day."""
    for item in rules.CHECKLIST:
        assert rules.item_due_date(item, case) == rules.item_due(item, case).value, item.code
    # Many at once, each period counted once: the same dates.
    assert rules.due_dates(rules.CHECKLIST, case) == {
        item.code: rules.item_due(item, case).value for item in rules.CHECKLIST
    }


def test_approved_premises_says_when_a_referral_can_first_be_made() -> None:
    result = rules.item_due(rules.ITEMS["approved_premises"], dates(D(2028, 2, 29)))
    assert result.value == D(2027, 8, 29)
    assert "from 28 February 2027" in result.explanation  # 12 months before a leap day


def test_which_items_apply() -> None:
    short = {i.code for i in rules.applicable_items(dates(D(2027, 1, 1)))}
    assert "com_contacts" in short and "mappa" in short
    assert not short & {"com_allocated", "handover_meeting", "parole_report", "hdc_decision"}
    full = {
        i.code
        for i in rules.applicable_items(
            dates(D(2028, 1, 1), handover=D(2027, 1, 1), hdced=D(2027, 9, 1), parole_case=True)
        )
    }
    assert {"com_allocated", "handover_meeting", "parole_report", "hdc_decision"} <= full
    no_parole = dates(D(2028, 1, 1), handover=D(2027, 1, 1))
    assert "parole_report" not in {i.code for i in rules.applicable_items(no_parole)}


@pytest.mark.parametrize(
    "case",
    [
        dates(D(2027, 1, 1)),
        dates(D(2028, 1, 1), handover=D(2027, 1, 1), hdced=D(2027, 9, 1), parole_case=True),
        dates(D(2028, 1, 1), handover=D(2027, 1, 1)),
    ],
)
def test_the_public_protection_items_that_apply_are_those_of_the_whole_checklist(case) -> None:
    among = rules.applicable_items(case, among=rules.PUBLIC_PROTECTION_ITEMS)
    whole = [i for i in rules.applicable_items(case) if i.code in rules.PUBLIC_PROTECTION]
    assert among == whole and whole  # in checklist order, none missing


@pytest.mark.parametrize(
    "status, due_on, today, expected",
    [
        ("to_do", D(2027, 1, 10), D(2027, 1, 11), "overdue"),
        ("to_do", D(2027, 1, 10), D(2027, 1, 10), "due_soon"),  # the due day is not overdue
        ("to_do", D(2027, 1, 10), D(2027, 1, 3), "due_soon"),  # 7 days before
        ("to_do", D(2027, 1, 10), D(2027, 1, 2), "not_due"),  # 8 days before
        ("to_do", None, D(2027, 1, 2), "no_date"),
        ("done", D(2027, 1, 10), D(2027, 2, 1), "done"),
        ("not_needed", D(2027, 1, 10), D(2027, 2, 1), "not_needed"),
    ],
)
def test_item_progress_at_the_boundaries(
    status: str, due_on: dt.date | None, today: dt.date, expected: str
) -> None:
    assert rules.item_progress(status=status, due=due_on, today=today) == expected  # type: ignore[arg-type]  # a table row's values


@pytest.mark.parametrize(
    "display, earliest, today, expected, kind",
    [
        (D(2028, 1, 10), D(2028, 1, 10), D(2026, 11, 23), D(2028, 1, 10), "CRD"),
        (D(2028, 1, 10), D(2027, 5, 1), D(2026, 11, 23), D(2027, 5, 1), "PED"),  # parole first
        (D(2028, 1, 10), D(2026, 11, 22), D(2026, 11, 23), D(2028, 1, 10), "CRD"),  # PED passed
        (D(2028, 1, 10), D(2026, 11, 23), D(2026, 11, 23), D(2026, 11, 23), "PED"),  # today
        (None, D(2026, 1, 1), D(2026, 11, 23), D(2026, 1, 1), "PED"),
        (None, None, D(2026, 11, 23), None, None),
    ],
)
def test_the_checklist_counts_back_from_the_earliest_possible_release(
    display: dt.date | None,
    earliest: dt.date | None,
    today: dt.date,
    expected: dt.date | None,
    kind: str | None,
) -> None:
    anchor = rules.checklist_release_date(
        display=display, display_kind="CRD", earliest=earliest, earliest_kind="PED", today=today
    )
    assert (anchor.date, anchor.kind) == (expected, kind)
    assert anchor.explanation


@pytest.mark.parametrize(
    "release, today, flagged",
    [
        (D(2027, 5, 23), D(2026, 11, 23), True),  # exactly 6 months ahead
        (D(2027, 5, 24), D(2026, 11, 23), False),  # a day more
        (D(2026, 11, 23), D(2026, 11, 23), True),  # release today
        (D(2026, 11, 22), D(2026, 11, 23), False),  # released: no longer flagged
        (None, D(2026, 11, 23), False),
        (D(2027, 2, 28), D(2026, 8, 31), True),  # 31 August + 6 months is 28 February
        (D(2027, 3, 1), D(2026, 8, 31), False),
    ],
)
def test_cases_missing_public_protection_within_6_months_are_flagged(
    release: dt.date | None, today: dt.date, flagged: bool
) -> None:
    missing = rules.missing_public_protection(
        open_codes={"mappa", "accommodation"}, release=release, today=today
    )
    assert missing == (["mappa"] if flagged else [])


@pytest.mark.parametrize(
    "dates_set, today, expected",
    [
        ({"target_hearing_date": D(2027, 9, 23)}, D(2026, 11, 23), (D(2027, 9, 23), "THD")),
        ({"target_hearing_date": D(2027, 9, 24)}, D(2026, 11, 23), None),  # 10 months and a day
        ({"tariff_date": D(2026, 11, 23)}, D(2026, 11, 23), (D(2026, 11, 23), "TED")),
        ({"parole_eligibility_date": D(2026, 11, 22)}, D(2026, 11, 23), None),  # passed
        (
            {"parole_eligibility_date": D(2027, 2, 1), "tariff_date": D(2027, 1, 1)},
            D(2026, 11, 23),
            (D(2027, 1, 1), "TED"),
        ),
        ({"tariff_date": D(2026, 12, 31)}, D(2026, 2, 28), None),  # 28 Feb + 10 months = 28 Dec
    ],
)
def test_the_parole_list_takes_dates_within_10_months(
    dates_set: dict, today: dt.date, expected: tuple | None
) -> None:
    found = rules.parole_date_due(
        target_hearing_date=dates_set.get("target_hearing_date"),
        tariff_date=dates_set.get("tariff_date"),
        parole_eligibility_date=dates_set.get("parole_eligibility_date"),
        today=today,
    )
    assert found == expected


@pytest.mark.parametrize(
    "release, soon",
    [
        (D(2026, 11, 23), True),
        (D(2026, 12, 21), True),  # 28 days ahead
        (D(2026, 12, 22), False),
        (D(2026, 11, 22), False),
        (None, False),
    ],
)
def test_releases_in_the_next_28_days(release: dt.date | None, soon: bool) -> None:
    assert rules.release_is_soon(release, today=D(2026, 11, 23)) is soon


def test_responsibility_changes_still_to_come() -> None:
    changes = rules.responsibility_changes(
        com_allocation_date=D(2027, 1, 1),
        handover_date=D(2027, 3, 1),
        today=D(2026, 11, 23),
        override_active=False,
    )
    assert [(d, s) for d, s, _ in changes] == [
        (D(2027, 1, 1), "com_supporting"),
        (D(2027, 3, 1), "com_responsible"),
    ]
    later = rules.responsibility_changes(
        com_allocation_date=D(2027, 1, 1),
        handover_date=D(2027, 3, 1),
        today=D(2027, 1, 1),
        override_active=False,
    )
    assert [s for _, s, _ in later] == ["com_responsible"]
    assert not rules.responsibility_changes(
        com_allocation_date=D(2027, 1, 1),
        handover_date=D(2027, 3, 1),
        today=D(2026, 11, 23),
        override_active=True,
    )


@pytest.mark.parametrize("count, status", [(0, "to_do"), (2, "to_do"), (3, "done"), (4, "done")])
def test_three_com_contacts_complete_the_contacts_item(count: int, status: str) -> None:
    assert rules.contacts_status(count).value == status
