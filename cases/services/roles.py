"""The role groups: one Django group per role, holding the permissions `cases.roles` lists."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from cases.models import Role
from cases.roles import role_permissions


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Make one Group per role hold exactly the permissions in `cases.roles`. Idempotent."""
    wanted = role_permissions()
    codes = {perm for perms in wanted.values() for perm in perms}
    by_code = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type").filter(
            codename__in=[c.split(".", 1)[1] for c in codes]
        )
    }
    missing = codes - by_code.keys()
    if missing:
        raise LookupError(f"Permissions not found (run migrate first): {sorted(missing)}")
    counts = {}
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.set([by_code[c] for c in sorted(wanted[role.value])])
        counts[role.value] = len(wanted[role.value])
    return counts
