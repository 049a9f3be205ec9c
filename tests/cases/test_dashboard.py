"""The head of OMU's dashboard: figures equal hand counts, trends, drill-down, exports, API."""

import datetime as dt
from collections.abc import Callable, Iterator
from types import SimpleNamespace

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases import figures, rules
from cases.models import (
    Allocation,
    DailyStatistic,
    Prison,
    Prisoner,
    PrisonPolicy,
    Role,
    Session,
    StaffRole,
)
from tests.factories import PrisonerFactory, PrisonFactory, SentenceFactory

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=rules.LONDON)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def case(prison: Prison, *, crd: dt.date = dt.date(2028, 6, 1), **kwargs: object) -> Prisoner:
    prisoner = PrisonerFactory(current_prison=prison, **kwargs)
    SentenceFactory(
        prisoner=prisoner,
        sentence_start_date=dt.date(2025, 1, 10),
        conditional_release_date=crd,
        sentence_expiry_date=dt.date(2030, 1, 1),
    )
    return prisoner


@pytest.fixture
def unit(leeds: Prison, personas: dict) -> dict[str, Prisoner]:
    """Hand-counted: 4 cases in scope (1 without a POM, 1 past handover), 1 remand."""
    pom = personas[Role.PRISON_POM]
    keyworker = personas[Role.KEYWORKER]
    long_ago = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)
    cases = {
        "no_pom": case(leeds),
        "contact_overdue": case(leeds),
        "seen": case(leeds),
        "past_handover": case(leeds, crd=dt.date(2027, 3, 1)),  # handover 2026-06-17
        "remand": PrisonerFactory(current_prison=leeds, legal_status="remand"),
    }
    for name in ("contact_overdue", "seen", "past_handover"):
        Allocation.objects.create(
            prisoner=cases[name], primary_pom=pom, keyworker=keyworker, pom_allocated_at=long_ago
        )
    Session.objects.create(
        prisoner=cases["seen"],
        staff=pom,
        kind="pom_supervision",
        duration_minutes=30,
        occurred_at=NOW - dt.timedelta(days=20),
    )
    Session.objects.create(
        prisoner=cases["past_handover"],
        staff=pom,
        kind="pom_supervision",
        duration_minutes=30,
        occurred_at=NOW - dt.timedelta(days=40),
    )
    Session.objects.create(  # last week's keywork: one held of three expected
        prisoner=cases["seen"],
        staff=keyworker,
        kind="keywork",
        duration_minutes=45,
        occurred_at=dt.datetime(2026, 11, 17, 10, tzinfo=dt.UTC),
    )
    return cases


def by_key(prison: Prison) -> dict[str, figures.Figure]:
    return {f.key: f for f in figures.prison_figures(prison, today=TODAY)}


def test_each_figure_equals_the_hand_count(leeds: Prison, unit: dict[str, Prisoner]) -> None:
    f = by_key(leeds)
    assert f["cases_without_pom"].numerator == 1
    assert f["cases_without_pom"].case_ids == {unit["no_pom"].pk}
    assert (f["com_responsible"].numerator, f["com_responsible"].denominator) == (1, 4)
    assert f["com_responsible"].case_ids == {unit["past_handover"].pk}
    # Medium ROSH: quarterly. Allocated in January, never seen: overdue; seen 20 or 40 days ago: not.
    assert (f["pom_contact_overdue"].numerator, f["pom_contact_overdue"].denominator) == (1, 3)
    assert f["pom_contact_overdue"].case_ids == {unit["contact_overdue"].pk}
    keywork = f["keywork_sessions_held"]
    assert (keywork.numerator, keywork.denominator, keywork.value) == (1, 3, 33.3)
    assert keywork.on_target is False


def test_the_dashboard_costs_the_same_queries_whatever_the_prison_size(
    leeds: Prison,
    unit: dict,
    client_for: Callable[[str], Client],
    django_assert_max_num_queries: Callable,
) -> None:
    client = client_for(Role.HEAD_OF_OMU)
    client.get(reverse("dashboard"))
    with django_assert_max_num_queries(40) as small:
        client.get(reverse("dashboard"))
    for _ in range(25):
        case(leeds)
    with django_assert_max_num_queries(40) as large:
        response = client.get(reverse("dashboard"))
    assert len(large.captured_queries) == len(small.captured_queries)
    assert 'data-testid="tile-cases_without_pom"' in response.content.decode()


