"""What the planning app puts on the shared pages: a link to the policy what-if from the home
page, the policy page and the dashboard (see `cases.extensions`)."""

from __future__ import annotations

from cases import access, extensions
from cases.access import User
from cases.extensions import HomeLink, PageLink
from cases.models import Prison, Role
from planning.selectors import PERM

DESCRIPTION = "Try other handover points, caseloads or contact frequencies, see the next 12 months week by week, then apply them."


def _may_try(user: User, prison: Prison | None) -> bool:
    return access.may(user, PERM, prison)


def register() -> None:
    extensions.add_home_links(
        HomeLink(
            (Role.HEAD_OF_OMU,), "Policy what-if", "planning-whatif-start", DESCRIPTION, order=91
        )
    )
    for page in ("prison-policy", "dashboard"):
        extensions.add_page_link(
            PageLink(
                page,
                "Policy what-if",
                "planning-whatif",
                DESCRIPTION,
                _may_try,
                order=10,
                with_prison=True,
            )
        )
