"""What `cases` itself puts on the shared pages: its navigation, home links and timeline
sources, registered like every feature app's (see `cases.extensions`)."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.utils import timezone

from cases import access, extensions, subject_access, tasks
from cases.access import User
from cases.extensions import HomeLink, NavItem, StateKeeper, TimelineSource
from cases.models import Prison, Role
from cases.selectors import audit, timeline
from cases.services import access_log, state

POMS = (Role.PRISON_POM, Role.PROBATION_POM, Role.SENIOR_POM)
OMU_ADMINS = (Role.HEAD_OF_OMU, Role.CASE_ADMIN)
ALL_BUT_COM = tuple(r for r in Role if r != Role.COM)


def _perm(perm: str) -> extensions.Visible:
    def visible(user: User, prison: Prison | None) -> bool:
        return access.may(user, perm, prison)

    return visible


def _always(user: User, prison: Prison | None) -> bool:
    return True


def _is_keyworker(user: User, prison: Prison | None) -> bool:
    """A keyworker's daily page is their own keywork: the role, not the permission to log a
    session (which every POM holds too)."""
    return prison is not None and Role.KEYWORKER in access.roles_at(user, prison)


HOME_LINKS = (
    HomeLink(
        ALL_BUT_COM,
        "Prisoners",
        "prisoner-list",
        "Search everyone in the prison by name or prison number.",
        order=50,
    ),
    HomeLink(
        OMU_ADMINS,
        "Prisoners without a POM",
        "prisoner-list",
        "Cases still waiting for a POM.",
        order=45,
        query="pom=none",
    ),
    HomeLink(
        (Role.COM,),
        "My cases",
        "prisoner-list",
        "Cases you hold as community offender manager.",
        order=25,
    ),
    HomeLink(
        (Role.KEYWORKER,),
        "My keywork",
        "keywork",
        "Your prisoners, when each session is due, and logging a wing shift's sessions.",
        order=10,
    ),
    HomeLink(
        (Role.SENIOR_POM, *OMU_ADMINS, Role.READ_ONLY),
        "Dashboard",
        "dashboard",
        "Are we delivering OMiC? Every figure with its target, trend and cases.",
        order=40,
    ),
    HomeLink(
        (Role.SENIOR_POM, *OMU_ADMINS),
        "Keywork delivery",
        "keywork-delivery",
        "Prisoners seen and sessions held against the keywork policy, week by week.",
        order=55,
    ),
    HomeLink(
        OMU_ADMINS,
        "OMiC policy",
        "prison-policy",
        "The handover points, deadlines and caseloads this prison works to.",
        order=90,
        with_prison=True,
    ),
    HomeLink(
        OMU_ADMINS,
        "Record an arrival",
        "arrival-new",
        "Someone new to the prison, back in custody, or transferred in from another prison.",
        order=60,
    ),
    HomeLink(
        OMU_ADMINS,
        "Import the roll",
        "roll-import",
        "Upload the prison's roll from a CSV or XLSX file, check every change, then apply it.",
        order=62,
        with_prison=True,
    ),
    HomeLink(
        OMU_ADMINS,
        "Merge two records",
        "prisoner-merge",
        "Two prison numbers found to be one person: see what moves, then merge.",
        order=64,
    ),
    HomeLink(
        (Role.HEAD_OF_OMU,),
        "Audit",
        "audit",
        "Who changed or read what at this prison, when and from where.",
        order=92,
    ),
    HomeLink(OMU_ADMINS, "API documentation", "api-docs", "The REST API and its schema.", order=95),
)


def _refresh_states(ids: list[int]) -> None:
    state.states_refresh_ids(ids, today=timezone.localdate())


def _refresh_prison_states(prison_id: int) -> None:
    tasks.refresh_prison_states.delay(prison_id)


def register() -> None:
    extensions.set_state_keeper(StateKeeper(state.states_mark_stale, _refresh_states))
    extensions.on_policy_changed(_refresh_prison_states, order=0)
    extensions.add_nav_item(NavItem("Home", "home", _always, order=0))
    extensions.add_nav_item(
        NavItem("Prisoners", "prisoner-list", _perm("cases.view_prisoner"), order=10)
    )
    extensions.add_nav_item(
        NavItem("My keywork", "keywork", _is_keyworker, order=15, testid="nav-my-keywork")
    )
    extensions.add_nav_item(NavItem("Dashboard", "dashboard", access.sees_unit_figures, order=20))
    extensions.add_nav_item(NavItem("Audit", "audit", _perm("cases.view_audit"), order=95))
    extensions.add_home_links(*HOME_LINKS)
    for source in audit.cases_audit_sources():
        extensions.add_audit_source(source)
    extensions.add_subject_access_source(subject_access.cases_sections, order=0)
    post_save.connect(access_log.change_origin_record, dispatch_uid="cases.change_origin")
    for order, (kind, label, events) in enumerate(
        [
            ("movement", "Arrivals, transfers and releases", timeline.movement_events),
            ("sentence", "Sentence", timeline.sentence_events),
            ("allocation", "Allocation", timeline.holder_events),
            ("session", "Sessions", timeline.session_events),
        ]
    ):
        extensions.add_timeline_source(TimelineSource(kind, label, events, order=order * 10))
