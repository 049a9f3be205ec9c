"""`make run`'s demo, as the head of OMU first sees it: 12-week trends on the dashboard and
figures in every cell of "Compare your prisons", from the snapshots `seed_demo` stores."""

import datetime as dt
import io
import re
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cases import figures
from cases.models import DailyStatistic, Prison
from demo.seed.snapshots import snapshot_days

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 23, 14, 30, tzinfo=ZoneInfo("Europe/London"))
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen_time() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", force=True, rolls_dir="", stdout=out)  # make run's defaults
    return out.getvalue()


def stored() -> list[tuple[object, ...]]:
    return sorted(
        DailyStatistic.objects.values_list(
            "prison__code", "day", "key", "value", "numerator", "denominator", "on_target"
        ),
        key=str,
    )


def spo() -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username="spo"))
    return client


def test_seed_demo_stores_a_snapshot_a_week_for_12_weeks_the_same_every_time() -> None:
    output = seed()
    days = snapshot_days(TODAY)
    assert len(days) == 12 and days[-1] == TODAY and days[0] == TODAY - dt.timedelta(weeks=11)
    rows = stored()
    by_prison: dict[object, set[object]] = {}
    for code, day, *_ in rows:
        by_prison.setdefault(code, set()).add(day)
    assert len(by_prison) == 3 and all(found == set(days) for found in by_prison.values())
    assert f"{len(rows)} dashboard figures stored for 12 weeks of trends" in output
    seed()
    assert stored() == rows


def test_make_runs_demo_shows_trends_figure_pages_and_the_comparison() -> None:
    seed()
    client = spo()
    response = client.get(reverse("dashboard"))
    html = response.content.decode()
    assert "No snapshot" not in html
    tiles = response.context["board"].tiles
    assert len(tiles) >= 17
    for tile in tiles:
        # The case audit draws its first sample this month: its line starts with the month.
        weeks = 4 if tile.figure.key == "audit_met" else 12
        assert len(tile.trend) >= weeks, tile.figure.key
        assert tile.sparkline, tile.figure.key
        assert not tile.trend_note, tile.figure.key
    assert html.count("<polyline") == len(tiles)
    assert "Compare your prisons" in html
    _figure_pages_show_definition_and_trend(client)
    _compare_your_prisons_shows_figures_in_every_cell(client)


def _compare_your_prisons_shows_figures_in_every_cell(client: Client) -> None:
    response = client.get(reverse("prison-comparison"))
    html = response.content.decode()
    table = html[html.index('data-testid="prison-comparison"') :]
    table = table[: table.index("</table>")]
    for why_empty in ("No snapshot yet", "Not in this snapshot", "Nothing to count"):
        assert why_empty not in table
    rows = response.context["rows"]
    assert len(rows) == 2  # spo is head of OMU at two of the demo prisons
    for row in rows:
        assert row.day == TODAY, row.prison.code
        assert all(cell is not None for cell in row.cells), row.prison.code
    assert len(re.findall(r"\d+%", table)) >= 2 * 4  # the percentages of both prisons


def _figure_pages_show_definition_and_trend(client: Client) -> None:
    for figure in figures.prison_figures(Prison.objects.get(code="LEI"), today=TODAY):
        html = client.get(reverse("figure-cases", args=[figure.key])).content.decode()
        assert 'data-testid="figure-definition"' in html, figure.key
        assert "<polyline" in html, figure.key
