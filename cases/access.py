"""The access layer: what this user may see and do at this prison.

Every check in the service goes through here: views, the API, selectors and services alike.
A member of staff holds roles per prison (`StaffRole`); a role grants the permissions listed in
`cases.roles.PERMISSIONS`. So a permission is always held *at a prison*: someone who is head of
OMU at one prison and a POM at another has the head of OMU's powers only at the first.

A community offender manager (COM) reaches the cases they hold wherever those cases are, and
nothing else. Superusers hold every permission everywhere.

The user's roles are read once (one query) and kept on the user object for the rest of the
request; `forget` drops them after a role changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as StaffUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from cases.models import POM_ROLES, Allocation, Prison, Prisoner, PrisonPolicy, Role, StaffRole
from cases.people import name_people
from cases.roles import PERMISSIONS

# Anyone making a request; `StaffUser` is a signed-in member of staff (a service's acting user).
User = StaffUser | AnonymousUser


class StaffRequest(HttpRequest):
    """A request from a signed-in member of staff, as every page but sign-in and the health
    check sees it (`LoginRequiredMiddleware`), with what `ActivePrisonMiddleware` adds."""

    user: StaffUser
    active_prison: Prison | None
    user_prisons: list[Prison]


_ROLES_ATTR = "_omu_roles_by_prison"
_PRISONS_ATTR = "_omu_prisons"
_POM_ROLE_VALUES = frozenset(str(r) for r in POM_ROLES)
_NOTHING: frozenset[str] = frozenset()

V = TypeVar("V", bound=Callable[..., HttpResponse])


# --- Roles -----------------------------------------------------------------------------------


def _roles_by_prison(user: User) -> dict[int, frozenset[str]]:
    cached: dict[int, frozenset[str]] | None = getattr(user, _ROLES_ATTR, None)
    if cached is None:
        # One query a request: the roles, with each prison and its policy for the header's
        # prisons and the prison worked in (`staff_prisons`).
        found: dict[int, set[str]] = {}
        prisons: dict[int, Prison] = {}
        for staff_role in StaffRole.objects.filter(user_id=user.pk or 0).select_related(
            "prison__policy"
        ):
            found.setdefault(staff_role.prison_id, set()).add(staff_role.role)
            prisons[staff_role.prison_id] = staff_role.prison
        cached = {pk: frozenset(roles) for pk, roles in found.items()}
        setattr(user, _ROLES_ATTR, cached)
        setattr(user, _PRISONS_ATTR, sorted(prisons.values(), key=lambda p: (p.name, p.pk)))
    return cached


def forget(user: User) -> None:
    """Drop the roles read for this user object (after their roles change)."""
    for attr in (_ROLES_ATTR, _PRISONS_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def _prison_id(prison: Prison | int | None) -> int | None:
    if prison is None or isinstance(prison, int):
        return prison
    return prison.pk


def roles_at(user: User, prison: Prison | int | None) -> frozenset[str]:
    """The roles the user holds at this prison (none for no prison or an anonymous user)."""
    pk = _prison_id(prison)
    if pk is None or not user.is_authenticated:
        return _NOTHING
    return _roles_by_prison(user).get(pk, _NOTHING)


def prisons_seen_whole(user: User) -> list[int]:
    """The prisons where the user sees every case held: those where they hold a role other than
    COM (a COM sees only the cases they hold), as `prisoners_for_user` grants."""
    if not user.is_authenticated:
        return []
    return [pk for pk, roles in _roles_by_prison(user).items() if roles - {Role.COM}]


def sees_whole_prison(user: User, prison: Prison | int | None) -> bool:
    """Whether the user sees every case the prison holds: a superuser, or a role there other
    than COM."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or _prison_id(prison) in prisons_seen_whole(user)


def prison_ids_with_roles(user: User) -> frozenset[int]:
    """The prisons where the user holds any role (none for an anonymous user)."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset(_roles_by_prison(user))


def roles_anywhere(user: User) -> frozenset[str]:
    if not user.is_authenticated:
        return _NOTHING
    return frozenset().union(*_roles_by_prison(user).values())


def role_names(roles: Iterable[str]) -> list[str]:
    """The roles' names as staff know them, in the order of `Role`."""
    held = set(roles)
    return [label for value, label in Role.choices if value in held]


