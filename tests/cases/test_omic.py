"""The rules engine wired into the case page, the API and the prison's policy."""

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from cases import rules
from cases.models import Prison, Prisoner, PrisonPolicy, Role
from cases.selectors import evaluate_cases, with_case_columns
from cases.services.state import states_refresh_ids
from tests.factories import MovementFactory, PrisonerFactory, SentenceFactory, store_answers

TODAY = dt.datetime(2026, 11, 23, 10, 0, tzinfo=rules.LONDON)


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


def detail(client: Client, prisoner: Prisoner) -> str:
    return client.get(reverse("prisoner-detail", args=[prisoner.prison_number])).content.decode()


def test_the_case_page_shows_the_engines_dates_with_their_explanations(
    leeds_case: Prisoner, client_for: Callable[[str], Client]
) -> None:
    html = detail(client_for(Role.PRISON_POM), leeds_case)
    assert 'data-testid="omic-panel"' in html
    assert "Custody case" in html
    assert "Prison POM" in html  # tier C2, medium ROSH
    # National rule: CRD 2028-01-10 less 8 months and 14 days.
    assert "26 April 2027" in html
    assert "Handover on 26 April 2027" in html and "10 January 2028" in html  # the explanation


def test_a_policy_change_shows_on_the_next_read_and_in_the_history(
    leeds_case: Prisoner, personas: dict, client_for: Callable[[str], Client]
) -> None:
    head = client_for(Role.HEAD_OF_OMU)
    url = reverse("prison-policy", args=["LEI"])
    form = {**PrisonPolicy.objects.get(prison__code="LEI").as_mapping(), "version": 0}
    response = head.post(
        url, {**form, "handover_rule": "single_point", "reason": "Pilot of one handover point"}
    )
    assert response.status_code == 302
    html = detail(client_for(Role.PRISON_POM), leeds_case)
    assert "10 January 2027" in html  # CRD less 12 months
    assert "15 November 2026" in html  # COM allocated 8 weeks before that
    page = head.get(url).content.decode()
    assert "Pilot of one handover point" in page
    assert "National (current rules) &rarr; Single point for all cases" in page
    assert personas[Role.HEAD_OF_OMU].get_full_name() in page


