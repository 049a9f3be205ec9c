"""The directory: what each prison offers, who it is for, its cohorts and places left, and the
national view of where each intervention runs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypedDict, cast

from django.core.exceptions import PermissionDenied
from django.db.models import Count, ExpressionWrapper, F, IntegerField, Prefetch, Q, QuerySet
from django.http import Http404

from cases import access
from cases import rules as omic
from cases.access import User
from cases.models import Prison, Prisoner
from interventions import rules
from interventions.models import Cohort, Intervention, Offering, Referral

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _Places(TypedDict):
    placed: int
    places_left: int


if TYPE_CHECKING:
    CohortWithPlaces = WithAnnotations[Cohort, _Places]


def with_places_left(qs: QuerySet[Cohort]) -> QuerySet[CohortWithPlaces]:
    """Annotate `placed` and `places_left` (capacity minus referrals placed), in SQL."""
    placed = Count("referrals", filter=Q(referrals__status__in=Referral.PLACED_STATUSES))
    return qs.annotate(
        placed=placed,
        places_left=ExpressionWrapper(F("capacity") - placed, output_field=IntegerField()),
    )


def _upcoming_cohorts(today: dt.date) -> Prefetch:
    """An offering's cohorts starting today or later, with places left, as `upcoming`."""
    upcoming = with_places_left(Cohort.objects.filter(start_date__gte=today))
    return Prefetch("cohorts", queryset=upcoming.order_by("start_date", "id"), to_attr="upcoming")


def upcoming(offering: Offering) -> list[CohortWithPlaces]:
    """The cohorts `directory` and `directory_for_prisons` prefetched on the offering."""
    return offering.upcoming  # type: ignore[attr-defined]  # set by the prefetch's to_attr


def criteria(intervention: Intervention) -> rules.Criteria:
    low, high = intervention.min_sentence_months, intervention.max_sentence_months
    return rules.Criteria(
        rosh_levels=frozenset(intervention.rosh_level_list),
        min_sentence_months=low,
        max_sentence_months=high,
        estate=cast(rules.Estate, intervention.estate),
    )


def criteria_summary(intervention: Intervention) -> str:
    """Who can be referred, in words, for the directory."""
    parts = []
    levels = intervention.rosh_level_list
    if levels:
        labels = dict(Prisoner.Rosh.choices)
        ordered = [labels[r].lower() for r in rules.ROSH_ORDER if r in levels]
        parts.append("ROSH " + ", ".join(ordered))
    low, high = intervention.min_sentence_months, intervention.max_sentence_months
    if low is not None and high is not None:
        parts.append(f"sentences of {low} to {high} months")
    elif low is not None:
        parts.append(f"sentences of {low} months or more")
    elif high is not None:
        parts.append(f"sentences of up to {high} months")
    if intervention.estate != Intervention.Estate.ANY:
        parts.append(intervention.get_estate_display().lower())
    text = "; ".join(parts) or "anyone"
    return text[0].upper() + text[1:]


def length_summary(intervention: Intervention) -> str:
    """How long it lasts, as the directory shows it: sessions, minutes, days."""
    bits = []
    if intervention.sessions and intervention.kind != Intervention.Kind.SINGLE_SESSION:
        bits.append(f"{intervention.sessions} sessions")
    if intervention.session_minutes:
        bits.append(f"{intervention.session_minutes} minutes each")
    days = intervention.duration_days
    if intervention.kind == Intervention.Kind.SINGLE_SESSION:
        bits.append("one day")
    else:
        weeks = f" (about {round(days / 7)} weeks)" if days >= 14 else ""
        bits.append(f"over {days} days{weeks}")
    return ", ".join(bits)


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    kind: str = ""
    area: str = ""
    running_only: bool = False


def directory(
    prison: Prison, *, today: dt.date, filters: DirectoryFilters | None = None
) -> QuerySet[Offering]:
    """A prison's directory: its offerings with need areas and upcoming cohorts (places left
    worked out in SQL) and how many are queued. Three queries, whatever its size."""
    filters = filters or DirectoryFilters()
    qs = Offering.objects.filter(prison=prison)
    if filters.q:
        qs = qs.filter(
            Q(intervention__name__icontains=filters.q)
            | Q(intervention__provider__icontains=filters.q)
        )
    if filters.kind:
        qs = qs.filter(intervention__kind=filters.kind)
    if filters.area:
        qs = qs.filter(intervention__need_areas__area=filters.area)
    if filters.running_only:
        qs = qs.filter(running=True)
    queued = Count(
        "referrals", filter=Q(referrals__status__in=Referral.QUEUED_STATUSES), distinct=True
    )
    return (
        qs.select_related("intervention", "prison")
        .annotate(queued=queued)
        .prefetch_related("intervention__need_areas", _upcoming_cohorts(today))
        .order_by("intervention__name")
    )


