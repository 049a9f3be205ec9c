"""REST API for prisoners, their case record and sessions, on the same selectors as the pages."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from cases import access, selectors, services
from cases.api.base import CaseApiView, OmuApiView, call_service
from cases.models import AccessLog, Prisoner, Session
from cases.serializers import (
    PrisonerDetailSerializer,
    PrisonerListSerializer,
    SessionCreateSerializer,
    SessionSerializer,
    TimelineEventSerializer,
)


class PrisonerFilter(django_filters.FilterSet):
    prison = django_filters.CharFilter(
        field_name="current_prison__code", lookup_expr="iexact", help_text="Prison code, e.g. LEI"
    )
    pom = django_filters.CharFilter(
        field_name="allocation__primary_pom__username", help_text="The POM's username"
    )
    case_type = django_filters.ChoiceFilter(
        choices=[("custody", "Custody case"), ("community", "Community case")],
        method="filter_case_type",
        help_text="The rules engine's case type today",
    )
    release_before = django_filters.DateFilter(
        field_name="display_release_date",
        lookup_expr="lt",
        help_text="Displayed release date before this day (YYYY-MM-DD)",
    )

    class Meta:
        model = Prisoner
        fields = ["prison", "pom", "case_type", "release_before", "legal_status"]

    def filter_case_type(
        self, queryset: QuerySet[Prisoner], name: str, value: str
    ) -> QuerySet[Prisoner]:
        # The engine's case type, as stored with the case's answer (docs/adr/0006).
        return queryset.filter(state__case_type=value)


class PrisonerListApi(OmuApiView, generics.ListAPIView):
    """The caller's prisoners, paginated and filterable."""

    read_perm = "cases.view_prisoner"
    serializer_class = PrisonerListSerializer
    filterset_class = PrisonerFilter
    queryset = Prisoner.objects.none()

    def get_queryset(self) -> QuerySet[Prisoner]:
        qs = access.prisoners_for_user(self.request.user)
        return selectors.with_case_columns(qs).order_by("last_name", "first_name", "prison_number")


class PrisonerDetailApi(CaseApiView):
    read_perm = "cases.view_prisoner"
    serializer_class = PrisonerDetailSerializer

    def get(self, request: Request, prison_number: str) -> Response:
        found = self.prisoner()
        services.access_record_request(
            request._request,
            kind=AccessLog.Kind.CASE_API,
            what=f"Case details of {found.prison_number} (API)",
            prisoner=found,
        )
        base = Prisoner.objects.filter(pk=found.pk)
        prisoner = selectors.with_case_columns(base).get()
        now = timezone.now()
        case = selectors.case_summary(prisoner, now=now)
        evaluation = selectors.evaluate_prisoner(prisoner, today=timezone.localdate(now))
        context = {"case": case, "evaluation": evaluation}
        return Response(PrisonerDetailSerializer(prisoner, context=context).data)


class SessionFilter(django_filters.FilterSet):
    prisoner = django_filters.CharFilter(
        field_name="prisoner__prison_number", lookup_expr="iexact", help_text="Prison number"
    )
    staff = django_filters.CharFilter(field_name="staff__username", help_text="Username")
    kind = django_filters.ChoiceFilter(choices=Session.Kind.choices)
    date_from = django_filters.DateFilter(field_name="occurred_at", lookup_expr="date__gte")
    date_to = django_filters.DateFilter(field_name="occurred_at", lookup_expr="date__lte")

    class Meta:
        model = Session
        fields = ["prisoner", "staff", "kind", "date_from", "date_to"]


class SessionListApi(OmuApiView, generics.ListCreateAPIView):
    """Sessions on the caller's cases; POST logs one with the page's validation."""

    read_perm = "cases.view_prisoner"
    write_perm = "cases.log_session"
    serializer_class = SessionSerializer
    filterset_class = SessionFilter
    queryset = Session.objects.none()

    def get_queryset(self) -> QuerySet[Session]:
        return (
            Session.objects.filter(prisoner__in=access.prisoners_for_user(self.request.user))
            .select_related("prisoner", "staff")
            .order_by("-occurred_at", "-id")
        )

    @extend_schema(request=SessionCreateSerializer, responses={201: SessionSerializer})
    def post(self, request: Request) -> Response:
        data = SessionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        prisoner = access.get_prisoner_for_user(
            request.user, values.pop("prisoner"), perm=self.write_perm
        )
        draft = values.pop("draft")
        follow_ups = [(f["description"], f["due"]) for f in values.pop("follow_ups", [])]
        session = call_service(
            services.session_log,
            prisoner=prisoner,
            acting_user=request.user,
            data=values,
            follow_ups=follow_ups,
            draft=draft,
        )
        return Response(SessionSerializer(session).data, status=201)


class TimelineApi(CaseApiView, generics.ListAPIView):
    """A prisoner's case record, newest first, paginated; `type` filters by kind of event."""

    read_perm = "cases.view_prisoner"
    serializer_class = TimelineEventSerializer

    def get_queryset(self) -> list[Any]:  # type: ignore[override]  # events from every app, not one table
        prisoner = self.prisoner()
        services.access_record_request(
            self.request._request,
            kind=AccessLog.Kind.CASE_API,
            what=f"Case record of {prisoner.prison_number} (API)",
            prisoner=prisoner,
        )
        known = selectors.timeline_kinds()
        kinds = {k for k in self.request.query_params.getlist("type") if k in known}
        return selectors.case_timeline(prisoner, kinds=kinds or None)

    @extend_schema(
        parameters=[OpenApiParameter("type", str, many=True, enum=list(selectors.timeline_kinds()))]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)
