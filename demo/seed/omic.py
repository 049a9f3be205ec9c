"""The OMiC rules as the demo plan needs them, on plain specs: release date, community case,
handover date, who is responsible and the recommended POM type (docs/rules.md). A simplified
copy, so the plan stays pure and does not change when the engine does; the tests check the
written cases against the engine itself."""

from __future__ import annotations

import datetime as dt

from cases.models import Prison, Prisoner, PrisonPolicy
from demo.seed.calendar import add_months, days
from demo.seed.prisons import PrisonSpec
from demo.seed.specs import PrisonerSpec


def pom_type(
    spec: PrisonerSpec, prison: PrisonSpec, today: dt.date, *, com_responsible: bool
) -> str | None:
    """The POM type recommended for the case (docs/rules.md#pom-type)."""
    tier_ab = spec.tier[:1] in ("A", "B")
    high_risk = tier_ab or spec.rosh in ("high", "very_high")
    if prison.omu_model == Prison.OmuModel.THIRD_SECTOR:
        if spec.legal_status == Prisoner.LegalStatus.RECALLED:
            if not spec.tier:
                return None
            return "senior_third_sector" if tier_ab else "third_sector"
        if not spec.tier and not spec.rosh:
            return None
        if not high_risk:
            return "third_sector"
        release = earliest_release_date(spec, today)
        if release is None:
            return None
        return "probation" if release > add_months(today, 10) else "third_sector"
    if com_responsible:
        return "prison"
    if not spec.tier and not spec.rosh:
        return None
    return "probation" if high_risk else "prison"


HANDOVER_UPCOMING_DAYS = 56  # docs/rules.md#handover-lists: the "upcoming handovers" list


def earliest_release_date(spec: PrisonerSpec, today: dt.date) -> dt.date | None:
    """The ERD (docs/rules.md#release-dates), for the few kinds of sentence the demo makes."""
    s = spec.sentence or {}
    confirmed = s.get("confirmed_release_date")
    if isinstance(confirmed, dt.date):
        return confirmed
    prrd = s.get("post_recall_release_date")
    if spec.legal_status == Prisoner.LegalStatus.RECALLED and isinstance(prrd, dt.date):
        return prrd
    if s.get("indeterminate"):
        ted, thd = s.get("tariff_date"), s.get("target_hearing_date")
        known = [d for d in (ted, thd) if isinstance(d, dt.date)]
        future = [d for d in known if d > today]
        if future:
            return future[0]  # TED first, then THD
        return min(known, key=lambda d: abs((d - today).days)) if known else None
    ped = s.get("parole_eligibility_date")
    if isinstance(ped, dt.date):
        return ped
    release_keys = ("automatic_release_date", "conditional_release_date")
    dates = [d for key in release_keys if isinstance(d := s.get(key), dt.date)]
    return min(dates) if dates else None


def is_community_case(spec: PrisonerSpec, today: dt.date) -> bool:
    """Determinate, no early allocation, released within 10 months of sentence (docs/rules.md#scope)."""
    s = spec.sentence
    if s is None or s.get("indeterminate") or spec.early_allocation:
        return False
    if spec.legal_status != Prisoner.LegalStatus.SENTENCED:
        return False
    erd = earliest_release_date(spec, today)
    start = s["sentence_start_date"]
    assert isinstance(start, dt.date)
    return erd is not None and erd <= add_months(start, 10)


def handover_date(spec: PrisonerSpec, prison: PrisonSpec, today: dt.date) -> dt.date | None:
    """The handover date under the prison's rule with default policy (docs/rules.md#handover-rules), or None when
    the case has none (community, recall, immigration, no release date)."""
    s = spec.sentence
    if s is None or spec.legal_status != Prisoner.LegalStatus.SENTENCED:
        return None
    if s.get("further_indeterminate_sentence") or is_community_case(spec, today):
        return None
    erd = earliest_release_date(spec, today)
    if erd is None:
        return None
    indeterminate = bool(s.get("indeterminate"))
    has_ped = isinstance(s.get("parole_eligibility_date"), dt.date)
    rule = prison.handover_rule
    if spec.early_allocation:
        return add_months(erd, -15)
    if rule == PrisonPolicy.HandoverRule.SINGLE_POINT:
        return add_months(erd, -12)
    if rule == PrisonPolicy.HandoverRule.LEGACY:
        if has_ped or indeterminate:
            return add_months(erd, -8)
        probation_led = spec.case_allocation == "NPS" or (
            not spec.case_allocation
            and (spec.tier[:1] in ("A", "B") or spec.rosh in ("high", "very_high"))
        )
        return add_months(erd, -7) - days(15) if probation_led else erd - days(7 * 12)
    if indeterminate or has_ped:
        return add_months(erd, -12)
    return add_months(erd, -8) - days(14)


def com_is_responsible(spec: PrisonerSpec, today: dt.date, handover: dt.date | None) -> bool:
    """Whether the COM is responsible today (docs/rules.md#ordered-rules, rules 2-7, no override)."""
    if spec.legal_status == Prisoner.LegalStatus.IMMIGRATION_DETAINEE:
        return True
    s = spec.sentence
    if s is None:
        return False
    if s.get("indeterminate") and s.get("further_indeterminate_sentence"):
        return False
    if spec.legal_status == Prisoner.LegalStatus.RECALLED:
        thd = s.get("target_hearing_date")
        far_hearing = isinstance(thd, dt.date) and thd >= add_months(today, 12)
        return not (s.get("indeterminate") and far_hearing and (spec.mappa_level or 0) <= 1)
    if is_community_case(spec, today):
        return True
    return handover is not None and handover <= today
