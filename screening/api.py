"""REST API for screening (`/api/v1/`): tasks, the BCS, categorisation, OASys, sweep runs.

The same selectors and services as the pages; one view per resource, on `cases.api.base`: a
caller must hold the view's permission at one prison at least, then the case (or the task's
case) is checked at its own prison.
"""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from cases import access
from cases.api.base import CaseApiView, ConflictSerializer, OmuApiView
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

VIEW_TASK = "screening.view_task"
COMPLETE_TASK = "screening.complete_task"
RECORD_OUTCOME = "screening.record_outcome"

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
            return queryset.filter(owner_id=self.request.user.pk)
        return queryset.filter(owner__username=value)


class TaskListApi(OmuApiView, generics.ListAPIView):
    """OMiC tasks of the caller's cases, soonest due first."""

    read_perm = VIEW_TASK
    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    queryset = Task.objects.none()

    def get_queryset(self) -> QuerySet[Task]:
        return (
            selectors.tasks_for_user(self.request.user)
            .select_related("prisoner", "prison", "owner", "completed_by")
            .order_by("due_on", "due_at", "id")
        )


class TaskApiView(OmuApiView):
    """An endpoint about one task (`pk` in the URL), checked on the task's case."""

    queryset = Task.objects.none()

    def task(self) -> Task:
        return selectors.get_task_for_user(
            self.request.user, self.kwargs["pk"], perm=self.required_perm()
        )


