"""The authorisation matrix: every URL and API operation × every role × own prison, another
prison and a prison where the persona holds a different role, with real identifiers.

What each cell expects is read from the permission the route declares below (`ROUTES`) and the
roles the persona holds where the request lands, through the table of `cases.roles`:
an allowed GET answers 200 (or a redirect), an allowed write anything but 403/404/5xx (an empty
body gets 400), a refused one 403 or 404. Every answer, allowed or not, is searched for the
records of cases the persona may not see (another prison's case, or for a COM any case they do
not hold): lists, CSV exports and search never show them whatever the query parameters.

The routes are enumerated from the URL resolver and the OpenAPI schema, so a new URL fails
`test_every_route_is_in_the_matrix` until it is added here (or to `NOT_IN_MATRIX`, with why).
Each cell is one request, run in a savepoint that is rolled back, against one world built once
for the module.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from cases import access
from cases.middleware import ACTIVE_PRISON_SESSION_KEY
from cases.models import Role
from cases.roles import role_permissions
from quality.rules import QUESTION_CODES
from tests.security.matrix_world import OTHER, OWN, ROLES, THIRD, Place, World, build_world

pytestmark = pytest.mark.django_db

# --- What each route needs ------------------------------------------------------------------

CASE = "case"  # about one case: the persona's roles at its prison, or COM if they hold it
AT = "at"  # a page of the prison the persona is working in (its lists, its forms)
PRISON = "prison"  # about one prison's record (code or object in the URL): roles there
ANYWHERE = "anywhere"  # an API list: the permission at one prison at least, rows scoped
FIGURES = "figures"  # the unit's figures (cases.access.sees_unit_figures) where working


@dataclass(frozen=True)
class Route:
    name: str
    method: str
    scope: str
    perm: str
    args: Callable[[Place, World], dict[str, Any]] = lambda p, w: {}
    csv: bool = False  # the page also answers ?format=csv: walked as a cell of its own
    body: Callable[[Place], dict[str, Any]] | None = None
    ok: tuple[int, ...] = (200, 302)  # what an allowed GET answers
    com_refused: bool = False  # a COM on their own case may not do this (it is the POM's)
    form: bool = False  # the body is posted as a page's form, not as JSON


def case(p: Place, w: World) -> dict[str, Any]:
    return {"prison_number": p.case.prison_number}


def code(p: Place, w: World) -> dict[str, Any]:
    return {"code": p.prison.code}


def pk(attr: str) -> Callable[[Place, World], dict[str, Any]]:
    return lambda p, w: {"pk": getattr(p, attr)}


def case_and(attr: str, key: str = "pk") -> Callable[[Place, World], dict[str, Any]]:
    return lambda p, w: {"prison_number": p.case.prison_number, key: getattr(p, attr)}


def by_number(p: Place) -> dict[str, Any]:
    return {"prison_number": p.case.prison_number, "prisoner": p.case.prison_number}


def scope(p: Place, w: World) -> dict[str, Any]:
    return {"scope": p.prison.code}


def this_month(p: Place) -> dict[str, Any]:
    return {"month": f"{timezone.localdate():%Y-%m}"}


def tried(p: Place) -> dict[str, Any]:
    return {"prison": p.prison.code, "changes": {"pom_capacity": 30}}


def tried_with_reason(p: Place) -> dict[str, Any]:
    return {**tried(p), "reason": "Fewer cases a POM", "versions": {p.prison.code: 0}}


G, P, PA, PU = "get", "post", "patch", "put"
VIEW = "cases.view_prisoner"
ASSIGN = "allocation.assign_case"
EARLY = "allocation.view_earlyallocation"
ASSESS = "allocation.assess_early_allocation"
DECIDE = "allocation.decide_early_allocation"
EARLY_DUE = "allocation.view_early_allocation_due"  # also who withdraws an assessment
WHATIF = "planning.run_whatif"
POLICY = "cases.change_prisonpolicy"
SAMPLE = "quality.view_auditsample"
REVIEW = "quality.review_case"
REVIEWER = "quality.assign_reviewer"

PAGES: tuple[Route, ...] = (
    Route("home", G, AT, VIEW),
    Route("prison-policy", G, PRISON, "cases.view_prisonpolicy", code),
    Route("prison-policy", P, PRISON, "cases.change_prisonpolicy", code),
    Route("roll-import", G, PRISON, "cases.view_rollimport", code),
    Route("roll-import-detail", G, PRISON, "cases.view_rollimport",
          lambda p, w: {"code": p.prison.code, "pk": p.roll_import}),
    Route("roll-import-apply", P, PRISON, "cases.import_roll",
          lambda p, w: {"code": p.prison.code, "pk": p.roll_import}),
    Route("arrival-new", G, AT, "cases.add_prisoner"),
    Route("prisoner-merge", G, AT, "cases.change_prisoner"),
    Route("prisoner-list", G, AT, VIEW, csv=True),
    Route("prisoner-detail", G, CASE, VIEW, case),
    Route("case-record", G, CASE, VIEW, case),
    Route("prisoner-history", G, CASE, "cases.view_case_history", case),
    Route("sentence-edit", G, CASE, "cases.change_sentence", case),
    Route("details-edit", G, CASE, "cases.change_prisoner", case),
    Route("prisoner-transfer", G, CASE, "cases.add_movement", case),
    Route("prisoner-release", G, CASE, "cases.add_movement", case),
    Route("session-new", G, CASE, "cases.log_session", case),
    Route("session-edit", G, CASE, "cases.log_session", pk("session")),
    Route("audit", G, AT, "cases.view_audit"),
    Route("subject-access", G, CASE, "cases.export_subject_access", case),
    Route("dashboard", G, FIGURES, "cases.view_dashboard"),
    Route("prison-comparison", G, ANYWHERE, "cases.view_dashboard"),
    Route("figure-cases", G, FIGURES, "cases.view_dashboard",
          lambda p, w: {"key": "cases_without_pom"}, csv=True),
    Route("monthly-report", G, FIGURES, "cases.view_dashboard", csv=True),
    Route("keywork", G, AT, "cases.log_session", csv=True),
    Route("keywork-delivery", G, AT, "cases.view_keywork_delivery", csv=True),
    Route("allocation-queue", G, AT, ASSIGN, csv=True),
    Route("allocation-missing", G, AT, ASSIGN, csv=True),
    Route("allocation-reallocation", G, AT, ASSIGN, csv=True),
    Route("allocation-com-needed", G, AT, ASSIGN, csv=True),
    Route("allocation-keyworkers", G, AT, ASSIGN, csv=True),
    Route("allocation-my-caseload", G, AT, "allocation.view_own_caseload", csv=True),
    Route("allocation-caseload", G, AT, "allocation.view_caseloads",
          lambda p, w: {"username": p.pom.username}, csv=True),
    Route("allocation-staff", G, AT, "allocation.view_caseloads", csv=True),
    Route("allocation-staff-edit", G, AT, "allocation.manage_staff",
          lambda p, w: {"username": p.pom.username},
          ok=(200, 404)),  # 404: the POM named cannot take this case (a rule of allocation)
    Route("allocation-bulk-move", G, AT, ASSIGN, lambda p, w: {"username": p.pom.username},
          ok=(200, 404)),  # 404: the POM named cannot take this case (a rule of allocation)
    Route("allocation-allocate", G, CASE, ASSIGN, case),
    Route("allocation-coworking", G, CASE, ASSIGN, case),
    Route("allocation-compare", G, CASE, ASSIGN, case),
    Route("allocation-missing-form", G, CASE, ASSIGN, case),
    Route("allocation-com", G, CASE, ASSIGN, case),
    Route("allocation-keyworker", G, CASE, ASSIGN, case),
    Route("allocation-history", G, CASE, "cases.view_allocation", case),
    Route("allocation-remove", P, CASE, ASSIGN,
          lambda p, w: {"prison_number": p.case.prison_number, "role": "pom"}),
    Route("allocation-confirm", G, CASE, ASSIGN,
          lambda p, w: {"prison_number": p.case.prison_number, "role": "pom",
                        "username": p.pom.username},
          ok=(200, 404)),  # 404: the POM named cannot take this case (a rule of allocation)
    Route("allocation-early-due", G, AT, EARLY_DUE),
    Route("allocation-early-assess", G, CASE, ASSESS, case),
    Route("allocation-early-detail", G, CASE, EARLY, case_and("early_allocation")),
    Route("allocation-early-withdraw", G, CASE, EARLY_DUE, case_and("early_allocation")),
    Route("planning-whatif-start", G, ANYWHERE, WHATIF),
    Route("planning-whatif", G, PRISON, WHATIF, scope),
    Route("planning-apply", P, PRISON, POLICY, scope,
          body=lambda p: {"pom_capacity": "30", "reason": "Fewer cases a POM"}, form=True),
    Route("planning-run", G, PRISON, WHATIF, pk("whatif_run")),
    Route("quality-sample", G, AT, SAMPLE, csv=True),
    Route("quality-draw", P, AT, REVIEWER, body=this_month, form=True),
    Route("quality-results", G, AT, SAMPLE, csv=True),
    Route("quality-case", G, PRISON, REVIEW, pk("audit_case")),
    Route("quality-reviewer", G, PRISON, REVIEWER, pk("audit_case")),
    Route("my-tasks", G, AT, "screening.view_task", csv=True),
    Route("omu-tasks", G, AT, "screening.view_omu_tasks", csv=True),
    Route("task-detail", G, CASE, "screening.view_task", pk("task")),
    Route("sweep-runs", G, AT, "screening.view_sweeprun", csv=True),
    Route("case-tasks", G, CASE, "screening.view_task", case),
    Route("bcs", G, CASE, "screening.view_task", case),
    Route("bcs", P, CASE, "screening.record_outcome", case),
    Route("categorisation", G, CASE, "screening.view_task", case),
    Route("categorisation", P, CASE, "screening.record_outcome", case),
    Route("oasys", G, CASE, "screening.view_task", case),
    Route("oasys", P, CASE, "screening.record_outcome", case),
    Route("objective-status", P, CASE, "screening.record_outcome", case_and("objective")),
    Route("interventions-directory", G, AT, "interventions.view_intervention"),
    Route("interventions-national", G, AT, "interventions.view_intervention"),
    Route("interventions-offering-new", G, AT, "interventions.manage_directory"),
    Route("interventions-offering", G, PRISON, "interventions.view_intervention",
          pk("offering")),
    Route("interventions-offering-edit", G, PRISON, "interventions.manage_directory",
          pk("offering")),
    Route("interventions-cohort-new", G, PRISON, "interventions.manage_directory",
          pk("offering")),
    Route("interventions-cohort-edit", G, PRISON, "interventions.manage_directory",
          pk("cohort")),
    Route("interventions-catalogue-new", G, AT, "interventions.manage_directory"),
    Route("interventions-catalogue-edit", G, PRISON, "interventions.manage_directory",
          pk("intervention")),
    Route("interventions-prisoner", G, CASE, "interventions.view_referral", case),
    Route("interventions-refer", G, CASE, "interventions.refer", case),
    Route("interventions-need-new", G, CASE, "interventions.update_need", case),
    Route("interventions-need-update", G, CASE, "interventions.update_need", pk("need")),
    Route("interventions-referral", G, CASE, "interventions.view_referral", pk("referral")),
    Route("interventions-attendance", G, CASE, "interventions.refer", pk("referral")),
    Route("interventions-referral-action", G, CASE, "interventions.refer",
          lambda p, w: {"pk": p.referral, "action": "withdraw"}),
    Route("interventions-waiting", G, AT, "interventions.view_intervention_lists", csv=True),
    Route("interventions-at-risk", G, AT, "interventions.view_intervention_lists", csv=True),
    Route("interventions-completions", G, AT, "interventions.view_intervention_lists",
          csv=True),
    Route("interventions-pre-release", G, AT, "interventions.view_intervention_lists",
          csv=True),
    Route("handover-list", G, AT, "handover.view_handover_lists", csv=True),
    Route("handover-parole", G, AT, "handover.view_handover_lists", csv=True),
    Route("handover-case", G, CASE, "handover.view_handovercase", case),
    Route("handover-summary", G, CASE, "handover.view_handovercase", case),
    Route("handover-letter", G, CASE, "handover.view_handovercase", case),
    Route("handover-item", G, CASE, "handover.update_checklist",
          lambda p, w: {"prison_number": p.case.prison_number, "code": p.checklist_code},
          com_refused=True),  # the item is the POM's
    Route("handover-contact-new", G, CASE, "handover.update_checklist", case),
    Route("handover-note-new", G, CASE, "handover.update_checklist", case),
    Route("handover-parole-review-new", G, CASE, "handover.record_parole_review", case),
    Route("handover-parole-review-outcome", G, CASE, "handover.record_parole_review",
          case_and("parole_review")),
    Route("handover-override", G, CASE, "handover.override_responsibility", case),
    Route("handover-override-remove", P, CASE, "handover.override_responsibility", case),
    Route("feeds", G, AT, "feeds.view_feedrun"),
    Route("feeds-parked-discard", P, PRISON, "feeds.manage_parked", pk("parked")),
)  # fmt: skip

API: tuple[Route, ...] = (
    Route("api-stats", G, ANYWHERE, "cases.view_dashboard"),
    Route("api-session-list", G, ANYWHERE, VIEW),
    Route("api-session-list", P, CASE, "cases.log_session", body=by_number),
    Route("api-timeline", G, CASE, VIEW, case),
    Route("api-prison-policy", G, PRISON, "cases.view_prisonpolicy", code),
    Route("api-prison-policy", PA, PRISON, "cases.change_prisonpolicy", code),
    Route("api-prison-figures", G, PRISON, "cases.view_dashboard", code),
    Route("api-audit", G, PRISON, "cases.view_audit", code),
    Route("api-subject-access", G, CASE, "cases.export_subject_access", case),
    Route("api-prisoner-list", G, ANYWHERE, VIEW),
    Route("api-prisoner-detail", G, CASE, VIEW, case),
    Route("api-arrivals", P, PRISON, "cases.add_prisoner", code),
    Route("api-sentence", G, CASE, VIEW, case),
    Route("api-sentence", PU, CASE, "cases.change_sentence", case),
    Route("api-details", PA, CASE, "cases.change_prisoner", case),
    Route("api-transfer", P, CASE, "cases.add_movement", case),
    Route("api-release", P, CASE, "cases.add_movement", case),
    Route("api-merge", G, CASE, "cases.change_prisoner", case, ok=(400,)),  # needs ?removed=
    Route("api-merge", P, CASE, "cases.change_prisoner", case),
    Route("api-roll-import-create", P, PRISON, "cases.import_roll", code),
    Route("api-roll-import-list", G, ANYWHERE, "cases.view_rollimport"),
    Route("api-roll-import-detail", G, PRISON, "cases.view_rollimport", pk("roll_import")),
    Route("api-roll-import-apply", P, PRISON, "cases.import_roll", pk("roll_import")),
    Route("api-allocation-list", G, ANYWHERE, "cases.view_allocation"),
    Route("api-allocation-list", P, CASE, ASSIGN, body=by_number),
    Route("api-pom-suggestions", G, CASE, ASSIGN, case),
    Route("api-staff", G, ANYWHERE, "allocation.view_caseloads"),
    Route("api-early-allocation", G, CASE, EARLY, case),
    Route("api-early-allocation", P, CASE, ASSESS, case,
          body=lambda p: {"oasys_risk_assessment_date": str(timezone.localdate()),
                          "discretionary": ["extremism_separation"], "reason": "Separated"}),
    Route("api-early-allocation-decision", P, CASE, DECIDE, case_and("early_allocation"),
          body=lambda p: {"approved": False, "note": "Not enough to hand over early"}),
    Route("api-early-allocation-withdrawal", P, CASE, EARLY_DUE, case_and("early_allocation"),
          body=lambda p: {"reason": "Assessed in error"}),
    Route("api-early-allocations-due", G, PRISON, EARLY_DUE, code),
    Route("api-planning-whatif", P, PRISON, WHATIF, body=tried),
    Route("api-planning-run", G, PRISON, WHATIF, pk("whatif_run")),
    Route("api-planning-apply", P, PRISON, POLICY, body=tried_with_reason),
    Route("api-quality-samples", G, ANYWHERE, SAMPLE),
    Route("api-quality-sample-cases", G, PRISON, SAMPLE, pk("audit_sample")),
    Route("api-quality-draw", P, PRISON, REVIEWER, code, body=this_month),
    Route("api-quality-results", G, PRISON, SAMPLE, code),
    Route("api-quality-case", G, PRISON, REVIEW, pk("audit_case")),
    Route("api-quality-answers", P, PRISON, REVIEW, pk("audit_case"),
          body=lambda p: {"answers": [{"question": QUESTION_CODES[0], "judgement": "met"}]}),
    Route("api-quality-reviewer", P, PRISON, REVIEWER, pk("audit_case"),
          body=lambda p: {"reviewer": p.reviewer, "reason": "Shares the month's cases"}),
    Route("api-handover-list", G, ANYWHERE, "handover.view_handover_lists"),
    Route("api-parole-cases", G, ANYWHERE, "handover.view_handover_lists"),
    Route("api-handover-detail", G, CASE, "handover.view_handovercase", case),
    Route("api-handover-item", PA, CASE, "handover.update_checklist",
          lambda p, w: {"prison_number": p.case.prison_number, "code": p.checklist_code}),
    Route("api-handover-contacts", P, CASE, "handover.update_checklist", case),
    Route("api-handover-notes", P, CASE, "handover.update_checklist", case),
    Route("api-handover-parole-reviews", P, CASE, "handover.record_parole_review", case),
    Route("api-handover-parole-outcome", PA, CASE, "handover.record_parole_review",
          case_and("parole_review")),
    Route("api-handover-override", P, CASE, "handover.override_responsibility", case),
    Route("api-handover-override-remove", P, CASE, "handover.override_responsibility", case),
    Route("api-task-list", G, ANYWHERE, "screening.view_task"),
    Route("api-task-detail", G, CASE, "screening.view_task", pk("task")),
    Route("api-task-complete", P, CASE, "screening.complete_task", pk("task")),
    Route("api-task-not-needed", P, CASE, "screening.complete_task", pk("task")),
    Route("api-sweep-runs", G, ANYWHERE, "screening.view_sweeprun"),
    Route("api-bcs", G, CASE, "screening.view_task", case),
    Route("api-bcs", P, CASE, "screening.record_outcome", case),
    Route("api-bcs", PU, CASE, "screening.record_outcome", case),
    Route("api-bcs-complete", P, CASE, "screening.record_outcome", case),
    Route("api-categorisations", G, CASE, "screening.view_task", case),
    Route("api-categorisations", P, CASE, "screening.record_outcome", case),
    Route("api-categorisation-documents", P, CASE, "screening.record_outcome", case),
    Route("api-oasys", G, CASE, "screening.view_task", case),
    Route("api-oasys", P, CASE, "screening.record_outcome", case),
    Route("api-objectives", G, CASE, "screening.view_task", case),
    Route("api-objectives", P, CASE, "screening.record_outcome", case),
    Route("api-objective-status", PA, CASE, "screening.record_outcome", case_and("objective")),
    Route("api-intervention-list", G, ANYWHERE, "interventions.view_intervention"),
    Route("api-referral-list", G, ANYWHERE, "interventions.view_referral"),
    Route("api-referral-list", P, CASE, "interventions.refer", body=by_number),
    Route("api-referral-detail", G, CASE, "interventions.view_referral", pk("referral")),
    *(
        Route(f"api-referral-{action}", P, CASE, "interventions.refer", pk("referral"))
        for action in ("refer", "assess", "place", "start", "complete", "not-complete",
                       "withdraw", "attendance")
    ),
    Route("api-need-list", G, ANYWHERE, "interventions.view_resettlementneed"),
    Route("api-need-list", P, CASE, "interventions.update_need", body=by_number),
    Route("api-need-update", P, CASE, "interventions.update_need", pk("need")),
)  # fmt: skip

ROUTES: tuple[Route, ...] = PAGES + API

# Routes walked elsewhere, with the reason they are not cells of this matrix.
NOT_IN_MATRIX: dict[str, str] = {
    "login": "the sign-in page is for everyone (tests/security/test_sign_in.py)",
    "logout": "signing out needs no role (tests/security/test_account.py)",
    "password_change": "one's own password, any signed-in user (tests/security/test_account.py)",
    "password_change_done": "a confirmation page of one's own (tests/security/test_account.py)",
    "keep-alive": "extends one's own session (tests/security/test_account.py)",
    "sign-in-lockouts": "superusers only (tests/security/test_sign_in.py)",
    "healthz": "the load balancer's health check, no sign-in",
    "api-schema": "the API's description, the same for everyone (tests/cases/test_permissions.py)",
    "api-docs": "Swagger UI over the schema (tests/cases/test_permissions.py)",
    "switch-prison": "chooses among one's own prisons only (tests/cases/test_permissions.py)",
    "feeds-parked-retry": "calls the national feeds; the same check as discard, walked here",
}


# --- The world and the clients ----------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """Built once for the module, in a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


