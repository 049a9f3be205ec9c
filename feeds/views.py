"""The Data feeds page: the working prison's sync runs, the last successful sync of every
prison, and the parked domain events with retry and discard. Access through `cases.access` at
the working prison."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from cases import access
from cases.access import StaffRequest
from feeds import clients, parked, selectors
from feeds.models import ParkedMessage


@access.prison_permission("feeds.view_feedrun")
@require_GET
def feeds_page(request: StaffRequest) -> HttpResponse:
    prison = access.working_prison(request)
    now = timezone.now()
    page = Paginator(selectors.runs(prison).select_related("prison"), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "prison": prison,
        "page": page,
        "last_syncs": selectors.last_syncs(now=now),
        "parked": selectors.parked_messages(prison)[:100],
        "events": selectors.events_seen_since(now - dt.timedelta(days=1)),
        "configured": {
            "Prisoner Search": bool(settings.PRISONER_SEARCH_URL),
            "Probation record": bool(settings.PROBATION_API_URL),
            "Tiering": bool(settings.TIERING_API_URL),
            "Domain events queue": bool(settings.DOMAIN_EVENTS_QUEUE_URL),
        },
        "may_manage": access.may(request.user, "feeds.manage_parked", prison),
    }
    return render(request, "feeds/feeds.html", context)


def _parked(request: StaffRequest, pk: int) -> ParkedMessage:
    prison = access.working_prison(request)
    found = selectors.parked_for(prison, pk)
    if found is None:
        raise Http404("No such parked message at this prison.")
    return found


@access.prison_permission("feeds.manage_parked")
@require_POST
def parked_retry(request: StaffRequest, pk: int) -> HttpResponse:
    message = _parked(request, pk)
    with clients.connect() as feeds:
        try:
            done = parked.parked_retry(
                parked=message, feeds=feeds, acting_user=request.user, now=timezone.now()
            )
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
            return redirect("feeds")
    if done:
        messages.success(
            request, f"Applied {message.event_type or 'the message'} ({message.message_id})."
        )
    else:
        messages.error(request, f"Still cannot apply {message.message_id}: {message.error}")
    return redirect("feeds")


@access.prison_permission("feeds.manage_parked")
@require_POST
def parked_discard(request: StaffRequest, pk: int) -> HttpResponse:
    message = _parked(request, pk)
    try:
        parked.parked_discard(parked=message, acting_user=request.user, now=timezone.now())
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        return redirect("feeds")
    messages.success(request, f"Discarded {message.message_id}.")
    return redirect("feeds")
