"""What the interventions endpoints share, on `cases.api.base`: paging any list, a second
permission some requests need, and a referral stopped by its checks answered with them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from rest_framework import status
from rest_framework.exceptions import APIException, PermissionDenied

from cases import access
from cases.api.base import OmuApiView
from interventions.models import Referral
from interventions.selectors.referrals import with_referral_relations
from interventions.serializers import AssessmentSerializer
from interventions.services.referrals import ReferralBlocked

T = TypeVar("T")


class Blocked(APIException):
    """A referral stopped by its checks: 400 with every check as data (booleans kept)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "blocked"

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__()
        self.detail = data


def move(service: Callable[..., Referral]) -> Callable[..., Referral]:
    """A service on a referral, as an endpoint runs it: a stopped referral is a 400 with its
    checks, and the answer is the referral read again with the relations its checks read."""

    def run(**kwargs: Any) -> Referral:
        try:
            referral = service(**kwargs)
        except ReferralBlocked as exc:
            checks = AssessmentSerializer(exc.assessment).data
            raise Blocked({"detail": exc.messages, "checks": checks}) from exc
        return with_referral_relations(Referral.objects.filter(pk=referral.pk)).get()

    return run


# No docstring: the schema describes an endpoint by its class's docstring, inherited.
class InterventionsApiView(OmuApiView):
    def page(self, rows: Iterable[T]) -> list[T]:
        """This request's page of `rows`."""
        found: list[T] | None = self.paginate_queryset(rows)  # type: ignore[arg-type]  # DRF pages any sequence
        return list(found or [])

    def door(self, perm: str) -> None:
        """403 unless the caller holds `perm` at one prison at least (a second permission an
        endpoint needs for some requests only)."""
        if not access.may_anywhere(self.request.user, perm):
            raise PermissionDenied()
