"""REST API for changing a case's facts: arrivals, the sentence and legal status, personal
details, transfers, releases and merges. The same data-in services as the pages
(`cases.services.facts`): a service's error is 400 on its field, 409 for a state conflict."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from cases import access
from cases.api.base import CaseApiView, PrisonApiView, call_service
from cases.audit import ChangeSource
from cases.models import Prisoner
from cases.serializers import (
    ArrivalSerializer,
    CaseFactsSerializer,
    DetailsChangeSerializer,
    MergePreviewSerializer,
    MergeSerializer,
    ReleaseSerializer,
    SentenceChangeSerializer,
    TransferSerializer,
)
from cases.services import facts


def by_caller(service: Callable[..., Any]) -> Callable[..., Any]:
    """The service, called with the caller as its source (and their `reason`, if any), as
    `OmuApiView.act` calls services with `acting_user`."""

    def run(*, acting_user: Any, reason: str = "", **kwargs: Any) -> Any:
        return service(source=ChangeSource.by(acting_user, reason), **kwargs)

    return run


def _release(*, acting_user: Any, reason: str = "", **kwargs: Any) -> Prisoner:
    source = ChangeSource.by(acting_user, reason or "Release recorded")
    return facts.prisoner_release(source=source, reason=reason, **kwargs)


class ArrivalApi(PrisonApiView):
    """Record a prisoner arriving at this prison: new, back in custody, or transferred in from
    another prison. 409 if they are already held here."""

    write_perm = "cases.add_prisoner"
    serializer_class = ArrivalSerializer

    @extend_schema(request=ArrivalSerializer, responses={201: CaseFactsSerializer})
    def post(self, request: Request, code: str) -> Response:
        return self.act(
            by_caller(facts.prisoner_arrive),
            ArrivalSerializer,
            CaseFactsSerializer,
            status_code=status.HTTP_201_CREATED,
            prison=self.prison(),
            reason="Arrival recorded",
        )


class SentenceApi(CaseApiView):
    """The case's legal status and current sentence. PUT replaces the sentence's dates: a key
    date left out or null is removed; the previous values stay in the history."""

    read_perm = "cases.view_prisoner"
    write_perm = "cases.change_sentence"
    serializer_class = CaseFactsSerializer

    def get(self, request: Request, prison_number: str) -> Response:
        return Response(CaseFactsSerializer(self.prisoner()).data)

    @extend_schema(request=SentenceChangeSerializer, responses=CaseFactsSerializer)
    def put(self, request: Request, prison_number: str) -> Response:
        return self.act(
            by_caller(facts.prisoner_facts_update),
            SentenceChangeSerializer,
            CaseFactsSerializer,
            prisoner=self.prisoner(),
        )


class DetailsApi(CaseApiView):
    """Change any of the name, date of birth, cell location and security category."""

    read_perm = "cases.view_prisoner"
    write_perm = "cases.change_prisoner"
    serializer_class = CaseFactsSerializer

    @extend_schema(request=DetailsChangeSerializer, responses=CaseFactsSerializer)
    def patch(self, request: Request, prison_number: str) -> Response:
        return self.act(
            by_caller(facts.prisoner_details_update),
            DetailsChangeSerializer,
            CaseFactsSerializer,
            prisoner=self.prisoner(),
        )


class TransferApi(CaseApiView):
    """Record a transfer to another prison: the POM, co-working POM and keyworker allocations
    end; the case arrives unallocated, history kept."""

    write_perm = "cases.add_movement"
    serializer_class = CaseFactsSerializer

    @extend_schema(request=TransferSerializer, responses=CaseFactsSerializer)
    def post(self, request: Request, prison_number: str) -> Response:
        return self.act(
            by_caller(facts.prisoner_transfer),
            TransferSerializer,
            CaseFactsSerializer,
            prisoner=self.prisoner(),
        )


class ReleaseApi(CaseApiView):
    """Record a release: the custodial episode ends, with the POM, co-working POM and keyworker
    allocations; the COM and the history stay."""

    write_perm = "cases.add_movement"
    serializer_class = CaseFactsSerializer

    @extend_schema(request=ReleaseSerializer, responses=CaseFactsSerializer)
    def post(self, request: Request, prison_number: str) -> Response:
        return self.act(_release, ReleaseSerializer, CaseFactsSerializer, prisoner=self.prisoner())


class MergeApi(CaseApiView):
    """Merge another record (`removed`) into this one: GET previews what would move, POST
    merges. A search for the removed number then finds this case."""

    read_perm = "cases.change_prisoner"
    write_perm = "cases.change_prisoner"
    serializer_class = MergePreviewSerializer

    def removed(self, number: str) -> Prisoner:
        try:
            return access.get_prisoner_for_user(
                self.request.user, number, perm="cases.change_prisoner"
            )
        except Http404 as exc:
            raise ValidationError(
                {"removed": [f"There is no prisoner with the number {number} in your prisons."]}
            ) from exc

    @extend_schema(
        parameters=[OpenApiParameter("removed", str, required=True, description="Prison number")],
        responses=MergePreviewSerializer,
    )
    def get(self, request: Request, prison_number: str) -> Response:
        kept = self.prisoner()
        data = MergeSerializer(data={"removed": request.query_params.get("removed", "")})
        data.is_valid(raise_exception=True)
        removed = self.removed(data.validated_data["removed"])
        preview = call_service(facts.merge_preview, kept=kept, removed=removed)
        return Response(MergePreviewSerializer(preview).data)

    @extend_schema(request=MergeSerializer, responses=CaseFactsSerializer)
    def post(self, request: Request, prison_number: str) -> Response:
        kept = self.prisoner()
        data = MergeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        removed = self.removed(data.validated_data["removed"])
        merged = call_service(
            by_caller(facts.prisoners_merge),
            acting_user=request.user,
            reason=data.validated_data["reason"] or "Merge",
            kept=kept,
            removed=removed,
            at=timezone.now(),
        )
        return Response(CaseFactsSerializer(merged).data)