def client_at(user: Any, code: str) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[ACTIVE_PRISON_SESSION_KEY] = code
    session.save()
    return client


# --- What a cell expects ----------------------------------------------------------------------


def roles_where(world: World, role: str, code: str) -> frozenset[str]:
    return world.personas[role].roles.get(code, frozenset())


def allowed(route: Route, world: World, role: str, working: str, target: str) -> bool:
    persona = world.personas[role]
    if route.scope == CASE:
        held = roles_where(world, role, target)
        if world.places[target].case.prison_number in persona.com_of:
            held = held | {Role.COM}
        if route.com_refused and held == {Role.COM}:
            return False
        return access.grants(held, route.perm)
    if route.scope == PRISON:
        return access.grants(roles_where(world, role, target), route.perm)
    if route.scope == AT:
        if target != working and route.args(world.places[target], world):
            return False  # a record of another prison, looked up at the working prison
        return access.grants(roles_where(world, role, working), route.perm)
    if route.scope == FIGURES:
        return access.grants(roles_where(world, role, working), route.perm)
    if route.scope == ANYWHERE:
        return any(access.grants(held, route.perm) for held in persona.roles.values())
    raise AssertionError(route.scope)


def hidden_from(world: World, role: str) -> list[str]:
    """Strings that only rows this persona may not see contain."""
    persona = world.personas[role]
    hidden = []
    for code, place in world.places.items():
        staff_there = bool(persona.roles.get(code, frozenset()) - {Role.COM})
        if not staff_there and place.case.prison_number not in persona.com_of:
            hidden += [place.case.prison_number, place.secret]
    if role == Role.COM:
        hidden += [world.unheld.prison_number, world.unheld.last_name]
    return hidden