def is_com_only(user: User) -> bool:
    """The user's only role anywhere is COM: they reach cases through what they hold."""
    if not user.is_authenticated or user.is_superuser:
        return False
    return roles_anywhere(user) == {Role.COM}


# --- Permissions -----------------------------------------------------------------------------


def grants(roles: Iterable[str], perm: str) -> bool:
    """One of these roles grants `perm` ("app_label.codename", see `cases.roles`)."""
    return bool(set(roles) & {str(r) for r in PERMISSIONS.get(perm, ())})


def may(user: User, perm: str, prison: Prison | int | None) -> bool:
    """The user holds `perm` through a role at this prison."""
    if not user.is_authenticated or prison is None:
        return False
    if user.is_superuser:
        return True
    return grants(roles_at(user, prison), perm)


def require(user: User, perm: str, prison: Prison | int | None) -> None:
    """`may`, or 403 saying which roles may."""
    if not may(user, perm, prison):
        raise PermissionDenied(roles_needed(perm, prison))


def roles_needed(perm: str, prison: Prison | int | None = None) -> str:
    """The sentence a 403 page shows: which roles grant `perm`, at this prison if known."""
    if isinstance(prison, int) or prison is None:
        if prison is None:
            return "You need a role at the prison you are working in to see this page."
        at = ""
    else:
        at = f" at {prison.name}"
    names = [name[:1].lower() + name[1:] for name in role_names(PERMISSIONS.get(perm, ()))]
    if not names:
        return "No role gives access to this page."
    if len(names) == 1:
        return f"You need the {names[0]} role{at} to see this page."
    return f"You need one of these roles{at} to see this page: {', '.join(names)}."


def may_anywhere(user: User, perm: str) -> bool:
    """The user holds `perm` at one prison at least (e.g. to show a national page at all)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or grants(roles_anywhere(user), perm)


def roles_on_case(user: User, prisoner: Prisoner) -> frozenset[str]:
    """The user's roles at the prisoner's prison, plus COM when they hold the case as its COM
    (wherever it is). Reads `prisoner.allocation` when the user is not staff there."""
    roles = roles_at(user, prisoner.current_prison_id)
    if user.is_authenticated and _holds_as_com(user, prisoner):
        roles = roles | {Role.COM}
    return roles


def _holds_as_com(user: User, prisoner: Prisoner) -> bool:
    cache = prisoner._state.fields_cache
    if "allocation" in cache:  # selected with the prisoner: None when the case has none
        allocation = cache["allocation"]
        return allocation is not None and allocation.com_id == user.pk
    return Allocation.objects.filter(prisoner=prisoner, com_id=user.pk).exists()


def may_on_case(user: User, perm: str, prisoner: Prisoner) -> bool:
    """The user holds `perm` for this case: at its prison, or as the COM who holds it."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return grants(roles_on_case(user, prisoner), perm)


def may_on_open_work(user: User, perm: str, prisoner: Prisoner, due_at: int | None) -> bool:
    """`perm` for an open piece of the case's work due at prison `due_at` (an open task): on
    the case, or at that prison where the user sees every case. Open work is due at its case's
    prison and moves with the case; until it has moved, the prison it is due at still holds it."""
    if may_on_case(user, perm, prisoner):
        return True
    return due_at is not None and sees_whole_prison(user, due_at) and may(user, perm, due_at)


def require_on_case(user: User, perm: str, prisoner: Prisoner) -> None:
    if not may_on_case(user, perm, prisoner):
        raise PermissionDenied(roles_needed(perm, prisoner.current_prison))


def acts_as_com(user: User, prisoner: Prisoner) -> bool:
    """The user reaches this case only as its COM: no OMU role at the prisoner's prison. Such a
    user records contacts and notes and ticks what the COM owns, nothing else."""
    if user.is_superuser:
        return False
    return not (roles_at(user, prisoner.current_prison_id) - {Role.COM})


