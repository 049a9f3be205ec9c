"""A prison's OMiC policy as the policy page shows it: its settings grouped and labelled."""

from __future__ import annotations

from cases.models import Prison, PrisonPolicy

# Labels staff recognise, grouped as the OMiC rules are (docs/rules.md: POM type, deadlines,
# responsibility and handover, policy).
POLICY_GROUPS: dict[str, dict[str, str]] = {
    "Handover to the COM": {
        "handover_rule": "Handover rule",
        "community_case_months": "Community case if this many months or less to serve",
        "early_allocation_months": "Early allocation: handover this many months before release",
        "indeterminate_handover_months": "National rule, indeterminate: months before release",
        "parole_handover_months": "National rule, parole eligible: months before the PED",
        "determinate_handover_months": "National rule, determinate: months before release",
        "determinate_handover_days": "National rule, determinate: and days",
        "legacy_parole_handover_months": "Legacy rule, parole or indeterminate: months",
        "legacy_nps_handover_months": "Legacy rule, probation-led: months",
        "legacy_nps_handover_days": "Legacy rule, probation-led: and days",
        "legacy_crc_handover_weeks": "Legacy rule, others: weeks",
        "handover_months": "Single point rule: months before release",
        "com_allocation_lead_weeks": "Single point rule: COM allocated weeks before handover",
        "handover_upcoming_days": "List a handover as upcoming this many days before",
        "com_allocation_overdue_days": "COM allocation overdue this many days after its date",
    },
    "Deadlines": {
        "bcs_hours": "Basic Custody Screening: hours after arrival",
        "sentence_calculation_days": "Sentence calculation: days after sentence",
        "transfer_working_days": "Transfer from reception: working days after sentence",
        "keyworker_allocation_days": "Keyworker allocated: days after arrival",
        "categorisation_working_days": "Categorisation: working days after documents received",
        "recategorisation_months_short": "Recategorisation: months, if short time to serve",
        "recategorisation_months_long": "Recategorisation: months, if long time to serve",
        "recategorisation_threshold_years": "Short time to serve is this many years or less",
        "oasys_short_weeks": "OASys: weeks after sentence, under the threshold",
        "oasys_long_weeks": "OASys: weeks after sentence, at or over the threshold",
        "oasys_indeterminate_weeks": "OASys: weeks after sentence, indeterminate",
        "oasys_long_threshold_months": "OASys threshold: months to serve",
        "oasys_review_months": "OASys review: months after the last OASys",
        "pom_contact_high_rosh_months": "POM contact, high or very high ROSH: every N months",
        "pom_contact_other_months": "POM contact, other cases: every N months",
        "due_soon_days": "A deadline is due soon this many days before",
        "bcs_due_soon_hours": "A BCS is due soon this many hours before",
        "bank_holiday_country": "Bank holidays",
    },
    "Keywork and caseloads": {
        "keywork_frequency_weeks": "Keywork session every N weeks (1 to 4)",
        "keywork_session_minutes": "Keywork session length in minutes",
        "keyworker_capacity": "Prisoners per keyworker",
        "pom_capacity": "Cases for a full-time POM",
        "senior_pom_capacity": "Cases for a senior POM",
        "new_pom_capacity": "Cases for a new POM",
    },
    "Case-quality audit": {
        "audit_sample_size": "Cases sampled for the case-quality audit each month (0 to 100)",
    },
    "Who sees the unit's figures": {
        "poms_see_unit_figures": "POMs may see the unit's dashboard and other POMs' caseloads",
    },
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