def probe_params(world: World, target: Place, csv: bool) -> dict[str, str]:
    """Query parameters that try to reach another prison's rows."""
    params = {
        "prison": target.prison.code,
        "q": target.case.prison_number,
        "search": target.case.prison_number,
        "prison_number": target.case.prison_number,
        "prisoner": target.case.prison_number,
    }
    if csv:
        params["format"] = "csv"
    return params


@dataclass(frozen=True)
class Cell:
    route: Route
    csv: bool
    working: str
    target: str

    def request(self, client: Client, world: World) -> Any:
        place = self.route_place(world)
        url = reverse(self.route.name, kwargs=self.route.args(place, world))
        method = getattr(client, self.route.method)
        if self.route.method == G:
            params = {"format": "csv"} if self.csv else {}
            if self.target != self.working and not self.route.args(place, world):
                params = probe_params(world, world.places[self.target], self.csv)
            return method(url, params)
        body = self.route.body(place) if self.route.body else {}
        if self.route.form:
            return method(url, body)
        return method(url, body, content_type="application/json")

    def route_place(self, world: World) -> Place:
        return world.places[self.target]


CONTEXTS = (("own", OWN, OWN), ("other", OWN, OTHER), ("elsewhere", THIRD, THIRD))


def cells() -> list[Cell]:
    found = []
    for route in ROUTES:
        for csv in (False, True) if route.csv else (False,):
            for _, working, target in CONTEXTS:
                if csv and working == THIRD:
                    continue  # the page's own cell there checks the permission
                found.append(Cell(route, csv, working, target))
    return found


