"""REST API for handovers (`/api/v1/handovers/`), on the same selectors and services as the
pages: one view per operation, separate input and output serializers."""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from cases.access import get_prison_for_user, get_prisoner_for_user, prisoners_for_user
from cases.api.base import HasPerm, call_service
from cases.models import Prisoner
from handover import rules, selectors, services
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


class _PermView(generics.GenericAPIView):
    required_perm = "handover.view_handovercase"
    queryset = Prisoner.objects.none()

    def get_permissions(self) -> list[BasePermission]:
        return [IsAuthenticated(), HasPerm(self.required_perm)]

    def prisoner(self, prison_number: str) -> Prisoner:
        return get_prisoner_for_user(self.request.user, prison_number)


LIST_PARAMETERS = [
    OpenApiParameter(
        "list", str, enum=list(selectors.LISTS), description="Only the cases in this list."
    ),
    OpenApiParameter("prison", str, description="Prison code, e.g. LEI (default: all yours)."),
    OpenApiParameter("state", str, enum=list(rules.STATES), description="Handover state today."),
    OpenApiParameter("pom", str, description='"me" for the cases you hold as POM.'),
    OpenApiParameter("q", str, description="Name or prison number."),
]


def _scoped_cases(request: Request) -> Any:
    """Every case the caller may see (all their prisons, or a COM's own cases), searched."""
    qs = prisoners_for_user(request.user)
    if not selectors.is_com_only(request.user):
        qs = qs.filter(current_prison__isnull=False)
    code = request.query_params.get("prison")
    if code:
        qs = qs.filter(current_prison=get_prison_for_user(request.user, code))
    return selectors.search(
        qs,
        q=request.query_params.get("q", ""),
        pom=request.query_params.get("pom", ""),
        user=request.user,
    )


class HandoverListApi(_PermView):
    """Cases with their handover state, dates and checklist standing, filterable by list."""

    required_perm = "handover.view_handover_lists"
    serializer_class = HandoverRowSerializer

    @extend_schema(parameters=LIST_PARAMETERS, responses=HandoverRowSerializer(many=True))
    def get(self, request: Request) -> Response:
        name = request.query_params.get("list", "")
        state = request.query_params.get("state", "")
        if name and name not in selectors.LISTS:
            raise ValidationError({"list": f"One of {', '.join(selectors.LISTS)}."})
        if state and state not in rules.STATES:
            raise ValidationError({"state": f"One of {', '.join(rules.STATES)}."})
        assessments = selectors.assess_cases(_scoped_cases(request), today=timezone.localdate())
        if name:
            rows = selectors.handover_lists(assessments, name=name).rows
        else:
            rows = sorted(assessments, key=lambda a: a.prisoner.prison_number)
        if state:
            rows = [a for a in rows if a.state.value == state]
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(HandoverRowSerializer(page, many=True).data)


