"""REST API of the allocation app, on the same selectors and services as the pages and the
shared base views (`cases.api.base`): each endpoint names the permission it needs, and checks
it on the case or prison the request is about."""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.urls import path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from allocation import selectors, services
from allocation.serializers import (
    AllocationCreatedSerializer,
    AllocationCreateSerializer,
    AllocationSerializer,
    CaseEarlyAllocationSerializer,
    EarlyAllocationAssessSerializer,
    EarlyAllocationDecisionSerializer,
    EarlyAllocationDueListsSerializer,
    EarlyAllocationSerializer,
    EarlyAllocationWithdrawSerializer,
    PomSuggestionsSerializer,
    StaffSerializer,
)
from cases.access import prisoners_for_user
from cases.api.base import CaseApiView, OmuApiView, PrisonApiView
from cases.models import Allocation, Prisoner
from cases.selectors import evaluate_prisoner

ASSIGN = "allocation.assign_case"
ROLE_PARAM = OpenApiParameter(
    "role", OpenApiTypes.STR, enum=["primary", "secondary"], description="POM or co-working POM"
)


class AllocationFilter(django_filters.FilterSet):
    prison = django_filters.CharFilter(
        field_name="prisoner__current_prison__code", lookup_expr="iexact", help_text="e.g. LEI"
    )
    pom = django_filters.CharFilter(
        field_name="primary_pom__username", help_text="The POM's username"
    )
    keyworker = django_filters.CharFilter(field_name="keyworker__username")

    class Meta:
        model = Allocation
        fields = ["prison", "pom", "keyworker"]


def _holders(user: Any) -> QuerySet[Allocation]:
    """Who holds each of the cases the user may see, people joined."""
    return (
        Allocation.objects.filter(prisoner__in=prisoners_for_user(user))
        .select_related(
            "prisoner__current_prison", "primary_pom", "secondary_pom", "keyworker", "com"
        )
        .order_by("prisoner__prison_number")
    )


def allocate_from_api(
    *,
    acting_user: Any,
    prison_number: str,
    pom: str,
    role: str,
    version: int,
    override_reason: str = "",
    override_detail: str = "",
    note: str = "",
) -> dict[str, Any]:
    """Allocate a POM (by username) to a case (by number) as the allocate page does; the case's
    allocation now, the decision's id and its warnings."""
    prisoner = selectors.get_prisoner_to_allocate(acting_user, prison_number)
    user = get_user_model().objects.filter(username=pom).first()
    if user is None:
        raise ValidationError({"pom": "No user with that username."})
    event = services.allocation_assign(
        prisoner=prisoner,
        pom=user,
        acting_user=acting_user,
        role=role,
        expected_version=version,
        override_reason=override_reason,
        override_detail=override_detail,
        note=note,
        explanation="Allocated through the API.",
    )
    allocation = _holders(acting_user).get(prisoner=prisoner)
    return {"allocation": allocation, "event_id": event.pk, "warnings": event.warnings}


class AllocationListApi(mixins.ListModelMixin, OmuApiView):
    """Who holds each of the caller's cases; POST allocates a POM with the same rules as the
    allocate page (warnings need an override reason; a changed case is a 409 conflict)."""

    read_perm = "cases.view_allocation"
    write_perm = ASSIGN
    serializer_class = AllocationSerializer
    filterset_class = AllocationFilter
    queryset = Allocation.objects.none()

    def get_queryset(self) -> QuerySet[Allocation]:
        return _holders(self.request.user)

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)

    @extend_schema(
        request=AllocationCreateSerializer,
        responses={
            201: AllocationCreatedSerializer,
            400: OpenApiResponse(description="Invalid input, or a warning without an override"),
            409: OpenApiResponse(description="The case changed, or already has a POM"),
        },
    )
    def post(self, request: Request) -> Response:
        return self.act(
            allocate_from_api,
            AllocationCreateSerializer,
            AllocationCreatedSerializer,
            status_code=status.HTTP_201_CREATED,
        )


class PomSuggestionsApi(CaseApiView):
    """The POM type a case needs and why, and every POM ranked (docs/rules.md#pom-type)."""

    read_perm = ASSIGN
    serializer_class = PomSuggestionsSerializer

    def prisoner(self) -> Prisoner:
        """The case, if the caller may allocate it (released prisoners cannot be: 404)."""
        return selectors.get_prisoner_to_allocate(self.request.user, self.kwargs["prison_number"])

    @extend_schema(parameters=[ROLE_PARAM])
    def get(self, request: Request, prison_number: str) -> Response:
        role = request.query_params.get("role", "primary")
        if role not in ("primary", "secondary"):
            raise ValidationError({"role": "Choose primary or secondary."})
        ctx = selectors.allocate_context(self.prisoner(), role=role, today=timezone.localdate())
        return Response(PomSuggestionsSerializer(ctx).data)