def _check(cell: Cell, role: str, world: World, client: Client) -> str | None:
    with transaction.atomic():
        response = cell.request(client, world)
        transaction.set_rollback(True)
    status = response.status_code
    where = f"{cell.route.method.upper()} {cell.route.name}{' csv' if cell.csv else ''}"
    where += f" working at {cell.working}, about {cell.target}"
    if status >= 500:
        return f"{where}: {status}"
    ok = allowed(cell.route, world, role, cell.working, cell.target)
    probing = cell.target != cell.working and not cell.route.args(cell.route_place(world), world)
    expected = (*cell.route.ok, 400, 404) if probing else cell.route.ok
    if ok and cell.route.method == G and status not in expected:
        return f"{where}: expected {expected}, got {status}"
    if ok and status in (403, 404) and status not in expected:
        return f"{where}: expected allowed, got {status}"
    if not ok and status not in (403, 404) and not (cell.route.body and status == 400):
        return f"{where}: expected 403 or 404, got {status}"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = _without_the_address_typed(body.decode(errors="replace"), response)
    for secret in hidden_from(world, role):
        if probing and secret == world.places[cell.target].case.prison_number:
            continue  # the probe's own prison number, echoed in the search box
        if secret in text:
            return f"{where}: shows {secret}, a record this {role} may not see"
    return None


