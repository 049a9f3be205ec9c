"""Referrals through the API: the list (and the lists at risk and waiting), a new referral,
one referral, and each move of its lifecycle as a POST action."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer, Serializer

from cases import access
from interventions.api.common import InterventionsApiView, move
from interventions.models import Cohort, Offering, Referral, ResettlementNeed
from interventions.selectors.lists import referrals_at_risk, waiting_list
from interventions.selectors.offerings import get_offering_for_user
from interventions.selectors.referrals import (
    ReferralRow,
    assess_referrals,
    get_referral_for_user,
    referrals_for_user,
)
from interventions.serializers import (
    AssessedReferralSerializer,
    AssessInput,
    AttendanceInput,
    AttendanceSerializer,
    CompleteInput,
    NotCompleteInput,
    PlaceInput,
    ReferNowInput,
    ReferralCreateInput,
    ReferralSerializer,
    StartInput,
    WithdrawInput,
)
from interventions.services.progress import (
    attendance_record,
    referral_assess,
    referral_complete,
    referral_not_complete,
    referral_start,
    referral_withdraw,
)
from interventions.services.referrals import referral_create, referral_place, referral_refer

if TYPE_CHECKING:
    from django.contrib.auth.models import User

LISTS = "interventions.view_intervention_lists"
REFERRAL_LISTS = ("at_risk", "waiting")


class _ReferralApi(InterventionsApiView):
    read_perm = "interventions.view_referral"
    write_perm = "interventions.refer"
    serializer_class: type[BaseSerializer[Any]] = ReferralSerializer
    queryset = Referral.objects.none()

    def referral(self) -> Referral:
        """The referral in the URL, on a case the caller may see (404), with the permission on
        that case (403)."""
        referral = get_referral_for_user(self.request.user, self.kwargs["pk"])
        access.require_on_case(self.request.user, self.required_perm(), referral.prisoner)
        return referral


def _referral_filters(qs: QuerySet[Referral], params: Any) -> QuerySet[Referral]:
    if params.get("prisoner"):
        qs = qs.filter(prisoner__prison_number=params["prisoner"].upper())
    if params.get("prison"):
        qs = qs.filter(offering__prison__code__iexact=params["prison"])
    if params.get("offering", "").isdigit():
        qs = qs.filter(offering_id=int(params["offering"]))
    if params.get("status"):
        if params["status"] not in Referral.Status.values:
            raise ValidationError({"status": "Not a referral status."})
        qs = qs.filter(status=params["status"])
    return qs


def _create_referral(
    *, acting_user: User, prisoner: str, offering: int, need: int | None, **values: Any
) -> Referral:
    """Refer the prisoner named by their number to the directory entry named by its id."""
    case = access.get_prisoner_for_user(acting_user, prisoner, perm="interventions.refer")
    entry = Offering.objects.select_related("intervention", "prison").filter(pk=offering).first()
    if entry is None:
        raise ValidationError({"offering": "No such directory entry."})
    found = None
    if need is not None:
        found = ResettlementNeed.objects.filter(pk=need, prisoner=case).first()
        if found is None:
            raise ValidationError({"need": "That need is not this prisoner's."})
    return referral_create(
        prisoner=case, offering=entry, acting_user=acting_user, need=found, **values
    )


class ReferralListApi(_ReferralApi):
    """Referrals on the caller's cases, newest first, each with today's checks. `list=at_risk`
    (with `prison`) gives the referrals at risk; `list=waiting` (with `offering`) a waiting
    list in rank order. POST refers a prisoner: refused with the checks when one fails."""

    @extend_schema(
        parameters=[
            OpenApiParameter("prisoner", str, description="Prison number"),
            OpenApiParameter("prison", str, description="Prison code of the intervention"),
            OpenApiParameter("offering", int, description="A directory entry's id"),
            OpenApiParameter("status", str, enum=list(Referral.Status.values)),
            OpenApiParameter("list", str, enum=list(REFERRAL_LISTS)),
        ],
        responses=ReferralSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        name = request.query_params.get("list", "")
        if name and name not in REFERRAL_LISTS:
            raise ValidationError({"list": f"One of {', '.join(REFERRAL_LISTS)}."})
        today = timezone.localdate()
        if name:
            rows = self.page(self._listed(name, today))
        else:
            qs = _referral_filters(referrals_for_user(request.user), request.query_params)
            page = self.page(qs.order_by("-created_at", "-id"))
            rows = assess_referrals(page, today=today)
        referrals = [r.referral for r in rows]
        assessments = {r.referral.pk: r.assessment for r in rows if r.assessment}
        data = ReferralSerializer(referrals, many=True, context={"assessments": assessments}).data
        return self.get_paginated_response(data)

    def _listed(self, name: str, today: dt.date) -> list[ReferralRow]:
        """A prison's referrals at risk, or an offering's waiting list in rank order."""
        user, params = self.request.user, self.request.query_params
        self.door(LISTS)
        if name == "at_risk":
            prison = access.get_prison_for_user(user, params.get("prison", ""), perm=LISTS)
            return referrals_at_risk(user, prison, today=today)
        if not params.get("offering", "").isdigit():
            raise ValidationError({"offering": "Give the directory entry's id."})
        offering = get_offering_for_user(user, int(params["offering"]), today=today)
        access.require(user, LISTS, offering.prison)
        return waiting_list(user, offering, today=today)

    @extend_schema(request=ReferralCreateInput, responses={201: ReferralSerializer})
    def post(self, request: Request) -> Response:
        return self.act(
            move(_create_referral),
            ReferralCreateInput,
            AssessedReferralSerializer,
            status_code=status.HTTP_201_CREATED,
        )


class ReferralDetailApi(_ReferralApi):
    def get(self, request: Request, pk: int) -> Response:
        return Response(AssessedReferralSerializer(self.referral()).data)


class _ReferralMoveApi(_ReferralApi):
    """One move of a referral's lifecycle. Repeating a move already made changes nothing;
    a move its status does not allow is a 409."""

    input_serializer: ClassVar[type[Serializer]]
    service: ClassVar[Callable[..., Referral]]

    def post(self, request: Request, pk: int) -> Response:
        service = move(type(self).service)
        return self.act(
            service, self.input_serializer, AssessedReferralSerializer, referral=self.referral()
        )


def _place(*, cohort: int | None, **kwargs: Any) -> Referral:
    found = Cohort.objects.filter(pk=cohort).first() if cohort is not None else None
    if cohort is not None and found is None:
        raise DjangoValidationError({"cohort": "No such cohort."})  # a 400 by call_service
    return referral_place(cohort=found, **kwargs)


@extend_schema(request=ReferNowInput, responses=ReferralSerializer)
class ReferApi(_ReferralMoveApi):
    """Send an identified referral: the checks run as for a new one."""

    input_serializer = ReferNowInput
    service = staticmethod(referral_refer)


@extend_schema(request=AssessInput, responses=ReferralSerializer)
class AssessApi(_ReferralMoveApi):
    """Record the assessment: suitable, or not suitable with a reason."""

    input_serializer = AssessInput
    service = staticmethod(referral_assess)


@extend_schema(request=PlaceInput, responses=ReferralSerializer)
class PlaceApi(_ReferralMoveApi):
    """Place a suitable referral in a cohort with a place (or move it to another)."""

    input_serializer = PlaceInput
    service = staticmethod(_place)


@extend_schema(request=StartInput, responses=ReferralSerializer)
class StartApi(_ReferralMoveApi):
    input_serializer = StartInput
    service = staticmethod(referral_start)


@extend_schema(request=CompleteInput, responses=ReferralSerializer)
class CompleteApi(_ReferralMoveApi):
    """Record completion and its outcome. A withdrawn referral never completes (409)."""

    input_serializer = CompleteInput
    service = staticmethod(referral_complete)


@extend_schema(request=NotCompleteInput, responses=ReferralSerializer)
class NotCompleteApi(_ReferralMoveApi):
    """Record that a started referral ended without completion, and why."""

    input_serializer = NotCompleteInput
    service = staticmethod(referral_not_complete)


@extend_schema(request=WithdrawInput, responses=ReferralSerializer)
class WithdrawApi(_ReferralMoveApi):
    """Withdraw a referral that has not started, with the reason."""

    input_serializer = WithdrawInput
    service = staticmethod(referral_withdraw)


class AttendanceApi(_ReferralApi):
    """Record (or correct) attendance at one session of a started course."""

    serializer_class = AttendanceSerializer

    @extend_schema(request=AttendanceInput, responses=AttendanceSerializer)
    def post(self, request: Request, pk: int) -> Response:
        return self.act(
            attendance_record,
            AttendanceInput,
            AttendanceSerializer,
            referral=self.referral(),
        )