def test_a_bad_policy_value_is_refused_and_changes_nothing(
    leeds: Prison, client_for: Callable[[str], Client]
) -> None:
    head = client_for(Role.HEAD_OF_OMU)
    url = reverse("prison-policy", args=["LEI"])
    form = {**PrisonPolicy.objects.get(prison=leeds).as_mapping(), "version": 0}
    response = head.post(url, {**form, "keywork_frequency_weeks": 9, "reason": "More keywork"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    missing_reason = head.post(url, {**form, "pom_capacity": 30, "reason": ""})
    assert "govuk-error-summary" in missing_reason.content.decode()
    policy = PrisonPolicy.objects.get(prison=leeds)
    assert (policy.keywork_frequency_weeks, policy.pom_capacity) == (1, 42)
    assert policy.history.count() == 1  # only the creation


@pytest.mark.parametrize(
    "role, get_status, post_status",
    [
        (Role.HEAD_OF_OMU, 200, 302),
        (Role.CASE_ADMIN, 200, 403),
        (Role.PRISON_POM, 200, 403),
        (Role.READ_ONLY, 200, 403),
        (Role.COM, 403, 403),
    ],
)
def test_only_the_head_of_omu_changes_the_policy(
    role: str, get_status: int, post_status: int, leeds: Prison, client_for: Callable[[str], Client]
) -> None:
    client = client_for(role)
    url = reverse("prison-policy", args=["LEI"])
    assert client.get(url).status_code == get_status
    form = {**PrisonPolicy.objects.get(prison=leeds).as_mapping(), "version": 0}
    assert (
        client.post(url, {**form, "pom_capacity": 40, "reason": "Staffing"}).status_code
        == post_status
    )


def test_the_policy_of_another_prison_is_not_found(
    moorland: Prison, client_for: Callable[[str], Client]
) -> None:
    assert (
        client_for(Role.HEAD_OF_OMU).get(reverse("prison-policy", args=["MDI"])).status_code == 404
    )


def test_the_policy_api_reads_and_changes_with_a_reason(
    leeds_case: Prisoner, client_for: Callable[[str], Client]
) -> None:
    url = reverse("api-prison-policy", args=["LEI"])
    head = client_for(Role.HEAD_OF_OMU)
    assert head.get(url).json()["handover_rule"] == "national"
    no_reason = head.patch(url, {"pom_capacity": 38, "version": 0}, content_type="application/json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    bad = head.patch(
        url,
        {"keywork_frequency_weeks": 0, "reason": "x", "version": 0},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "keywork_frequency_weeks" in bad.json()
    ok = head.patch(
        url,
        {"handover_rule": "single_point", "reason": "Pilot", "version": 0},
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["handover_rule"] == "single_point"
    pom = client_for(Role.PRISON_POM)
    assert (
        pom.patch(
            url, {"pom_capacity": 1, "reason": "x"}, content_type="application/json"
        ).status_code
        == 403
    )
    omic = pom.get(reverse("api-prisoner-detail", args=[leeds_case.prison_number])).json()["omic"]
    assert omic["handover"]["handover_date"] == "2027-01-10"
    assert omic["handover"]["com_allocation_date"] == "2026-11-15"


def test_the_api_detail_matches_omic_evaluate_for_the_same_facts(
    leeds_case: Prisoner, client_for: Callable[[str], Client]
) -> None:
    MovementFactory(
        prisoner=leeds_case, occurred_at=dt.datetime(2026, 11, 20, 14, 30, tzinfo=dt.UTC)
    )
    omic = (
        client_for(Role.PRISON_POM)
        .get(reverse("api-prisoner-detail", args=[leeds_case.prison_number]))
        .json()["omic"]
    )
    facts, policy = rules.parse_case_facts(
        {
            "as_of": "2026-11-23",
            "legal_status": "sentenced",
            "prison": {"code": "LEI", "function": "reception"},
            "date_of_birth": "1990-05-17",
            "arrival_datetime": "2026-11-20T14:30:00+00:00",
            "sentence_start_date": "2026-01-10",
            "tier": "C2",
            "rosh": "medium",
            "dates": {
                "conditional_release_date": "2028-01-10",
                "sentence_expiry_date": "2030-01-10",
            },
        }
    )
    from cases.bank_holidays import bank_holidays_for

    expected = rules.evaluation_as_json(
        rules.evaluate(facts, policy, holidays=bank_holidays_for(facts, policy))
    )
    assert omic == expected
    assert omic["deadlines"]["bcs"]["due"].startswith("2026-11-23T14:30:00")


def test_the_api_filters_by_case_type(leeds: Prison, client_for: Callable[[str], Client]) -> None:
    custody = PrisonerFactory(current_prison=leeds)
    SentenceFactory(prisoner=custody)
    community = PrisonerFactory(current_prison=leeds)
    SentenceFactory(  # exactly 10 months to serve: a community case
        prisoner=community,
        sentence_start_date=dt.date(2026, 3, 31),
        conditional_release_date=dt.date(2027, 1, 31),
    )
    store_answers()
    client = client_for(Role.PRISON_POM)
    url = reverse("api-prisoner-list")

    def numbers(case_type: str) -> list[str]:
        return [
            r["prison_number"] for r in client.get(url, {"case_type": case_type}).json()["results"]
        ]

    assert numbers("custody") == [custody.prison_number]
    assert numbers("community") == [community.prison_number]


@pytest.mark.parametrize("rows", [2, 25])
def test_evaluating_a_prison_costs_the_same_queries_whatever_its_size(
    rows: int, leeds: Prison, django_assert_num_queries: Callable
) -> None:
    for _ in range(rows):
        SentenceFactory(prisoner=PrisonerFactory(current_prison=leeds))
    # Every fact in one query, prisons and policies in one, then one per app recording facts:
    # screening (documents, categorisation, OASys), handover (parole outcome, override).
    with django_assert_num_queries(4):
        results = evaluate_cases(Prisoner.objects.filter(current_prison=leeds), today=TODAY.date())
    assert len(results) == rows


@pytest.mark.parametrize(
    "dates, expected",
    [
        (
            {
                "conditional_release_date": dt.date(2028, 1, 1),
                "automatic_release_date": dt.date(2027, 1, 1),
            },
            "CRD before ARD",
        ),
        (
            {
                "confirmed_release_date": dt.date(2027, 3, 1),
                "conditional_release_date": dt.date(2028, 1, 1),
            },
            "confirmed first",
        ),
        (
            {
                "actual_parole_date": dt.date(2027, 5, 1),
                "conditional_release_date": dt.date(2028, 1, 1),
            },
            "APD before CRD",
        ),
        (
            {
                "home_detention_curfew_actual_date": dt.date(2027, 2, 1),
                "conditional_release_date": dt.date(2028, 1, 1),
            },
            "HDCAD before CRD",
        ),
        (
            {"parole_eligibility_date": dt.date(2027, 6, 1), "tariff_date": dt.date(2027, 1, 1)},
            "soonest future",
        ),
        (
            {"parole_eligibility_date": dt.date(2025, 6, 1), "tariff_date": dt.date(2029, 1, 1)},
            "past PED ignored",
        ),
        ({"parole_eligibility_date": dt.date(2025, 6, 1)}, "only past dates"),
        (
            {"parole_eligibility_date": dt.date(2026, 11, 23), "tariff_date": dt.date(2027, 1, 1)},
            "today counts as future",
        ),
        ({}, "nothing set"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_the_list_release_date_is_the_engines_stored_answer(
    leeds: Prison, dates: dict, expected: str
) -> None:
    prisoner = PrisonerFactory(current_prison=leeds)
    base = {"conditional_release_date": None, "sentence_expiry_date": None}
    SentenceFactory(prisoner=prisoner, sentence_start_date=dt.date(2024, 1, 1), **{**base, **dates})
    states_refresh_ids([prisoner.pk], today=TODAY.date())
    sql = with_case_columns(Prisoner.objects.filter(pk=prisoner.pk)).get()
    engine = evaluate_cases(Prisoner.objects.filter(pk=prisoner.pk), today=TODAY.date())[
        prisoner.pk
    ]
    assert sql.display_release_date == engine.display_release_date.date