def _without_the_address_typed(text: str, response: Any) -> str:
    """The page without the address the user asked for: the layout echoes it as where to come
    back to (the prison switcher, the sign-in after a timeout), so switching to the prison that
    holds a case reopens it. What the user typed is not a record the page shows."""
    typed = response.wsgi_request.get_full_path()
    for echo in (typed, html.escape(typed), quote(typed, safe="")):
        text = text.replace(echo, "")
    return text


def test_a_probation_pom_holds_exactly_a_prison_poms_permissions() -> None:
    """So the matrix walks the prison POM and not both."""
    by_role = role_permissions()
    assert by_role[Role.PROBATION_POM] == by_role[Role.PRISON_POM]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_what_it_may_at_each_prison(world: World, role: str) -> None:
    persona = world.personas[role]
    clients = {code: client_at(persona.user, code) for code in (OWN, THIRD)}
    failures = []
    for cell in cells():
        if cell.working == THIRD and THIRD not in persona.roles:
            continue  # a COM holds no role elsewhere
        failure = _check(cell, role, world, clients[cell.working])
        if failure:
            failures.append(failure)
    assert not failures, "\n".join(failures)


# --- Every route is in the matrix -------------------------------------------------------------


def _url_names(patterns: list[Any]) -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue  # the Django admin: superusers only (tests/security/test_admin.py)
            yield from _url_names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield pattern.name


