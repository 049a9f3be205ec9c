"""POM staffing in post against what the caseload needs (docs/rules.md#figures).

A prison needs its caseload divided by the cases a full-time POM holds (`pom_capacity`), in
full-time equivalents; it has in post its active POMs' working hours over a full-time week. Both
are to one decimal, the need rounded up. The share in post is a percentage of the need, and above 100% it says so in words: a small caseload
with a full team reads "more POMs in post than the caseload needs", never a bare "700%".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cases.rules.capacity import FULL_TIME_HOURS

StaffingStatus = Literal["no_cases", "short", "enough", "more_than_needed"]


@dataclass(frozen=True)
class Staffing:
    in_post: float  # full-time-equivalent POMs active, to one decimal
    needed: float  # full-time-equivalent POMs the caseload needs, to one decimal (rounded up)
    cases: int
    capacity_per_fte: int
    status: StaffingStatus

    @property
    def percent(self) -> float | None:
        """In post as a share of the need; None when no case needs a POM."""
        if self.needed == 0:
            return None
        return round(100 * self.in_post / self.needed, 1)

    @property
    def remark(self) -> str:
        """What a reader should know beyond the percentage."""
        if self.status == "no_cases":
            return "No case in OMiC scope: the caseload needs no POM."
        if self.status == "more_than_needed":
            spare = self.in_post - self.needed
            return (
                f"More POMs in post than the caseload needs: {spare:.1f} full-time equivalent "
                "beyond the need."
            )
        if self.status == "short":
            return (
                f"Fewer POMs in post than the caseload needs: {self.needed - self.in_post:.1f} "
                "full-time equivalent short."
            )
        return "POMs in post match what the caseload needs."

    @property
    def explanation(self) -> str:
        return (
            f"{self.in_post:.1f} full-time-equivalent POMs in post against {self.needed:.1f} "
            f"needed: {self.cases} case{'' if self.cases == 1 else 's'} in OMiC scope at "
            f"{self.capacity_per_fte} for each full-time POM. {self.remark}"
        )


def pom_staffing(*, working_hours: list[float], cases: int, capacity_per_fte: int) -> Staffing:
    """The active POMs' working hours (one entry each) against `cases` in scope."""
    if capacity_per_fte < 1:
        raise ValueError("capacity_per_fte must be at least 1")
    in_post = round(sum(working_hours) / FULL_TIME_HOURS, 1)
    # Rounded up to a tenth, as capacity is rounded down: the need is never understated.
    needed = -(-cases * 10 // capacity_per_fte) / 10
    status: StaffingStatus
    if cases == 0:
        status = "no_cases"
    elif in_post > needed:
        status = "more_than_needed"
    elif in_post < needed:
        status = "short"
    else:
        status = "enough"
    return Staffing(in_post, needed, cases, capacity_per_fte, status)
