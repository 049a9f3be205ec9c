"""Paging a wide, joined list in two steps, so the sort carries narrow rows."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


class NarrowPaginator(Paginator):
    """Pages a queryset (ordered, with `select_related`) in two queries: the page's keys in the
    list's order, read through the sort as narrow rows, then those rows whole. PostgreSQL sorts
    every matching row to find a page: the OMU task list sorted 4,000 rows 150 columns wide
    (its prisoners, prison policy and users joined) to show 25 of them."""

    def page(self, number: Any) -> Page[Any]:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows: QuerySet[Any] = self.object_list  # type: ignore[assignment]  # a queryset here
        keys = list(rows.values_list("pk", flat=True)[bottom:top])
        found = {row.pk: row for row in rows.filter(pk__in=keys).order_by()}
        # A row gone between the two reads (deleted, or out of the filter) is left out.
        return Page([found[key] for key in keys if key in found], number, self)
