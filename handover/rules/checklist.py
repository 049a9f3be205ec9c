"""The handover checklist: its items, who owns each, what each is due from, and the figures it
counts with (docs/rules.md#checklist)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Owner = Literal["pom", "com", "omu_admin"]
OWNER_LABELS: dict[str, str] = {"pom": "POM", "com": "COM", "omu_admin": "OMU admin"}
ItemStatus = Literal["to_do", "done", "not_needed"]
# What a user sees for an item: its recorded status, or for open items the clock's verdict.
Progress = Literal["done", "not_needed", "overdue", "due_soon", "not_due", "no_date"]

Section = Literal["handover", "contacts", "public_protection", "release_planning", "resettlement"]
SECTION_LABELS: dict[str, str] = {
    "handover": "Handover to the COM",
    "contacts": "COM contact with the prisoner",
    "public_protection": "Public protection",
    "release_planning": "Release planning",
    "resettlement": "Release readiness",
}
Anchor = Literal["com_allocation", "handover", "release", "hdced"]


@dataclass(frozen=True)
class ChecklistPolicy:
    """The checklist's figures. Defaults are docs/rules.md#checklist and the decisions in
    `handover.rules`.

    Kept here, passed to every rule, because the prison policy model (cases app) has no fields
    for them yet; moving them there changes no rule.
    """

    com_contacts_target: int = 3
    public_protection_months: int = 6
    approved_premises_months: int = 12
    resettlement_weeks: int = 12
    licence_conditions_days: int = 28
    releases_soon_days: int = 28
    parole_window_months: int = 10
    due_soon_days: int = 7


DEFAULT_CHECKLIST_POLICY = ChecklistPolicy()


@dataclass(frozen=True)
class ItemDefinition:
    code: str
    section: Section
    label: str
    owner: Owner
    anchor: Anchor
    # Applies only with a handover date / to parole cases / with an HDC eligibility date.
    needs_handover: bool = False
    parole_only: bool = False
    needs_hdced: bool = False
    # Completed from other records (allocation, meetings, contacts), never ticked by hand.
    automatic: bool = False


CHECKLIST: tuple[ItemDefinition, ...] = (
    ItemDefinition(
        "com_allocated",
        "handover",
        "COM allocated and named to the prisoner",
        "omu_admin",
        "com_allocation",
        needs_handover=True,
        automatic=True,
    ),
    ItemDefinition(
        "handover_meeting",
        "handover",
        "POM and COM handover meeting held, ideally three-way with the prisoner",
        "pom",
        "handover",
        needs_handover=True,
        automatic=True,
    ),
    ItemDefinition(
        "pre_handover_oasys",
        "handover",
        "Pre-handover OASys completed",
        "pom",
        "handover",
        needs_handover=True,
    ),
    ItemDefinition(
        "risk_management_plan",
        "handover",
        "Risk management plan completed",
        "pom",
        "handover",
        needs_handover=True,
    ),
    ItemDefinition(
        "parole_report",
        "handover",
        "Parole report assigned to the COM",
        "omu_admin",
        "handover",
        needs_handover=True,
        parole_only=True,
    ),
    ItemDefinition(
        "com_contacts",
        "contacts",
        "COM has had 3 contacts with the prisoner before release",
        "com",
        "release",
        automatic=True,
    ),
    ItemDefinition(
        "mappa", "public_protection", "MAPPA level and category confirmed", "com", "release"
    ),
    ItemDefinition(
        "domestic_abuse", "public_protection", "Domestic abuse police checks", "com", "release"
    ),
    ItemDefinition(
        "child_safeguarding", "public_protection", "Child safeguarding checks", "com", "release"
    ),
    ItemDefinition(
        "victim_liaison",
        "public_protection",
        "Victim liaison officer (VLO) contacted, where the victim scheme applies",
        "com",
        "release",
    ),
    ItemDefinition(
        "approved_premises",
        "public_protection",
        "Approved premises referral, where needed",
        "com",
        "release",
    ),
    ItemDefinition(
        "hdc_decision",
        "release_planning",
        "Home detention curfew (HDC) decision",
        "pom",
        "hdced",
        needs_hdced=True,
    ),
    ItemDefinition(
        "rotl",
        "release_planning",
        "Release on temporary licence (ROTL) considered",
        "pom",
        "release",
    ),
    ItemDefinition(
        "licence_conditions", "release_planning", "Licence conditions set", "com", "release"
    ),
    ItemDefinition(
        "accommodation", "resettlement", "First-night accommodation arranged", "com", "release"
    ),
    ItemDefinition(
        "identification", "resettlement", "ID documents ready for release", "pom", "release"
    ),
    ItemDefinition("bank_account", "resettlement", "Bank account opened", "pom", "release"),
    ItemDefinition(
        "universal_credit", "resettlement", "Universal Credit claim started", "pom", "release"
    ),
    ItemDefinition(
        "gp_medication",
        "resettlement",
        "GP registration and medication on release",
        "pom",
        "release",
    ),
    ItemDefinition(
        "employment",
        "resettlement",
        "Employment, training or education on release",
        "com",
        "release",
    ),
)
ITEMS: dict[str, ItemDefinition] = {item.code: item for item in CHECKLIST}
PUBLIC_PROTECTION_ITEMS: tuple[ItemDefinition, ...] = tuple(
    item for item in CHECKLIST if item.section == "public_protection"
)
PUBLIC_PROTECTION: tuple[str, ...] = tuple(item.code for item in PUBLIC_PROTECTION_ITEMS)
