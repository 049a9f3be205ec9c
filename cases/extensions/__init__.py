"""Extension points: how feature apps plug into the ground floor without `cases` knowing them.

`cases` holds prisons, prisoners, sentences, movements, staff, who holds each case, the rules
engine and the case page's shell. Each feature app (allocation, screening, handover,
interventions, ...) adds what it owns by registering it here from its `AppConfig.ready()`
(conventionally in `<app>/extensions.py`):

- `nav_items`: links in the service navigation, each shown when a check passes;
- `home_links`: the home page's links for each role;
- `page_links`: links an app adds to another shared page (the policy page, the dashboard);
- `case_panels`: sections of the case page (a template and a function for its context);
- `timeline_sources`: events of one case for its case record;
- `fact_sources`: facts an app records that the rules engine needs (e.g. the last OASys);
- `deadline_outcomes`: which of a case's deadlines an app has recorded as done;
- `figure_sources`: dashboard figures of a prison, and `caseload_chart`;
- `case_changed` / `policy_changed` hooks: bring an app's stored state up to date once a
  change of a case's facts or holders, or of a prison's policy, is committed;
- `session_recorded` hooks: what an app does, in the same transaction, when a session is
  logged (a follow-up becomes a task);
- `case_leaving` hooks: what an app ends, in the same transaction, when cases leave a prison
  (released, transferred out): allocation ends the POM and keyworker allocations;
- `health_checks`: what an app adds to `/healthz/` (e.g. when each prison's roll was last
  read from the national record);
- `merge` hooks and previews: an app moves its records from one prison number to another when
  two records are found to be one person, and says what would move.
- `audit_sources`: each kind of change (or reading) an app records, as rows of one prison's
  audit (`AuditSource`, built with `cases.audit.history_source` for a history table);
- `subject_access_sources`: everything an app holds about one person, for a subject access
  export (`SubjectAccessSection`s).

Registration order never matters: every list is read sorted by its items' `order`.
See docs/architecture.md for the layers and how a new app plugs in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import transaction

if TYPE_CHECKING:
    from cases.access import User
    from cases.audit import ChangeSource
    from cases.figures import PrisonContext
    from cases.models import Prisoner, Session


from cases.extensions.items import (
    AuditSource,
    CaseAction,
    CaseChanged,
    CaseLeaving,
    CasePanel,
    DeadlineOutcome,
    DeadlineOutcomes,
    FactSource,
    FigureSource,
    HealthCheck,
    HomeLink,
    Merge,
    MergePreview,
    NavItem,
    PageLink,
    PanelContext,
    PolicyChanged,
    SessionRecorded,
    StateKeeper,
    SubjectAccessSection,
    SubjectAccessSource,
    TimelineEvent,
    TimelineSource,
    Visible,
)

# The items apps register, importable from here as before.
__all__ = [
    "AuditSource",
    "CaseAction",
    "CaseChanged",
    "CaseLeaving",
    "CasePanel",
    "DeadlineOutcome",
    "DeadlineOutcomes",
    "FactSource",
    "FigureSource",
    "HealthCheck",
    "HomeLink",
    "Merge",
    "MergePreview",
    "NavItem",
    "PageLink",
    "PanelContext",
    "PolicyChanged",
    "SessionRecorded",
    "StateKeeper",
    "SubjectAccessSection",
    "SubjectAccessSource",
    "TimelineEvent",
    "TimelineSource",
    "Visible",
]


@dataclass
class Registry:
    nav_items: list[NavItem] = field(default_factory=list)
    home_links: list[HomeLink] = field(default_factory=list)
    case_actions: list[CaseAction] = field(default_factory=list)
    page_links: list[PageLink] = field(default_factory=list)
    case_panels: list[CasePanel] = field(default_factory=list)
    timeline_sources: list[TimelineSource] = field(default_factory=list)
    fact_sources: list[tuple[int, FactSource]] = field(default_factory=list)
    deadline_outcomes: list[tuple[int, DeadlineOutcomes]] = field(default_factory=list)
    figure_sources: list[tuple[int, FigureSource]] = field(default_factory=list)
    caseload_chart: Callable[[PrisonContext], list[Any]] | None = None
    case_changed: list[tuple[int, CaseChanged]] = field(default_factory=list)
    policy_changed: list[tuple[int, PolicyChanged]] = field(default_factory=list)
    session_recorded: list[tuple[int, SessionRecorded]] = field(default_factory=list)
    case_leaving: list[tuple[int, CaseLeaving]] = field(default_factory=list)
    merge: list[tuple[int, Merge]] = field(default_factory=list)
    merge_preview: list[tuple[int, MergePreview]] = field(default_factory=list)
    health_checks: dict[str, HealthCheck] = field(default_factory=dict)
    audit_sources: list[AuditSource] = field(default_factory=list)
    subject_access_sources: list[tuple[int, SubjectAccessSource]] = field(default_factory=list)
    state_keeper: StateKeeper | None = None


registry = Registry()


def _sorted(items: Sequence[Any]) -> list[Any]:
    return sorted(items, key=lambda item: item.order)


def _by_order(pairs: Sequence[tuple[int, Any]]) -> list[Any]:
    return [fn for _, fn in sorted(pairs, key=lambda pair: pair[0])]


# --- Registering (from an AppConfig.ready()) --------------------------------------------------


def add_nav_item(item: NavItem) -> None:
    if item.url_name not in {n.url_name for n in registry.nav_items}:
        registry.nav_items.append(item)


def add_home_links(*links: HomeLink) -> None:
    for link in links:
        if link not in registry.home_links:
            registry.home_links.append(link)


def add_case_action(action: CaseAction) -> None:
    if action not in registry.case_actions:
        registry.case_actions.append(action)


def add_page_link(link: PageLink) -> None:
    if link not in registry.page_links:
        registry.page_links.append(link)


def add_case_panel(panel: CasePanel) -> None:
    if panel.key not in {p.key for p in registry.case_panels}:
        registry.case_panels.append(panel)


def add_timeline_source(source: TimelineSource) -> None:
    if source.kind not in {s.kind for s in registry.timeline_sources}:
        registry.timeline_sources.append(source)


def _add(pairs: list[tuple[int, Any]], order: int, fn: Any) -> None:
    if fn not in {f for _, f in pairs}:
        pairs.append((order, fn))


def add_fact_source(source: FactSource, *, order: int) -> None:
    _add(registry.fact_sources, order, source)


def add_deadline_outcomes(source: DeadlineOutcomes, *, order: int) -> None:
    _add(registry.deadline_outcomes, order, source)


def add_figure_source(source: FigureSource, *, order: int) -> None:
    _add(registry.figure_sources, order, source)


def set_caseload_chart(chart: Callable[[PrisonContext], list[Any]]) -> None:
    registry.caseload_chart = chart


def set_state_keeper(keeper: StateKeeper) -> None:
    registry.state_keeper = keeper


def on_case_changed(hook: CaseChanged, *, order: int) -> None:
    _add(registry.case_changed, order, hook)


def on_policy_changed(hook: PolicyChanged, *, order: int) -> None:
    _add(registry.policy_changed, order, hook)


def on_session_recorded(hook: SessionRecorded, *, order: int) -> None:
    _add(registry.session_recorded, order, hook)


def on_case_leaving(hook: CaseLeaving, *, order: int) -> None:
    _add(registry.case_leaving, order, hook)


def on_merge(hook: Merge, preview: MergePreview, *, order: int) -> None:
    _add(registry.merge, order, hook)
    _add(registry.merge_preview, order, preview)


def add_health_check(name: str, check: HealthCheck) -> None:
    registry.health_checks.setdefault(name, check)


def add_audit_source(source: AuditSource) -> None:
    if source.kind not in {s.kind for s in registry.audit_sources}:
        registry.audit_sources.append(source)


def add_subject_access_source(source: SubjectAccessSource, *, order: int) -> None:
    _add(registry.subject_access_sources, order, source)


# --- Reading -----------------------------------------------------------------------------------


def nav_items() -> list[NavItem]:
    return _sorted(registry.nav_items)


def home_links() -> list[HomeLink]:
    return _sorted(registry.home_links)


def case_actions(figure_key: str) -> list[CaseAction]:
    return _sorted([a for a in registry.case_actions if a.figure_key == figure_key])


def page_links(page: str) -> list[PageLink]:
    return _sorted([link for link in registry.page_links if link.page == page])


def case_panels() -> list[CasePanel]:
    return _sorted(registry.case_panels)


def timeline_sources() -> list[TimelineSource]:
    return _sorted(registry.timeline_sources)


def fact_sources() -> list[FactSource]:
    return _by_order(registry.fact_sources)


def deadline_outcomes(prisoner: Prisoner) -> dict[str, DeadlineOutcome]:
    """Every app's recorded outcomes of the case's deadlines, by deadline name."""
    found: dict[str, DeadlineOutcome] = {}
    for source in _by_order(registry.deadline_outcomes):
        found.update(source(prisoner))
    return found


def health_checks() -> dict[str, HealthCheck]:
    return dict(sorted(registry.health_checks.items()))


def figure_sources() -> list[FigureSource]:
    return _by_order(registry.figure_sources)


def audit_sources() -> list[AuditSource]:
    return _sorted(registry.audit_sources)


def audit_origins() -> frozenset[str]:
    """The models whose new rows get the address of the request that wrote them."""
    return frozenset(s.origin for s in registry.audit_sources if s.origin)


def subject_access(prisoner: Prisoner) -> list[SubjectAccessSection]:
    """Every app's records about this person, in the sources' order."""
    return [
        section
        for source in _by_order(registry.subject_access_sources)
        for section in source(prisoner)
    ]


# --- Telling the apps --------------------------------------------------------------------------


_batch: ContextVar[set[int] | None] = ContextVar("case_changed_batch", default=None)


@contextmanager
def changes_batched() -> Iterator[None]:
    """Within this block, `case_changed` collects ids and tells the apps once, at its end, for
    all of them (a roll import changes thousands of cases: one set-based update, not one a
    case)."""
    outer = _batch.get()
    ids: set[int] = set()
    token = _batch.set(ids)
    try:
        yield
    finally:
        _batch.reset(token)
    if outer is not None:
        outer.update(ids)
    else:
        case_changed(ids)


def case_changed(prisoner_ids: Iterable[int]) -> None:
    """These cases' facts or holders changed: their stored answer is marked stale now, and once
    the current transaction commits it is evaluated again and every app brings what it stores
    up to date (tasks re-dated, handover state). Call it from any service that changes a
    case's facts or holders."""
    batch = _batch.get()
    if batch is not None:
        batch.update(prisoner_ids)
        return
    ids = sorted(set(prisoner_ids))
    if not ids:
        return
    keeper = registry.state_keeper
    if keeper is not None:
        keeper.mark_stale(ids)
    transaction.on_commit(partial(_changed, ids))


