"""A prison's OMiC policy as the policy page shows it: its settings grouped and labelled."""

from __future__ import annotations

from django.db.models import Field

from cases.models import Prison, PrisonPolicy

# The settings grouped as the OMiC rules are (docs/rules.md: POM type, deadlines, responsibility
# and handover, policy); each is labelled by its field's verbose name, which the policy history
# shows too.
_GROUPS: dict[str, tuple[str, ...]] = {
    "Handover to the COM": (
        "handover_rule",
        "community_case_months",
        "early_allocation_months",
        "indeterminate_handover_months",
        "parole_handover_months",
        "determinate_handover_months",
        "determinate_handover_days",
        "legacy_parole_handover_months",
        "legacy_nps_handover_months",
        "legacy_nps_handover_days",
        "legacy_crc_handover_weeks",
        "handover_months",
        "com_allocation_lead_weeks",
        "handover_upcoming_days",
        "com_allocation_overdue_days",
    ),
    "Deadlines": (
        "bcs_hours",
        "sentence_calculation_days",
        "transfer_working_days",
        "keyworker_allocation_days",
        "categorisation_working_days",
        "recategorisation_months_short",
        "recategorisation_months_long",
        "recategorisation_threshold_years",
        "oasys_short_weeks",
        "oasys_long_weeks",
        "oasys_indeterminate_weeks",
        "oasys_long_threshold_months",
        "oasys_review_months",
        "pom_contact_high_rosh_months",
        "pom_contact_other_months",
        "due_soon_days",
        "bcs_due_soon_hours",
        "bank_holiday_country",
    ),
    "Keywork and caseloads": (
        "keywork_frequency_weeks",
        "keywork_session_minutes",
        "keyworker_capacity",
        "pom_capacity",
        "senior_pom_capacity",
        "new_pom_capacity",
    ),
    "Case-quality audit": ("audit_sample_size",),
    "Who sees the unit's figures": ("poms_see_unit_figures",),
}


def _label(name: str) -> str:
    field = PrisonPolicy._meta.get_field(name)
    assert isinstance(field, Field)  # every policy setting is a concrete field
    return str(field.verbose_name)


POLICY_GROUPS: dict[str, dict[str, str]] = {
    title: {name: _label(name) for name in names} for title, names in _GROUPS.items()
}


def prison_policy(prison: Prison) -> PrisonPolicy:
    """The prison's policy row; an unsaved row of defaults if it has none yet."""
    return PrisonPolicy.objects.filter(prison=prison).first() or PrisonPolicy(prison=prison)


def policy_rows(policy: PrisonPolicy) -> list[tuple[str, list[tuple[str, object]]]]:
    return [
        (
            title,
            [(label, _setting_text(policy, n)) for n, label in group.items()],
        )
        for title, group in POLICY_GROUPS.items()
    ]


def _setting_text(policy: PrisonPolicy, name: str) -> object:
    value = getattr(policy, name)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    display = getattr(policy, f"get_{name}_display", None)
    return display() if display else value
