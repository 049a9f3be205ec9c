"""What every page's header and navigation need: who is signed in, their roles at the prison
they are working in, that prison, and `perms` answering for that prison."""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse

from cases import access, extensions
from cases.access import PrisonPerms


@dataclass(frozen=True)
class NavLink:
    title: str
    url: str
    active: bool
    testid: str
    badge: int
    badge_label: str


def _navigation(request: HttpRequest) -> list[NavLink]:
    prison = access.active_prison(request)
    links = []
    for item in extensions.nav_items():
        if not item.visible(request.user, prison):
            continue
        url = reverse(item.url_name)
        links.append(
            NavLink(
                item.title,
                url,
                request.path == url,
                item.testid,
                item.badge(request) if item.badge else 0,
                item.badge_label,
            )
        )
    return links


def signed_in(request: HttpRequest) -> bool:
    """Whether the request comes from a signed-in user. An error page can be drawn before the
    middleware has named the user (a request refused for its Host header): nobody, then."""
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def omu(request: HttpRequest) -> dict[str, object]:
    if not signed_in(request):
        return {}
    user = request.user
    prison = access.active_prison(request)
    roles = access.roles_at(user, prison)
    return {
        "active_prison": prison,
        "user_roles": sorted(roles),
        "user_role_labels": access.role_names(roles),
        "user_prisons": getattr(request, "user_prisons", []),
        "sees_unit_figures": access.sees_unit_figures(user, prison),
        "perms": PrisonPerms.at(user, prison),
        "navigation": _navigation(request),
    }
