"""REST API of the case-quality audit (`/api/v1/quality/`), on the same selectors and services
as the pages: one view per operation, separate input and output serializers, every view on the
`cases.api.base` views (the permission at one prison at least to get in; then the sample's or
case's own prison)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from cases import access
from cases.api.base import OmuApiView, PrisonApiView, call_service
from quality import rules, selectors, services
from quality.models import AuditCase, AuditSample
from quality.selectors import ASSIGN, REVIEW, VIEW
from quality.serializers import (
    AnswersInput,
    AuditCaseRowSerializer,
    AuditSampleSerializer,
    CaseReviewSerializer,
    DrawInput,
    ReassignInput,
    ResultsSerializer,
)

MONTH = OpenApiParameter("month", str, description="YYYY-MM (default: this month).")


def _month(request: Request) -> dt.date:
    text = request.query_params.get("month", "")
    if not text:
        return rules.month_of(timezone.localdate())
    try:
        return rules.parse_month(text)
    except ValueError as exc:
        raise ValidationError({"month": str(exc)}) from exc


class SampleListApi(PrisonApiView):
    """The monthly samples of the caller's prisons, newest first."""

    read_perm = VIEW
    serializer_class = AuditSampleSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("prison", str, description="Prison code, e.g. LEI."),
            OpenApiParameter("month", str, description="YYYY-MM."),
        ],
        responses=AuditSampleSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        samples = selectors.samples_for_user(request.user)
        code = request.query_params.get("prison")
        if code:
            samples = samples.filter(prison=self.prison(code))
        if request.query_params.get("month"):
            samples = samples.filter(month=_month(request))
        page = self.paginate_queryset(samples)
        return self.get_paginated_response(AuditSampleSerializer(page, many=True).data)


class SampleDrawApi(PrisonApiView):
    """Draw the prison's sample for a month now (the head of OMU). A month already drawn is
    answered as it is, with 200 rather than 201."""

    read_perm = VIEW
    write_perm = ASSIGN
    serializer_class = AuditSampleSerializer

    @extend_schema(
        request=DrawInput, responses={201: AuditSampleSerializer, 200: AuditSampleSerializer}
    )
    def post(self, request: Request, code: str) -> Response:
        prison = self.prison()
        data = DrawInput(data=request.data)
        data.is_valid(raise_exception=True)
        month = rules.parse_month(data.validated_data["month"])
        if month > rules.month_of(timezone.localdate()):
            raise ValidationError({"month": "A month to come cannot be drawn yet."})
        sample, drawn = call_service(
            services.audit_sample_draw,
            prison=prison,
            month=month,
            acting_user=request.user,
            seed=data.validated_data["seed"],
        )
        code_out = status.HTTP_201_CREATED if drawn else status.HTTP_200_OK
        return Response(AuditSampleSerializer(sample).data, status=code_out)


class SampleCasesApi(OmuApiView):
    """One sample's cases, with their reviewer, status and answers given."""

    read_perm = VIEW
    serializer_class = AuditCaseRowSerializer
    queryset = AuditSample.objects.none()

    @extend_schema(
        parameters=[OpenApiParameter("mine", bool, description="Only the cases I review.")],
        responses=AuditCaseRowSerializer(many=True),
    )
    def get(self, request: Request, pk: int) -> Response:
        sample = selectors.samples_for_user(request.user).filter(pk=pk).first()
        if sample is None:
            raise Http404("No such sample at your prisons.")
        mine = request.query_params.get("mine") in ("1", "true")
        reviewer = request.user if mine and isinstance(request.user, User) else None
        rows: QuerySet[AuditCase] = selectors.sample_cases(sample, reviewer=reviewer)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(AuditCaseRowSerializer(page, many=True).data)


class _CaseApi(OmuApiView):
    read_perm = REVIEW
    queryset = AuditCase.objects.none()

    def audit_case(self, perm: str = REVIEW) -> AuditCase:
        return selectors.get_audit_case_for_user(self.request.user, self.kwargs["pk"], perm=perm)

    def review(self, audit_case: AuditCase) -> Response:
        found = selectors.case_review(audit_case, today=timezone.localdate())
        return Response(CaseReviewSerializer(found).data)


class CaseReviewApi(_CaseApi):
    """One sampled case: each question with what the record suggests, its evidence and the
    answer given."""

    serializer_class = CaseReviewSerializer

    def get(self, request: Request, pk: int) -> Response:
        return self.review(self.audit_case())


class CaseAnswersApi(_CaseApi):
    """Record judgements and notes for any of the questions (the case's reviewer or the head
    of OMU); answers the case as it now stands."""

    write_perm = REVIEW
    serializer_class = CaseReviewSerializer

    @extend_schema(request=AnswersInput, responses=CaseReviewSerializer)
    def post(self, request: Request, pk: int) -> Response:
        audit_case = self.audit_case()
        data = AnswersInput(data=request.data)
        data.is_valid(raise_exception=True)
        call_service(
            services.audit_answers_save,
            audit_case=audit_case,
            acting_user=request.user,
            answers=data.validated_data["answers"],
        )
        return self.review(self.audit_case())


class CaseReviewerApi(_CaseApi):
    """Give the case to another senior POM or head of OMU at its prison (the head of OMU)."""

    write_perm = ASSIGN
    serializer_class = CaseReviewSerializer

    @extend_schema(request=ReassignInput, responses=CaseReviewSerializer)
    def post(self, request: Request, pk: int) -> Response:
        audit_case = self.audit_case(perm=ASSIGN)
        data = ReassignInput(data=request.data)
        data.is_valid(raise_exception=True)
        reviewer = User.objects.filter(username=data.validated_data["reviewer"]).first()
        if reviewer is None or not access.may(reviewer, REVIEW, audit_case.sample.prison):
            raise ValidationError({"reviewer": "Choose a senior POM or head of OMU there."})
        call_service(
            services.audit_case_reassign,
            audit_case=audit_case,
            reviewer=reviewer,
            acting_user=request.user,
            reason=data.validated_data["reason"],
        )
        return self.review(self.audit_case())


class ResultsApi(PrisonApiView):
    """The prison's audit for the 12 months ending with `month`: cases sampled and complete,
    and the judgements and score overall and by question."""

    read_perm = VIEW
    serializer_class = ResultsSerializer

    @extend_schema(parameters=[MONTH], responses=ResultsSerializer)
    def get(self, request: Request, code: str) -> Response:
        found = selectors.prison_results(self.prison(), month=_month(request))
        return Response(ResultsSerializer(found).data)


urlpatterns = [
    path("quality/samples/", SampleListApi.as_view(), name="api-quality-samples"),
    path(
        "quality/samples/<int:pk>/cases/", SampleCasesApi.as_view(), name="api-quality-sample-cases"
    ),
    path(
        "quality/prisons/<str:code>/samples/",
        SampleDrawApi.as_view(),
        name="api-quality-draw",
    ),
    path(
        "quality/prisons/<str:code>/results/",
        ResultsApi.as_view(),
        name="api-quality-results",
    ),
    path("quality/cases/<int:pk>/", CaseReviewApi.as_view(), name="api-quality-case"),
    path("quality/cases/<int:pk>/answers/", CaseAnswersApi.as_view(), name="api-quality-answers"),
    path(
        "quality/cases/<int:pk>/reviewer/",
        CaseReviewerApi.as_view(),
        name="api-quality-reviewer",
    ),
]
