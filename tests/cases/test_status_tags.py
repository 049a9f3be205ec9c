"""A deadline's or a task's status reads the same on every page and in every download."""

import pytest
from django.template import Context, Template

from cases.text import STATUS_TAGS, status_words


@pytest.mark.parametrize(
    "status, html",
    [
        ("overdue", '<strong class="govuk-tag govuk-tag--red">Overdue</strong>'),
        ("due_soon", '<strong class="govuk-tag govuk-tag--yellow">Due soon</strong>'),
        ("not_due", '<strong class="govuk-tag govuk-tag--grey">Not yet due</strong>'),
        ("done", '<strong class="govuk-tag govuk-tag--green">Done</strong>'),
        ("done_late", '<strong class="govuk-tag govuk-tag--orange">Done late</strong>'),
        ("not_needed", '<strong class="govuk-tag govuk-tag--grey">Not needed</strong>'),
        ("", ""),  # no status, no tag
        ("<b>", ""),  # nothing unknown is written out
    ],
)
def test_the_status_tag_draws_each_status_in_its_colour(status: str, html: str) -> None:
    rendered = Template("{% load omu %}{% status_tag status %}").render(Context({"status": status}))
    assert rendered == html


def test_downloads_write_the_words_the_tags_show() -> None:
    for status, (_, words) in STATUS_TAGS.items():
        assert status_words(status) == words
    assert status_words("something_new") == "something_new"
