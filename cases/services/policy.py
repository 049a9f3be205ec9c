"""Changing a prison's OMiC policy: validated as a whole, audited, and applied at once."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from cases import audit, extensions, versions
from cases.access import StaffUser
from cases.models import Prison, PrisonPolicy
from cases.rules import Policy, PolicyError


@transaction.atomic
def prison_policy_update(
    *,
    prison: Prison,
    acting_user: StaffUser,
    changes: dict[str, object],
    reason: str,
    expected_version: int | None,
) -> PrisonPolicy:
    """Change a prison's OMiC thresholds and access settings. The thresholds are validated as
    a whole by the rules' own `Policy`, so a value the engine would reject never reaches the
    database. Audited with who and why.

    Once committed, the prison's stored answers are re-evaluated in a background task
    (`extensions.policy_changed`); the case page, which evaluates its case, shows them at once.

    `expected_version` is the policy's version the change was made from: if someone changed
    the policy since, nothing is written (`cases.versions.StaleEdit`).
    """
    policy, _ = PrisonPolicy.objects.select_for_update().get_or_create(prison=prison)
    versions.check_version(policy, expected_version, changes)
    unknown = set(changes) - set(PrisonPolicy.setting_field_names())
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Not a policy setting."))
    if not reason.strip():
        raise ValidationError({"reason": "Say why the policy is changing."})
    thresholds = {k: v for k, v in changes.items() if k not in PrisonPolicy.ACCESS_FIELDS}
    try:
        Policy.from_mapping({**policy.as_mapping(), **thresholds})
    except PolicyError as exc:
        raise ValidationError({exc.field: exc.message}, code="invalid") from exc
    changed = [name for name, value in changes.items() if getattr(policy, name) != value]
    if not changed:
        return policy
    for name in changed:
        setattr(policy, name, changes[name])
    policy.full_clean()
    audit.attribute(policy, user=acting_user, reason=reason.strip())
    policy.save(update_fields=[*changed, *versions.next_version(policy)])
    # What apps store from the engine (tasks' due dates) is re-dated once this commits.
    extensions.policy_changed(prison.pk)
    return policy
