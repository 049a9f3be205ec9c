"""The pages that change a case's facts: who reaches them, the arrival and the sentence. Only
case admins and the head of OMU reach them, each shows its errors in the user's words (and
writes nothing), and each goes through the data-in services."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Allocation, Movement, Prison, Prisoner, Role, Sentence
from tests.cases.fact_forms import counts, day
from tests.factories import PrisonerFactory, staff

ADMINS = {Role.CASE_ADMIN.value, Role.HEAD_OF_OMU.value}
ALL = {r.value for r in Role}


def case_pages(number: str) -> list[str]:
    return [
        reverse("sentence-edit", args=[number]),
        reverse("details-edit", args=[number]),
        reverse("prisoner-transfer", args=[number]),
        reverse("prisoner-release", args=[number]),
    ]


PRISON_PAGES = [reverse("arrival-new"), reverse("prisoner-merge")]


@pytest.mark.parametrize("role", sorted(ALL))
def test_only_case_admins_and_the_head_of_omu_reach_the_pages(
    role: str, personas: dict, client_for: Callable[[str], Client], leeds_case: Prisoner
) -> None:
    # The COM holds the case, so sees it: they are refused the change, not the case.
    Allocation.objects.create(prisoner=leeds_case, com=personas[Role.COM])
    client = client_for(role)
    for url in [*PRISON_PAGES, *case_pages(leeds_case.prison_number)]:
        status = client.get(url).status_code
        assert status == (200 if role in ADMINS else 403), (role, url, status)
        if role not in ADMINS:
            assert client.post(url, {}).status_code == 403, (role, url)


def test_a_case_admin_at_another_prison_cannot_reach_leeds_cases(
    moorland: Prison, leeds_case: Prisoner
) -> None:
    client = Client()
    client.force_login(staff("admin_mdi", Role.CASE_ADMIN, moorland))
    before = counts()
    for url in case_pages(leeds_case.prison_number):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"reason": "x"}).status_code == 404, url
    response = client.post(
        reverse("prisoner-merge"),
        {"kept": leeds_case.prison_number, "removed": "A9999ZZ", "confirm": "yes"},
    )
    assert "There is no prisoner with the number" in response.content.decode()
    assert counts() == before


def test_the_case_page_links_to_the_changes_for_those_who_may_make_them(
    client_for: Callable[[str], Client], leeds_case: Prisoner
) -> None:
    url = reverse("prisoner-detail", args=[leeds_case.prison_number])
    admin = client_for(Role.CASE_ADMIN).get(url).content.decode()
    for page in case_pages(leeds_case.prison_number):
        assert f'href="{page}"' in admin
    assert "Merge with another record" in admin
    pom = client_for(Role.PRISON_POM).get(url).content.decode()
    assert "Change the record" not in pom


def test_the_home_page_offers_case_admins_arrivals_the_roll_and_merges(
    client_for: Callable[[str], Client], leeds: Prison
) -> None:
    html = client_for(Role.CASE_ADMIN).get(reverse("home")).content.decode()
    assert f'href="{reverse("arrival-new")}"' in html
    assert f'href="{reverse("roll-import", args=["LEI"])}"' in html
    assert f'href="{reverse("prisoner-merge")}"' in html
    pom = client_for(Role.PRISON_POM).get(reverse("home")).content.decode()
    assert reverse("arrival-new") not in pom


# --- Arrival ---------------------------------------------------------------------------------


def arrival(**fields: object) -> dict[str, object]:
    data: dict[str, object] = {
        "prison_number": "b1234cd",
        "first_name": "Dan",
        "last_name": "Smith",
        "legal_status": "sentenced",
        "location": "B-3-023",
        "arrival_time": "14:30",
        **day("date_of_birth", dt.date(1990, 4, 12)),
        **day("arrival_date", dt.date(2026, 11, 20)),
        **day("sentence_start_date", dt.date(2026, 11, 19)),
        **day("conditional_release_date", dt.date(2029, 5, 18)),
        **day("sentence_expiry_date", dt.date(2031, 11, 18)),
    }
    data.update(fields)
    return data


def test_an_arrival_creates_the_case_with_its_sentence_and_movement(
    client_for: Callable[[str], Client], leeds: Prison, personas: dict
) -> None:
    response = client_for(Role.CASE_ADMIN).post(reverse("arrival-new"), arrival(), follow=True)
    prisoner = Prisoner.objects.get(prison_number="B1234CD")
    assert response.redirect_chain[-1][0] == reverse("prisoner-detail", args=["B1234CD"])
    assert "Dan Smith (B1234CD) has arrived at HMP Leeds." in response.content.decode()
    assert prisoner.current_prison == leeds and prisoner.location == "B-3-023"
    sentence = prisoner.sentences.get(is_current=True)
    assert sentence.conditional_release_date == dt.date(2029, 5, 18)
    assert sentence.parole_eligibility_date is None
    movement = prisoner.movements.get()
    assert movement.kind == Movement.Kind.ADMISSION
    assert movement.occurred_at == dt.datetime(2026, 11, 20, 14, 30, tzinfo=dt.UTC)
    assert movement.recorded_by == personas[Role.CASE_ADMIN]


def test_an_empty_arrival_lists_every_missing_answer_and_writes_nothing(
    client_for: Callable[[str], Client], leeds: Prison
) -> None:
    before = counts()
    response = client_for(Role.CASE_ADMIN).post(reverse("arrival-new"), {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Record an arrival" in html
    start = html.index("govuk-error-summary")
    summary = html[start : html.index("</ul>", start)]
    for message in (
        "Enter the prison number",
        "Enter the first name",
        "Enter the last name",
        "Enter the date of birth",
        "Choose the legal status",
        "Enter the date of arrival",
        "Enter the time of arrival",
    ):
        assert message in summary, message
    assert 'href="#id_prison_number"' in summary
    assert counts() == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"prison_number": "12345"}, "Enter a prison number as one letter, four numbers"),
        (day("date_of_birth", dt.date(2099, 1, 1)), "The date of birth must be in the past"),
        (
            {"date_of_birth_0": "31", "date_of_birth_1": "2", "date_of_birth_2": "1990"},
            "The date of birth must be a real date",
        ),
        (
            {"date_of_birth_0": "31", "date_of_birth_1": "12", "date_of_birth_2": "9999"},
            "The year of the date of birth must be between 1900 and 2199",
        ),
        (
            {"date_of_birth_0": "", "date_of_birth_1": "", "date_of_birth_2": "1990"},
            "The date of birth must include a day and month",
        ),
        (
            {"date_of_birth_0": "1", "date_of_birth_1": "1", "date_of_birth_2": "90"},
            "The year of the date of birth must have 4 numbers",
        ),
        (day("sentence_start_date", None), "Enter the sentence date: the key dates need it"),
        (day("arrival_date", dt.date(2099, 1, 1)), "The date of arrival must be today or in"),
        ({"arrival_time": "25:00"}, "Enter the time of arrival as hours and minutes"),
        (
            day("conditional_release_date", dt.date(2026, 1, 1)),
            "The CRD must be on or after the sentence date",
        ),
        (
            day("conditional_release_date", dt.date(2032, 1, 1)),
            "The CRD must be on or before the sentence expiry date",
        ),
    ],
)
def test_a_bad_arrival_says_what_is_wrong_and_writes_nothing(
    fields: dict, message: str, client_for: Callable[[str], Client], leeds: Prison
) -> None:
    before = counts()
    response = client_for(Role.CASE_ADMIN).post(reverse("arrival-new"), arrival(**fields))
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "<title>Error: " in html
    assert counts() == before


def test_someone_already_here_cannot_arrive_again(
    client_for: Callable[[str], Client], leeds_case: Prisoner
) -> None:
    before = counts()
    response = client_for(Role.CASE_ADMIN).post(
        reverse("arrival-new"), arrival(prison_number=leeds_case.prison_number)
    )
    assert f"{leeds_case.prison_number} is already held at HMP Leeds." in response.content.decode()
    assert counts() == before


def test_an_arrival_from_another_prison_is_a_transfer_in(
    client_for: Callable[[str], Client], leeds: Prison, moorland_case: Prisoner
) -> None:
    client_for(Role.CASE_ADMIN).post(
        reverse("arrival-new"), arrival(prison_number=moorland_case.prison_number)
    )
    moorland_case.refresh_from_db()
    assert moorland_case.current_prison == leeds
    assert moorland_case.movements.get().kind == Movement.Kind.TRANSFER


# --- Sentence ---------------------------------------------------------------------------------


def sentence_form(prisoner: Prisoner, **fields: object) -> dict[str, object]:
    """The sentence page's form as it is filled in now, with `fields` changed."""
    current = prisoner.sentences.get(is_current=True)
    data: dict[str, object] = {"legal_status": prisoner.legal_status, "reason": "Recalculated"}
    data.update(day("sentence_start_date", current.sentence_start_date))
    for name in Sentence.KEY_DATES:
        data.update(day(name, getattr(current, name)))
    data.update(fields)
    return data


