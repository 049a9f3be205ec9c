"""POM staffing in post against the caseload's need, as a table (docs/rules.md#figures)."""

import pytest

from allocation import rules as r


@pytest.mark.parametrize(
    "hours, cases, capacity, in_post, needed, percent, status",
    [
        # The demo's complaint: a full team for a small caseload is not "700%, 7 of 1".
        ([37.5] * 7, 40, 42, 7.0, 1.0, 700.0, "more_than_needed"),
        # Exactly what is needed.
        ([37.5, 37.5], 84, 42, 2.0, 2.0, 100.0, "enough"),
        # One case over two full caseloads: the need rounds up to a tenth, never down.
        ([37.5, 37.5], 85, 42, 2.0, 2.1, 95.2, "short"),
        # Part time counts by hours: 18.75 hours is half a POM.
        ([37.5, 18.75], 63, 42, 1.5, 1.5, 100.0, "enough"),
        # Nobody in post.
        ([], 10, 42, 0.0, 0.3, 0.0, "short"),
        # No case in scope: nothing needed, no percentage.
        ([37.5], 0, 42, 1.0, 0.0, None, "no_cases"),
        # The smallest caseload still needs a tenth of a POM.
        ([], 1, 1000, 0.0, 0.1, 0.0, "short"),
    ],
)
def test_staffing_compares_full_time_equivalents_in_post_with_the_need(
    hours: list[float],
    cases: int,
    capacity: int,
    in_post: float,
    needed: float,
    percent: float | None,
    status: str,
) -> None:
    staffing = r.pom_staffing(working_hours=hours, cases=cases, capacity_per_fte=capacity)
    assert (staffing.in_post, staffing.needed, staffing.percent, staffing.status) == (
        in_post,
        needed,
        percent,
        status,
    )


@pytest.mark.parametrize(
    "hours, cases, remark",
    [
        ([37.5] * 7, 40, "More POMs in post than the caseload needs: 6.0 full-time equivalent"),
        ([37.5], 84, "Fewer POMs in post than the caseload needs: 1.0 full-time equivalent short"),
        ([37.5], 42, "POMs in post match what the caseload needs."),
        ([37.5], 0, "No case in OMiC scope: the caseload needs no POM."),
    ],
)
def test_staffing_says_in_words_where_it_stands(
    hours: list[float], cases: int, remark: str
) -> None:
    staffing = r.pom_staffing(working_hours=hours, cases=cases, capacity_per_fte=42)
    assert remark in staffing.remark
    assert remark in staffing.explanation
    assert f"{staffing.in_post:.1f} full-time-equivalent POMs in post" in staffing.explanation


def test_staffing_needs_a_capacity() -> None:
    with pytest.raises(ValueError, match="capacity_per_fte"):
        r.pom_staffing(working_hours=[37.5], cases=1, capacity_per_fte=0)
