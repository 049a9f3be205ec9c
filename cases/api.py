"""REST API for prisoners (`/api/v1/prisoners/`), on the same selectors as the pages."""

from collections.abc import Callable
from typing import Any, TypeVar

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.exceptions import PermissionDenied as DrfPermissionDenied
from rest_framework.permissions import BasePermission, DjangoModelPermissions, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from cases import figures, selectors, services
from cases.models import DailyStatistic, Prison, Prisoner, PrisonPolicy, Session
from cases.serializers import (
    DailyStatisticSerializer,
    PrisonerDetailSerializer,
    PrisonerListSerializer,
    PrisonPolicyChangeSerializer,
    PrisonPolicySerializer,
    SessionCreateSerializer,
    SessionSerializer,
    TimelineEventSerializer,
)

T = TypeVar("T")


class Conflict(APIException):
    """409: the change does not fit the record's state now (a stale page, an illegal move)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"

    def __init__(self, message: str) -> None:
        super().__init__()
        self.detail = {"detail": message, "code": "conflict"}  # type: ignore[assignment]


def call_service(service: Callable[..., T], /, **kwargs: Any) -> T:
    """Run a service for an API view and turn its ValidationError into the HTTP answer the
    pages give as form errors: a state conflict is 409, "you may not" is 403, the rest 400."""
    try:
        return service(**kwargs)
    except DjangoValidationError as exc:
        codes = {getattr(exc, "code", None)}
        for errors in getattr(exc, "error_dict", {}).values():
            codes.update(error.code for error in errors)
        message = " ".join(exc.messages)
        if "conflict" in codes:
            raise Conflict(message) from exc
        if "forbidden" in codes:
            raise DrfPermissionDenied(message) from exc
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        raise ValidationError(detail) from exc


class HasPerm(BasePermission):
    """The caller holds one named permission (through their role's group)."""

    def __init__(self, perm: str) -> None:
        self.perm = perm

    def has_permission(self, request: Request, view: object) -> bool:
        return request.user.has_perm(self.perm)


class ViewPermission(DjangoModelPermissions):
    """Reads need the model's view permission too (DRF's default lets any reader through)."""

    perms_map = {**DjangoModelPermissions.perms_map, "GET": ["%(app_label)s.view_%(model_name)s"]}


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
        # The case type is computed, never stored (a policy change must show at once), so the
        # engine evaluates the filtered cases in one batch and the matching ids narrow the list.
        evaluations = selectors.evaluate_cases(
            Prisoner.objects.filter(pk__in=queryset.values("pk")), today=timezone.localdate()
        )
        ids = [pk for pk, ev in evaluations.items() if ev.case_type.value == value]
        return queryset.filter(pk__in=ids)


class PrisonerListApi(generics.ListAPIView):
    """The caller's prisoners, paginated and filterable."""

    serializer_class = PrisonerListSerializer
    permission_classes = [IsAuthenticated, ViewPermission]
    filterset_class = PrisonerFilter
    queryset = Prisoner.objects.none()  # for the permission class; get_queryset scopes

    def get_queryset(self) -> QuerySet[Prisoner]:
        qs = selectors.prisoners_for_user(self.request.user)
        return selectors.with_case_columns(qs, today=timezone.localdate()).order_by(
            "last_name", "first_name", "prison_number"
        )


class PrisonerDetailApi(generics.RetrieveAPIView):
    serializer_class = PrisonerDetailSerializer
    permission_classes = [IsAuthenticated, ViewPermission]
    queryset = Prisoner.objects.none()

    def retrieve(self, request: Request, prison_number: str) -> Response:
        base = selectors.prisoners_for_user(request.user).filter(
            prison_number=prison_number.upper()
        )
        prisoner = generics.get_object_or_404(
            selectors.with_case_columns(base, today=timezone.localdate())
        )
        now = timezone.now()
        case = selectors.case_summary(prisoner, now=now)
        evaluation = selectors.evaluate_prisoner(prisoner, today=timezone.localdate(now))
        context = {"case": case, "evaluation": evaluation}
        data = PrisonerDetailSerializer(prisoner, context=context).data
        return Response(data)


class PrisonPolicyApi(generics.GenericAPIView):
    """A prison's OMiC policy: read it (any OMU role), change it (head of OMU), with a reason."""

    serializer_class = PrisonPolicySerializer
    queryset = PrisonPolicy.objects.none()

    def get_permissions(self) -> list[BasePermission]:
        needed = (
            "cases.change_prisonpolicy"
            if self.request.method == "PATCH"
            else "cases.view_prisonpolicy"
        )
        return [IsAuthenticated(), HasPerm(needed)]

    def get(self, request: Request, code: str) -> Response:
        prison = selectors.get_prison_for_user(request.user, code)
        return Response(PrisonPolicySerializer(selectors.prison_policy(prison)).data)

    @extend_schema(request=PrisonPolicyChangeSerializer, responses=PrisonPolicySerializer)
    def patch(self, request: Request, code: str) -> Response:
        prison = selectors.get_prison_for_user(request.user, code)
        data = PrisonPolicyChangeSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        reason = changes.pop("reason", "")
        try:
            policy = services.prison_policy_update(
                prison=prison, acting_user=request.user, changes=changes, reason=reason
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return Response(PrisonPolicySerializer(policy).data)


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


class SessionListApi(generics.ListCreateAPIView):
    """Sessions on the caller's cases; POST logs one with the page's validation."""

    serializer_class = SessionSerializer
    filterset_class = SessionFilter
    queryset = Session.objects.none()

    def get_permissions(self) -> list[BasePermission]:
        needed = "cases.log_session" if self.request.method == "POST" else "cases.view_prisoner"
        return [IsAuthenticated(), HasPerm(needed)]

    def get_queryset(self) -> QuerySet[Session]:
        return (
            Session.objects.filter(prisoner__in=selectors.prisoners_for_user(self.request.user))
            .select_related("prisoner", "staff")
            .order_by("-occurred_at", "-id")
        )

    @extend_schema(request=SessionCreateSerializer, responses={201: SessionSerializer})
    def post(self, request: Request) -> Response:
        data = SessionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        prisoner = selectors.get_prisoner_for_user(request.user, values.pop("prisoner"))
        draft = values.pop("draft")
        follow_ups = [(f["description"], f["due"]) for f in values.pop("follow_ups", [])]
        try:
            session = services.session_log(
                prisoner=prisoner,
                acting_user=request.user,
                data=values,
                follow_ups=follow_ups,
                draft=draft,
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return Response(SessionSerializer(session).data, status=201)


class TimelineApi(generics.GenericAPIView):
    """A prisoner's case record, newest first, paginated; `type` filters by kind of event."""

    serializer_class = TimelineEventSerializer
    permission_classes = [IsAuthenticated, ViewPermission]
    queryset = Prisoner.objects.none()

    @extend_schema(
        parameters=[OpenApiParameter("type", str, many=True, enum=list(selectors.TIMELINE_KINDS))]
    )
    def get(self, request: Request, prison_number: str) -> Response:
        prisoner = selectors.get_prisoner_for_user(request.user, prison_number)
        kinds = {k for k in request.query_params.getlist("type") if k in selectors.TIMELINE_KINDS}
        events = selectors.case_timeline(prisoner, kinds=kinds or None)
        page = self.paginate_queryset(events)
        return self.get_paginated_response(TimelineEventSerializer(page, many=True).data)


class StatsFilter(django_filters.FilterSet):
    prison = django_filters.CharFilter(field_name="prison__code", lookup_expr="iexact")
    key = django_filters.CharFilter(help_text="One figure, e.g. cases_without_pom")
    date_from = django_filters.DateFilter(field_name="day", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="day", lookup_expr="lte")
    latest = django_filters.BooleanFilter(
        method="filter_latest",
        help_text="true: only each prison's latest snapshot day (up to `to`, or today)",
    )

    class Meta:
        model = DailyStatistic
        fields = ["prison", "key", "date_from", "date_to", "latest"]

    def filter_latest(
        self, queryset: QuerySet[DailyStatistic], name: str, value: bool
    ) -> QuerySet[DailyStatistic]:
        if not value:
            return queryset
        until = self.form.cleaned_data.get("date_to") or timezone.localdate()
        prisons = Prison.objects.filter(pk__in=queryset.values("prison"))
        return queryset.filter(pk__in=figures.latest_statistics(prisons, today=until).values("pk"))


class SeesUnitFigures(BasePermission):
    """Someone who may see the unit figures of at least one prison (`figure_prisons`)."""

    def has_permission(self, request: Request, view: object) -> bool:
        return selectors.figure_prisons(request.user).exists()


class StatsApi(generics.ListAPIView):
    """The daily dashboard figures of the caller's prisons (`from` and `to` are days)."""

    serializer_class = DailyStatisticSerializer
    filterset_class = StatsFilter
    queryset = DailyStatistic.objects.none()

    def get_permissions(self) -> list[BasePermission]:
        return [IsAuthenticated(), SeesUnitFigures()]

    def get_queryset(self) -> QuerySet[DailyStatistic]:
        return (
            DailyStatistic.objects.filter(prison__in=selectors.figure_prisons(self.request.user))
            .select_related("prison")
            .order_by("prison__code", "day", "key")
        )

    def filter_queryset(self, queryset: QuerySet[DailyStatistic]) -> QuerySet[DailyStatistic]:
        # The issue names the parameters `from` and `to`; `from` is a Python keyword, so the
        # filter set calls them date_from and date_to and both spellings are accepted.
        params = self.request.query_params.copy()
        for short, name in (("from", "date_from"), ("to", "date_to")):
            if short in params and name not in params:
                params[name] = params[short]
        filters = StatsFilter(params, queryset=queryset, request=self.request)
        if not filters.is_valid():
            raise ValidationError(filters.errors)
        return filters.qs


urlpatterns = [
    path("stats/", StatsApi.as_view(), name="api-stats"),
    path("sessions/", SessionListApi.as_view(), name="api-session-list"),
    path("prisoners/<str:prison_number>/timeline/", TimelineApi.as_view(), name="api-timeline"),
    path("prisons/<str:code>/policy/", PrisonPolicyApi.as_view(), name="api-prison-policy"),
    path("prisoners/", PrisonerListApi.as_view(), name="api-prisoner-list"),
    path("prisoners/<str:prison_number>/", PrisonerDetailApi.as_view(), name="api-prisoner-detail"),
]
