"""What every page's header and navigation need: who is signed in, their role and prison."""

from django.http import HttpRequest

from cases.models import Role
from cases.selectors import roles_for_user, sees_unit_figures


def omu(request: HttpRequest) -> dict[str, object]:
    user = request.user
    if not user.is_authenticated:
        return {}
    prison = getattr(request, "active_prison", None)
    prison = prison if prison else None  # SimpleLazyObject wrapping None is falsy
    roles = roles_for_user(user, prison)
    labels = dict(Role.choices)
    prisons = getattr(request, "user_prisons", [])
    return {
        "active_prison": prison,
        "user_roles": roles,
        "user_role_labels": [labels[r] for r in roles],
        "user_prisons": prisons,
        "sees_unit_figures": sees_unit_figures(user, prison, roles=roles),
    }