def _schema_operations() -> Iterator[tuple[str, str]]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        concrete = path.replace("{prison_number}", "A1234BC").replace("{code}", "LEI")
        concrete = concrete.replace("{id}", "1")
        name = resolve(concrete).url_name
        for method in operations:
            if method in ("get", "post", "put", "patch", "delete"):
                yield name or path, method


def test_every_route_is_in_the_matrix() -> None:
    walked = {route.name for route in ROUTES}
    missing = [
        name
        for name in _url_names(get_resolver().url_patterns)
        if name not in walked and name not in NOT_IN_MATRIX
    ]
    assert not missing, f"URLs not in the matrix: {missing}"
    operations = {(route.name, route.method) for route in ROUTES}
    unwalked = [
        op for op in _schema_operations() if op not in operations and op[0] not in NOT_IN_MATRIX
    ]
    assert not unwalked, f"API operations not in the matrix: {unwalked}"


# --- A COM, wherever their cases are ----------------------------------------------------------

COM_LISTS = (
    ("prisoner-list", {"format": "csv"}),
    ("handover-list", {"format": "csv"}),
    ("api-prisoner-list", {}),
    ("api-allocation-list", {}),
    ("api-handover-list", {}),
    ("api-referral-list", {}),
    ("api-need-list", {}),
    ("api-session-list", {}),
)


