"""REST API for handovers (`/api/v1/handovers/`), on the same selectors and services as the
pages: one view per operation, separate input and output serializers, every one on the
`cases.api.base` views (the permission at one prison at least to get in; then the case's or
the prison's own permission)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from cases import access
from cases.api.base import CaseApiView, ConflictSerializer, PrisonApiView
from cases.models import Prisoner
from cases.selectors import evaluate_prisoner
from handover import rules, selectors, services
from handover.models import ResponsibilityOverride
from handover.serializers import (
    ChecklistItemInput,
    ChecklistItemSerializer,
    ContactInput,
    ContactSerializer,
    HandoverDetailSerializer,
    HandoverRowSerializer,
    NoteInput,
    NoteSerializer,
    OverrideInput,
    OverrideRemoveInput,
    OverrideSerializer,
    ParoleOutcomeInput,
    ParoleReviewInput,
    ParoleReviewSerializer,
    ParoleRowSerializer,
)

LIST_PARAMETERS = [
    OpenApiParameter(
        "list", str, enum=list(selectors.LISTS), description="Only the cases in this list."
    ),
    OpenApiParameter("prison", str, description="Prison code, e.g. LEI (default: all yours)."),
    OpenApiParameter("state", str, enum=list(rules.STATES), description="Handover state today."),
    OpenApiParameter("pom", str, description='"me" for the cases you hold as POM.'),
    OpenApiParameter("q", str, description="Name or prison number."),
]


class _ListApi(PrisonApiView):
    """A list of the caller's cases, at their prisons or the cases they hold as COM."""

    read_perm = "handover.view_handover_lists"

    def cases(self) -> QuerySet[Prisoner]:
        """Every case in custody where the caller holds the list permission (at its prison, or
        as the COM who holds it; a COM only: the cases they hold, wherever), searched."""
        user = self.request.user
        qs = access.prisoners_for_user(user)
        if not access.is_com_only(user):
            held = Q(allocation__com_id=user.pk)
            qs = qs.filter(
                Q(current_prison__in=self.prisons()) | held, current_prison__isnull=False
            )
        code = self.request.query_params.get("prison")
        if code:
            qs = qs.filter(current_prison=self.prison(code))
        return selectors.search(
            qs,
            q=self.request.query_params.get("q", ""),
            pom=self.request.query_params.get("pom", ""),
            user=user,
        )

    def page_of(self, rows: Sequence[Any], serializer: type[BaseSerializer[Any]]) -> Response:
        page: list[Any] | None = self.paginate_queryset(rows)  # type: ignore[arg-type]  # pages any sequence
        return self.get_paginated_response(serializer(page, many=True).data)


class HandoverListApi(_ListApi):
    """Cases with their handover state, dates and checklist standing, filterable by list."""

    serializer_class = HandoverRowSerializer

    @extend_schema(parameters=LIST_PARAMETERS, responses=HandoverRowSerializer(many=True))
    def get(self, request: Request) -> Response:
        name = request.query_params.get("list", "")
        state = request.query_params.get("state", "")
        if name and name not in selectors.LISTS:
            raise ValidationError({"list": f"One of {', '.join(selectors.LISTS)}."})
        if state and state not in rules.STATES:
            raise ValidationError({"state": f"One of {', '.join(rules.STATES)}."})
        today = timezone.localdate()
        rows = selectors.handover_lists(
            selectors.list_entries(self.cases(), today=today),
            name=name or "all",
            sort="date" if name else "number",
            state=state,
            today=today,
        ).rows
        return self.page_of(rows, HandoverRowSerializer)


class ParoleCaseListApi(_ListApi):
    """Cases with a THD, TED or PED in the next 10 months, soonest first."""

    serializer_class = ParoleRowSerializer

    @extend_schema(parameters=[LIST_PARAMETERS[1]], responses=ParoleRowSerializer(many=True))
    def get(self, request: Request) -> Response:
        today = timezone.localdate()
        entries = selectors.list_entries(self.cases(), today=today)
        return self.page_of(selectors.parole_cases(entries, today=today), ParoleRowSerializer)


class _CaseApi(CaseApiView):
    read_perm = "handover.view_handovercase"


class HandoverDetailApi(_CaseApi):
    """One case's handover: state, dates, responsibility, checklist, contacts and history."""

    serializer_class = HandoverDetailSerializer

    def get(self, request: Request, prison_number: str) -> Response:
        page = selectors.handover_page(request.user, self.prisoner(), today=timezone.localdate())
        return Response(HandoverDetailSerializer(page).data)


def _record_item(
    *, prisoner: Prisoner, code: str, acting_user: User, today: dt.date, **values: Any
) -> selectors.ItemView:
    """Record the item, then read it back as the checklist shows it; the engine runs once."""
    evaluation = evaluate_prisoner(prisoner, today=today)
    version = values.pop("version")
    services.checklist_item_update(
        prisoner=prisoner,
        code=code,
        acting_user=acting_user,
        today=today,
        evaluation=evaluation,
        expected_version=version,
        **values,
    )
    a = selectors.assess_prisoner(prisoner, today=today, evaluation=evaluation)
    return next(i for i in a.items if i.code == code)