# --- Prisons and prisoners the user may see ---------------------------------------------------


def prisons_for_user(user: User) -> QuerySet[Prison]:
    """Prisons the user holds any role at (superusers: all prisons)."""
    if not user.is_authenticated:
        return Prison.objects.none()
    if user.is_superuser:
        return Prison.objects.all()
    return Prison.objects.filter(pk__in=list(_roles_by_prison(user)))


def staff_prisons(user: User) -> list[Prison]:
    """The prisons the user holds any role at, by name, with their policy: read with their
    roles, so no query of its own (superusers: every prison, one query)."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return list(prisons_for_user(user).select_related("policy").order_by("name"))
    _roles_by_prison(user)
    prisons: list[Prison] = getattr(user, _PRISONS_ATTR)
    return prisons


def prisons_where(user: User, perm: str) -> QuerySet[Prison]:
    """Prisons where the user holds `perm`."""
    if not user.is_authenticated:
        return Prison.objects.none()
    if user.is_superuser:
        return Prison.objects.all()
    ids = [pk for pk, roles in _roles_by_prison(user).items() if grants(roles, perm)]
    return Prison.objects.filter(pk__in=ids)


def get_prison_for_user(user: User, code: str, *, perm: str | None = None) -> Prison:
    """One of the user's prisons by code (404 otherwise), and `perm` there if given (403)."""
    try:
        prison = prisons_for_user(user).select_related("policy").get(code=code.upper())
    except Prison.DoesNotExist as exc:
        raise Http404("Not one of your prisons.") from exc
    if perm is not None:
        require(user, perm, prison)
    return prison


def prisoners_for_user(user: User) -> QuerySet[Prisoner]:
    """Every prisoner the user may see: the prisoners of prisons where they hold a role other
    than COM, and, while they hold the COM role, the cases they hold as COM wherever those are.

    Staff who are no COM get no COM condition: "held by me as COM, or at my prisons" can use no
    index (a national scan of every allocation in each list's query), "at my prisons" can."""
    if not user.is_authenticated:
        return Prisoner.objects.none()
    if user.is_superuser:
        return Prisoner.objects.all()
    visible = Q(current_prison__in=prisons_seen_whole(user))
    if any(Role.COM in roles for roles in _roles_by_prison(user).values()):
        visible |= Q(allocation__com=user)
    return Prisoner.objects.filter(visible)


def get_prisoner_for_user(user: User, prison_number: str, *, perm: str | None = None) -> Prisoner:
    """The prisoner, if the user may see them (404 otherwise: never reveal that they exist),
    and `perm` on the case if given (403)."""
    try:
        prisoner = (
            prisoners_for_user(user)
            .select_related("current_prison", "current_prison__policy", "allocation")
            .get(prison_number=prison_number.upper())
        )
    except Prisoner.DoesNotExist as exc:
        raise Http404("No prisoner with that number in your prisons.") from exc
    _read_holders(prisoner, user)
    if perm is not None:
        require_on_case(user, perm, prisoner)
    return prisoner


def _read_holders(prisoner: Prisoner, user: User) -> None:
    """Put the people who hold the case (its allocation's POMs, keyworker and COM) on the
    allocation read with it (`cases.people`): none read when the user is the only holder, as
    for a POM opening their own case."""
    try:
        allocation = prisoner.allocation
    except Allocation.DoesNotExist:
        return
    name_people([allocation], Allocation.HOLDERS, known={user.pk: user} if user.pk else None)


# --- The prison a member of staff is working in -----------------------------------------------


def working_prison(request: HttpRequest) -> Prison:
    """The prison the user is working in now (chosen in the header); 403 if they have none."""
    prison = getattr(request, "active_prison", None)
    if not prison:  # SimpleLazyObject wrapping None is falsy
        raise PermissionDenied("You do not have a role at a prison yet.")
    return prison


def active_prison(request: HttpRequest) -> Prison | None:
    prison = getattr(request, "active_prison", None)
    return prison if prison else None