def test_every_case_based_figure_links_to_its_cases(
    leeds: Prison, unit: dict[str, Prisoner], client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.HEAD_OF_OMU)
    page = client.get(reverse("dashboard")).content.decode()
    url = reverse("figure-cases", args=["pom_contact_overdue"])
    assert f'href="{url}"' in page
    listed = client.get(url)
    assert [p.prison_number for p in listed.context["page"].object_list] == [
        unit["contact_overdue"].prison_number
    ]
    csv = client.get(url, {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert unit["contact_overdue"].prison_number in csv.content.decode()
    assert client.get(reverse("figure-cases", args=["nonsense"])).status_code == 404


def test_the_figures_download_as_csv(
    leeds: Prison, unit: dict, client_for: Callable[[str], Client]
) -> None:
    response = client_for(Role.HEAD_OF_OMU).get(reverse("dashboard"), {"format": "csv"})
    lines = response.content.decode().splitlines()
    assert lines[0] == "figure,value,numerator,denominator,target,explanation"
    assert any(line.startswith("Cases without a POM,1.0,1,") for line in lines)


def test_the_snapshot_is_idempotent_per_day_and_feeds_the_trend(
    leeds: Prison, unit: dict[str, Prisoner]
) -> None:
    first = figures.stats_snapshot(day=TODAY, prisons=[leeds])
    again = figures.stats_snapshot(day=TODAY, prisons=[leeds])
    assert first == again
    assert DailyStatistic.objects.filter(day=TODAY).count() == first
    figures.stats_snapshot(day=TODAY - dt.timedelta(days=7), prisons=[leeds])
    trend = figures.trends(leeds, today=TODAY)["cases_without_pom"]
    assert [day for day, _ in trend] == [TODAY - dt.timedelta(days=7), TODAY]


def test_the_backfill_command_stores_past_days(leeds: Prison, unit: dict) -> None:
    from django.core.management import call_command

    call_command("backfill_stats", days=3)
    days = set(DailyStatistic.objects.values_list("day", flat=True))
    assert days == {TODAY - dt.timedelta(days=n) for n in range(4)}


def test_the_stats_api_returns_the_daily_figures(
    leeds: Prison, moorland: Prison, unit: dict, client_for: Callable[[str], Client]
) -> None:
    figures.stats_snapshot(day=TODAY - dt.timedelta(days=1), prisons=[leeds, moorland])
    figures.stats_snapshot(day=TODAY, prisons=[leeds, moorland])
    client = client_for(Role.HEAD_OF_OMU)
    url = reverse("api-stats")
    rows = client.get(url, {"prison": "LEI", "from": str(TODAY), "to": str(TODAY)}).json()[
        "results"
    ]
    assert {r["day"] for r in rows} == {str(TODAY)}
    assert {r["prison"] for r in client.get(url).json()["results"]} == {"LEI"}  # not MDI
    without = [r for r in rows if r["key"] == "cases_without_pom"]
    assert without[0]["value"] == 1.0
    assert client.get(url, {"from": "yesterday"}).status_code == 400


@pytest.mark.parametrize(
    "role, status",
    [
        (Role.HEAD_OF_OMU, 200),
        (Role.CASE_ADMIN, 200),
        (Role.SENIOR_POM, 200),
        (Role.READ_ONLY, 200),
        (Role.PRISON_POM, 403),
        (Role.PROBATION_POM, 403),
        (Role.KEYWORKER, 403),
        (Role.COM, 403),
    ],
)
def test_poms_do_not_see_the_units_figures(
    role: str, status: int, leeds: Prison, client_for: Callable[[str], Client]
) -> None:
    client = client_for(role)
    for url in (
        reverse("dashboard"),
        reverse("figure-cases", args=["cases_without_pom"]),
        reverse("monthly-report"),
        reverse("prison-comparison"),
        reverse("api-stats"),
    ):
        assert client.get(url).status_code == status, url


def test_the_monthly_report_compares_the_start_and_end_of_the_month(
    leeds: Prison, unit: dict, client_for: Callable[[str], Client]
) -> None:
    figures.stats_snapshot(day=dt.date(2026, 10, 15), prisons=[leeds])
    figures.stats_snapshot(day=dt.date(2026, 11, 1), prisons=[leeds])
    Allocation.objects.create(prisoner=unit["no_pom"], primary_pom=None)  # still no POM
    response = client_for(Role.HEAD_OF_OMU).get(reverse("monthly-report"), {"month": "2026-11"})
    rows = {r.figure.key: r for r in response.context["rows"]}
    assert rows["cases_without_pom"].month_start == 1.0
    assert rows["cases_without_pom"].month_end == 1.0
    page = response.content.decode()
    assert "OMiC monthly report: November 2026" in page
    # The months to choose from run from the first snapshot's to this month, newest first.
    choices = [key for key, _ in response.context["form"].fields["month"].choices]
    assert choices == ["2026-11", "2026-10"]
    assert '<option value="2026-11" selected>November 2026</option>' in page


def test_a_month_not_offered_is_refused_with_a_message_and_the_newest_shown(
    leeds: Prison, unit: dict, client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.HEAD_OF_OMU)
    for asked in ("junk", "2019-01", "2026-13"):
        response = client.get(reverse("monthly-report"), {"month": asked})
        assert response.status_code == 200
        assert response.context["form"].errors == {"month": ["Choose a month from the list"]}
        assert response.context["month"] == dt.date(2026, 11, 1)
        assert "<title>Error: " in response.content.decode()
    opened = client.get(reverse("monthly-report"))
    assert opened.context["month"] == dt.date(2026, 11, 1) and not opened.context["form"].errors


def test_the_allocation_figures_count_poms_over_capacity_and_staffing(
    leeds: Prison, unit: dict, personas: dict, client_for: Callable[[str], Client]
) -> None:
    member = personas[Role.PRISON_POM].staff
    member.capacity_override = 2  # holds 3 cases
    member.save()
    f = by_key(leeds)
    assert f["poms_over_capacity"].numerator == 1
    # Three full-time POMs (prison, probation, senior) for 4 cases: 4 / 42, rounded up, is 0.1.
    assert (f["pom_staffing"].numerator, f["pom_staffing"].denominator) == (3.0, 0.1)
    assert f["pom_staffing"].remark.startswith("More POMs in post than the caseload needs")
    page = client_for(Role.HEAD_OF_OMU).get(reverse("dashboard")).content.decode()
    assert 'data-testid="caseload-table"' in page
    assert "Over" in page
    assert f'href="/allocation/caseload/{member.user.username}/"' in page  # their caseload
    senior = client_for(Role.SENIOR_POM).get(reverse("dashboard")).content.decode()
    assert f"/allocation/caseload/{member.user.username}/" not in senior  # no link they can't open


def test_the_handover_figures_equal_the_hand_count(
    leeds: Prison, unit: dict[str, Prisoner], personas: dict
) -> None:
    # CRD 2027-06-15: national handover 2026-10-01, in the last 12 weeks; no COM since.
    late = case(leeds, crd=dt.date(2027, 6, 15))
    # CRD 2027-08-20: handover 2026-12-06, upcoming from 11 October (56 days before).
    soon = case(leeds, crd=dt.date(2027, 8, 20))
    # Released in 8 weeks with no COM contacts and public protection not done.
    releasing = case(leeds, crd=dt.date(2027, 1, 18))
    f = by_key(leeds)
    assert soon.pk in f["handovers_upcoming"].case_ids
    assert late.pk not in f["handovers_upcoming"].case_ids
    assert late.pk in f["handovers_com_on_time"].case_ids  # no COM recorded
    assert releasing.pk in f["com_contacts_before_release"].case_ids
    assert releasing.pk in f["public_protection_done"].case_ids
    Allocation.objects.create(prisoner=late, com_name="Ada COM", com_allocated_on=TODAY)
    assert late.pk not in by_key(leeds)["handovers_com_on_time"].case_ids


def allow_poms_to_see_figures(prison: Prison, head: Client) -> None:
    """The head of OMU turns the setting on through the policy page, with a reason."""
    form = {**PrisonPolicy.objects.get(prison=prison).as_mapping(), "version": 0}
    response = head.post(
        reverse("prison-policy", args=[prison.code]),
        {**form, "poms_see_unit_figures": "on", "reason": "POMs asked to see the unit's figures"},
    )
    assert response.status_code == 302


def test_a_prison_can_let_its_poms_see_the_units_figures(
    leeds: Prison, moorland: Prison, unit: dict, client_for: Callable[[str], Client]
) -> None:
    figures.stats_snapshot(day=TODAY, prisons=[leeds, moorland])
    pom = client_for(Role.PRISON_POM)
    urls = [
        reverse("dashboard"),
        reverse("figure-cases", args=["cases_without_pom"]),
        reverse("monthly-report"),
        reverse("api-stats"),
    ]
    assert [pom.get(url).status_code for url in urls] == [403] * 4
    assert 'href="/dashboard/"' not in pom.get(reverse("home")).content.decode()

    allow_poms_to_see_figures(leeds, client_for(Role.HEAD_OF_OMU))

    assert [pom.get(url).status_code for url in urls] == [200] * 4
    assert 'href="/dashboard/"' in pom.get(reverse("home")).content.decode()
    stats = pom.get(reverse("api-stats")).json()["results"]
    assert {r["prison"] for r in stats} == {"LEI"}
    # Moorland has not allowed it: its POM still sees nothing, and keyworkers never do.
    assert client_for("pom_mdi").get(reverse("dashboard")).status_code == 403
    assert client_for("pom_mdi").get(reverse("api-stats")).status_code == 403
    assert client_for(Role.KEYWORKER).get(reverse("dashboard")).status_code == 403
    policy = PrisonPolicy.objects.get(prison=leeds)
    assert policy.history.first().history_change_reason == "POMs asked to see the unit's figures"


def test_the_setting_is_on_the_policy_api_and_changes_no_threshold(
    leeds: Prison, client_for: Callable[[str], Client]
) -> None:
    head = client_for(Role.HEAD_OF_OMU)
    url = reverse("api-prison-policy", args=["LEI"])
    assert head.get(url).json()["poms_see_unit_figures"] is False
    response = head.patch(
        url,
        {"poms_see_unit_figures": True, "reason": "Shared figures", "version": 0},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    policy = PrisonPolicy.objects.get(prison=leeds)
    assert policy.poms_see_unit_figures is True
    assert "poms_see_unit_figures" not in policy.as_mapping()  # never fed to the rules engine
    assert (
        "POMs may see the unit" in head.get(reverse("prison-policy", args=["LEI"])).content.decode()
    )


def test_figures_follow_the_role_held_at_each_prison(
    leeds: Prison, moorland: Prison, unit: dict, personas: dict
) -> None:
    """Head of OMU at Leeds and a POM at Moorland: Leeds's figures only, until Moorland allows."""
    head = personas[Role.HEAD_OF_OMU]
    StaffRole.objects.create(user=head, prison=moorland, role=Role.PRISON_POM)
    figures.stats_snapshot(day=TODAY, prisons=[leeds, moorland])
    client = Client()
    client.force_login(head)
    assert {r["prison"] for r in client.get(reverse("api-stats")).json()["results"]} == {"LEI"}
    session = client.session
    session["active_prison"] = "MDI"
    session.save()
    assert client.get(reverse("dashboard")).status_code == 403
    PrisonPolicy.objects.filter(prison=moorland).update(poms_see_unit_figures=True)
    assert client.get(reverse("dashboard")).status_code == 200
    prisons = {r["prison"] for r in client.get(reverse("api-stats")).json()["results"]}
    assert prisons == {"LEI", "MDI"}


def test_staff_with_several_prisons_compare_them_from_the_snapshots(
    leeds: Prison,
    moorland: Prison,
    unit: dict,
    personas: dict,
    django_assert_max_num_queries: Callable,
) -> None:
    head = personas[Role.HEAD_OF_OMU]
    StaffRole.objects.create(user=head, prison=moorland, role=Role.HEAD_OF_OMU)
    figures.stats_snapshot(day=TODAY - dt.timedelta(days=3), prisons=[moorland])
    figures.stats_snapshot(day=TODAY - dt.timedelta(days=1), prisons=[leeds])
    client = Client()
    client.force_login(head)
    assert "Compare your prisons" in client.get(reverse("dashboard")).content.decode()
    response = client.get(reverse("prison-comparison"))
    rows = {r.prison.code: r for r in response.context["rows"]}
    assert rows["LEI"].day == TODAY - dt.timedelta(days=1)
    assert rows["MDI"].day == TODAY - dt.timedelta(days=3)
    columns = list(figures.COMPARISON_COLUMNS)
    without_pom = rows["LEI"].cells[columns.index("cases_without_pom")]
    assert (without_pom.value, without_pom.on_target) == (1.0, None)  # no target: a count
    contact = rows["LEI"].cells[columns.index("pom_contact_overdue")]
    assert (contact.numerator, contact.denominator, contact.on_target) == (1, 3, False)
    html = response.content.decode()
    assert "HMP Leeds" in html and "HMP Moorland" in html and "govuk-tag--red" in html
    csv_rows = client.get(reverse("prison-comparison"), {"format": "csv"}).content.decode()
    assert csv_rows.splitlines()[0].startswith("prison_code,prison,as_at,cases_without_pom")
    assert any(
        line.startswith(f"LEI,HMP Leeds,{TODAY - dt.timedelta(days=1)},1.0")
        for line in csv_rows.splitlines()
    )
    # Another prison costs no query: the latest snapshots are read in one go.
    with CaptureQueriesContext(connection) as two_prisons:
        client.get(reverse("prison-comparison"))
    budget = len(two_prisons.captured_queries)
    third = PrisonFactory(code="WDI", name="HMP Wakefield")
    StaffRole.objects.create(user=head, prison=third, role=Role.HEAD_OF_OMU)
    figures.stats_snapshot(day=TODAY, prisons=[third])
    # A new role recounts the navigation badge once (its prisons changed); then, as above,
    # the page is measured with the badge already counted.
    client.get(reverse("prison-comparison"))
    with django_assert_max_num_queries(budget):
        again = client.get(reverse("prison-comparison"))
    assert len(again.context["rows"]) == 3


def test_the_comparison_is_only_for_those_who_see_figures(
    leeds: Prison, client_for: Callable[[str], Client]
) -> None:
    assert client_for(Role.PRISON_POM).get(reverse("prison-comparison")).status_code == 403
    assert client_for(Role.KEYWORKER).get(reverse("prison-comparison")).status_code == 403
    single = client_for(Role.HEAD_OF_OMU).get(reverse("prison-comparison"))
    assert single.status_code == 200 and [r.prison.code for r in single.context["rows"]] == ["LEI"]
    assert single.context["rows"][0].day is None and "No snapshot yet" in single.content.decode()


def test_the_stats_api_gives_each_prisons_latest_day(
    leeds: Prison, moorland: Prison, unit: dict, personas: dict
) -> None:
    head = personas[Role.HEAD_OF_OMU]
    StaffRole.objects.create(user=head, prison=moorland, role=Role.HEAD_OF_OMU)
    for day in (TODAY - dt.timedelta(days=2), TODAY - dt.timedelta(days=1)):
        figures.stats_snapshot(day=day, prisons=[leeds])
    figures.stats_snapshot(day=TODAY - dt.timedelta(days=5), prisons=[moorland])
    client = Client()
    client.force_login(head)
    results = client.get(reverse("api-stats"), {"latest": "true"}).json()["results"]
    assert {(r["prison"], r["day"]) for r in results} == {
        ("LEI", str(TODAY - dt.timedelta(days=1))),
        ("MDI", str(TODAY - dt.timedelta(days=5))),
    }
    older = client.get(
        reverse("api-stats"), {"latest": "true", "to": str(TODAY - dt.timedelta(days=2))}
    ).json()["results"]
    assert {(r["prison"], r["day"]) for r in older} == {
        ("LEI", str(TODAY - dt.timedelta(days=2))),
        ("MDI", str(TODAY - dt.timedelta(days=5))),
    }
    contact = next(r for r in results if r["prison"] == "LEI" and r["key"] == "pom_contact_overdue")
    assert contact["on_target"] is False


def test_the_caseload_chart_scales_each_bar_to_the_largest_load_or_capacity() -> None:
    bars = [
        SimpleNamespace(load=11.0, capacity=10, status="over"),
        SimpleNamespace(load=5.5, capacity=10, status="under"),
        SimpleNamespace(load=10.0, capacity=10, status="at"),
    ]
    board = figures.Dashboard(tiles=[], caseloads=bars)
    assert board.chart_max == pytest.approx(12.1)  # a tenth beyond the largest, 11 cases
    drawn = board.chart
    assert [d.width for d in drawn] == [273, 136, 248]  # 300 * load / 12.1, rounded
    assert {d.capacity_x for d in drawn} == {248}
    assert [d.fill for d in drawn] == ["#d4351c", "#1d70b8", "#f47738"]
    assert max(d.width for d in drawn) < figures.CHART_WIDTH
    assert figures.Dashboard(tiles=[], caseloads=[]).chart == []
