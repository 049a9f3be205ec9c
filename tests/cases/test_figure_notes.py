"""An empty trend or comparison cell says why; every figure, case-based or not, has its page."""

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cases import figures, rules
from cases.models import DailyStatistic, Prison, Role, StaffRole
from omu.celery import app
from tests.factories import PrisonerFactory, SentenceFactory

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=rules.LONDON)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def held(leeds: Prison) -> None:
    SentenceFactory(prisoner=PrisonerFactory(current_prison=leeds))


def tile_of(page: str, key: str) -> str:
    tile = page[page.index(f'data-testid="tile-{key}"') :]
    return tile[: tile.index("</li>")]


def test_the_snapshot_time_named_on_the_pages_is_the_scheduled_one() -> None:
    schedule = app.conf.beat_schedule["stats-snapshot"]["schedule"]
    assert schedule.hour == {figures.SNAPSHOT_AT.hour}
    assert schedule.minute == {figures.SNAPSHOT_AT.minute}
    assert figures.snapshot_time() == "11:50pm"


def test_a_trend_with_no_snapshot_says_when_the_first_is_taken(
    leeds: Prison, held: None, client_for: Callable[[str], Client]
) -> None:
    page = client_for(Role.HEAD_OF_OMU).get(reverse("dashboard")).content.decode()
    tile = tile_of(page, "cases_without_pom")
    assert "No snapshots yet: the first is taken tonight at 11:50pm" in tile
    assert "<svg" not in tile


def test_a_trend_with_one_snapshot_says_the_line_starts_with_the_next(
    leeds: Prison, held: None, client_for: Callable[[str], Client]
) -> None:
    figures.stats_snapshot(day=TODAY - dt.timedelta(days=1), prisons=[leeds])
    page = client_for(Role.HEAD_OF_OMU).get(reverse("dashboard")).content.decode()
    tile = tile_of(page, "cases_without_pom")
    assert "One snapshot so far (22 November 2026)" in tile
    assert 'data-testid="trend-cases_without_pom"' in tile  # the one point, as a table


def test_a_trend_with_two_weeks_draws_a_line_and_says_nothing_more(
    leeds: Prison, held: None, client_for: Callable[[str], Client]
) -> None:
    for back in (8, 1):
        figures.stats_snapshot(day=TODAY - dt.timedelta(days=back), prisons=[leeds])
    page = client_for(Role.HEAD_OF_OMU).get(reverse("dashboard")).content.decode()
    tile = tile_of(page, "cases_without_pom")
    assert "<polyline" in tile
    assert 'data-testid="trend-note-cases_without_pom"' not in tile


def test_a_trend_of_nothing_to_count_says_so(leeds: Prison, held: None) -> None:
    figure = figures.figure_by_key(figures.prison_figures(leeds, today=TODAY), "bcs_on_time")
    assert figure is not None and figure.value is None  # no BCS completed: 0 of 0
    tile = figures.Tile(figure, [(TODAY - dt.timedelta(days=8), None), (TODAY, None)])
    assert tile.trend_note.startswith("No trend: there was nothing to count")


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0.0, 0), (2.5, 3), (3.5, 4), (0.49, 0), (99.5, 100), (-0.4, 0), (-2.5, -3), (1234.0, 1234)],
)
def test_a_figure_is_rounded_to_a_whole_number_halves_up_as_the_filter_rounds(
    value: float, shown: int
) -> None:
    assert figures.whole(value) == shown


def test_the_trend_table_writes_each_day_and_value_once(leeds: Prison, held: None) -> None:
    figure = figures.figure_by_key(figures.prison_figures(leeds, today=TODAY), "bcs_on_time")
    assert figure is not None and figure.unit == "percent"
    trend = [(dt.date(2024, 2, 29), 87.5), (dt.date(2026, 1, 5), None), (TODAY, 100.0)]
    assert figures.Tile(figure, trend).trend_rows == [
        ("29 Feb 2024", "88%"),
        ("5 Jan 2026", "Nothing to count"),
        ("23 Nov 2026", "100%"),
    ]


def test_the_comparison_says_why_a_row_or_a_cell_is_empty(
    leeds: Prison, moorland: Prison, held: None, personas: dict
) -> None:
    head = personas[Role.HEAD_OF_OMU]
    StaffRole.objects.create(user=head, prison=moorland, role=Role.HEAD_OF_OMU)
    figures.stats_snapshot(day=TODAY, prisons=[leeds])
    DailyStatistic.objects.filter(prison=leeds, key="tasks_overdue").delete()  # older snapshot
    client = Client()
    client.force_login(head)
    html = client.get(reverse("prison-comparison")).content.decode()
    moorland_row = html[html.index('data-testid="no-snapshot-MDI"') :]
    assert moorland_row.split("</td>")[0].endswith(
        "No snapshot yet: the first is taken tonight at 11:50pm."
    )
    leeds_row = html[html.index('<th scope="row" class="govuk-table__header">HMP Leeds') :]
    leeds_row = leeds_row.split("</tr>")[0]
    assert "Nothing to count" in leeds_row  # no BCS completed: BCS on time has no value
    assert "Not in this snapshot" in leeds_row


def test_a_figure_that_counts_no_cases_has_its_page_and_links_on(
    leeds: Prison, held: None, client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.HEAD_OF_OMU)
    response = client.get(reverse("figure-cases", args=["pom_staffing"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "This figure does not count cases." in html
    assert f'href="{reverse("allocation-staff")}"' in html
    assert "No snapshots yet" in html
    csv = client.get(reverse("figure-cases", args=["pom_staffing"]), {"format": "csv"})
    assert csv.status_code == 404


def test_the_figures_api_gives_todays_figures_with_their_definitions(
    leeds: Prison, moorland: Prison, held: None, client_for: Callable[[str], Client]
) -> None:
    head = client_for(Role.HEAD_OF_OMU)
    response = head.get(reverse("api-prison-figures", args=["LEI"]))
    assert response.status_code == 200
    rows = {row["key"]: row for row in response.json()}
    assert set(rows) == {f.key for f in figures.prison_figures(leeds, today=TODAY)}
    without = rows["cases_without_pom"]
    assert (without["value"], without["unit"], without["denominator"]) == (1.0, "count", None)
    assert without["definition"]["numerator"].startswith("Cases held at the prison")
    assert without["definition"]["denominator"] is None
    staffing = rows["pom_staffing"]
    assert staffing["unit"] == "percent" and staffing["remark"].startswith("More POMs in post")
    # Not their prison, and not for those who may not see figures.
    assert head.get(reverse("api-prison-figures", args=["MDI"])).status_code == 404
    pom = client_for(Role.PRISON_POM)
    assert pom.get(reverse("api-prison-figures", args=["LEI"])).status_code == 403
    schema = head.get(reverse("api-schema"), {"format": "json"}).json()
    assert "/api/v1/prisons/{code}/figures/" in schema["paths"]
