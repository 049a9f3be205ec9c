"""What the interventions pages share: the signed-in user, the door every page about one
object has, CSV downloads and the plain form page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cases import access
from interventions.models import Offering

if TYPE_CHECKING:
    from django.contrib.auth.models import User

V = TypeVar("V", bound=Callable[..., HttpResponse])


def signed_in(request: HttpRequest) -> User:
    """The member of staff making the request (every page needs a sign-in)."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied
    return user


def holds(perm: str) -> Callable[[V], V]:
    """A view decorator for pages about one case, referral, need or offering: 403 unless the
    user holds `perm` at one prison at least. The page then checks `perm` at the prison of the
    object it is about (404 if they may not see it at all), as the API's `OmuApiView` does."""

    def decorator(view: V) -> V:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not access.may_anywhere(request.user, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]  # same signature as `view`

    return decorator


def wants_csv(request: HttpRequest) -> bool:
    return request.GET.get("format") == "csv"


def form_page(
    request: HttpRequest, form: Form, *, title: str, back: Offering | None
) -> HttpResponse:
    """A form on its own page, with a link back to `back` (an offering) or the directory."""
    return render(
        request, "interventions/form_page.html", {"form": form, "title": title, "back": back}
    )
