"""How the case-quality audit plugs into the ground floor (`cases.extensions`): its link in
the navigation and on the home page, its dashboard figure, and what a merge of two records
does to the audit cases of the one removed."""

from __future__ import annotations

from cases import access, extensions
from cases.access import User
from cases.audit import ChangeSource
from cases.extensions import HomeLink, NavItem
from cases.models import Prison, Role
from quality import figures
from quality.models import AuditCase


def _shows_audit(user: User, prison: Prison | None) -> bool:
    return access.may(user, "quality.view_auditsample", prison)


def merge_preview(kept_id: int, removed_id: int) -> list[tuple[str, int]]:
    return [("Case-quality audits", AuditCase.objects.filter(prisoner_id=removed_id).count())]


def merge(kept_id: int, removed_id: int, source: ChangeSource) -> None:
    """The removed record's audits move to the kept one, except in a month whose sample holds
    both (the kept record's audit stands; the other goes with its record)."""
    both = AuditCase.objects.filter(prisoner_id=kept_id).values("sample_id")
    AuditCase.objects.filter(prisoner_id=removed_id).exclude(sample_id__in=both).update(
        prisoner_id=kept_id
    )


def register() -> None:
    extensions.add_nav_item(
        NavItem("Case audit", "quality-sample", _shows_audit, order=80, testid="nav-quality")
    )
    extensions.add_home_links(
        HomeLink(
            (Role.HEAD_OF_OMU, Role.SENIOR_POM),
            "Case-quality audit",
            "quality-sample",
            "This month's sample of cases to review against the inspection's questions, and "
            "the results by month.",
            order=80,
        )
    )
    extensions.add_figure_source(figures.dashboard_figures, order=80)
    extensions.on_merge(merge, merge_preview, order=80)
