"""The items feature apps register at the extension points (`cases.extensions`): links, case
page panels, timeline events, audit and subject access sources, and the hooks' signatures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.http import HttpRequest

    from cases.access import User
    from cases.audit import ChangeSource
    from cases.figures import Figure, PrisonContext
    from cases.models import Allocation, Prison, Prisoner, Session


Visible = Callable[["User", "Prison | None"], bool]


@dataclass(frozen=True)
class NavItem:
    """A link in the service navigation. `visible(user, prison)` decides whether it shows;
    `badge(request)` may give a count shown beside the title (e.g. tasks overdue)."""

    title: str
    url_name: str
    visible: Visible
    order: int
    testid: str = ""
    badge: Callable[[HttpRequest], int] | None = None
    badge_label: str = ""


@dataclass(frozen=True)
class CaseAction:
    """What to do about each case on a dashboard figure's list of cases (e.g. "Allocate" on
    the cases without a POM): a link on every row, reversed with the prison number, shown to
    those who hold `perm` at the prison. `label` is the link's words; `hidden` finishes the
    sentence for screen readers ("a POM to")."""

    figure_key: str
    label: str
    url_name: str
    perm: str
    hidden: str = ""
    order: int = 0


@dataclass(frozen=True)
class HomeLink:
    """One link on the home page, for the roles listed. `url` is a URL name (reversed with the
    active prison's code when `with_prison`) and an optional query string."""

    roles: tuple[str, ...]
    title: str
    url_name: str
    description: str
    order: int
    query: str = ""
    with_prison: bool = False


@dataclass(frozen=True)
class PageLink:
    """A link on a shared page (`page`: "prison-policy", "dashboard"), shown when
    `visible(user, prison)` for the page's prison; `url_name` is reversed with the prison's code
    when `with_prison`."""

    page: str
    title: str
    url_name: str
    description: str
    visible: Visible
    order: int
    with_prison: bool = False


@dataclass(frozen=True)
class PanelContext:
    """What a case page panel may use: the request, the case, and what the page already read
    (the engine's evaluation of the case, so no panel evaluates it again; who holds the case,
    with their users, or None)."""

    request: HttpRequest
    prisoner: Prisoner
    evaluation: Any  # cases.rules.Evaluation
    now: dt.datetime
    allocation: Allocation | None


@dataclass(frozen=True)
class CasePanel:
    """A section of the case page. `context` returns the template's context, or None to leave
    the panel out; it runs only for users holding `perm` on the case. `slot` is where it goes:
    "main" after the OMiC panel, "holders" after who holds the case."""

    key: str
    template: str
    perm: str
    context: Callable[[PanelContext], dict[str, Any] | None]
    order: int
    slot: str = "main"


@dataclass(frozen=True)
class TimelineEvent:
    when: dt.datetime
    kind: str  # a `TimelineSource.kind`
    title: str
    detail: str
    who: str
    url: str = ""


@dataclass(frozen=True)
class TimelineSource:
    """Events of one case, each source answering in one query, for the case record."""

    kind: str
    label: str
    events: Callable[[Prisoner], Iterable[TimelineEvent]]
    order: int


@dataclass(frozen=True)
class DeadlineOutcome:
    """What an app records against one of the engine's deadlines: done or done late, for the
    deadline as it was due then (`due`, a day or a moment)."""

    due: dt.date | dt.datetime
    status: str  # "done" or "done_late"


DeadlineOutcomes = Callable[["Prisoner"], dict[str, DeadlineOutcome]]

# Facts an app records, for the rules engine: prisoner ids -> {id: {CaseFacts field: value}}.
FactSource = Callable[[list[int]], dict[int, dict[str, Any]]]
FigureSource = Callable[["PrisonContext"], list["Figure"]]
CaseChanged = Callable[[list[int]], None]
PolicyChanged = Callable[[int], None]
SessionRecorded = Callable[["Session", "User", dt.datetime], None]
# (prisoner ids, "release" or "transfer", who or what and why): runs inside the transaction.
CaseLeaving = Callable[[list[int], str, "ChangeSource"], None]
# (kept prisoner id, removed prisoner id, source): moves an app's rows, inside the transaction.
Merge = Callable[[int, int, "ChangeSource"], None]
# () -> anything JSON can carry, shown under the check's name on /healthz/.
HealthCheck = Callable[[], object]
# (kept id, removed id) -> [(what, how many)] that would move.
MergePreview = Callable[[int, int], list[tuple[str, int]]]


@dataclass(frozen=True)
class AuditSource:
    """One kind of change or reading in a prison's audit.

    `rows(prison_id)` is a queryset of this kind's rows at the prison, annotated with the audit
    columns (`cases.audit.AUDIT_COLUMNS`, see `cases.audit.audit_values`), so every source is
    combined into one UNION query. `describe(refs)` says what each of a page's rows changed, in
    a fixed number of queries; `actions` names the action codes the rows carry. `origin` is the
    model ("app_label.model") whose rows these are: each one saved during a request has the
    request's address recorded (`cases.models.ChangeOrigin`), shown as where it came from."""

    kind: str
    label: str
    rows: Callable[[int], QuerySet[Any]]
    describe: Callable[[list[int]], dict[int, str]]
    order: int
    actions: dict[str, str] = field(default_factory=dict)
    origin: str = ""


@dataclass(frozen=True)
class SubjectAccessSection:
    """Records of one kind held about a person: a title and one dict per record (values JSON
    can carry), for the subject access export."""

    title: str
    records: list[dict[str, Any]]


# A person's records an app holds: prisoner -> sections.
SubjectAccessSource = Callable[["Prisoner"], list[SubjectAccessSection]]


@dataclass(frozen=True)
class StateKeeper:
    """How `cases` keeps its stored answer per case (`CaseState`): `mark_stale(ids)` runs in the
    changing transaction, `refresh(ids)` once it commits, before any app's hook."""

    mark_stale: Callable[[list[int]], object]
    refresh: Callable[[list[int]], object]
