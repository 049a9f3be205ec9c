"""REST API for screening (`/api/v1/`): tasks, the BCS, categorisation, OASys, sweep runs.

The same selectors and services as the pages; one view per operation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import django_filters
from django.db.models import QuerySet
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.access import get_prisoner_for_user, prisons_for_user
from cases.api.base import HasPerm, call_service
from screening import selectors, services
from screening.models import SweepRun, Task
from screening.serializers import (
    BcsInputSerializer,
    BcsSerializer,
    CategorisationSerializer,
    CategoryDecisionSerializer,
    DocumentsReceivedSerializer,
    OasysInputSerializer,
    OasysSerializer,
    ObjectiveInputSerializer,
    ObjectiveSerializer,
    ObjectiveStatusSerializer,
    SweepRunSerializer,
    TaskCompleteSerializer,
    TaskNotNeededSerializer,
    TaskSerializer,
)

T = TypeVar("T")


def _perms(read: str, write: str) -> Callable[[APIView], list[BasePermission]]:
    def get_permissions(self: APIView) -> list[BasePermission]:
        needed = read if self.request.method in ("GET", "HEAD", "OPTIONS") else write
        return [IsAuthenticated(), HasPerm(needed)]

    return get_permissions


# --- Tasks -----------------------------------------------------------------------------------


class TaskFilter(django_filters.FilterSet):
    prison = django_filters.CharFilter(
        field_name="prison__code", lookup_expr="iexact", help_text="Prison code, e.g. LEI"
    )
    owner = django_filters.CharFilter(
        method="filter_owner", help_text='The owner\'s username, "me", or "none" for the OMU\'s'
    )
    kind = django_filters.ChoiceFilter(choices=Task.Kind.choices)
    status = django_filters.ChoiceFilter(choices=Task.Status.choices)
    due_before = django_filters.DateFilter(
        field_name="due_on", lookup_expr="lt", help_text="Due before this day (YYYY-MM-DD)"
    )

    class Meta:
        model = Task
        fields = ["prison", "owner", "kind", "status", "due_before"]

    def filter_owner(self, queryset: QuerySet[Task], name: str, value: str) -> QuerySet[Task]:
        if value == "none":
            return queryset.filter(owner__isnull=True)
        if value == "me":
            return queryset.filter(owner=self.request.user)
        return queryset.filter(owner__username=value)


class TaskListApi(generics.ListAPIView):
    """OMiC tasks of the caller's cases, soonest due first."""

    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    queryset = Task.objects.none()
    get_permissions = _perms("screening.view_task", "screening.view_task")

    def get_queryset(self) -> QuerySet[Task]:
        return (
            selectors.tasks_for_user(self.request.user)
            .select_related("prisoner", "prison", "owner", "completed_by")
            .order_by("due_on", "due_at", "id")
        )


class TaskDetailApi(generics.RetrieveAPIView):
    serializer_class = TaskSerializer
    queryset = Task.objects.none()
    get_permissions = _perms("screening.view_task", "screening.view_task")

    def retrieve(self, request: Request, pk: int) -> Response:
        return Response(TaskSerializer(selectors.get_task_for_user(request.user, pk)).data)


class TaskCompleteApi(APIView):
    get_permissions = _perms("screening.complete_task", "screening.complete_task")

    @extend_schema(request=TaskCompleteSerializer, responses=TaskSerializer)
    def post(self, request: Request, pk: int) -> Response:
        task = selectors.get_task_for_user(request.user, pk)
        data = TaskCompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = call_service(
            services.task_complete,
            task=task,
            acting_user=request.user,
            completed_on=data.validated_data.get("completed_on"),
            note=data.validated_data.get("note", ""),
        )
        return Response(TaskSerializer(task).data)


class TaskNotNeededApi(APIView):
    get_permissions = _perms("screening.complete_task", "screening.complete_task")

    @extend_schema(request=TaskNotNeededSerializer, responses=TaskSerializer)
    def post(self, request: Request, pk: int) -> Response:
        task = selectors.get_task_for_user(request.user, pk)
        data = TaskNotNeededSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = call_service(
            services.task_mark_not_needed,
            task=task,
            acting_user=request.user,
            reason=data.validated_data["reason"],
        )
        return Response(TaskSerializer(task).data)