class ParoleCaseListApi(_PermView):
    """Cases with a THD, TED or PED in the next 10 months, soonest first."""

    required_perm = "handover.view_handover_lists"
    serializer_class = ParoleRowSerializer

    @extend_schema(parameters=[LIST_PARAMETERS[1]], responses=ParoleRowSerializer(many=True))
    def get(self, request: Request) -> Response:
        rows = selectors.parole_cases(
            selectors.assess_cases(_scoped_cases(request), today=timezone.localdate())
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(ParoleRowSerializer(page, many=True).data)


class HandoverDetailApi(_PermView):
    """One case's handover: state, dates, responsibility, checklist, contacts and history."""

    serializer_class = HandoverDetailSerializer

    def get(self, request: Request, prison_number: str) -> Response:
        page = selectors.handover_page(
            request.user, self.prisoner(prison_number), today=timezone.localdate()
        )
        return Response(HandoverDetailSerializer(page).data)


class ChecklistItemApi(_PermView):
    """Record a checklist item's status, evidence or owner (a COM: only COM-owned items)."""

    required_perm = "handover.update_checklist"
    serializer_class = ChecklistItemSerializer

    @extend_schema(request=ChecklistItemInput, responses=ChecklistItemSerializer)
    def patch(self, request: Request, prison_number: str, code: str) -> Response:
        prisoner = self.prisoner(prison_number)
        data = ChecklistItemInput(data=request.data)
        data.is_valid(raise_exception=True)
        today = timezone.localdate()
        call_service(
            services.checklist_item_update,
            prisoner=prisoner,
            code=code,
            acting_user=request.user,
            today=today,
            **data.validated_data,
        )
        item = next(i for i in selectors.assess_prisoner(prisoner, today=today).items
                    if i.code == code)  # fmt: skip
        return Response(ChecklistItemSerializer(item).data)


class ContactCreateApi(_PermView):
    """Record a COM contact or a handover meeting."""

    required_perm = "handover.update_checklist"
    serializer_class = ContactSerializer

    @extend_schema(request=ContactInput, responses={201: ContactSerializer})
    def post(self, request: Request, prison_number: str) -> Response:
        prisoner = self.prisoner(prison_number)
        data = ContactInput(data=request.data)
        data.is_valid(raise_exception=True)
        contact = call_service(
            services.contact_record,
            prisoner=prisoner,
            acting_user=request.user,
            today=timezone.localdate(),
            **data.validated_data,
        )
        return Response(ContactSerializer(contact).data, status=status.HTTP_201_CREATED)


class NoteCreateApi(_PermView):
    required_perm = "handover.update_checklist"
    serializer_class = NoteSerializer

    @extend_schema(request=NoteInput, responses={201: NoteSerializer})
    def post(self, request: Request, prison_number: str) -> Response:
        prisoner = self.prisoner(prison_number)
        data = NoteInput(data=request.data)
        data.is_valid(raise_exception=True)
        note = call_service(
            services.note_add, prisoner=prisoner, acting_user=request.user, **data.validated_data
        )
        return Response(NoteSerializer(note).data, status=status.HTTP_201_CREATED)


class ParoleReviewCreateApi(_PermView):
    """Record a parole review of the current sentence (with its outcome, if known)."""

    required_perm = "handover.record_parole_review"
    serializer_class = ParoleReviewSerializer

    @extend_schema(request=ParoleReviewInput, responses={201: ParoleReviewSerializer})
    def post(self, request: Request, prison_number: str) -> Response:
        prisoner = self.prisoner(prison_number)
        data = ParoleReviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        review = call_service(
            services.parole_review_record,
            prisoner=prisoner,
            acting_user=request.user,
            today=timezone.localdate(),
            **data.validated_data,
        )
        return Response(ParoleReviewSerializer(review).data, status=status.HTTP_201_CREATED)


class ParoleOutcomeApi(_PermView):
    """Record or correct the outcome of a parole review."""

    required_perm = "handover.record_parole_review"
    serializer_class = ParoleReviewSerializer

    @extend_schema(request=ParoleOutcomeInput, responses=ParoleReviewSerializer)
    def patch(self, request: Request, prison_number: str, pk: int) -> Response:
        prisoner = self.prisoner(prison_number)
        review = selectors.get_parole_review_for_user(request.user, prisoner, pk)
        data = ParoleOutcomeInput(data=request.data)
        data.is_valid(raise_exception=True)
        review = call_service(
            services.parole_review_record_outcome,
            review=review,
            acting_user=request.user,
            today=timezone.localdate(),
            **data.validated_data,
        )
        return Response(ParoleReviewSerializer(review).data)


class OverrideApi(_PermView):
    """The head of OMU makes the COM responsible (section 6 rule 1)."""

    required_perm = "handover.override_responsibility"
    serializer_class = OverrideSerializer

    @extend_schema(request=OverrideInput, responses={201: OverrideSerializer})
    def post(self, request: Request, prison_number: str) -> Response:
        prisoner = self.prisoner(prison_number)
        data = OverrideInput(data=request.data)
        data.is_valid(raise_exception=True)
        override = call_service(
            services.responsibility_override_add,
            prisoner=prisoner,
            acting_user=request.user,
            **data.validated_data,
        )
        return Response(OverrideSerializer(override).data, status=status.HTTP_201_CREATED)


class OverrideRemoveApi(_PermView):
    """End the override in force, with a reason. 404 when there is none."""

    required_perm = "handover.override_responsibility"
    serializer_class = OverrideSerializer

    @extend_schema(request=OverrideRemoveInput, responses=OverrideSerializer)
    def post(self, request: Request, prison_number: str) -> Response:
        prisoner = self.prisoner(prison_number)
        data = OverrideRemoveInput(data=request.data)
        data.is_valid(raise_exception=True)
        removed = call_service(
            services.responsibility_override_remove,
            prisoner=prisoner,
            acting_user=request.user,
            reason=data.validated_data["reason"],
        )
        if removed is None:
            return Response({"detail": "No override in force."}, status=status.HTTP_404_NOT_FOUND)
        return Response(OverrideSerializer(removed).data)


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
