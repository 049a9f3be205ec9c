"""What the interventions pages share: the signed-in user, the door every page about one
object has, CSV downloads and the plain form page."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cases import access
from interventions.models import Offering

if TYPE_CHECKING:
    pass

V = TypeVar("V", bound=Callable[..., HttpResponse])


holds = access.permission_anywhere


def wants_csv(request: HttpRequest) -> bool:
    return request.GET.get("format") == "csv"


def form_page(
    request: HttpRequest, form: Form, *, title: str, back: Offering | None
) -> HttpResponse:
    """A form on its own page, with a link back to `back` (an offering) or the directory."""
    return render(
        request, "interventions/form_page.html", {"form": form, "title": title, "back": back}
    )