def prison_permission(perm: str) -> Callable[[V], V]:
    """A view decorator: 403 unless the user holds `perm` at the prison they are working in."""

    def decorator(view: V) -> V:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            require(request.user, perm, active_prison(request))
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]  # same signature as `view`

    return decorator


def permission_anywhere(perm: str) -> Callable[[V], V]:
    """A view decorator for a page about one case or object: 403 unless the user holds `perm`
    at one prison at least. The view then checks it at the object's own prison
    (`get_prisoner_for_user(..., perm=...)`)."""

    def decorator(view: V) -> V:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not may_anywhere(request.user, perm):
                raise PermissionDenied(roles_needed(perm, active_prison(request)))
            return view(request, *args, **kwargs)

        return wrapped  # type: ignore[return-value]  # same signature as `view`

    return decorator


class PrisonPerms:
    """`perms` for templates, answering for one prison (or one case): `{% if perms.cases.
    log_session %}` is true when the user holds that permission there."""

    def __init__(self, user: User, roles: frozenset[str]) -> None:
        self._user = user
        self._roles = roles

    def __getitem__(self, app_label: str) -> _AppPerms:
        return _AppPerms(self, app_label)

    def __contains__(self, perm: str) -> bool:
        if not self._user.is_authenticated:
            return False
        return self._user.is_superuser or grants(self._roles, perm)

    def __iter__(self) -> Any:  # templates never list permissions
        return iter(())

    @classmethod
    def at(cls, user: User, prison: Prison | None) -> PrisonPerms:
        return cls(user, roles_at(user, prison))

    @classmethod
    def on_case(cls, user: User, prisoner: Prisoner) -> PrisonPerms:
        return cls(user, roles_on_case(user, prisoner))


class _AppPerms:
    def __init__(self, perms: PrisonPerms, app_label: str) -> None:
        self._perms = perms
        self._app_label = app_label

    def __getitem__(self, codename: str) -> bool:
        return f"{self._app_label}.{codename}" in self._perms

    def __bool__(self) -> bool:
        return any(p.startswith(f"{self._app_label}.") and p in self._perms for p in PERMISSIONS)


# --- The unit's figures -----------------------------------------------------------------------


def poms_see_unit_figures(prison: Prison) -> bool:
    """The prison's policy lets its POMs see the unit's figures and each other's caseloads."""
    try:
        return prison.policy.poms_see_unit_figures
    except PrisonPolicy.DoesNotExist:
        return False


def sees_unit_figures(user: User, prison: Prison | None) -> bool:
    """The user may see this prison's unit figures (dashboard, figure lists, monthly report,
    daily statistics): a role there with `cases.view_dashboard`, or a POM there when the
    prison's policy lets POMs see them."""
    if prison is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    held = roles_at(user, prison)
    if grants(held, "cases.view_dashboard"):
        return True
    return bool(held & _POM_ROLE_VALUES) and poms_see_unit_figures(prison)


def figure_prisons(user: User) -> QuerySet[Prison]:
    """Every prison whose unit figures the user may see (`sees_unit_figures`)."""
    if not user.is_authenticated:
        return Prison.objects.none()
    if user.is_superuser:
        return Prison.objects.all()
    by_role = [
        pk for pk, roles in _roles_by_prison(user).items() if grants(roles, "cases.view_dashboard")
    ]
    as_pom = [pk for pk, roles in _roles_by_prison(user).items() if roles & _POM_ROLE_VALUES]
    return Prison.objects.filter(
        Q(pk__in=by_role) | Q(pk__in=as_pom, policy__poms_see_unit_figures=True)
    )


def sees_others_caseloads(user: User, prison: Prison) -> bool:
    """Other POMs' caseload pages: anyone who views caseloads at the prison, and its POMs when
    the prison's policy lets POMs see the unit's figures."""
    if may(user, "allocation.view_caseloads", prison):
        return True
    return bool(roles_at(user, prison) & _POM_ROLE_VALUES) and poms_see_unit_figures(prison)