class ChecklistItemApi(_CaseApi):
    """Record a checklist item's status, evidence or owner (a COM: only COM-owned items)."""

    write_perm = "handover.update_checklist"
    serializer_class = ChecklistItemSerializer

    @extend_schema(
        request=ChecklistItemInput,
        responses={200: ChecklistItemSerializer, 409: ConflictSerializer},
    )
    def patch(self, request: Request, prison_number: str, code: str) -> Response:
        return self.act(
            _record_item,
            ChecklistItemInput,
            ChecklistItemSerializer,
            prisoner=self.prisoner(),
            code=code,
            today=timezone.localdate(),
        )


class ContactCreateApi(_CaseApi):
    """Record a COM contact or a handover meeting."""

    write_perm = "handover.update_checklist"
    serializer_class = ContactSerializer

    @extend_schema(request=ContactInput, responses={201: ContactSerializer})
    def post(self, request: Request, prison_number: str) -> Response:
        return self.act(
            services.contact_record,
            ContactInput,
            ContactSerializer,
            status_code=status.HTTP_201_CREATED,
            prisoner=self.prisoner(),
            today=timezone.localdate(),
        )


class NoteCreateApi(_CaseApi):
    write_perm = "handover.update_checklist"
    serializer_class = NoteSerializer

    @extend_schema(request=NoteInput, responses={201: NoteSerializer})
    def post(self, request: Request, prison_number: str) -> Response:
        return self.act(
            services.note_add,
            NoteInput,
            NoteSerializer,
            status_code=status.HTTP_201_CREATED,
            prisoner=self.prisoner(),
        )


class ParoleReviewCreateApi(_CaseApi):
    """Record a parole review of the current sentence (with its outcome, if known)."""

    write_perm = "handover.record_parole_review"
    serializer_class = ParoleReviewSerializer

    @extend_schema(request=ParoleReviewInput, responses={201: ParoleReviewSerializer})
    def post(self, request: Request, prison_number: str) -> Response:
        return self.act(
            services.parole_review_record,
            ParoleReviewInput,
            ParoleReviewSerializer,
            status_code=status.HTTP_201_CREATED,
            prisoner=self.prisoner(),
            today=timezone.localdate(),
        )


class ParoleOutcomeApi(_CaseApi):
    """Record or correct the outcome of a parole review."""

    write_perm = "handover.record_parole_review"
    serializer_class = ParoleReviewSerializer

    @extend_schema(request=ParoleOutcomeInput, responses=ParoleReviewSerializer)
    def patch(self, request: Request, prison_number: str, pk: int) -> Response:
        review = selectors.get_parole_review_for_user(request.user, self.prisoner(), pk)
        return self.act(
            services.parole_review_record_outcome,
            ParoleOutcomeInput,
            ParoleReviewSerializer,
            review=review,
            today=timezone.localdate(),
        )


class OverrideApi(_CaseApi):
    """The head of OMU makes the COM responsible (docs/rules.md#ordered-rules, rule 1)."""

    write_perm = "handover.override_responsibility"
    serializer_class = OverrideSerializer

    @extend_schema(request=OverrideInput, responses={201: OverrideSerializer})
    def post(self, request: Request, prison_number: str) -> Response:
        return self.act(
            services.responsibility_override_add,
            OverrideInput,
            OverrideSerializer,
            status_code=status.HTTP_201_CREATED,
            prisoner=self.prisoner(),
        )


def _remove_override(**kwargs: Any) -> ResponsibilityOverride:
    """End the override in force; 404 when there is none."""
    removed = services.responsibility_override_remove(**kwargs)
    if removed is None:
        raise NotFound("No override in force.")
    return removed


class OverrideRemoveApi(_CaseApi):
    """End the override in force, with a reason. 404 when there is none."""

    write_perm = "handover.override_responsibility"
    serializer_class = OverrideSerializer

    @extend_schema(request=OverrideRemoveInput, responses=OverrideSerializer)
    def post(self, request: Request, prison_number: str) -> Response:
        return self.act(
            _remove_override, OverrideRemoveInput, OverrideSerializer, prisoner=self.prisoner()
        )


urlpatterns = [
    path("handovers/", HandoverListApi.as_view(), name="api-handover-list"),
    path("parole-cases/", ParoleCaseListApi.as_view(), name="api-parole-cases"),
    path("handovers/<str:prison_number>/", HandoverDetailApi.as_view(), name="api-handover-detail"),
    path(
        "handovers/<str:prison_number>/checklist/<slug:code>/",
        ChecklistItemApi.as_view(),
        name="api-handover-item",
    ),
    path(
        "handovers/<str:prison_number>/contacts/",
        ContactCreateApi.as_view(),
        name="api-handover-contacts",
    ),
    path(
        "handovers/<str:prison_number>/notes/", NoteCreateApi.as_view(), name="api-handover-notes"
    ),
    path(
        "handovers/<str:prison_number>/parole-reviews/",
        ParoleReviewCreateApi.as_view(),
        name="api-handover-parole-reviews",
    ),
    path(
        "handovers/<str:prison_number>/parole-reviews/<int:pk>/",
        ParoleOutcomeApi.as_view(),
        name="api-handover-parole-outcome",
    ),
    path(
        "handovers/<str:prison_number>/override/",
        OverrideApi.as_view(),
        name="api-handover-override",
    ),
    path(
        "handovers/<str:prison_number>/override/remove/",
        OverrideRemoveApi.as_view(),
        name="api-handover-override-remove",
    ),
]
