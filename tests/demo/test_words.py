"""What staff read on the demo's case pages is in words: no ISO dates, no codes, no references
to the rules document they have never seen."""

import datetime as dt
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import get_args
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cases.models import Prisoner
from cases.rules.results import (
    CaseType,
    DisplayKind,
    HandoverReason,
    Party,
    PomType,
    ReleaseKind,
    State,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 23, 9, 30, tzinfo=ZoneInfo("Europe/London"))

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SNAKE_CASE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
PARENTHESISED_CODE = re.compile(r"\(([a-z]+(?:_[a-z0-9]+)*)\)")
# The engine's codes: a bracket holding one of them (or "(s)") is a code, not a word.
CODES = {"s", "national", "legacy"} | {
    code
    for kind in (CaseType, DisplayKind, HandoverReason, Party, PomType, ReleaseKind, State)
    for code in get_args(kind)
}


class ExplanationParser(HTMLParser):
    """Collects the text of every `.omu-explanation` element and every `title` attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._depth = 0
        self._stack: list[bool] = []
        self._current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("title"):
            self.texts.append(found["title"] or "")
        if tag in {"br", "img", "input", "meta", "link", "hr"}:
            return
        explains = "omu-explanation" in (found.get("class") or "").split()
        self._stack.append(explains)
        if explains:
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"br", "img", "input", "meta", "link", "hr"} or not self._stack:
            return
        if self._stack.pop():
            self._depth -= 1
            if self._depth == 0:
                self.texts.append(" ".join("".join(self._current).split()))
                self._current = []

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._current.append(data)


class MainTextParser(HTMLParser):
    """The words a reader sees inside `<main>`, sentence by sentence (no scripts or styles)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0
        self._in_main = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in {"script", "style"}
        self._in_main = self._in_main or tag == "main"

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in {"script", "style"}
        if tag == "main":
            self._in_main = False

    def handle_data(self, data: str) -> None:
        if self._in_main and not self._hidden:
            self.parts.append(data)


def main_sentences(html: str) -> list[str]:
    parser = MainTextParser()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split()).split(". ")


def explanations(html: str) -> list[str]:
    parser = ExplanationParser()
    parser.feed(html)
    return [text for text in parser.texts if text]


def leaks(text: str) -> list[str]:
    found = ISO_DATE.findall(text) + SNAKE_CASE.findall(text)
    if "section " in text.lower():
        found.append("section")
    found += [c for c in PARENTHESISED_CODE.findall(text) if c in CODES]
    return found


@pytest.fixture
def demo(db: None) -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", prisons=2, prisoners_per_prison=30, seed=1, force=True)
        yield


def test_the_leak_finder_knows_a_leak_from_a_sentence() -> None:
    assert leaks("Handover on 2027-10-16 (national rule; section 6 rule 7) (post_recall)")
    assert leaks("The release date shown (confirmed); POM contact every 1 month(s).")
    assert not leaks("Handover on 16 October 2027: 8 months before the release date (HDCED).")
    assert not leaks("Release date 4 February 2027: the post-recall release date (recalled).")


def test_no_explanation_on_a_demo_case_page_leaks_a_date_code_or_section(demo: None) -> None:
    """Every explanation (and every sentence in `<main>`) of the case page, its handover page
    and its case record, for every demo case."""
    client = Client()
    client.force_login(get_user_model().objects.get(username="spo"))
    numbers = list(
        Prisoner.objects.filter(current_prison__isnull=False).values_list(
            "prison_number", flat=True
        )
    )
    assert len(numbers) >= 50
    found: dict[str, set[str]] = {}
    for number in numbers:
        for url in (
            reverse("prisoner-detail", args=[number]),
            reverse("handover-case", args=[number]),
            reverse("case-record", args=[number]),
        ):
            response = client.get(url)
            assert response.status_code in (200, 404), (url, response.status_code)
            if response.status_code != 200:
                continue
            html = response.content.decode()
            for text in explanations(html) + main_sentences(html):
                if leaks(text):
                    found.setdefault(text, set()).update(leaks(text))
    assert not found, "\n".join(f"{sorted(codes)}: {text}" for text, codes in found.items())
