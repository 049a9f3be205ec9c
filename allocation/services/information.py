"""The information allocation needs about a prisoner (docs/rules.md#pom-type): tier, risk of
serious harm and, in the women's estate, complexity of need."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from allocation.services.steps import audit
from cases.models import Prisoner


@transaction.atomic
def prisoner_record_missing_information(
    *,
    prisoner: Prisoner,
    acting_user: Any,
    tier: str,
    rosh: str,
    complexity_of_need: str,
    reason: str = "",
) -> Prisoner:
    """Record the tier, ROSH and complexity of need the allocation rules need.

    Audited in the prisoner's history with who and why; saves only what changed.
    """
    locked = Prisoner.objects.select_for_update(of=("self",)).get(pk=prisoner.pk)
    values = {"tier": tier.strip().upper(), "rosh": rosh, "complexity_of_need": complexity_of_need}
    changed = [f for f, v in values.items() if getattr(locked, f) != v]
    if not changed:
        raise ValidationError("Nothing changed: enter the missing information.", code="unchanged")
    for f in changed:
        setattr(locked, f, values[f])
    if not locked.tier and not locked.rosh:
        raise ValidationError(
            {"tier": "Enter a tier or a risk of serious harm level: one is needed to allocate."}
        )
    locked.full_clean()
    audit(
        locked,
        acting_user=acting_user,
        reason=reason.strip() or "Missing information for allocation",
    )
    locked.save(update_fields=changed)
    return locked