def test_changing_a_key_date_saves_it_and_shows_it_in_the_history(
    client_for: Callable[[str], Client], leeds_case: Prisoner, personas: dict
) -> None:
    url = reverse("sentence-edit", args=[leeds_case.prison_number])
    client = client_for(Role.CASE_ADMIN)
    form = sentence_form(
        leeds_case,
        reason="NOMIS recalculated the CRD",
        **day("conditional_release_date", dt.date(2027, 12, 1)),
        **day("parole_eligibility_date", dt.date(2027, 6, 1)),
    )
    response = client.post(url, form, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == url
    assert "Sentence saved." in html
    sentence = leeds_case.sentences.get(is_current=True)
    assert sentence.conditional_release_date == dt.date(2027, 12, 1)
    assert sentence.parole_eligibility_date == dt.date(2027, 6, 1)
    history = html[html.index('data-testid="sentence-history"') :]
    assert "10 January 2028 &rarr; 1 December 2027" in history
    assert "NOMIS recalculated the CRD" in history
    assert personas[Role.CASE_ADMIN].get_full_name() in history
    latest = sentence.history.order_by("-history_id").first()
    assert latest.history_user == personas[Role.CASE_ADMIN]


def test_an_empty_key_date_is_removed_and_the_same_values_change_nothing(
    client_for: Callable[[str], Client], leeds_case: Prisoner
) -> None:
    url = reverse("sentence-edit", args=[leeds_case.prison_number])
    client = client_for(Role.CASE_ADMIN)
    before = Sentence.history.count()
    response = client.post(url, sentence_form(leeds_case), follow=True)
    assert "Nothing was changed" in response.content.decode()
    assert Sentence.history.count() == before
    client.post(url, sentence_form(leeds_case, **day("conditional_release_date", None)))
    assert leeds_case.sentences.get(is_current=True).conditional_release_date is None


def test_a_sentence_that_breaks_its_rules_is_refused_on_its_field(
    client_for: Callable[[str], Client], leeds_case: Prisoner
) -> None:
    before = counts()
    url = reverse("sentence-edit", args=[leeds_case.prison_number])
    form = sentence_form(leeds_case, **day("licence_expiry_date", dt.date(2025, 1, 1)))
    response = client_for(Role.CASE_ADMIN).post(url, form)
    html = response.content.decode()
    assert "<title>Error: Change the sentence" in html
    assert 'href="#id_licence_expiry_date_0"' in html  # a whole-date error links to the day
    assert "The LED must be on or after the sentence date (2026-01-10)." in html
    assert counts() == before


def test_the_sentence_needs_a_reason_and_its_date(
    client_for: Callable[[str], Client], leeds_case: Prisoner
) -> None:
    before = counts()
    url = reverse("sentence-edit", args=[leeds_case.prison_number])
    form = sentence_form(leeds_case, reason="", **day("sentence_start_date", None))
    html = client_for(Role.CASE_ADMIN).post(url, form).content.decode()
    assert "Say why you are making this change" in html
    assert "Enter the sentence date" in html
    assert counts() == before


def test_a_remand_prisoner_is_sentenced_on_the_sentence_page(
    client_for: Callable[[str], Client], leeds: Prison
) -> None:
    prisoner = PrisonerFactory(current_prison=leeds, legal_status=Prisoner.LegalStatus.REMAND)
    url = reverse("sentence-edit", args=[prisoner.prison_number])
    client = client_for(Role.CASE_ADMIN)
    assert client.get(url).status_code == 200
    client.post(
        url,
        {
            "legal_status": "sentenced",
            "reason": "Sentenced at court",
            **day("sentence_start_date", dt.date(2026, 11, 1)),
            **day("conditional_release_date", dt.date(2028, 5, 1)),
        },
    )
    prisoner.refresh_from_db()
    assert prisoner.legal_status == Prisoner.LegalStatus.SENTENCED
    assert prisoner.sentences.get().conditional_release_date == dt.date(2028, 5, 1)


def test_the_sentence_history_shows_legal_status_changes_but_no_other_details(
    client_for: Callable[[str], Client], leeds_case: Prisoner
) -> None:
    url = reverse("sentence-edit", args=[leeds_case.prison_number])
    client = client_for(Role.CASE_ADMIN)
    client.post(url, sentence_form(leeds_case, legal_status="recalled", reason="Recalled"))
    html = client.get(url).content.decode()
    history = html[html.index('data-testid="sentence-history"') :]
    assert "Legal status: changed" in history
    assert "Sentenced &rarr; Recalled" in history
    assert "Prisoner details" not in history
