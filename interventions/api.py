"""REST API of the interventions app: `/api/v1/interventions/` (the directory) and
`/api/v1/referrals/` (list, create, and each move of the lifecycle as a POST action), plus
resettlement needs. Same selectors and services as the pages; one view per operation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer

from cases.access import get_prison_for_user, get_prisoner_for_user
from cases.api.base import HasPerm, call_service
from cases.models import Prison
from interventions import selectors, services
from interventions.models import Cohort, Intervention, Offering, Referral, ResettlementNeed
from interventions.serializers import (
    AssessInput,
    AssessmentSerializer,
    AttendanceInput,
    AttendanceSerializer,
    CompleteInput,
    InterventionSerializer,
    NeedCreateInput,
    NeedSerializer,
    NeedUpdateInput,
    NeedUpdateSerializer,
    NotCompleteInput,
    PlaceInput,
    ReferNowInput,
    ReferralCreateInput,
    ReferralSerializer,
    StartInput,
    WithdrawInput,
)


class Blocked(APIException):
    """A referral stopped by its checks: 400 with every check as data (booleans kept)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "blocked"

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__()
        self.detail = data  # type: ignore[assignment]  # DRF would turn every value to text


def _service_call(fn: Callable[..., Any], **kwargs: Any) -> Any:
    """Call a service; a stopped referral is a 400 with its checks, and every other
    ValidationError is answered as `call_service` answers it."""

    def run() -> Any:
        try:
            return fn(**kwargs)
        except services.ReferralBlocked as exc:
            raise Blocked(
                {"detail": exc.messages, "checks": AssessmentSerializer(exc.assessment).data}
            ) from exc

    return call_service(run)


class _PermView(generics.GenericAPIView):
    read_perm = "interventions.view_referral"
    write_perm = "interventions.refer"
    queryset = Referral.objects.none()

    def get_permissions(self) -> list[BasePermission]:
        needed = self.read_perm if self.request.method == "GET" else self.write_perm
        return [IsAuthenticated(), HasPerm(needed)]


# --- The directory ---------------------------------------------------------------------------


