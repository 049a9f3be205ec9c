"""How screening plugs into the ground floor (`cases.extensions`): its navigation and home
links, the case page's tasks panel, closed tasks on the case record, the facts the rules
engine needs from it, its dashboard figures, and keeping stored tasks up to date."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from cases import access, extensions
from cases.access import User
from cases.extensions import (
    CaseAction,
    CasePanel,
    HomeLink,
    NavItem,
    PanelContext,
    TimelineEvent,
    TimelineSource,
)
from cases.models import Prison, Prisoner, Role, Session
from cases.text import display_name
from screening import audit, figures, merge, selectors, services, session_tasks, tasks
from screening.models import Task

POMS = (Role.PRISON_POM, Role.PROBATION_POM, Role.SENIOR_POM)


def _shows_my_tasks(user: User, prison: Prison | None) -> bool:
    return access.may(user, "screening.complete_task", prison) and not access.may(
        user, "screening.view_omu_tasks", prison
    )


def _shows_omu_tasks(user: User, prison: Prison | None) -> bool:
    return access.may(user, "screening.view_omu_tasks", prison)


def _counts(request: HttpRequest) -> selectors.NavCounts:
    return selectors.nav_counts(request.user, access.active_prison(request))


def _case_panel(ctx: PanelContext) -> dict[str, Any]:
    return {"prisoner": ctx.prisoner, "counts": selectors.case_task_counts(ctx.prisoner)}


def _closed_tasks(prisoner: Prisoner) -> Iterator[TimelineEvent]:
    closed = Task.objects.filter(prisoner=prisoner, completed_at__isnull=False)
    for t in closed.select_related("completed_by").order_by():
        if t.completed_at is None:  # excluded by the query; narrows the type
            continue
        title = f"{t.get_kind_display()}: {t.get_status_display().lower()}"
        who = display_name(t.completed_by, nobody="System")
        yield TimelineEvent(t.completed_at, "task", title, t.reason, who)


def _sync_cases(prisoner_ids: list[int]) -> None:
    """Runs once a change to these cases is committed: their tasks are new, re-dated or closed
    before the page that made the change (or the import) answers, not at a later job."""
    services.tasks_sync(prisoner_ids, now=timezone.now())


def _sync_prison(prison_id: int) -> None:
    tasks.sync_prison_tasks.delay(prison_id)


def _session_recorded(session: Session, acting_user: Any, now: dt.datetime) -> None:
    session_tasks.session_recorded(session, acting_user, now)


def register() -> None:
    for source in audit.audit_sources():
        extensions.add_audit_source(source)
    extensions.add_subject_access_source(audit.subject_access, order=40)
    _register_navigation()
    extensions.add_case_panel(
        CasePanel(
            "screening",
            "screening/includes/case_screening.html",
            "screening.view_task",
            _case_panel,
            order=20,
        )
    )
    extensions.add_timeline_source(
        TimelineSource(
            "task", "Tasks done (BCS, OASys, categorisation and others)", _closed_tasks, order=40
        )
    )
    extensions.add_fact_source(selectors.case_facts_by_prisoner, order=10)
    extensions.add_deadline_outcomes(selectors.deadline_outcomes, order=10)
    extensions.add_figure_source(figures.dashboard_figures, order=40)
    for key, label, url_name in (
        ("bcs_overdue", "Record the BCS", "bcs"),
        ("oasys_backlog", "Record the OASys", "oasys"),
    ):
        extensions.add_case_action(
            CaseAction(key, label, url_name, "screening.record_outcome", hidden="for")
        )
    extensions.on_case_changed(_sync_cases, order=10)
    extensions.on_policy_changed(_sync_prison, order=10)
    extensions.on_session_recorded(_session_recorded, order=10)


def _register_navigation() -> None:
    """The two task lists in the navigation (with their badges) and on the home page."""
    label = "overdue or due soon"
    extensions.add_nav_item(
        NavItem(
            "My tasks",
            "my-tasks",
            _shows_my_tasks,
            order=70,
            testid="nav-my-tasks",
            badge=lambda request: _counts(request).mine,
            badge_label=label,
        )
    )
    extensions.add_nav_item(
        NavItem(
            "OMU tasks",
            "omu-tasks",
            _shows_omu_tasks,
            order=80,
            testid="nav-omu-tasks",
            badge=lambda request: _counts(request).omu,
            badge_label=label,
        )
    )
    extensions.add_home_links(
        HomeLink(
            POMS,
            "My tasks",
            "my-tasks",
            "BCS, OASys, recategorisation and contact due for your cases, overdue first.",
            order=10,
        ),
        HomeLink(
            (Role.HEAD_OF_OMU, Role.CASE_ADMIN),
            "OMU tasks",
            "omu-tasks",
            "Every OMiC task in the prison by kind, team and owner; the nightly overdue sweep.",
            order=10,
        ),
    )
    extensions.on_merge(merge.merge, merge.merge_preview, order=10)