def _changed(ids: list[int]) -> None:
    keeper = registry.state_keeper
    if keeper is not None:
        keeper.refresh(ids)
    answers_changed(ids)


def answers_changed(prisoner_ids: list[int]) -> None:
    """Now: let every app bring what it stores for these cases up to date with their stored
    answer (after a change of facts, or when a date passing changed the answer by itself)."""
    for hook in _by_order(registry.case_changed):
        hook(prisoner_ids)


def policy_changed(prison_id: int) -> None:
    """Once committed, let every app re-date what it stores for the prison's cases."""
    for hook in _by_order(registry.policy_changed):
        transaction.on_commit(partial(hook, prison_id))


def session_recorded(session: Session, acting_user: User, now: dt.datetime) -> None:
    """In the session's own transaction: each app's follow-up to a recorded session."""
    for hook in _by_order(registry.session_recorded):
        hook(session, acting_user, now)


def case_leaving(prisoner_ids: list[int], why: str, source: ChangeSource) -> None:
    """In the leaving's own transaction: each app ends what a case leaving the prison ends."""
    for hook in _by_order(registry.case_leaving):
        hook(prisoner_ids, why, source)


def merge(kept_id: int, removed_id: int, source: ChangeSource) -> None:
    """In the merge's transaction: each app moves its records onto the kept prisoner."""
    for hook in _by_order(registry.merge):
        hook(kept_id, removed_id, source)


def merge_preview(kept_id: int, removed_id: int) -> list[tuple[str, int]]:
    """What each app would move from the removed prisoner to the kept one."""
    return [
        line for hook in _by_order(registry.merge_preview) for line in hook(kept_id, removed_id)
    ]