class StaffApi(mixins.ListModelMixin, PrisonApiView):
    """POMs and keyworkers at the caller's prisons with caseloads against capacity."""

    read_perm = "allocation.view_caseloads"
    serializer_class = StaffSerializer

    @extend_schema(
        parameters=[OpenApiParameter("prison", OpenApiTypes.STR, description="Prison code")]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)

    def get_queryset(self) -> list[selectors.StaffRow]:  # type: ignore[override]  # rows worked out per prison, not a queryset
        prisons = self.prisons().select_related("policy").order_by("code")
        code = self.request.query_params.get("prison", "")
        if code:
            prisons = prisons.filter(code=code.upper())
        return selectors.staff_at_prisons(prisons, today=timezone.localdate())

    def filter_queryset(self, queryset: Any) -> Any:
        return queryset  # filtered by prison above: the list is not a queryset


class EarlyAllocationApi(CaseApiView):
    """A case's early allocation: GET its window today, its `early_allocation` fact and every
    assessment; POST a POM's assessment, as the assessment page does (docs/rules.md#early-
    allocation): eligible sets the fact, discretionary waits for the head of OMU."""

    read_perm = "allocation.view_earlyallocation"
    write_perm = "allocation.assess_early_allocation"
    serializer_class = CaseEarlyAllocationSerializer

    def get(self, request: Request, prison_number: str) -> Response:
        prisoner = self.prisoner()
        today = timezone.localdate()
        info = selectors.case_early_allocation(
            request.user, prisoner, evaluate_prisoner(prisoner, today=today), today=today
        )
        return Response(CaseEarlyAllocationSerializer(info).data)

    @extend_schema(
        request=EarlyAllocationAssessSerializer,
        responses={
            201: EarlyAllocationSerializer,
            400: OpenApiResponse(description="Invalid input"),
            409: OpenApiResponse(description="Outside the window, or already assessed"),
        },
    )
    def post(self, request: Request, prison_number: str) -> Response:
        return self.act(
            services.early_allocation_assess,
            EarlyAllocationAssessSerializer,
            EarlyAllocationSerializer,
            status_code=status.HTTP_201_CREATED,
            prisoner=self.prisoner(),
        )


class EarlyAllocationDecisionApi(CaseApiView):
    """The head of OMU approves or declines a discretionary assessment, with a note."""

    read_perm = write_perm = "allocation.decide_early_allocation"
    serializer_class = EarlyAllocationSerializer

    @extend_schema(
        request=EarlyAllocationDecisionSerializer,
        responses={200: EarlyAllocationSerializer, 409: OpenApiResponse(description="Decided")},
    )
    def post(self, request: Request, prison_number: str, pk: int) -> Response:
        assessment = selectors.get_assessment_for_user(
            request.user, prison_number, pk, perm=self.write_perm
        )
        return self.act(
            services.early_allocation_decide,
            EarlyAllocationDecisionSerializer,
            EarlyAllocationSerializer,
            assessment=assessment,
        )


class EarlyAllocationWithdrawalApi(CaseApiView):
    """A POM or the head of OMU withdraws a live assessment, with a reason; the case no longer
    hands over early."""

    read_perm = write_perm = "allocation.view_early_allocation_due"
    serializer_class = EarlyAllocationSerializer

    @extend_schema(
        request=EarlyAllocationWithdrawSerializer,
        responses={200: EarlyAllocationSerializer, 409: OpenApiResponse(description="Not live")},
    )
    def post(self, request: Request, prison_number: str, pk: int) -> Response:
        assessment = selectors.get_assessment_for_user(
            request.user, prison_number, pk, perm=self.write_perm
        )
        return self.act(
            services.early_allocation_withdraw,
            EarlyAllocationWithdrawSerializer,
            EarlyAllocationSerializer,
            assessment=assessment,
        )


class EarlyAllocationDueApi(PrisonApiView):
    """The cases of a prison whose early allocation assessment is due, and the discretionary
    assessments waiting for the head of OMU."""

    read_perm = "allocation.view_early_allocation_due"
    serializer_class = EarlyAllocationDueListsSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("mine", OpenApiTypes.BOOL, description="Only the caller's cases")
        ]
    )
    def get(self, request: Request, code: str) -> Response:
        prison = self.prison(code)
        lists = selectors.early_allocations_due(
            request.user,
            prison,
            today=timezone.localdate(),
            mine=request.query_params.get("mine") in ("1", "true"),
        )
        data = {"prison": prison.code, "due": lists.due, "pending": lists.pending}
        return Response(EarlyAllocationDueListsSerializer(data).data)


urlpatterns = [
    path(
        "prisoners/<str:prison_number>/early-allocation/",
        EarlyAllocationApi.as_view(),
        name="api-early-allocation",
    ),
    path(
        "prisoners/<str:prison_number>/early-allocation/<int:pk>/decision/",
        EarlyAllocationDecisionApi.as_view(),
        name="api-early-allocation-decision",
    ),
    path(
        "prisoners/<str:prison_number>/early-allocation/<int:pk>/withdrawal/",
        EarlyAllocationWithdrawalApi.as_view(),
        name="api-early-allocation-withdrawal",
    ),
    path(
        "prisons/<str:code>/early-allocations-due/",
        EarlyAllocationDueApi.as_view(),
        name="api-early-allocations-due",
    ),
    path("allocations/", AllocationListApi.as_view(), name="api-allocation-list"),
    path(
        "prisoners/<str:prison_number>/pom-suggestions/",
        PomSuggestionsApi.as_view(),
        name="api-pom-suggestions",
    ),
    path("staff/", StaffApi.as_view(), name="api-staff"),
]