@dataclass(frozen=True)
class DirectoryRow:
    offering: Offering
    next_start: omic.Explained[rules.CohortSlot | None]

    @property
    def who(self) -> str:
        return criteria_summary(self.offering.intervention)

    @property
    def length(self) -> str:
        return length_summary(self.offering.intervention)


def directory_rows(offerings: Iterable[Offering], *, today: dt.date) -> list[DirectoryRow]:
    """Offerings from `directory` (or `get_offering_for_user`) with their next start."""
    return [DirectoryRow(o, next_start(o, today=today)) for o in offerings]


def slots(cohorts: Iterable[CohortWithPlaces]) -> list[rules.CohortSlot]:
    """Cohorts annotated by `with_places_left`, as the rules take them."""
    return [rules.CohortSlot(c.pk, c.start_date, c.places_left) for c in cohorts]


def next_start(offering: Offering, *, today: dt.date) -> omic.Explained[rules.CohortSlot | None]:
    """The next cohort with a place, from the offering's upcoming cohorts (see `directory`)."""
    return rules.next_cohort(
        slots(upcoming(offering)),
        today=today,
        starts_on_request=offering.intervention.is_workbook,
    )


def directory_for_prisons(prisons: QuerySet[Prison], *, today: dt.date) -> QuerySet[Offering]:
    """The offerings of these prisons, with need areas and upcoming cohorts."""
    return (
        Offering.objects.filter(prison__in=prisons)
        .select_related("intervention", "prison")
        .prefetch_related("intervention__need_areas", _upcoming_cohorts(today))
    )


def get_offering_for_user(user: User, pk: int, *, today: dt.date) -> Offering:
    """An offering at one of the user's prisons, with its upcoming cohorts; 404 otherwise. The
    caller checks what the user may do at the offering's prison."""
    try:
        return directory_for_prisons(access.prisons_for_user(user), today=today).get(pk=pk)
    except Offering.DoesNotExist as exc:
        raise Http404("No such intervention in your prisons.") from exc


def offering_cohorts(offering: Offering) -> QuerySet[CohortWithPlaces]:
    """Every cohort of an offering, newest first, with places left."""
    return with_places_left(offering.cohorts.all()).order_by("-start_date", "-id")


def get_cohort_for_user(user: User, pk: int) -> CohortWithPlaces:
    """A cohort at one of the user's prisons, with places left; 404 otherwise."""
    cohorts = Cohort.objects.select_related("offering__intervention", "offering__prison").filter(
        offering__prison__in=access.prisons_for_user(user)
    )
    try:
        return with_places_left(cohorts).get(pk=pk)
    except Cohort.DoesNotExist as exc:
        raise Http404("No such cohort in your prisons.") from exc


def catalogue_for_prison(prison: Prison) -> QuerySet[Intervention]:
    """National catalogue entries this prison does not offer yet."""
    return Intervention.objects.exclude(offerings__prison=prison).order_by("name")


def get_intervention_for_change(user: User, pk: int) -> Intervention:
    """A catalogue entry offered only where the user manages the directory (so changing it
    changes no one else's directory): 404 if none of their prisons offers it, 403 if another
    prison offers it too."""
    try:
        intervention = Intervention.objects.prefetch_related("need_areas").get(
            pk=pk, offerings__prison__in=access.prisons_for_user(user)
        )
    except Intervention.DoesNotExist as exc:
        raise Http404("No such intervention in your prisons.") from exc
    managed = access.prisons_where(user, "interventions.manage_directory")
    if intervention.offerings.exclude(prison__in=managed).exists():
        raise PermissionDenied(
            "Other prisons run this intervention too: only the national team can change it."
        )
    return intervention


# --- Where each intervention runs -------------------------------------------------------------


@dataclass(frozen=True)
class NationalRow:
    intervention: Intervention
    running: tuple[Offering, ...]
    paused: tuple[Offering, ...]

    @property
    def prison_codes(self) -> list[str]:
        return [o.prison.code for o in self.running]


def national_directory(*, filters: DirectoryFilters | None = None) -> QuerySet[Intervention]:
    """Every intervention with the prisons offering it: where a move for a programme could go.
    Two queries."""
    filters = filters or DirectoryFilters()
    qs = Intervention.objects.all()
    if filters.q:
        qs = qs.filter(name__icontains=filters.q)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.area:
        qs = qs.filter(need_areas__area=filters.area)
    offerings = Offering.objects.select_related("prison").order_by("prison__name")
    return qs.prefetch_related("need_areas", Prefetch("offerings", queryset=offerings)).order_by(
        "name"
    )


def national_rows(qs: Iterable[Intervention]) -> list[NationalRow]:
    return [
        NationalRow(
            i,
            tuple(o for o in i.offerings.all() if o.running),
            tuple(o for o in i.offerings.all() if not o.running),
        )
        for i in qs
    ]