# --- Basic Custody Screening -----------------------------------------------------------------


class BcsApi(APIView):
    """The prisoner's BCS: the draft if one is open, else the latest completed (404 if none).
    PUT or POST saves answers to the draft (creating it)."""

    get_permissions = _perms("screening.view_task", "screening.record_outcome")

    @extend_schema(responses=BcsSerializer)
    def get(self, request: Request, prison_number: str) -> Response:
        prisoner = get_prisoner_for_user(request.user, prison_number)
        bcs = selectors.current_bcs(prisoner)
        if bcs is None:
            return Response({"detail": "No screening recorded."}, status=404)
        return Response(BcsSerializer(bcs).data)

    @extend_schema(request=BcsInputSerializer, responses=BcsSerializer)
    def put(self, request: Request, prison_number: str) -> Response:
        prisoner = get_prisoner_for_user(request.user, prison_number)
        data = BcsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        draft = call_service(
            services.bcs_save_draft,
            prisoner=prisoner,
            acting_user=request.user,
            answers=data.answers(),
        )
        return Response(BcsSerializer(draft).data)

    @extend_schema(request=BcsInputSerializer, responses=BcsSerializer)
    def post(self, request: Request, prison_number: str) -> Response:
        return self.put(request, prison_number)


class BcsCompleteApi(APIView):
    """Complete the BCS, with the last answers in the body (or the draft as saved)."""

    get_permissions = _perms("screening.record_outcome", "screening.record_outcome")

    @extend_schema(request=BcsInputSerializer, responses=BcsSerializer)
    def post(self, request: Request, prison_number: str) -> Response:
        prisoner = get_prisoner_for_user(request.user, prison_number)
        answers = None
        if request.data:
            data = BcsInputSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            answers = data.answers()
        bcs = call_service(
            services.bcs_complete, prisoner=prisoner, acting_user=request.user, answers=answers
        )
        return Response(BcsSerializer(bcs).data)


# --- Categorisation and OASys ----------------------------------------------------------------


class CategorisationApi(APIView):
    """The prisoner's categorisation records; POST records a category decision."""

    get_permissions = _perms("screening.view_task", "screening.record_outcome")

    @extend_schema(responses=CategorisationSerializer(many=True))
    def get(self, request: Request, prison_number: str) -> Response:
        prisoner = get_prisoner_for_user(request.user, prison_number)
        records = selectors.categorisations(prisoner)
        return Response(CategorisationSerializer(records, many=True).data)

    @extend_schema(request=CategoryDecisionSerializer, responses=CategorisationSerializer)
    def post(self, request: Request, prison_number: str) -> Response:
        prisoner = get_prisoner_for_user(request.user, prison_number)
        data = CategoryDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = call_service(
            services.categorisation_decide,
            prisoner=prisoner,
            acting_user=request.user,
            **data.validated_data,
        )
        return Response(CategorisationSerializer(record).data, status=201)


class DocumentsReceivedApi(APIView):
    get_permissions = _perms("screening.record_outcome", "screening.record_outcome")

    @extend_schema(request=DocumentsReceivedSerializer, responses=CategorisationSerializer)
    def post(self, request: Request, prison_number: str) -> Response:
        prisoner = get_prisoner_for_user(request.user, prison_number)
        data = DocumentsReceivedSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = call_service(
            services.categorisation_documents_record,
            prisoner=prisoner,
            acting_user=request.user,
            received_on=data.validated_data["documents_received_date"],
        )
        return Response(CategorisationSerializer(record).data)


class OasysApi(APIView):
    """The prisoner's OASys assessments; POST records one."""

    get_permissions = _perms("screening.view_task", "screening.record_outcome")

    @extend_schema(responses=OasysSerializer(many=True))
    def get(self, request: Request, prison_number: str) -> Response:
        prisoner = get_prisoner_for_user(request.user, prison_number)
        return Response(OasysSerializer(selectors.oasys_assessments(prisoner), many=True).data)

    @extend_schema(request=OasysInputSerializer, responses=OasysSerializer)
    def post(self, request: Request, prison_number: str) -> Response:
        prisoner = get_prisoner_for_user(request.user, prison_number)
        data = OasysInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = call_service(
            services.oasys_record,
            prisoner=prisoner,
            acting_user=request.user,
            **data.validated_data,
        )
        return Response(OasysSerializer(record).data, status=201)


