"""What every REST endpoint shares: per-prison permissions through the access layer, one way to
find the case or prison a request is about, and one translation of a service's errors.

An endpoint names `read_perm` (GET and HEAD) and `write_perm` (everything else). A caller must
hold the permission at one prison at least to get past the door (403 otherwise); the object the
request is about is then checked at *its* prison: `CaseApiView.prisoner()` 404s for a case the
caller may not see and 403s where they may see it but not do this; `PrisonApiView.prison()`
does the same for a prison. `act()` runs one service with an input serializer's data and
answers with an output serializer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from rest_framework import generics, serializers, status
from rest_framework.exceptions import APIException, ErrorDetail, ValidationError
from rest_framework.exceptions import PermissionDenied as DrfPermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from cases import access, versions
from cases.models import Prison, Prisoner
from cases.versions import StaleEdit

T = TypeVar("T")


class Conflict(APIException):
    """409: the change does not fit the record's state now (a stale page, an illegal move)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"

    def __init__(self, message: str, changes: list[dict[str, str]] | None = None) -> None:
        super().__init__()
        self.detail = {"detail": ErrorDetail(message, "conflict"), "code": ErrorDetail("conflict")}
        if changes is not None:
            self.detail["changes"] = changes  # type: ignore[assignment]  # plain rows, not details


class ConflictChangeSerializer(serializers.Serializer[Any]):
    field = serializers.CharField()
    theirs = serializers.CharField(help_text="The value saved now.")
    yours = serializers.CharField(help_text="The value you sent.")


class ConflictSerializer(serializers.Serializer[Any]):
    """A 409: the record changed since the version you sent; nothing was changed."""

    detail = serializers.CharField()
    code = serializers.CharField()
    changes = ConflictChangeSerializer(many=True, required=False)


def call_service(service: Callable[..., T], /, **kwargs: Any) -> T:
    """Run a service for an API view and turn its ValidationError into the HTTP answer the
    pages give as form errors: a state conflict is 409, "you may not" is 403, the rest 400."""
    try:
        return service(**kwargs)
    except StaleEdit as exc:
        raise Conflict(" ".join(exc.messages), versions.change_rows(exc.changes)) from exc
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


class HoldsPerm(BasePermission):
    """The caller holds the view's permission at one prison at least."""

    def has_permission(self, request: Request, view: Any) -> bool:
        return access.may_anywhere(request.user, view.required_perm())


class OmuApiView(generics.GenericAPIView):
    read_perm = ""
    write_perm = ""
    permission_classes = [IsAuthenticated, HoldsPerm]

    def required_perm(self) -> str:
        if self.request.method in SAFE_METHODS or not self.write_perm:
            return self.read_perm
        return self.write_perm

    def act(
        self,
        service: Callable[..., Any],
        data_in: type[BaseSerializer[Any]] | None,
        data_out: type[BaseSerializer[Any]],
        *,
        status_code: int = status.HTTP_200_OK,
        **kwargs: Any,
    ) -> Response:
        """Validate the body with `data_in` (if any), run `service` with its data, the caller
        as `acting_user` and `kwargs`, and answer with `data_out` of the result."""
        values: dict[str, Any] = {}
        if data_in is not None:
            data = data_in(data=self.request.data)
            data.is_valid(raise_exception=True)
            values = dict(data.validated_data)
        result = call_service(service, acting_user=self.request.user, **kwargs, **values)
        return Response(data_out(result).data, status=status_code)


class CaseApiView(OmuApiView):
    """An endpoint about one case, found by `prison_number` in the URL."""

    queryset = Prisoner.objects.none()  # for the schema; `prisoner()` scopes

    def prisoner(self) -> Prisoner:
        return access.get_prisoner_for_user(
            self.request.user, self.kwargs["prison_number"], perm=self.required_perm()
        )


class PrisonApiView(OmuApiView):
    """An endpoint about one prison (`code` in the URL) or the caller's prisons."""

    queryset = Prison.objects.none()

    def prison(self, code: str | None = None) -> Prison:
        return access.get_prison_for_user(
            self.request.user, code or self.kwargs["code"], perm=self.required_perm()
        )

    def prisons(self) -> QuerySet[Prison]:
        """Every prison where the caller holds the view's permission."""
        return access.prisons_where(self.request.user, self.required_perm())


class HasPerm(BasePermission):
    """The caller holds one named permission at one prison at least. Endpoints built on
    `OmuApiView` check the object's own prison as well; prefer them."""

    def __init__(self, perm: str) -> None:
        self.perm = perm

    def has_permission(self, request: Request, view: object) -> bool:
        return access.may_anywhere(request.user, self.perm)
