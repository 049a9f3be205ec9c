"""Handover to the COM and responsibility on a given day (docs/rules.md#responsibility-and-handover)."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from cases.rules.dates import add_months
from cases.rules.facts import CaseFacts
from cases.rules.policy import Policy
from cases.rules.release import KIND_NAMES
from cases.rules.results import (
    CaseType,
    Explained,
    Handover,
    HandoverReason,
    ReleaseDate,
    Responsibility,
)
from cases.rules.words import day

# The policy's handover rule set, as the explanations name it.
RULE_WORDS: dict[str, str] = {
    "national": "national rules",
    "legacy": "legacy NPS and CRC rules",
    "single_point": "one handover point for every case",
}

# Why a case has its handover dates (or none), in words: the reason codes never reach a page.
REASON_WORDS: dict[str, str] = {
    "early_allocation": "early allocation was accepted",
    "indeterminate": "indeterminate sentence",
    "indeterminate_open": "indeterminate sentence in open conditions",
    "determinate_parole": "determinate sentence with a parole eligibility date",
    "determinate": "determinate sentence",
    "legacy_parole": "parole case under the legacy rules",
    "legacy_nps": "NPS case under the legacy rules",
    "legacy_crc": "CRC case under the legacy rules",
    "single_point": "the prison's single handover point",
    "community_case": "community case",
    "recall_case": "recall",
    "immigration_case": "immigration detainee",
    "release_date_unknown": "release date not known",
    "additional_isp": "a further indeterminate sentence to serve",
    "recall_thd_over_12_months": "recall with the target hearing date a year or more away",
    "parole_mappa_2_3": "parole refused, MAPPA level 2 or 3",
    "thd_over_12_months": "parole refused, target hearing date a year or more away",
}

_HIGH_ROSH: frozenset[str | None] = frozenset({"high", "very_high"})
_TIER_A_OR_B: frozenset[str | None] = frozenset({"A", "B"})


def no_dates_reason(facts: CaseFacts, erd: ReleaseDate, policy: Policy) -> HandoverReason | None:
    """The first of rules 2 to 6 of docs/rules.md#ordered-rules that applies (each means "no handover dates").

    Decision where the rules are silent: "THD on or after today + 12 months" in rules 3 and 4
    uses ``indeterminate_handover_months``, the indeterminate handover window it mirrors.
    """
    status = facts.legal_status
    if facts.indeterminate:
        if facts.further_indeterminate_sentence:
            return "additional_isp"
        thd = facts.dates.target_hearing_date
        if thd is not None and thd >= add_months(facts.as_of, policy.indeterminate_handover_months):
            mappa = facts.mappa_level
            if status == "recalled" and (mappa is None or mappa <= 1):
                return "recall_thd_over_12_months"
            if facts.latest_parole_outcome == "not_release":
                return (
                    "parole_mappa_2_3" if mappa is not None and mappa >= 2 else "thd_over_12_months"
                )
    if status == "recalled":
        return "recall_case"
    if status == "immigration_detainee":
        return "immigration_case"
    if erd.date is None:
        return "release_date_unknown"
    return None


@lru_cache(maxsize=256)
def _period(months: int, days: int = 0, weeks: int = 0) -> str:
    parts = []
    if months:
        parts.append(f"{months} month" if months == 1 else f"{months} months")
    if weeks:
        parts.append(f"{weeks} week" if weeks == 1 else f"{weeks} weeks")
    if days:
        parts.append(f"{days} day" if days == 1 else f"{days} days")
    if not parts:
        return "0 days"
    return " and ".join(parts)


def _lower_first(sentence: str) -> str:
    return sentence[:1].lower() + sentence[1:]


def _thd_text(thd: date | None) -> str:
    return day(thd) if thd is not None else "not recorded"


def _mappa_text(level: int | None) -> str:
    return "not recorded" if level is None else str(level)


def _thd_explanation(facts: CaseFacts, reason: HandoverReason, policy: Policy) -> str:
    """Explanation for rules 3 and 4, which name the target hearing date and MAPPA level."""
    today = day(facts.as_of)
    thd = facts.dates.target_hearing_date
    window = policy.indeterminate_handover_months
    if reason == "recall_thd_over_12_months":
        return (
            f"No handover dates: recalled indeterminate sentence whose target hearing date "
            f"{_thd_text(thd)} is {window} months or more after today {today}, MAPPA level "
            f"{_mappa_text(facts.mappa_level)}."
        )
    return (
        f"No handover dates: indeterminate sentence whose target hearing date "
        f"{_thd_text(thd)} is "
        f"{window} months or more after today {today}, after a parole review that did not "
        f"order release, MAPPA level {_mappa_text(facts.mappa_level)}."
    )


# The no-dates results whose sentence names no date are built once (they are immutable).
_FIXED_NO_DATES: dict[str, Handover] = {
    reason: Handover(None, None, reason, text)  # type: ignore[arg-type]  # the table holds the literal codes
    for reason, text in (
        (
            "additional_isp",
            "No handover dates: indeterminate sentence with a further indeterminate sentence "
            "still to serve.",
        ),
        (
            "recall_case",
            "No handover dates: a recall is COM responsible from the start.",
        ),
        (
            "immigration_case",
            "No handover dates: an immigration detainee is COM responsible from the start.",
        ),
        (
            "release_date_unknown",
            "No handover dates: the release date is unknown, so the POM stays responsible until "
            "the sentence is calculated.",
        ),
    )
}


@lru_cache(maxsize=1024)
def _out_of_scope_handover(reason: HandoverReason, scope_explanation: str) -> Handover:
    return Handover(None, None, reason, f"No handover dates: {_lower_first(scope_explanation)}")


@lru_cache(maxsize=1024)
def _out_of_scope_responsibility(scope_explanation: str) -> Responsibility:
    # Decision: out-of-scope prisoners get no POM or COM, so the prison side keeps them.
    return Responsibility(
        "pom_responsible",
        "pom",
        None,
        "No POM or COM is allocated and the prison keeps the case: "
        f"{_lower_first(scope_explanation)}",
    )


def handover_for(
    facts: CaseFacts,
    policy: Policy,
    *,
    in_scope: Explained[bool],
    erd: ReleaseDate,
    case_type: CaseType | None,
    no_dates: HandoverReason | None,
) -> Handover:
    """Handover and COM allocation dates from already computed scope, ERD and case type."""
    if not in_scope.value:
        # The contract has no "out of scope" code: a recall keeps recall_case, anything else
        # (remand, unsentenced, under 18, no release date yet) reports release_date_unknown.
        reason: HandoverReason = (
            "recall_case" if facts.legal_status == "recalled" else "release_date_unknown"
        )
        return _out_of_scope_handover(reason, in_scope.explanation)
    if no_dates is not None:
        if no_dates in _FIXED_NO_DATES:
            return _FIXED_NO_DATES[no_dates]
        return Handover(None, None, no_dates, _thd_explanation(facts, no_dates, policy))
    release = erd.date
    assert release is not None  # no_dates_reason returns release_date_unknown otherwise
    if case_type == "community":
        return Handover(
            None,
            None,
            "community_case",
            f"No handover dates: a community case (earliest release date {day(release)}, "
            f"no more than {policy.community_case_months} months after the sentence date), "
            "so the COM is responsible from the start.",
        )
    rule = policy.handover_rule
    if rule == "national":
        handover_date, com_date, reason, why = _national(facts, policy, release)
    elif rule == "legacy":
        handover_date, reason, why = _legacy(facts, policy, release)
        com_date = handover_date
    else:
        handover_date, reason, why = _single_point(facts, policy, release)
        com_date = handover_date - policy.com_allocation_lead_delta
    kind_name = KIND_NAMES[erd.kind] if erd.kind else "earliest release date"
    base = f"the {kind_name} {day(release)}"
    com_text = _com_allocation_text(com_date, handover_date, rule=rule, policy=policy)
    return Handover(
        com_date,
        handover_date,
        reason,
        f"Handover on {day(handover_date)}: {why[0]} before {base} ({RULE_WORDS[rule]}: "
        f"{why[1]}); {com_text}.",
        handover_date - policy.handover_upcoming_delta,  # upcoming_from
        com_date + policy.com_allocation_overdue_delta,  # com_allocation_overdue_from
    )


def _com_allocation_text(com_date: date, handover_date: date, *, rule: str, policy: Policy) -> str:
    if com_date == handover_date:
        return "the COM is allocated on the handover date"
    if rule == "single_point":
        return (
            f"the COM is allocated on {day(com_date)}, "
            f"{_period(0, weeks=policy.com_allocation_lead_weeks)} before handover"
        )
    return f"the COM is allocated on {day(com_date)}, the day open conditions began"


def in_open_conditions(facts: CaseFacts) -> bool:
    """Open conditions per docs/commands.md#omic_evaluate: an open prison, or the women's estate with
    ``open_conditions_since`` set (category T)."""
    function = facts.prison.function
    return function == "open" or (function == "womens" and facts.open_conditions_since is not None)


def _early_allocation(
    policy: Policy, release: date
) -> tuple[date, HandoverReason, tuple[str, str]]:
    """Checked first by every rule set (docs/rules.md#early-allocation), so short and indeterminate sentences too."""
    months = policy.early_allocation_months
    why = (_period(months), "early allocation accepted")
    return add_months(release, -months), "early_allocation", why


def _national(
    facts: CaseFacts, policy: Policy, release: date
) -> tuple[date, date, HandoverReason, tuple[str, str]]:
    reason: HandoverReason
    if facts.early_allocation:
        handover_date, reason, why = _early_allocation(policy, release)
    elif facts.indeterminate:
        months = policy.indeterminate_handover_months
        handover_date = add_months(release, -months)
        reason = "indeterminate"
        why = (_period(months), "indeterminate sentence")
    elif facts.dates.parole_eligibility_date is not None:
        months = policy.parole_handover_months
        handover_date = add_months(release, -months)
        reason = "determinate_parole"
        why = (_period(months), "determinate sentence with a parole eligibility date")
    else:
        months, days = policy.determinate_handover_months, policy.determinate_handover_days
        # Months first (clamped to the month end), then days: docs/rules.md#counting-rules.
        handover_date = add_months(release, -months) - policy.determinate_handover_days_delta
        reason = "determinate"
        why = (_period(months, days), "determinate sentence, no parole eligibility date")
    com_date = handover_date
    if facts.indeterminate and in_open_conditions(facts):
        # An early-allocation case keeps its reason, but its COM still starts when open
        # conditions begin if that is earlier (the exception is about indeterminate cases).
        since = facts.open_conditions_since
        if since is not None and since < handover_date:
            com_date = since
        if reason == "indeterminate":
            reason = "indeterminate_open"
            why = (why[0], "indeterminate sentence in open conditions")
    return handover_date, com_date, reason, why


def _legacy(
    facts: CaseFacts, policy: Policy, release: date
) -> tuple[date, HandoverReason, tuple[str, str]]:
    if facts.early_allocation:
        return _early_allocation(policy, release)
    if facts.indeterminate or facts.dates.parole_eligibility_date is not None:
        months = policy.legacy_parole_handover_months
        what = "indeterminate sentence" if facts.indeterminate else "parole eligibility date"
        return add_months(release, -months), "legacy_parole", (_period(months), what)
    allocation = facts.case_allocation
    if allocation == "NPS" or (
        allocation is None and (facts.tier_letter in _TIER_A_OR_B or facts.rosh in _HIGH_ROSH)
    ):
        months, days = policy.legacy_nps_handover_months, policy.legacy_nps_handover_days
        what = "NPS case" if allocation == "NPS" else "probation-led case (tier A/B or high ROSH)"
        # Months first (clamped to the month end), then days: docs/rules.md#counting-rules.
        handover_date = add_months(release, -months) - policy.legacy_nps_handover_days_delta
        return handover_date, "legacy_nps", (_period(months, days), what)
    weeks = policy.legacy_crc_handover_weeks
    what = "CRC case" if allocation == "CRC" else "CRC case (tier C/D, ROSH below high)"
    why = (_period(0, weeks=weeks), what)
    return release - policy.legacy_crc_handover_delta, "legacy_crc", why


def _single_point(
    facts: CaseFacts, policy: Policy, release: date
) -> tuple[date, HandoverReason, tuple[str, str]]:
    if facts.early_allocation:
        return _early_allocation(policy, release)
    months = policy.handover_months
    return add_months(release, -months), "single_point", (_period(months), "one point for all")


# ---------------------------------------------------------------------------------------------
# Responsibility


_NO_DATES_STATE: dict[str, tuple[str, str, str | None, str]] = {
    "additional_isp": (
        "pom_responsible",
        "pom",
        None,
        "POM responsible: indeterminate sentence with a further indeterminate sentence to serve.",
    ),
    "recall_thd_over_12_months": (
        "com_supporting",
        "pom",
        "com",
        "POM responsible, COM supporting: recalled indeterminate sentence with the target "
        "hearing date a year or more away and MAPPA level 0, 1 or not recorded.",
    ),
    "parole_mappa_2_3": (
        "com_responsible",
        "com",
        "pom",
        "COM responsible, POM supporting: indeterminate sentence, parole did not order release, "
        "the target hearing date is a year or more away and MAPPA level is 2 or 3.",
    ),
    "thd_over_12_months": (
        "com_supporting",
        "pom",
        "com",
        "POM responsible, COM supporting: indeterminate sentence, parole did not order release, "
        "the target hearing date is a year or more away and MAPPA level is not 2 or 3.",
    ),
    "recall_case": (
        "com_responsible",
        "com",
        "pom",
        "COM responsible, POM supporting: recalled.",
    ),
    "immigration_case": (
        "com_responsible",
        "com",
        "pom",
        "COM responsible, POM supporting: immigration detainee.",
    ),
    "release_date_unknown": (
        "pom_responsible",
        "pom",
        None,
        "POM responsible: the release date is unknown, no COM yet.",
    ),
    "community_case": (
        "com_responsible",
        "com",
        "pom",
        "COM responsible, POM supporting: a community case, COM responsible from the start.",
    ),
}


_NO_DATES_RESPONSIBILITY: dict[str, Responsibility] = {
    reason: Responsibility(state, responsible, supporting, text)  # type: ignore[arg-type]  # the table holds the literal codes
    for reason, (state, responsible, supporting, text) in _NO_DATES_STATE.items()
}


def responsibility_for(
    facts: CaseFacts, *, in_scope: Explained[bool], handover: Handover
) -> Responsibility:
    """Responsibility on ``facts.as_of`` from an already computed handover."""
    if facts.responsibility_override == "com":
        return Responsibility(
            "com_responsible",
            "com",
            "pom",
            "COM responsible, POM supporting: the head of OMU made the COM responsible, "
            f"whatever the handover dates (worked out for: {REASON_WORDS[handover.reason]}).",
        )
    if not in_scope.value:
        return _out_of_scope_responsibility(in_scope.explanation)
    handover_date = handover.handover_date
    com_date = handover.com_allocation_date
    if handover_date is None or com_date is None:
        return _NO_DATES_RESPONSIBILITY[handover.reason]
    today = facts.as_of
    if today >= handover_date:
        return Responsibility(
            "com_responsible",
            "com",
            "pom",
            f"COM responsible, POM supporting: on or after the handover date {day(handover_date)}.",
        )
    if today >= com_date:
        return Responsibility(
            "com_supporting",
            "pom",
            "com",
            f"POM responsible, COM supporting: on or after the COM allocation date "
            f"{day(com_date)} and before the handover date {day(handover_date)}.",
        )
    return Responsibility(
        "pom_responsible",
        "pom",
        None,
        f"POM responsible: before the COM allocation date {day(com_date)} "
        f"(handover on {day(handover_date)}).",
    )
