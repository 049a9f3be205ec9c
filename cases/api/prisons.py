"""REST API for a prison's OMiC policy, its figures today with their definitions, and the daily
figures of the caller's prisons."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from cases import access, figures, selectors, services
from cases.api.base import ConflictSerializer, PrisonApiView, call_service
from cases.models import DailyStatistic, Prison
from cases.serializers import (
    DailyStatisticSerializer,
    FigureSerializer,
    PrisonPolicyChangeSerializer,
    PrisonPolicySerializer,
)


class PrisonPolicyApi(PrisonApiView):
    """A prison's OMiC policy: read it (any OMU role there), change it (its head of OMU), with a
    reason."""

    read_perm = "cases.view_prisonpolicy"
    write_perm = "cases.change_prisonpolicy"
    serializer_class = PrisonPolicySerializer

    def get(self, request: Request, code: str) -> Response:
        return Response(PrisonPolicySerializer(selectors.prison_policy(self.prison())).data)

    @extend_schema(
        request=PrisonPolicyChangeSerializer,
        responses={200: PrisonPolicySerializer, 409: ConflictSerializer},
    )
    def patch(self, request: Request, code: str) -> Response:
        prison = self.prison()
        data = PrisonPolicyChangeSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        reason = changes.pop("reason", "")
        version = changes.pop("version")
        policy = call_service(
            services.prison_policy_update,
            prison=prison,
            acting_user=request.user,
            changes=changes,
            reason=reason,
            expected_version=version,
        )
        return Response(PrisonPolicySerializer(policy).data)


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
        return access.figure_prisons(request.user).exists()


class StatsApi(generics.ListAPIView):
    """The daily dashboard figures of the caller's prisons (`from` and `to` are days)."""

    serializer_class = DailyStatisticSerializer
    filterset_class = StatsFilter
    queryset = DailyStatistic.objects.none()
    permission_classes = [IsAuthenticated, SeesUnitFigures]

    def get_queryset(self) -> QuerySet[DailyStatistic]:
        return (
            DailyStatistic.objects.filter(prison__in=access.figure_prisons(self.request.user))
            .select_related("prison")
            .order_by("prison__code", "day", "key")
        )

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        # The parameters are `from` and `to`; `from` is a Python keyword, so the filter set
        # calls them date_from and date_to and both spellings are accepted.
        params = self.request.query_params.copy()
        for short, name in (("from", "date_from"), ("to", "date_to")):
            if short in params and name not in params:
                params.setlist(name, params.getlist(short))
        filters = StatsFilter(params, queryset=queryset, request=self.request)
        if not filters.is_valid():
            raise ValidationError(filters.errors)
        return filters.qs


class PrisonFiguresApi(generics.GenericAPIView[Prison]):
    """A prison's dashboard figures today, each with its definition (numerator, denominator,
    target, what is not counted), as on the dashboard and each figure's page."""

    serializer_class = FigureSerializer
    queryset = Prison.objects.none()
    permission_classes = [IsAuthenticated, SeesUnitFigures]
    pagination_class = None

    @extend_schema(responses=FigureSerializer(many=True))
    def get(self, request: Request, code: str) -> Response:
        prison = access.figure_prisons(request.user).filter(code=code.upper()).first()
        if prison is None:
            raise NotFound("No such prison among those whose figures you may see.")
        rows = figures.prison_figures(prison, today=timezone.localdate())
        return Response(FigureSerializer(rows, many=True).data)
