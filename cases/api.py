"""REST API for prisoners (`/api/v1/prisoners/`), on the same selectors as the pages."""

import django_filters
from django.db.models import QuerySet
from django.urls import path
from django.utils import timezone
from rest_framework import generics
from rest_framework.permissions import DjangoModelPermissions, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from cases import selectors
from cases.models import Prisoner
from cases.serializers import PrisonerDetailSerializer, PrisonerListSerializer


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
    release_before = django_filters.DateFilter(
        field_name="display_release_date",
        lookup_expr="lt",
        help_text="Displayed release date before this day (YYYY-MM-DD)",
    )

    class Meta:
        model = Prisoner
        fields = ["prison", "pom", "release_before", "legal_status"]


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
        case = selectors.case_summary(prisoner, now=timezone.now())
        data = PrisonerDetailSerializer(prisoner, context={"case": case}).data
        return Response(data)


urlpatterns = [
    path("prisoners/", PrisonerListApi.as_view(), name="api-prisoner-list"),
    path("prisoners/<str:prison_number>/", PrisonerDetailApi.as_view(), name="api-prisoner-detail"),
]