class ObjectiveListApi(APIView):
    """The prisoner's sentence-plan objectives; POST adds one."""

    get_permissions = _perms("screening.view_task", "screening.record_outcome")

    @extend_schema(responses=ObjectiveSerializer(many=True))
    def get(self, request: Request, prison_number: str) -> Response:
        prisoner = get_prisoner_for_user(request.user, prison_number)
        return Response(ObjectiveSerializer(selectors.objectives(prisoner), many=True).data)

    @extend_schema(request=ObjectiveInputSerializer, responses=ObjectiveSerializer)
    def post(self, request: Request, prison_number: str) -> Response:
        prisoner = get_prisoner_for_user(request.user, prison_number)
        data = ObjectiveInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        objective = call_service(
            services.objective_add,
            prisoner=prisoner,
            acting_user=request.user,
            need_area=data.validated_data["need_area"],
            description=data.validated_data["description"],
            target_date=data.validated_data.get("target_date"),
        )
        return Response(ObjectiveSerializer(objective).data, status=201)


class ObjectiveStatusApi(APIView):
    get_permissions = _perms("screening.record_outcome", "screening.record_outcome")

    @extend_schema(request=ObjectiveStatusSerializer, responses=ObjectiveSerializer)
    def patch(self, request: Request, prison_number: str, pk: int) -> Response:
        objective = selectors.get_objective_for_user(request.user, prison_number, pk)
        data = ObjectiveStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        objective = call_service(
            services.objective_update_status,
            objective=objective,
            acting_user=request.user,
            status=data.validated_data["status"],
        )
        return Response(ObjectiveSerializer(objective).data)


# --- The sweep -------------------------------------------------------------------------------


class SweepRunListApi(generics.ListAPIView):
    """Runs of the nightly overdue sweep at the caller's prisons, newest first."""

    serializer_class = SweepRunSerializer
    queryset = SweepRun.objects.none()
    get_permissions = _perms("screening.view_sweeprun", "screening.view_sweeprun")

    def get_queryset(self) -> QuerySet[SweepRun]:
        qs = SweepRun.objects.filter(prison__in=prisons_for_user(self.request.user))
        code = self.request.query_params.get("prison")
        if code:
            qs = qs.filter(prison__code=code.upper())
        return qs.select_related("prison").order_by("-started_at", "prison__code")


urlpatterns = [
    path("tasks/", TaskListApi.as_view(), name="api-task-list"),
    path("tasks/<int:pk>/", TaskDetailApi.as_view(), name="api-task-detail"),
    path("tasks/<int:pk>/complete/", TaskCompleteApi.as_view(), name="api-task-complete"),
    path("tasks/<int:pk>/not-needed/", TaskNotNeededApi.as_view(), name="api-task-not-needed"),
    path("sweeps/", SweepRunListApi.as_view(), name="api-sweep-runs"),
    path("prisoners/<str:prison_number>/bcs/", BcsApi.as_view(), name="api-bcs"),
    path(
        "prisoners/<str:prison_number>/bcs/complete/",
        BcsCompleteApi.as_view(),
        name="api-bcs-complete",
    ),
    path(
        "prisoners/<str:prison_number>/categorisations/",
        CategorisationApi.as_view(),
        name="api-categorisations",
    ),
    path(
        "prisoners/<str:prison_number>/categorisations/documents/",
        DocumentsReceivedApi.as_view(),
        name="api-categorisation-documents",
    ),
    path("prisoners/<str:prison_number>/oasys/", OasysApi.as_view(), name="api-oasys"),
    path(
        "prisoners/<str:prison_number>/objectives/",
        ObjectiveListApi.as_view(),
        name="api-objectives",
    ),
    path(
        "prisoners/<str:prison_number>/objectives/<int:pk>/",
        ObjectiveStatusApi.as_view(),
        name="api-objective-status",
    ),
]