class InterventionListApi(_PermView):
    """Every prison's directory entries (the national view), with upcoming cohorts and places
    left; filter by `prison`, `kind`, `need_area` and `running`."""

    read_perm = "interventions.view_intervention"
    serializer_class = InterventionSerializer
    queryset = Offering.objects.none()

    @extend_schema(
        parameters=[
            OpenApiParameter("prison", str, description="Prison code, e.g. LEI"),
            OpenApiParameter("kind", str, enum=list(Intervention.Kind.values)),
            OpenApiParameter("need_area", str, enum=list(ResettlementNeed.Area.values)),
            OpenApiParameter("running", bool),
        ],
        responses=InterventionSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        today = timezone.localdate()
        params = request.query_params
        area = params.get("need_area", "")
        if area and area not in ResettlementNeed.Area.values:
            raise ValidationError({"need_area": "Not a need area."})
        qs = selectors.directory_for_prisons(Prison.objects.all(), today=today).order_by(
            "prison__code", "intervention__name"
        )
        if params.get("prison"):
            qs = qs.filter(prison__code__iexact=params["prison"])
        if params.get("kind"):
            qs = qs.filter(intervention__kind=params["kind"])
        if area:
            qs = qs.filter(intervention__need_areas__area=area)
        if params.get("running") in ("true", "1"):
            qs = qs.filter(running=True)
        elif params.get("running") in ("false", "0"):
            qs = qs.filter(running=False)
        page = self.paginate_queryset(qs)
        data = InterventionSerializer(page, many=True, context={"today": today}).data
        return self.get_paginated_response(data)


# --- Referrals -------------------------------------------------------------------------------

REFERRAL_LISTS = ("at_risk", "waiting")


def _referral_response(referral: Referral, *, code: int = 200) -> Response:
    row = selectors.assess_referrals([referral], today=timezone.localdate())[0]
    context = {"assessments": {referral.pk: row.assessment} if row.assessment else {}}
    return Response(ReferralSerializer(referral, context=context).data, status=code)


class ReferralListApi(_PermView):
    """Referrals on the caller's cases, newest first, each with today's checks. `list=at_risk`
    (with `prison`) gives the referrals at risk; `list=waiting` (with `offering`) a waiting
    list in rank order. POST refers a prisoner: refused with the checks when one fails."""

    serializer_class = ReferralSerializer

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
        params = request.query_params
        today = timezone.localdate()
        name = params.get("list", "")
        if name and name not in REFERRAL_LISTS:
            raise ValidationError({"list": f"One of {', '.join(REFERRAL_LISTS)}."})
        if name == "at_risk":
            if not request.user.has_perm("interventions.view_intervention_lists"):
                raise PermissionDenied()
            prison = get_prison_for_user(request.user, params.get("prison", ""))
            rows = selectors.referrals_at_risk(request.user, prison, today=today)
        elif name == "waiting":
            if not request.user.has_perm("interventions.view_intervention_lists"):
                raise PermissionDenied()
            if not params.get("offering", "").isdigit():
                raise ValidationError({"offering": "Give the directory entry's id."})
            offering = selectors.get_offering_for_user(
                request.user, int(params["offering"]), today=today
            )
            rows = selectors.waiting_list(request.user, offering, today=today)
        else:
            rows = None
        if rows is not None:
            page = self.paginate_queryset(rows)
            referrals = [r.referral for r in page]
            assessments = {r.referral.pk: r.assessment for r in page if r.assessment}
        else:
            qs = self._filtered(selectors.referrals_for_user(request.user), params)
            page = self.paginate_queryset(qs.order_by("-created_at", "-id"))
            referrals = list(page)
            assessments = {
                r.referral.pk: r.assessment
                for r in selectors.assess_referrals(referrals, today=today)
                if r.assessment
            }
        data = ReferralSerializer(referrals, many=True, context={"assessments": assessments}).data
        return self.get_paginated_response(data)

    @staticmethod
    def _filtered(qs: QuerySet[Referral], params: Any) -> QuerySet[Referral]:
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

    @extend_schema(request=ReferralCreateInput, responses={201: ReferralSerializer})
    def post(self, request: Request) -> Response:
        data = ReferralCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        prisoner = get_prisoner_for_user(request.user, values["prisoner"])
        offering = (
            Offering.objects.select_related("intervention", "prison")
            .filter(pk=values["offering"])
            .first()
        )
        if offering is None:
            raise ValidationError({"offering": "No such directory entry."})
        need = None
        if values["need"] is not None:
            need = ResettlementNeed.objects.filter(pk=values["need"], prisoner=prisoner).first()
            if need is None:
                raise ValidationError({"need": "That need is not this prisoner's."})
        referral = _service_call(
            services.referral_create,
            prisoner=prisoner,
            offering=offering,
            acting_user=request.user,
            need=need,
            notes=values["notes"],
            refer_now=values["refer_now"],
            override_reason=values["override_reason"],
        )
        referral = selectors.get_referral_for_user(request.user, referral.pk)
        return _referral_response(referral, code=status.HTTP_201_CREATED)


class ReferralDetailApi(_PermView):
    serializer_class = ReferralSerializer

    def get(self, request: Request, pk: int) -> Response:
        return _referral_response(selectors.get_referral_for_user(request.user, pk))


class _ReferralActionApi(_PermView):
    """One move of a referral's lifecycle. Repeating a move already made changes nothing;
    a move its status does not allow is a 409."""

    serializer_class = ReferralSerializer
    input_serializer: ClassVar[type[Serializer]]
    service: ClassVar[Callable[..., Any]]

    def post(self, request: Request, pk: int) -> Response:
        referral = selectors.get_referral_for_user(request.user, pk)
        data = self.input_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        _service_call(
            type(self).service, referral=referral, acting_user=request.user, **data.validated_data
        )
        return _referral_response(selectors.get_referral_for_user(request.user, pk))


def _place(*, cohort: int | None, **kwargs: Any) -> Referral:
    found = Cohort.objects.filter(pk=cohort).first() if cohort is not None else None
    if cohort is not None and found is None:
        raise DjangoValidationError({"cohort": "No such cohort."})
    return services.referral_place(cohort=found, **kwargs)


@extend_schema(request=ReferNowInput, responses=ReferralSerializer)
class ReferApi(_ReferralActionApi):
    """Send an identified referral: the checks run as for a new one."""

    input_serializer = ReferNowInput
    service = staticmethod(services.referral_refer)


@extend_schema(request=AssessInput, responses=ReferralSerializer)
class AssessApi(_ReferralActionApi):
    """Record the assessment: suitable, or not suitable with a reason."""

    input_serializer = AssessInput
    service = staticmethod(services.referral_assess)


@extend_schema(request=PlaceInput, responses=ReferralSerializer)
class PlaceApi(_ReferralActionApi):
    """Place a suitable referral in a cohort with a place (or move it to another)."""

    input_serializer = PlaceInput
    service = staticmethod(_place)


@extend_schema(request=StartInput, responses=ReferralSerializer)
class StartApi(_ReferralActionApi):
    input_serializer = StartInput
    service = staticmethod(services.referral_start)


@extend_schema(request=CompleteInput, responses=ReferralSerializer)
class CompleteApi(_ReferralActionApi):
    """Record completion and its outcome. A withdrawn referral never completes (409)."""

    input_serializer = CompleteInput
    service = staticmethod(services.referral_complete)


@extend_schema(request=NotCompleteInput, responses=ReferralSerializer)
class NotCompleteApi(_ReferralActionApi):
    """Record that a started referral ended without completion, and why."""

    input_serializer = NotCompleteInput
    service = staticmethod(services.referral_not_complete)


@extend_schema(request=WithdrawInput, responses=ReferralSerializer)
class WithdrawApi(_ReferralActionApi):
    """Withdraw a referral that has not started, with the reason."""

    input_serializer = WithdrawInput
    service = staticmethod(services.referral_withdraw)


class AttendanceApi(_PermView):
    """Record (or correct) attendance at one session of a started course."""

    serializer_class = AttendanceSerializer

    @extend_schema(request=AttendanceInput, responses=AttendanceSerializer)
    def post(self, request: Request, pk: int) -> Response:
        referral = selectors.get_referral_for_user(request.user, pk)
        data = AttendanceInput(data=request.data)
        data.is_valid(raise_exception=True)
        attendance = _service_call(
            services.attendance_record,
            referral=referral,
            acting_user=request.user,
            **data.validated_data,
        )
        return Response(AttendanceSerializer(attendance).data)


# --- Resettlement needs ----------------------------------------------------------------------


class NeedListApi(_PermView):
    """Resettlement needs on the caller's cases, with their dated updates; POST adds one."""

    read_perm = "interventions.view_resettlementneed"
    write_perm = "interventions.update_need"
    serializer_class = NeedSerializer
    queryset = ResettlementNeed.objects.none()

    @extend_schema(
        parameters=[
            OpenApiParameter("prisoner", str, description="Prison number"),
            OpenApiParameter("status", str, enum=list(ResettlementNeed.Status.values)),
        ],
        responses=NeedSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        qs = selectors.needs_api(request.user)
        if request.query_params.get("prisoner"):
            qs = qs.filter(prisoner__prison_number=request.query_params["prisoner"].upper())
        if request.query_params.get("status"):
            qs = qs.filter(status=request.query_params["status"])
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(NeedSerializer(page, many=True).data)

    @extend_schema(request=NeedCreateInput, responses={201: NeedSerializer})
    def post(self, request: Request) -> Response:
        data = NeedCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        prisoner = get_prisoner_for_user(request.user, values.pop("prisoner"))
        need = _service_call(
            services.need_create, prisoner=prisoner, acting_user=request.user, **values
        )
        need = selectors.needs_api(request.user).get(pk=need.pk)
        return Response(NeedSerializer(need).data, status=status.HTTP_201_CREATED)


class NeedUpdateApi(_PermView):
    """A dated update to a need: what was done, and its status and owner after it."""

    write_perm = "interventions.update_need"
    serializer_class = NeedUpdateSerializer
    queryset = ResettlementNeed.objects.none()

    @extend_schema(request=NeedUpdateInput, responses={201: NeedUpdateSerializer})
    def post(self, request: Request, pk: int) -> Response:
        need = selectors.get_need_for_user(request.user, pk)
        data = NeedUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        update = _service_call(
            services.need_update, need=need, acting_user=request.user, **data.validated_data
        )
        return Response(NeedUpdateSerializer(update).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("interventions/", InterventionListApi.as_view(), name="api-intervention-list"),
    path("referrals/", ReferralListApi.as_view(), name="api-referral-list"),
    path("referrals/<int:pk>/", ReferralDetailApi.as_view(), name="api-referral-detail"),
    path("referrals/<int:pk>/refer/", ReferApi.as_view(), name="api-referral-refer"),
    path("referrals/<int:pk>/assess/", AssessApi.as_view(), name="api-referral-assess"),
    path("referrals/<int:pk>/place/", PlaceApi.as_view(), name="api-referral-place"),
    path("referrals/<int:pk>/start/", StartApi.as_view(), name="api-referral-start"),
    path("referrals/<int:pk>/complete/", CompleteApi.as_view(), name="api-referral-complete"),
    path(
        "referrals/<int:pk>/not-complete/",
        NotCompleteApi.as_view(),
        name="api-referral-not-complete",
    ),
    path("referrals/<int:pk>/withdraw/", WithdrawApi.as_view(), name="api-referral-withdraw"),
    path("referrals/<int:pk>/attendance/", AttendanceApi.as_view(), name="api-referral-attendance"),
    path("resettlement-needs/", NeedListApi.as_view(), name="api-need-list"),
    path("resettlement-needs/<int:pk>/updates/", NeedUpdateApi.as_view(), name="api-need-update"),
]