class TaskDetailApi(TaskApiView):
    """One task of the caller's cases."""

    read_perm = VIEW_TASK

    @extend_schema(responses=TaskSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(TaskSerializer(self.task()).data)


class TaskCompleteApi(TaskApiView):
    """Mark a task done (on time or late); tasks completed by a record are refused (409)."""

    read_perm = COMPLETE_TASK
    write_perm = COMPLETE_TASK

    @extend_schema(request=TaskCompleteSerializer, responses=TaskSerializer)
    def post(self, request: Request, pk: int) -> Response:
        return self.act(
            services.task_complete, TaskCompleteSerializer, TaskSerializer, task=self.task()
        )


class TaskNotNeededApi(TaskApiView):
    """Mark an open task not needed, saying why."""

    read_perm = COMPLETE_TASK
    write_perm = COMPLETE_TASK

    @extend_schema(request=TaskNotNeededSerializer, responses=TaskSerializer)
    def post(self, request: Request, pk: int) -> Response:
        return self.act(
            services.task_mark_not_needed, TaskNotNeededSerializer, TaskSerializer, task=self.task()
        )


# --- Basic Custody Screening -----------------------------------------------------------------


class BcsApi(CaseApiView):
    """The prisoner's BCS: the draft if one is open, else the latest completed (404 if none).
    PUT or POST saves answers to the draft (creating it)."""

    read_perm = VIEW_TASK
    write_perm = RECORD_OUTCOME

    @extend_schema(responses=BcsSerializer)
    def get(self, request: Request, prison_number: str) -> Response:
        bcs = selectors.current_bcs(self.prisoner())
        if bcs is None:
            return Response({"detail": "No screening recorded."}, status=status.HTTP_404_NOT_FOUND)
        return Response(BcsSerializer(bcs).data)

    @extend_schema(
        request=BcsInputSerializer, responses={200: BcsSerializer, 409: ConflictSerializer}
    )
    def put(self, request: Request, prison_number: str) -> Response:
        return self.act(
            services.bcs_save_draft, BcsInputSerializer, BcsSerializer, prisoner=self.prisoner()
        )

    @extend_schema(
        request=BcsInputSerializer, responses={200: BcsSerializer, 409: ConflictSerializer}
    )
    def post(self, request: Request, prison_number: str) -> Response:
        return self.put(request, prison_number)


class BcsCompleteApi(CaseApiView):
    """Complete the BCS, with the last answers in the body (or the draft as saved)."""

    read_perm = RECORD_OUTCOME
    write_perm = RECORD_OUTCOME

    @extend_schema(request=BcsInputSerializer, responses=BcsSerializer)
    def post(self, request: Request, prison_number: str) -> Response:
        answers = BcsInputSerializer if request.data else None
        return self.act(services.bcs_complete, answers, BcsSerializer, prisoner=self.prisoner())


# --- Categorisation and OASys ----------------------------------------------------------------


class CategorisationApi(CaseApiView):
    """The prisoner's categorisation records; POST records a category decision."""

    read_perm = VIEW_TASK
    write_perm = RECORD_OUTCOME
    pagination_class = None  # the whole list, as one array

    @extend_schema(responses=CategorisationSerializer(many=True))
    def get(self, request: Request, prison_number: str) -> Response:
        records = selectors.categorisations(self.prisoner())
        return Response(CategorisationSerializer(records, many=True).data)

    @extend_schema(request=CategoryDecisionSerializer, responses=CategorisationSerializer)
    def post(self, request: Request, prison_number: str) -> Response:
        return self.act(
            services.categorisation_decide,
            CategoryDecisionSerializer,
            CategorisationSerializer,
            status_code=status.HTTP_201_CREATED,
            prisoner=self.prisoner(),
        )


class DocumentsReceivedApi(CaseApiView):
    """Record the day all essential documents arrived: the categorisation clock starts."""

    read_perm = RECORD_OUTCOME
    write_perm = RECORD_OUTCOME

    @extend_schema(request=DocumentsReceivedSerializer, responses=CategorisationSerializer)
    def post(self, request: Request, prison_number: str) -> Response:
        return self.act(
            services.categorisation_documents_record,
            DocumentsReceivedSerializer,
            CategorisationSerializer,
            prisoner=self.prisoner(),
        )


class OasysApi(CaseApiView):
    """The prisoner's OASys assessments; POST records one."""

    read_perm = VIEW_TASK
    write_perm = RECORD_OUTCOME
    pagination_class = None  # the whole list, as one array

    @extend_schema(responses=OasysSerializer(many=True))
    def get(self, request: Request, prison_number: str) -> Response:
        records = selectors.oasys_assessments(self.prisoner())
        return Response(OasysSerializer(records, many=True).data)

    @extend_schema(request=OasysInputSerializer, responses=OasysSerializer)
    def post(self, request: Request, prison_number: str) -> Response:
        return self.act(
            services.oasys_record,
            OasysInputSerializer,
            OasysSerializer,
            status_code=status.HTTP_201_CREATED,
            prisoner=self.prisoner(),
        )


class ObjectiveListApi(CaseApiView):
    """The prisoner's sentence-plan objectives; POST adds one."""

    read_perm = VIEW_TASK
    write_perm = RECORD_OUTCOME
    pagination_class = None  # the whole list, as one array

    @extend_schema(responses=ObjectiveSerializer(many=True))
    def get(self, request: Request, prison_number: str) -> Response:
        records = selectors.objectives(self.prisoner())
        return Response(ObjectiveSerializer(records, many=True).data)

    @extend_schema(request=ObjectiveInputSerializer, responses=ObjectiveSerializer)
    def post(self, request: Request, prison_number: str) -> Response:
        return self.act(
            services.objective_add,
            ObjectiveInputSerializer,
            ObjectiveSerializer,
            status_code=status.HTTP_201_CREATED,
            prisoner=self.prisoner(),
        )


class ObjectiveStatusApi(CaseApiView):
    """Change a sentence-plan objective's status."""

    read_perm = RECORD_OUTCOME
    write_perm = RECORD_OUTCOME

    @extend_schema(request=ObjectiveStatusSerializer, responses=ObjectiveSerializer)
    def patch(self, request: Request, prison_number: str, pk: int) -> Response:
        objective = selectors.get_objective(self.prisoner(), pk)
        return self.act(
            services.objective_update_status,
            ObjectiveStatusSerializer,
            ObjectiveSerializer,
            objective=objective,
        )


# --- The sweep -------------------------------------------------------------------------------


class SweepRunListApi(OmuApiView, generics.ListAPIView):
    """Runs of the nightly overdue sweep at the prisons where the caller may see them, newest
    first."""

    read_perm = "screening.view_sweeprun"
    serializer_class = SweepRunSerializer
    queryset = SweepRun.objects.none()

    def get_queryset(self) -> QuerySet[SweepRun]:
        prisons = access.prisons_where(self.request.user, self.read_perm)
        qs = SweepRun.objects.filter(prison__in=prisons)
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
