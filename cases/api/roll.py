"""REST API for roll imports: upload a prison's roll (a dry run by default, or applied when it
has no errors), list the imports of the caller's prisons, read one, apply a checked one."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from cases import access, selectors
from cases.api.base import OmuApiView, PrisonApiView, call_service
from cases.models import RollImport
from cases.roll import jobs
from cases.roll import services as roll
from cases.serializers import RollImportDetailSerializer, RollImportSerializer, RollUploadSerializer


def _fresh(roll_import: RollImport) -> RollImport:
    return selectors.get_roll_import([roll_import.prison], roll_import.pk)


class RollImportCreateApi(PrisonApiView):
    """Upload a roll for this prison. It is checked at once (nothing written) and the check's
    result returned; with `apply=true` and no errors it is then applied as one audited import
    (in the background where there is a worker: read the import until it is `applied`). With
    `apply=true` and errors, nothing is applied: 400 with the import and its errors."""

    read_perm = "cases.view_rollimport"
    write_perm = "cases.import_roll"
    serializer_class = RollImportDetailSerializer

    @extend_schema(
        request={"multipart/form-data": RollUploadSerializer},
        responses={
            201: RollImportDetailSerializer,
            400: OpenApiResponse(
                description="The upload is not a roll file (the `file` field says why), or "
                "`apply=true` and the file has errors (the import, with its errors)."
            ),
        },
    )
    def post(self, request: Request, code: str) -> Response:
        prison = self.prison()
        data = RollUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        created = call_service(
            roll.roll_import_create,
            prison=prison,
            file_name=upload.name or "roll",
            content=upload.read(),
            full_roll=data.validated_data["full_roll"],
            acting_user=request.user,
            queue=False,
        )
        checked = jobs.roll_import_check(roll_import_id=created.pk, today=timezone.localdate())
        if data.validated_data["apply"]:
            if checked.errors:
                return Response(
                    RollImportDetailSerializer(_fresh(checked)).data,
                    status=status.HTTP_400_BAD_REQUEST,
                )
            call_service(roll.roll_import_start, roll_import=checked, acting_user=request.user)
        body = RollImportDetailSerializer(_fresh(checked)).data
        return Response(body, status=status.HTTP_201_CREATED)


class RollImportFilter(django_filters.FilterSet):
    prison = django_filters.CharFilter(
        field_name="prison__code", lookup_expr="iexact", help_text="Prison code, e.g. LEI"
    )
    status = django_filters.ChoiceFilter(choices=RollImport.Status.choices)

    class Meta:
        model = RollImport
        fields = ["prison", "status"]


class RollImportListApi(OmuApiView, generics.ListAPIView):
    """The roll imports of every prison where the caller may see them, newest first."""

    read_perm = "cases.view_rollimport"
    serializer_class = RollImportSerializer
    filterset_class = RollImportFilter
    queryset = RollImport.objects.none()

    def get_queryset(self) -> QuerySet[RollImport]:
        return selectors.roll_imports(access.prisons_where(self.request.user, self.read_perm))


class RollImportDetailApi(OmuApiView):
    """One roll import: status, progress, counts, the preview or result, and every error."""

    read_perm = "cases.view_rollimport"
    serializer_class = RollImportDetailSerializer
    queryset = RollImport.objects.none()

    def get(self, request: Request, pk: int) -> Response:
        prisons = access.prisons_where(request.user, self.read_perm)
        return Response(RollImportDetailSerializer(selectors.get_roll_import(prisons, pk)).data)


class RollImportApplyApi(OmuApiView):
    """Apply a checked import that has no errors. 409 when it is not ready, has errors, or is
    already applied or applying."""

    read_perm = "cases.view_rollimport"
    write_perm = "cases.import_roll"
    serializer_class = RollImportDetailSerializer
    queryset = RollImport.objects.none()

    @extend_schema(request=None, responses=RollImportDetailSerializer)
    def post(self, request: Request, pk: int) -> Response:
        prisons = access.prisons_where(request.user, self.read_perm)
        found = selectors.get_roll_import(prisons, pk)
        access.require(request.user, self.write_perm, found.prison)
        call_service(roll.roll_import_start, roll_import=found, acting_user=request.user)
        return Response(RollImportDetailSerializer(_fresh(found)).data)
