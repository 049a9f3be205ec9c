"""REST API of the policy what-if (`/api/v1/planning/`), on the same selectors and services as
the pages: the permission at one prison at least to get in, then at every prison asked about."""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from cases.api.base import OmuApiView, call_service
from planning import selectors, services
from planning.models import WhatIfRun
from planning.serializers import (
    WhatIfApplyInput,
    WhatIfInput,
    WhatIfRunSerializer,
    WhatIfSerializer,
)


class WhatIfApi(OmuApiView):
    """Try thresholds without saving them: for one prison the figures at once; for `all`, a
    run worked out in the background (follow it at its URL)."""

    read_perm = selectors.PERM
    write_perm = selectors.PERM
    serializer_class = WhatIfInput
    queryset = WhatIfRun.objects.none()

    @extend_schema(
        request=WhatIfInput,
        responses={
            200: WhatIfSerializer,
            202: WhatIfRunSerializer,
            400: OpenApiResponse(description="A threshold the rules refuse, named"),
        },
    )
    def post(self, request: Request) -> Response:
        data = WhatIfInput(data=request.data)
        data.is_valid(raise_exception=True)
        scope = data.validated_data["prison"]
        changes: dict[str, Any] = dict(data.validated_data["changes"])
        prisons = selectors.prisons_for_scope(request.user, scope)
        today = timezone.localdate()
        if scope == selectors.ALL:
            run = call_service(
                services.whatif_run_create,
                acting_user=request.user,
                prisons=prisons,
                changes=changes,
                today=today,
            )
            run.refresh_from_db()
            return Response(WhatIfRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)
        found = call_service(selectors.policy_whatif, prisons=prisons, changes=changes, today=today)
        answer = {**found.as_json(), "policy_versions": services.policy_versions(prisons)}
        return Response(WhatIfSerializer(answer).data)


class WhatIfRunApi(OmuApiView):
    """A what-if across prisons: its status and progress, then its figures."""

    read_perm = selectors.PERM
    serializer_class = WhatIfRunSerializer
    queryset = WhatIfRun.objects.none()

    def get(self, request: Request, pk: int) -> Response:
        run = selectors.get_run_for_user(request.user, pk)
        return Response(WhatIfRunSerializer(run).data)


class WhatIfApplyApi(OmuApiView):
    """Make the thresholds tried the policy of the prison (or `all` your prisons): the normal
    policy change, audited with the reason; needs the policy page's permission."""

    read_perm = "cases.change_prisonpolicy"
    write_perm = "cases.change_prisonpolicy"
    serializer_class = WhatIfApplyInput
    queryset = WhatIfRun.objects.none()

    @extend_schema(request=WhatIfApplyInput, responses={204: None})
    def post(self, request: Request) -> Response:
        data = WhatIfApplyInput(data=request.data)
        data.is_valid(raise_exception=True)
        prisons = selectors.prisons_for_scope(request.user, data.validated_data["prison"])
        call_service(
            services.whatif_apply,
            acting_user=request.user,
            prisons=prisons,
            changes=dict(data.validated_data["changes"]),
            reason=data.validated_data["reason"],
            versions={k.upper(): v for k, v in data.validated_data["versions"].items()},
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("planning/what-if/", WhatIfApi.as_view(), name="api-planning-whatif"),
    path("planning/what-if/runs/<int:pk>/", WhatIfRunApi.as_view(), name="api-planning-run"),
    path("planning/what-if/apply/", WhatIfApplyApi.as_view(), name="api-planning-apply"),
]
