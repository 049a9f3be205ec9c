"""Handover's figures for the head of OMU's dashboard (docs/rules.md#figures): upcoming
handovers and whether the COM came on time, COM contacts before release, and the
public-protection checks done before release."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cases.figures import Definition, Figure, PrisonContext
from handover.rules import DEFAULT_CHECKLIST_POLICY, in_upcoming_window
from handover.selectors import com_contact_counts, com_named, public_protection_open

HANDOVER_WINDOW = dt.timedelta(weeks=12)
RELEASE_WINDOW = dt.timedelta(weeks=12)
# "Within 6 months of release" (docs/rules.md#checklist).
PUBLIC_PROTECTION_WINDOW = dt.timedelta(days=183)


@dataclass(frozen=True)
class _Windows:
    """The prison's in-scope cases in each figure's window."""

    due_soon: frozenset[int]  # upcoming handovers, as the "Upcoming handovers" list counts them
    com_due: frozenset[int]  # past the COM allocation overdue day, handover recent or to come
    releasing: frozenset[int]  # released in the next 12 weeks
    protecting: frozenset[int]  # released in the next 6 months


def _windows(ctx: PrisonContext) -> _Windows:
    today = ctx.today
    due_soon: set[int] = set()
    com_due: set[int] = set()
    releasing: set[int] = set()
    protecting: set[int] = set()
    for pk, state in ctx.in_scope.items():
        if in_upcoming_window(
            handover_date=state.handover_date, upcoming_from=state.upcoming_from, today=today
        ):
            due_soon.add(pk)
        recent = not state.handover_date or state.handover_date >= today - HANDOVER_WINDOW
        overdue_from = state.com_allocation_overdue_from
        if overdue_from and overdue_from <= today and recent:
            com_due.add(pk)
        release = state.display_release_date
        if release and today <= release <= today + PUBLIC_PROTECTION_WINDOW:
            protecting.add(pk)
            if release <= today + RELEASE_WINDOW:
                releasing.add(pk)
    return _Windows(
        frozenset(due_soon), frozenset(com_due), frozenset(releasing), frozenset(protecting)
    )


HANDOVERS_DUE = Definition(
    counts="Handovers to the COM coming up: the same cases as the Upcoming handovers list.",
    numerator="Cases in OMiC scope in their upcoming window: from the policy's upcoming days "
    "(56 by default) before the handover date, up to the day before handover.",
    denominator=None,
    target="None: the number follows release dates; it shows the work ahead.",
    excludes="Cases whose handover date has come (see COM responsible) and cases not yet in "
    "their window.",
)
COM_ON_TIME = Definition(
    counts="Whether a COM is allocated by the day the rules say one is overdue.",
    numerator="Of the cases in the denominator, those with a COM allocated: chosen from the "
    "users or named by hand.",
    denominator="Cases in OMiC scope past their COM allocation overdue day, with a handover "
    "date in the last 12 weeks or still to come (older handovers drop out).",
    target="100%: every case past its COM allocation day has a COM.",
    excludes="Cases before their COM allocation overdue day; the list on this page shows the "
    "cases without a COM.",
)
_CONTACTS = DEFAULT_CHECKLIST_POLICY.com_contacts_target
COM_CONTACTS = Definition(
    counts="Whether the COM has met each prisoner released soon often enough.",
    numerator=f"Of the cases in the denominator, those the COM has met on at least {_CONTACTS} "
    "different days (contacts where both the COM and the prisoner attended, on or before "
    "release).",
    denominator="Cases in OMiC scope released between today and 12 weeks from today.",
    target=f"100%: every case released in the next 12 weeks has had {_CONTACTS} COM contacts.",
    excludes="Contacts the prisoner or the COM did not attend; the list shows the cases short "
    "of contacts.",
)
PUBLIC_PROTECTION = Definition(
    counts="Whether the public-protection checks are done before release.",
    numerator="Of the cases in the denominator, those whose MAPPA, domestic-abuse, "
    "safeguarding and victim checks are each done or recorded as not needed.",
    denominator="Cases in OMiC scope released between today and 6 months from today.",
    target="100%: every case released in the next 6 months has its checks done.",
    excludes="The list shows the cases with a check still to do.",
)


def dashboard_figures(ctx: PrisonContext) -> list[Figure]:
    w = _windows(ctx)
    return [*_handover_figures(ctx, w), *_before_release_figures(ctx, w)]


def _handover_figures(ctx: PrisonContext, w: _Windows) -> list[Figure]:
    due_soon, com_due = w.due_soon, w.com_due
    allocations = ctx.allocations
    late = frozenset(
        pk
        for pk in com_due
        if pk not in allocations or not com_named(allocations[pk].com_id, allocations[pk].com_name)
    )
    return [
        Figure(
            "handovers_upcoming",
            "Upcoming handovers",
            len(due_soon),
            None,
            f"{len(due_soon)} cases are in their upcoming window (the policy's days before the "
            "handover date) and not yet handed over: the same cases as the upcoming handovers "
            "list.",
            case_ids=due_soon,
            definition=HANDOVERS_DUE,
        ),
        Figure(
            "handovers_com_on_time",
            "COM allocated on time",
            len(com_due) - len(late),
            len(com_due),
            f"{len(com_due) - len(late)} of {len(com_due)} cases past their COM allocation "
            f"date (handovers from the last 12 weeks on) have a COM; the list shows the "
            f"{len(late)} without.",
            target=100,
            higher_is_better=True,
            case_ids=late,
            definition=COM_ON_TIME,
        ),
    ]


def _before_release_figures(ctx: PrisonContext, w: _Windows) -> list[Figure]:
    releasing, protecting = w.releasing, w.protecting
    # Only the cases in each figure's window have their checklists read: a small share of the
    # prison, and the COM contacts of a narrower window than the checks.
    contacts = com_contact_counts(releasing, today=ctx.today, states=ctx.states)
    open_checks = public_protection_open(protecting, today=ctx.today, states=ctx.states)
    target = DEFAULT_CHECKLIST_POLICY.com_contacts_target
    short_of_contacts = frozenset(pk for pk in releasing if contacts[pk] < target)
    missing_checks = frozenset(pk for pk in protecting if open_checks[pk])
    return [
        Figure(
            "com_contacts_before_release",
            f"{target} COM contacts before release",
            len(releasing) - len(short_of_contacts),
            len(releasing),
            f"{len(releasing) - len(short_of_contacts)} of {len(releasing)} cases released in "
            f"the next 12 weeks have had {target} COM contacts; the list shows the rest.",
            target=100,
            higher_is_better=True,
            case_ids=short_of_contacts,
            definition=COM_CONTACTS,
        ),
        Figure(
            "public_protection_done",
            "Public-protection checks done",
            len(protecting) - len(missing_checks),
            len(protecting),
            f"{len(protecting) - len(missing_checks)} of {len(protecting)} cases released in "
            "the next 6 months have their MAPPA, domestic-abuse, safeguarding and victim "
            "checks done or not needed; the list shows the rest.",
            target=100,
            higher_is_better=True,
            case_ids=missing_checks,
            definition=PUBLIC_PROTECTION,
        ),
    ]
