"""The two-step paginator pages exactly as Django's own, in two queries a page."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Prison, Prisoner
from cases.pagination import NarrowPaginator
from tests.factories import PrisonerFactory

NAMES = ["Ahmed", "Brown", "Brown", "Clarke", "Davies", "Evans", "Brown", "Ahmed", "Zed", "Young"]


@pytest.fixture
def prisoners(leeds: Prison) -> None:
    for n, last_name in enumerate(NAMES):
        PrisonerFactory(current_prison=leeds, last_name=last_name, first_name=f"P{n}")


def _listing():  # ordered through a join, with a wide join selected, as the task lists are
    return Prisoner.objects.select_related("current_prison").order_by(
        "current_prison__code", "last_name", "-id"
    )


@pytest.mark.parametrize(("per_page", "orphans"), [(3, 0), (3, 1), (4, 2), (10, 0), (25, 0)])
def test_every_page_holds_the_same_rows_in_the_same_order(
    prisoners: None, per_page: int, orphans: int
) -> None:
    django_pages = Paginator(_listing(), per_page, orphans=orphans)
    narrow_pages = NarrowPaginator(_listing(), per_page, orphans=orphans)
    assert narrow_pages.num_pages == django_pages.num_pages
    for number in django_pages.page_range:
        expected = list(django_pages.page(number))
        page = narrow_pages.page(number)
        assert list(page) == expected
        assert (page.start_index(), page.end_index()) == (
            django_pages.page(number).start_index(),
            django_pages.page(number).end_index(),
        )


def test_a_page_is_two_queries_and_its_rows_come_with_their_joins(prisoners: None) -> None:
    pages = NarrowPaginator(_listing(), 4)
    assert pages.count == len(NAMES)
    with CaptureQueriesContext(connection) as queries:
        rows = list(pages.get_page(2))
        codes = [row.current_prison.code for row in rows]  # no query: selected with the rows
    assert len(queries) == 2
    assert codes == ["LEI"] * 4
    assert "current_prison" not in queries[0]["sql"].split("FROM")[0].lower().replace('"', "")


def test_a_row_gone_between_the_two_reads_is_left_out(prisoners: None) -> None:
    pages = NarrowPaginator(_listing(), 4)
    first = list(Paginator(_listing(), 4).page(1))
    listing = pages.object_list
    real_filter = listing.filter

    def filter_then_delete(*args, **kwargs):  # the second read runs after a deletion
        first[1].delete()
        return real_filter(*args, **kwargs)

    listing.filter = filter_then_delete  # type: ignore[method-assign]
    page = pages.page(1)
    assert [p.pk for p in page] == [p.pk for p in first if p.pk is not None]
    assert len(page) == 3


def test_out_of_range_numbers_get_the_last_page_as_django_does(prisoners: None) -> None:
    page = NarrowPaginator(_listing(), 4).get_page(99)
    assert page.number == 3
    assert len(page) == len(NAMES) - 8
