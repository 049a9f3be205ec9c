"""Who is in OMiC scope, and whether a case is a custody or a community case (docs/rules.md#scope)."""

from __future__ import annotations

from cases.rules.dates import add_months, eighteenth_birthday
from cases.rules.facts import CaseFacts
from cases.rules.policy import Policy
from cases.rules.release import KIND_NAMES
from cases.rules.results import CaseType, Explained, HandoverReason, ReleaseDate
from cases.rules.words import day

_STATUS_NAMES: dict[str, str] = {
    "sentenced": "sentenced",
    "recalled": "recalled",
    "remand": "on remand",
    "convicted_unsentenced": "convicted but not yet sentenced",
    "immigration_detainee": "an immigration detainee",
    "civil": "a civil prisoner or fine defaulter",
}

# Results that do not depend on the case's dates are built once: they are immutable.
_OUT_OF_SCOPE_STATUS: dict[str, Explained[bool]] = {
    status: Explained(False, f"Not in OMiC scope: {name}.")
    for status, name in _STATUS_NAMES.items()
}
_NO_CASE_TYPE: Explained[CaseType | None] = Explained(None, "No case type: not in OMiC scope.")
_COMMUNITY_RECALL: Explained[CaseType | None] = Explained(
    "community",
    "Community case: recalled, so the COM is responsible from the start.",
)
_COMMUNITY_IMMIGRATION: Explained[CaseType | None] = Explained(
    "community",
    "Community case: immigration detainee, so the COM is responsible from the start.",
)
_CUSTODY_INDETERMINATE: Explained[CaseType | None] = Explained(
    "custody", "Custody case: indeterminate sentence."
)
_CUSTODY_EARLY: Explained[CaseType | None] = Explained(
    "custody", "Custody case: early allocation to the COM was accepted."
)
_CUSTODY_UNKNOWN: Explained[CaseType | None] = Explained(
    "custody", "Custody case: the release date is unknown, so the POM holds the case."
)


def omic_scope(facts: CaseFacts) -> Explained[bool]:
    """Section 2. Decision where the rules are silent: with no date of birth recorded the person
    is treated as an adult (they are held in an adult prison), and the explanation says so."""
    today = facts.as_of
    dob = facts.date_of_birth
    if dob is None:
        age = "date of birth not recorded, treated as 18 or over"
    else:
        turns_18 = eighteenth_birthday(dob)
        if turns_18 > today:
            return Explained(
                False,
                f"Not in OMiC scope: under 18 on {day(today)} (born {day(dob)}, "
                f"turns 18 on {day(turns_18)}).",
            )
        age = f"18 or over (born {day(dob)})"
    status = facts.legal_status
    if status == "immigration_detainee":
        return Explained(
            True,
            f"In OMiC scope: an immigration detainee, in scope with or without a sentence; {age}.",
        )
    if status != "sentenced" and status != "recalled":
        known = _OUT_OF_SCOPE_STATUS.get(status)
        return known or Explained(False, f"Not in OMiC scope: legal status {status!r}.")
    sentenced = facts.sentence_start_date
    if sentenced is None:
        return Explained(False, f"Not in OMiC scope: {status} but no sentence date is recorded.")
    basis = _scope_basis(facts)
    if basis is None:
        return Explained(
            False,
            f"Not in OMiC scope: {status} on {day(sentenced)} but no CRD, ARD, confirmed "
            "or post-recall release date, PED, HDCED or tariff date is recorded and the sentence "
            "is not indeterminate.",
        )
    return Explained(
        True,
        f"In OMiC scope: {status} with sentence date {day(sentenced)} and {basis}; {age}.",
    )


def _scope_basis(facts: CaseFacts) -> str | None:
    # An if-chain rather than a loop over (date, name) pairs: this runs for every case.
    if facts.indeterminate:
        return "an indeterminate sentence"
    d = facts.dates
    if d.conditional_release_date is not None:
        return f"a CRD {day(d.conditional_release_date)}"
    if d.automatic_release_date is not None:
        return f"an ARD {day(d.automatic_release_date)}"
    if d.confirmed_release_date is not None:
        return f"a confirmed release date {day(d.confirmed_release_date)}"
    if d.post_recall_release_date is not None:
        return f"a post-recall release date {day(d.post_recall_release_date)}"
    if d.parole_eligibility_date is not None:
        return f"a PED {day(d.parole_eligibility_date)}"
    if d.home_detention_curfew_eligibility_date is not None:
        return f"an HDCED {day(d.home_detention_curfew_eligibility_date)}"
    if d.tariff_date is not None:
        return f"a tariff date {day(d.tariff_date)}"
    return None


def case_type_for(
    facts: CaseFacts,
    policy: Policy,
    *,
    in_scope: bool,
    erd: ReleaseDate,
    no_dates_reason: HandoverReason | None,
) -> Explained[CaseType | None]:
    """Custody or community case from already computed scope, ERD and the responsibility rules
    (docs/rules.md#ordered-rules)."""
    if not in_scope:
        return _NO_CASE_TYPE
    if no_dates_reason == "recall_case":
        return _COMMUNITY_RECALL
    if no_dates_reason == "immigration_case":
        return _COMMUNITY_IMMIGRATION
    if facts.indeterminate:
        return _CUSTODY_INDETERMINATE
    if facts.early_allocation:
        return _CUSTODY_EARLY
    release = erd.date
    sentenced = facts.sentence_start_date
    if release is None or sentenced is None:
        return _CUSTODY_UNKNOWN
    months = policy.community_case_months
    limit = add_months(sentenced, months)
    if release <= limit:
        return Explained(
            "community",
            f"Community case: the earliest release date, the {_kind(erd)} {day(release)}, is on "
            f"or before {day(limit)}, {months} months after the sentence date "
            f"{day(sentenced)}.",
        )
    return Explained(
        "custody",
        f"Custody case: more than {months} months to serve, the earliest release date "
        f"(the {_kind(erd)}) {day(release)} is after {day(limit)}, {months} months "
        f"after the sentence date {day(sentenced)}.",
    )


def _kind(erd: ReleaseDate) -> str:
    return KIND_NAMES[erd.kind] if erd.kind else "earliest release date"
