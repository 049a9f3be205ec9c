import datetime as dt
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from cases.models import Prisoner, Role


def test_the_case_page_shows_details_and_sentence_dates(
    leeds_case: Prisoner, client_for: Callable[[str], Client]
) -> None:
    response = client_for(Role.PRISON_POM).get(
        reverse("prisoner-detail", args=[leeds_case.prison_number])
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tom Archer" in html
    assert "17 May 1990" in html
    assert "10 January 2028" in html  # the CRD


def test_the_case_page_takes_a_lower_case_prison_number(
    leeds_case: Prisoner, client_for: Callable[[str], Client]
) -> None:
    url = reverse("prisoner-detail", args=[leeds_case.prison_number.lower()])
    assert client_for(Role.PRISON_POM).get(url).status_code == 200


def test_the_history_tab_shows_who_changed_what(
    leeds_case: Prisoner, personas: dict, client_for: Callable[[str], Client]
) -> None:
    from simple_history.utils import update_change_reason

    sentence = leeds_case.sentences.get()
    sentence.conditional_release_date = dt.date(2027, 12, 1)
    sentence._history_user = personas[Role.CASE_ADMIN]
    sentence.save()
    update_change_reason(sentence, "Sentence recalculated")
    response = client_for(Role.PRISON_POM).get(
        reverse("prisoner-history", args=[leeds_case.prison_number])
    )
    html = response.content.decode()
    assert "Sentence: changed" in html
    assert "10 January 2028 &rarr; 1 December 2027" in html
    assert personas[Role.CASE_ADMIN].get_full_name() in html
    assert "Sentence recalculated" in html


def _case_page_queries(case: Prisoner, pom: object, sessions: int, client: Client) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cases.services import session_log

    for n in range(sessions):
        session_log(
            prisoner=case,
            acting_user=pom,  # type: ignore[arg-type]  # a staff user
            data={
                "kind": "pom_supervision",
                "occurred_at": dt.datetime(2026, 10, 1 + n, 10, 0, tzinfo=dt.UTC),
                "duration_minutes": 30,
                "summary": f"Session {n}.",
            },
        )
    url = reverse("prisoner-detail", args=[case.prison_number])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_case_page_costs_the_same_queries_whatever_the_case_holds(
    leeds: object, personas: dict, client_for: Callable[[str], Client]
) -> None:
    from cases.models import Allocation
    from tests.factories import PrisonerFactory, SentenceFactory

    pom = personas[Role.PRISON_POM]
    client = client_for(Role.PRISON_POM)
    found = []
    for sessions in (1, 15):
        case = PrisonerFactory(current_prison=leeds)
        SentenceFactory(prisoner=case)
        Allocation.objects.create(prisoner=case, primary_pom=pom)
        found.append(_case_page_queries(case, pom, sessions, client))
    few, many = found
    assert few == many  # sessions, tasks and timeline read in a fixed number of queries
    # pinned: every panel reads in its own fixed number; the history names the people and the
    # prison its changes point at in one query each. Who holds the case and its prison's
    # policy come with the case (the access layer's read): no panel reads them again. The POM
    # opening their own case is the only holder, so no query reads the holders.
    assert many == 17, many


def test_the_case_page_reads_the_other_holders_in_one_query(
    leeds: object, personas: dict, client_for: Callable[[str], Client]
) -> None:
    from cases.models import Allocation
    from tests.factories import PrisonerFactory, SentenceFactory, UserFactory

    pom = personas[Role.PRISON_POM]
    client = client_for(Role.PRISON_POM)
    case = PrisonerFactory(current_prison=leeds)
    SentenceFactory(prisoner=case)
    others = (
        UserFactory(first_name="Kim", last_name="Keys"),
        UserFactory(first_name="Cy", last_name="Com"),
    )
    Allocation.objects.create(prisoner=case, primary_pom=pom, keyworker=others[0], com=others[1])
    # The keyworker and the COM, read together: one query more than a case the POM alone holds.
    assert _case_page_queries(case, pom, 1, client) == 18
    html = client.get(reverse("prisoner-detail", args=[case.prison_number])).content.decode()
    holders = html[html.index('data-testid="allocation"') :]
    assert "Kim Keys" in holders[: holders.index("</dl>")], holders[:2000]