def test_a_com_reaches_their_case_at_a_prison_where_they_hold_no_role(world: World) -> None:
    from cases.models import Allocation
    from tests.factories import PrisonerFactory, SentenceFactory

    other = world.places[OTHER].prison
    theirs = PrisonerFactory(current_prison=other, first_name="Cam", last_name="MatrixHeldAway")
    SentenceFactory(prisoner=theirs)
    Allocation.objects.create(prisoner=theirs, com=world.personas[Role.COM].user)
    client = client_at(world.personas[Role.COM].user, OWN)
    assert client.get(reverse("prisoner-detail", args=[theirs.prison_number])).status_code == 200
    assert client.get(reverse("handover-case", args=[theirs.prison_number])).status_code == 200
    hidden = hidden_from(world, Role.COM)
    for name, params in COM_LISTS:
        response = client.get(reverse(name), params)
        assert response.status_code == 200, name
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode()
        leaked = [secret for secret in hidden if secret in text]
        assert not leaked, (name, leaked)
    api = client.get(reverse("api-prisoner-list")).json()["results"]
    assert {row["prison_number"] for row in api} == {
        world.places[OWN].case.prison_number,
        theirs.prison_number,
    }


# --- A what-if run across prisons ---------------------------------------------------------------


def test_a_run_across_prisons_is_reached_only_by_who_may_try_a_policy_at_each(
    world: World,
) -> None:
    """The runs of the matrix are of one prison each; one across prisons needs the permission
    at every prison it covers, so a head of OMU here who is only a POM (or nothing) at the
    other prison never sees it, by page or API."""
    from planning.models import WhatIfRun

    for other in (OTHER, THIRD):
        run = WhatIfRun.objects.create(start=timezone.localdate())
        run.prisons.set([world.places[OWN].prison, world.places[other].prison])
        for role in ROLES:
            client = client_at(world.personas[role].user, OWN)
            for name in ("planning-run", "api-planning-run"):
                status = client.get(reverse(name, kwargs={"pk": run.pk})).status_code
                assert status in (403, 404), (role, other, name, status)
