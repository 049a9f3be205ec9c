"""The prison's lists: waiting lists, referrals at risk, completions and needs near release.
Every list reads its rows in one query and works out release dates for all of them at once
(`cases.selectors.evaluate_cases`), so its cost does not grow with its length."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict, cast

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet

from cases import access
from cases import rules as omic
from cases.access import User
from cases.models import Prison, Prisoner
from cases.selectors import stored_evaluations_of, with_case_columns
from interventions import rules
from interventions.models import Offering, Referral, ResettlementNeed
from interventions.selectors.case import OPEN_NEED_STATUSES
from interventions.selectors.referrals import ReferralRow, assess_referrals, referrals_for_user

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _LastUpdate(TypedDict):
    last_update: dt.date | None


if TYPE_CHECKING:
    OpenNeed = WithAnnotations[ResettlementNeed, _LastUpdate]


class _NearRelease(TypedDict):
    display_release_date: dt.date | None
    open_needs: list[OpenNeed]


def waiting_overview(prison: Prison) -> QuerySet[Offering]:
    """The prison's offerings with how many referrals are at each step of the queue."""
    statuses = {
        "referred": Referral.Status.REFERRED,
        "suitable": Referral.Status.SUITABLE,
        "waiting": Referral.Status.WAITING,
    }
    return (
        Offering.objects.filter(prison=prison)
        .select_related("intervention")
        .annotate(
            **{
                name: Count("referrals", filter=Q(referrals__status=status))
                for name, status in statuses.items()
            }
        )
        .order_by("intervention__name")
    )


def waiting_list(user: User, offering: Offering, *, today: dt.date) -> list[ReferralRow]:
    """Everyone queued for the offering, soonest release or parole hearing first, each with
    the reason for their place and today's checks (`rules.waiting_list_order`)."""
    referrals = referrals_for_user(user).filter(
        offering=offering, status__in=Referral.QUEUED_STATUSES
    )
    rows = {row.referral.pk: row for row in assess_referrals(referrals, today=today)}
    entries = [
        rules.WaitingEntry(
            pk,
            release=row.facts.release.date if row.facts else None,
            parole_hearing=row.facts.parole_hearing if row.facts else None,
        )
        for pk, row in rows.items()
    ]
    return [
        ReferralRow(rows[e.key].referral, rows[e.key].facts, rows[e.key].assessment, reason)
        for e, reason in rules.waiting_list_order(entries)
    ]


def referrals_at_risk(user: User, prison: Prison, *, today: dt.date) -> list[ReferralRow]:
    """Active referrals failing a check today (cannot finish before release or the parole
    hearing, no longer eligible, not run where the prisoner now is), soonest release first.
    The prison's referrals are those to its interventions and those of its prisoners."""
    active = referrals_for_user(user).filter(
        Q(offering__prison=prison) | Q(prisoner__current_prison=prison),
        status__in=Referral.ACTIVE_STATUSES,
    )
    rows = [row for row in assess_referrals(active, today=today) if row.at_risk]
    return sorted(
        rows,
        key=lambda r: (
            r.facts is None or r.facts.release.date is None,
            (r.facts.release.date if r.facts else None) or dt.date.max,
            r.referral.pk,
        ),
    )


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    return first, omic.add_months(first, 1)


def completions(user: User, prison: Prison, *, month: dt.date) -> QuerySet[Referral]:
    """Referrals to the prison's interventions that ended (completed or not) in the month."""
    first, after = month_bounds(month)
    return (
        referrals_for_user(user)
        .filter(
            offering__prison=prison,
            status__in=(Referral.Status.COMPLETED, Referral.Status.NOT_COMPLETED),
            ended_on__gte=first,
            ended_on__lt=after,
        )
        .order_by("-ended_on", "prisoner__last_name", "id")
    )


@dataclass(frozen=True)
class NearReleaseRow:
    prisoner: Prisoner
    release: omic.ReleaseDate
    window: omic.Explained[bool]
    needs: list[OpenNeed]

    @property
    def release_label(self) -> str:
        """Which date the release date is, e.g. "conditional release date"."""
        return omic.KIND_NAMES.get(self.release.kind or "", "")


def needs_near_release(
    user: User, prison: Prison, *, today: dt.date, mine: bool = False
) -> list[NearReleaseRow]:
    """Prisoners released in the next 12 weeks (displayed release date) with needs still open,
    soonest first: the pre-release view for the POM and the COM. Fixed queries."""
    prisoners = _near_release(user, prison, today=today, mine=mine)
    evaluations = stored_evaluations_of({p.pk: p.current_prison_id for p in prisoners}, today=today)
    rows = []
    for p in prisoners:
        ev = evaluations.get(p.pk)
        release = (
            ev.display_release_date if ev else omic.ReleaseDate(p.display_release_date, None, "")
        )
        window = rules.pre_release(release.date, today=today)
        rows.append(NearReleaseRow(p, release, window, p.open_needs))
    return rows


def _near_release(
    user: User, prison: Prison, *, today: dt.date, mine: bool
) -> list[WithAnnotations[Prisoner, _NearRelease]]:
    """The prison's prisoners the user may see (`mine`: whose case they hold) released in the
    window with a need still open, with those needs and when each was last updated."""
    qs = access.prisoners_for_user(user).filter(current_prison=prison)
    if mine:
        qs = qs.filter(
            Q(allocation__primary_pom=user)
            | Q(allocation__secondary_pom=user)
            | Q(allocation__com=user)
        )
    open_need = ResettlementNeed.objects.filter(
        prisoner=OuterRef("pk"), status__in=OPEN_NEED_STATUSES
    )
    needs = (
        ResettlementNeed.objects.filter(status__in=OPEN_NEED_STATUSES)
        .annotate(last_update=Max("updates__on"))
        .order_by("area")
    )
    window_end = today + dt.timedelta(weeks=rules.PRE_RELEASE_WEEKS)
    in_window = Q(display_release_date__gte=today, display_release_date__lte=window_end)
    found = (
        with_case_columns(qs)
        .filter(Exists(open_need), in_window)
        .prefetch_related(Prefetch("resettlement_needs", queryset=needs, to_attr="open_needs"))
        .order_by("display_release_date", "last_name", "prison_number")
    )
    # `display_release_date` is annotated by `with_case_columns`, `open_needs` prefetched.
    return cast("list[WithAnnotations[Prisoner, _NearRelease]]", list(found))
