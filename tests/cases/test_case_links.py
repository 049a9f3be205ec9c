"""`{% case_url %}` writes the same address as `{% url %}` for every route that takes a prison
number, and reverses as usual what is not a plain prison number."""

from __future__ import annotations

import pytest
from django.template import engines
from django.urls import get_resolver, reverse, set_script_prefix

from cases.templatetags.omu import case_url


def _case_routes() -> list[str]:
    """Every named route whose one argument is the prison number."""
    names = []
    for name, matches in get_resolver().reverse_dict.lists():
        if not isinstance(name, str):
            continue
        for possibilities, _pattern, _defaults, _converters in matches:
            if any(params == ["prison_number"] for _, params in possibilities):
                names.append(name)
    return sorted(set(names))


ROUTES = _case_routes()


def test_the_routes_that_take_a_prison_number_are_found() -> None:
    assert {"prisoner-detail", "handover-case", "allocation-allocate", "case-tasks"} <= set(ROUTES)


@pytest.mark.parametrize("name", ROUTES)
@pytest.mark.parametrize("number", ["A1234BC", "G2748CY", "a0000aa", "Z9999ZZ"])
def test_case_url_is_the_reversed_address(name: str, number: str) -> None:
    assert case_url(name, number) == reverse(name, args=[number])


@pytest.mark.parametrize("number", ["A 1234", "AB#1", "é1", "50%"])
def test_anything_else_is_reversed_as_usual(number: str) -> None:
    assert case_url("prisoner-detail", number) == reverse("prisoner-detail", args=[number])


def test_a_script_prefix_is_kept() -> None:
    """Served under a path (SCRIPT_NAME), the address starts with it, as reverse writes it."""
    set_script_prefix("/omu/")
    try:
        assert case_url("prisoner-detail", "A1234BC") == "/omu/prisoners/A1234BC/"
        assert case_url("prisoner-detail", "A1234BC") == reverse(
            "prisoner-detail", args=["A1234BC"]
        )
    finally:
        set_script_prefix("/")
    assert case_url("prisoner-detail", "A1234BC") == "/prisoners/A1234BC/"


def test_the_tag_in_a_template_escapes_like_url() -> None:
    template = engines["django"].from_string(
        "{% load omu %}{% case_url 'prisoner-detail' n %}|{% url 'prisoner-detail' n %}"
    )
    for number in ("A1234BC", "<b>&"):
        mine, theirs = template.render({"n": number}).split("|")
        assert mine == theirs
