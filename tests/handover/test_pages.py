"""Handover pages: who reaches what, COM scoping, what the pages say, and pinned query counts."""

import csv
import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cases import rules as omic
from cases.models import Allocation, Prison, Prisoner, Role, StaffRole
from handover import services
from handover.models import ChecklistItem, HandoverContact, ResponsibilityOverride
from tests.downloads import csv_lines
from tests.factories import staff, store_answers
from tests.handover.conftest import TODAY, make_case

ALL = {r.value for r in Role}
OMU = ALL - {Role.COM}
LISTS = ALL - {Role.KEYWORKER}
WRITERS = {Role.PRISON_POM, Role.PROBATION_POM, Role.SENIOR_POM, Role.HEAD_OF_OMU, Role.CASE_ADMIN}


def urls(number: str) -> list[tuple[str, set[str], dict[str, int]]]:
    """(url, roles that get 200, status for each other role: 403 unless said)."""
    com_404 = {Role.COM: 404}
    return [
        (reverse("handover-list"), LISTS, {}),
        (reverse("handover-parole"), LISTS, {}),
        (reverse("handover-case", args=[number]), OMU, com_404),
        (reverse("handover-summary", args=[number]), OMU, com_404),
        (reverse("handover-letter", args=[number]), OMU, com_404),
        (reverse("handover-item", args=[number, "rotl"]), WRITERS, com_404),
        (reverse("handover-contact-new", args=[number]), WRITERS, com_404),
        (reverse("handover-note-new", args=[number]), WRITERS, com_404),
        (reverse("handover-parole-review-new", args=[number]), WRITERS, {}),
        (reverse("handover-override", args=[number]), {Role.HEAD_OF_OMU}, {}),
        (reverse("handover-override-remove", args=[number]), {Role.HEAD_OF_OMU}, {}),
        (reverse("api-handover-list"), LISTS, {}),
        (reverse("api-parole-cases"), LISTS, {}),
        (reverse("api-handover-detail", args=[number]), OMU, com_404),
    ]


@pytest.mark.parametrize("role", sorted(ALL))
def test_each_role_reaches_exactly_its_handover_pages(
    role: str, client_for: Callable[[str], Client], leeds: Prison
) -> None:
    case = make_case(leeds)
    client = client_for(role)
    for url, allowed, others in urls(case.prison_number):
        expected = 200 if role in allowed else others.get(role, 403)
        assert client.get(url).status_code == expected, (role, url)


def test_anonymous_visitors_are_sent_to_sign_in(db: None, leeds: Prison) -> None:
    case = make_case(leeds)
    for url, _, _ in urls(case.prison_number):
        response = Client().get(url)
        if url.startswith("/api/"):
            assert response.status_code in (401, 403), url
        else:
            assert response.status_code == 302 and "/accounts/login/" in response.url, url


def test_staff_at_another_prison_never_see_a_leeds_handover(
    leeds: Prison, client_for: Callable[[str], Client]
) -> None:
    case = make_case(leeds)
    client = client_for("pom_mdi")
    assert client.get(reverse("handover-case", args=[case.prison_number])).status_code == 404
    assert client.get(reverse("api-handover-list")).json()["count"] == 0
    listed = client.get(reverse("handover-list"), {"list": "all"}).context["page"].object_list
    assert listed == []


def test_a_com_reaches_their_own_case_and_ticks_only_com_items(
    leeds: Prison, personas: dict, client_for: Callable[[str], Client]
) -> None:
    case = make_case(leeds, com=personas[Role.COM])
    client = client_for(Role.COM)
    number = case.prison_number
    for url in (
        reverse("handover-case", args=[number]),
        reverse("handover-summary", args=[number]),
        reverse("handover-letter", args=[number]),
        reverse("handover-contact-new", args=[number]),
        reverse("handover-item", args=[number, "domestic_abuse"]),
        reverse("api-handover-detail", args=[number]),
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("handover-item", args=[number, "rotl"])).status_code == 404
    assert client.get(reverse("handover-override", args=[number])).status_code == 403
    page = client.get(reverse("handover-case", args=[number])).content.decode()
    assert reverse("handover-item", args=[number, "domestic_abuse"]) in page
    assert reverse("handover-item", args=[number, "rotl"]) not in page
    # Even a hand-made request for a POM item changes nothing.
    response = client.post(reverse("handover-item", args=[number, "rotl"]), {"status": "done"})
    assert response.status_code == 404 and not ChecklistItem.objects.exists()


def test_a_com_never_sees_another_coms_case(
    leeds: Prison, personas: dict, client_for: Callable[[str], Client]
) -> None:
    mine = make_case(leeds, com=personas[Role.COM], last_name="Mine")
    other_com = staff("com_other", Role.COM, leeds)
    theirs = make_case(leeds, com=other_com, last_name="Theirs")
    unallocated = make_case(leeds, last_name="Nobodys")
    client = client_for(Role.COM)
    listed = client.get(reverse("handover-list"), {"list": "all"}).context["page"].object_list
    assert [a.prisoner.last_name for a in listed] == ["Mine"]
    api = client.get(reverse("api-handover-list")).json()
    assert [row["prison_number"] for row in api["results"]] == [mine.prison_number]
    for case in (theirs, unallocated):
        number = case.prison_number
        for url in (
            reverse("handover-case", args=[number]),
            reverse("handover-summary", args=[number]),
            reverse("handover-letter", args=[number]),
            reverse("api-handover-detail", args=[number]),
        ):
            assert client.get(url).status_code == 404, url
        contact = {"kind": "com_contact", "contact_date": "2026-11-20", "method": "phone"}
        assert (
            client.post(reverse("handover-contact-new", args=[number]), contact).status_code == 404
        )
        assert (
            client.post(
                reverse("api-handover-contacts", args=[number]),
                contact,
                content_type="application/json",
            ).status_code
            == 404
        )
        assert (
            client.post(
                reverse("handover-item", args=[number, "domestic_abuse"]), {"status": "done"}
            ).status_code
            == 404
        )
    assert not HandoverContact.objects.exists() and not ChecklistItem.objects.exists()


def test_the_handover_page_explains_every_date_and_marks_today(
    leeds: Prison, personas: dict, client_for: Callable[[str], Client]
) -> None:
    case = make_case(leeds, pom=personas[Role.PRISON_POM])
    html = client_for(Role.PRISON_POM).get(reverse("handover-case", args=[case.prison_number]))
    page = html.content.decode()
    assert "Upcoming" in page and "26 November 2026" in page  # handover 3 days away
    assert "10 August 2027" in page  # the explanation names the CRD it counts from
    assert 'data-testid="handover-timeline"' in page and "omu-timeline__today" in page
    timeline = html.context["h"].timeline
    assert [e.when for e in timeline].count("today") == 1
    assert [e.day for e in timeline] == sorted(e.day for e in timeline)
    assert "Sentenced" in page and "Release (CRD)" in page
    # Checklist: handover items due on the handover date, public protection 6 months before.
    assert 'data-testid="item-pre_handover_oasys"' in page
    assert "Due 10 February 2027: 6 months before release on 10 August 2027." in page
    assert "COM allocation overdue" not in page


def test_the_lists_count_and_list_the_engines_cases(
    leeds: Prison, personas: dict, client_for: Callable[[str], Client]
) -> None:
    make_case(leeds, last_name="Upcoming")
    make_case(leeds, last_name="Overdue", crd=dt.date(2027, 7, 30))  # handover 2026-11-16
    make_case(leeds, last_name="Leaving", crd=dt.date(2026, 12, 10), com_name="A. Probation")
    make_case(leeds, last_name="Far", crd=dt.date(2030, 1, 1))
    client = client_for(Role.HEAD_OF_OMU)

    def names(list_name: str) -> list[str]:
        response = client.get(reverse("handover-list"), {"list": list_name})
        return [a.prisoner.last_name for a in response.context["page"].object_list]

    assert names("upcoming") == ["Upcoming"]
    assert names("com_overdue") == ["Overdue"]
    assert names("releases") == ["Leaving"]
    assert set(names("overdue_items")) == {"Overdue", "Leaving"}
    assert names("public_protection") == ["Leaving"]
    counts = client.get(reverse("handover-list")).context["lists"].counts
    assert counts == {
        "upcoming": 1,
        "com_overdue": 1,
        "overdue_items": 2,
        "releases": 1,
        "public_protection": 1,
        "all": 4,
    }
    assert names("all")[0] == "Leaving"  # sorted by date, soonest first
    searched = client.get(reverse("handover-list"), {"list": "all", "q": "far"})
    assert [a.prisoner.last_name for a in searched.context["page"].object_list] == ["Far"]


def test_the_handover_list_downloads_as_csv_with_its_list_and_search(
    leeds: Prison, personas: dict, client_for: Callable[[str], Client]
) -> None:
    upcoming = make_case(
        leeds, first_name="Ann", last_name="Upcoming", pom=personas[Role.PRISON_POM]
    )
    make_case(leeds, last_name="Leaving", crd=dt.date(2026, 12, 10), com_name="A. Probation")
    far = make_case(leeds, last_name="Far", crd=dt.date(2030, 1, 1))
    client = client_for(Role.HEAD_OF_OMU)
    page = client.get(reverse("handover-list"), {"list": "all", "q": "far"}).content.decode()
    assert 'href="?list=all&amp;q=far&amp;format=csv" download>Download this list (CSV)</a>' in page
    response = client.get(reverse("handover-list"), {"list": "upcoming", "format": "csv"})
    lines = csv_lines(response, "handovers-upcoming-LEI.csv")
    assert lines[0] == (
        "prison_number,surname,first_name,state,handover_date,com_allocation_date,release_date,"
        "responsibility,override,pom,com,overdue_items,public_protection_missing,com_contacts"
    )
    pom = personas[Role.PRISON_POM].get_full_name()
    assert lines[1:] == [
        f"{upcoming.prison_number},Upcoming,Ann,Upcoming,2026-11-26,2026-11-26,2027-08-10,"
        f"POM responsible,,{pom},,0,,0"
    ]
    releases = client.get(reverse("handover-list"), {"list": "releases", "format": "csv"})
    [leaving] = csv.DictReader(releases.content.decode().splitlines())
    assert leaving["surname"] == "Leaving" and leaving["state"] == "Handed over"
    assert leaving["responsibility"] == "COM responsible, POM supporting"
    assert leaving["pom"] == "" and leaving["com"] == "A. Probation"
    assert leaving["release_date"] == "2026-12-10" and leaving["overdue_items"] == "16"
    assert "Domestic abuse police checks" in leaving["public_protection_missing"]
    searched = client.get(reverse("handover-list"), {"list": "all", "q": "far", "format": "csv"})
    assert [line.split(",")[0] for line in searched.content.decode().splitlines()[1:]] == [
        far.prison_number
    ]
    for _ in range(25):
        make_case(leeds)
    everything = client.get(reverse("handover-list"), {"list": "all", "format": "csv"})
    assert len(everything.content.decode().splitlines()) == 1 + 28  # not one page of 25
    com = client_for(Role.COM).get(reverse("handover-list"), {"format": "csv"})
    assert 'filename="handovers-all-LEI.csv"' in com["Content-Disposition"]  # a COM's default
    keyworker = client_for(Role.KEYWORKER).get(reverse("handover-list"), {"format": "csv"})
    assert keyworker.status_code == 403


def test_the_parole_list_downloads_as_csv_with_every_case_the_user_may_see(
    leeds: Prison, moorland: Prison, personas: dict, client_for: Callable[[str], Client]
) -> None:
    held = make_case(
        leeds, first_name="Pat", last_name="Parole", com=personas[Role.COM],
        sentence={"parole_eligibility_date": dt.date(2027, 3, 1)},
    )  # fmt: skip
    services.parole_review_record(
        prisoner=held, acting_user=personas[Role.CASE_ADMIN], hearing_date=dt.date(2026, 11, 1),
        today=TODAY,
    )  # fmt: skip
    tariff = make_case(
        leeds, first_name="Tia", last_name="Tariff", sentence={"tariff_date": dt.date(2027, 1, 15)}
    )
    make_case(leeds, last_name="Noparole")
    make_case(moorland, sentence={"parole_eligibility_date": dt.date(2027, 2, 1)})
    client = client_for(Role.HEAD_OF_OMU)
    page = client.get(reverse("handover-parole")).content.decode()
    assert 'href="?format=csv" download>Download this list (CSV)</a>' in page
    response = client.get(reverse("handover-parole"), {"format": "csv"})
    lines = csv_lines(response, "parole-cases-LEI.csv")
    assert lines[0] == (
        "prison_number,surname,first_name,next_date,next_date_kind,latest_review_hearing_date,"
        "latest_review_outcome,responsibility,override,handover_date"
    )
    assert lines[1:] == [  # soonest first; Leeds only
        f"{tariff.prison_number},Tariff,Tia,2027-01-15,TED,,,POM responsible,,2026-11-26",
        f"{held.prison_number},Parole,Pat,2027-03-01,PED,2026-11-01,Awaiting the outcome,"
        '"COM responsible, POM supporting",,2026-03-01',
    ]
    for _ in range(25):
        make_case(leeds, sentence={"parole_eligibility_date": dt.date(2027, 4, 1)})
    everything = client.get(reverse("handover-parole"), {"format": "csv"})
    assert len(everything.content.decode().splitlines()) == 1 + 27  # not one page of 25
    com = client_for(Role.COM).get(reverse("handover-parole"), {"format": "csv"})
    assert [row["surname"] for row in csv.DictReader(com.content.decode().splitlines())] == [
        "Parole"
    ]  # a COM: only the cases they hold
    keyworker = client_for(Role.KEYWORKER).get(reverse("handover-parole"), {"format": "csv"})
    assert keyworker.status_code == 403


@pytest.mark.parametrize("rows", [3, 20])
def test_the_handover_list_costs_the_same_queries_whatever_the_rows(
    rows: int,
    leeds: Prison,
    personas: dict,
    client_for: Callable[[str], Client],
    django_assert_num_queries: Callable,
) -> None:
    for n in range(rows):
        case = make_case(leeds, com_name="A. Probation" if n % 2 else "")
        services.contact_record(
            prisoner=case, acting_user=personas[Role.PRISON_POM], kind="com_contact",
            contact_date=TODAY, method="phone", today=TODAY,
        )  # fmt: skip
    store_answers()
    client = client_for(Role.HEAD_OF_OMU)
    client.get(reverse("handover-list"))  # warm the session
    # session, user, the user's roles (read once: the permission at the working prison, COM
    # only?, the header, with their prisons); every case placed in the lists (its stored
    # answer, its sentence and COM, its items recorded as closed, its contacts); then the
    # page's rows assessed in full (the cases with sentence and allocation, their stored
    # answers, checklist rows, contacts, overrides).
    with django_assert_num_queries(13):
        response = client.get(reverse("handover-list"), {"list": "all"})
    assert len(response.context["page"].object_list) == rows


@pytest.mark.parametrize("rows", [2, 12])
def test_the_parole_list_and_the_api_cost_the_same_queries_whatever_the_rows(
    rows: int,
    leeds: Prison,
    client_for: Callable[[str], Client],
    django_assert_num_queries: Callable,
) -> None:
    for _ in range(rows):
        make_case(leeds, sentence={"parole_eligibility_date": dt.date(2027, 3, 1)})
    store_answers()
    client = client_for(Role.HEAD_OF_OMU)
    client.get(reverse("handover-parole"))
    with django_assert_num_queries(14):  # as the list, plus the page's parole reviews
        response = client.get(reverse("handover-parole"))
    assert len(response.context["page"].object_list) == rows
    # API: session, user, the user's roles (read once: the permission, "COM only?", the prisons
    # where they may see the lists); the cases placed (4, as the list); the page assessed:
    # the cases, the stored answers (2), checklist rows, contacts, overrides.
    with django_assert_num_queries(13):
        api = client.get(reverse("api-handover-list"))
    assert api.json()["count"] == rows


def test_the_override_shows_on_the_case_page_the_handover_page_and_the_list(
    leeds: Prison, personas: dict, client_for: Callable[[str], Client]
) -> None:
    case = make_case(leeds, crd=dt.date(2029, 1, 1))
    head = client_for(Role.HEAD_OF_OMU)
    url = reverse("handover-override", args=[case.prison_number])
    bad = head.post(url, {"reason": "other", "detail": ""})
    assert bad.status_code == 200 and "govuk-error-summary" in bad.content.decode()
    response = head.post(url, {"reason": "community_team"})
    assert response.status_code == 302
    pom = client_for(Role.PRISON_POM)
    detail = pom.get(reverse("prisoner-detail", args=[case.prison_number])).content.decode()
    assert 'data-testid="responsibility-override"' in detail
    assert "The community team is to work with the prisoner" in detail
    handover = pom.get(reverse("handover-case", args=[case.prison_number])).content.decode()
    assert "COM responsible, POM supporting" in handover and ">Override<" in handover
    listed = pom.get(reverse("handover-list"), {"list": "all"}).content.decode()
    assert ">Override<" in listed
    api = pom.get(reverse("api-handover-detail", args=[case.prison_number])).json()
    assert api["case"]["responsibility"]["override_reason"] == "community_team"
    removed = head.post(
        reverse("handover-override-remove", args=[case.prison_number]),
        {"removal_reason": "Decision reversed at the OMU meeting"},
    )
    assert removed.status_code == 302
    handover = pom.get(reverse("handover-case", args=[case.prison_number])).content.decode()
    assert "Decision reversed at the OMU meeting" in handover  # in the history
    assert ">Override<" not in handover


def test_recording_a_contact_from_the_page(
    leeds: Prison, personas: dict, client_for: Callable[[str], Client]
) -> None:
    case = make_case(leeds, com=personas[Role.COM])
    client = client_for(Role.COM)
    url = reverse("handover-contact-new", args=[case.prison_number])
    bad = client.post(url, {"kind": "com_contact", "contact_date": "2026-12-01", "method": "phone"})
    assert "govuk-error-summary" in bad.content.decode() and not HandoverContact.objects.exists()
    good = client.post(
        url, {"kind": "com_contact", "contact_date": "2026-11-20", "method": "in_person"}
    )
    assert good.status_code == 302
    page = client.get(good.url).content.decode()
    assert "COM contact with the prisoner recorded." in page
    assert "1 of 3" in page


def test_ticking_an_item_from_the_page(
    leeds: Prison, personas: dict, client_for: Callable[[str], Client]
) -> None:
    case = make_case(leeds)
    client = client_for(Role.PRISON_POM)
    url = reverse("handover-item", args=[case.prison_number, "approved_premises"])
    bad = client.post(url, {"status": "not_needed", "owner": "com", "version": 0})
    assert "govuk-error-summary" in bad.content.decode()
    good = client.post(
        url,
        {
            "status": "not_needed",
            "not_needed_reason": "Family address",
            "owner": "com",
            "version": 0,
        },
    )
    assert good.status_code == 302
    assert ChecklistItem.objects.get().not_needed_reason == "Family address"
    note = client.post(
        reverse("handover-note-new", args=[case.prison_number]), {"text": "Ready for the COM"}
    )
    assert note.status_code == 302
    assert "Ready for the COM" in client.get(note.url).content.decode()


def test_recording_a_parole_review_and_its_outcome(
    leeds: Prison, client_for: Callable[[str], Client]
) -> None:
    case = make_case(leeds, sentence={"parole_eligibility_date": dt.date(2027, 3, 1)})
    client = client_for(Role.CASE_ADMIN)
    url = reverse("handover-parole-review-new", args=[case.prison_number])
    half = client.post(url, {"hearing_date": "2026-11-01", "outcome": "release"})
    assert "govuk-error-summary" in half.content.decode()
    assert client.post(url, {"hearing_date": "2026-11-01"}).status_code == 302
    review = case.parole_reviews.get()
    outcome = reverse("handover-parole-review-outcome", args=[case.prison_number, review.pk])
    opened = client.get(outcome).content.decode()
    assert 'name="version" value="0"' in opened
    entered = {"outcome": "release", "outcome_received_date": "2026-11-20", "version": 0}
    done = client.post(outcome, entered)
    assert done.status_code == 302
    stale = client.post(outcome, {**entered, "outcome": "not_release"})  # from the old page
    assert stale.status_code == 409
    assert "Someone changed this while you were editing" in stale.content.decode()
    review.refresh_from_db()
    assert (review.outcome, review.outcome_received_date) == ("release", dt.date(2026, 11, 20))
    parole = client.get(reverse("handover-parole")).content.decode()
    assert case.prison_number in parole and "Release directed" in parole


def test_the_summary_prints_and_the_letter_speaks_plainly(
    leeds: Prison, personas: dict, client_for: Callable[[str], Client]
) -> None:
    pom = personas[Role.PRISON_POM]
    case = make_case(leeds, com_name="Rhiannon Davies", pom=pom)
    Allocation.objects.filter(prisoner=case).update(keyworker=personas[Role.KEYWORKER])
    client = client_for(Role.CASE_ADMIN)
    summary = client.get(reverse("handover-summary", args=[case.prison_number])).content.decode()
    assert 'media="print"' in summary and "handover/print.css" in summary
    assert "Rhiannon Davies" in summary and "10 August 2027" in summary
    letter = client.get(reverse("handover-letter", args=[case.prison_number])).content.decode()
    assert f"Your prison offender manager (POM) is <strong>{pom.get_full_name()}</strong>" in letter
    assert "Your community offender manager (COM) is <strong>Rhiannon Davies</strong>" in letter
    assert personas[Role.KEYWORKER].get_full_name() in letter
    assert "Your release date is <strong>10 August 2027</strong>" in letter
    assert "From <strong>26 November 2026</strong>, your COM will take charge" in letter


def test_home_pages_lead_to_the_handovers(
    leeds: Prison, personas: dict, client_for: Callable[[str], Client]
) -> None:
    head = client_for(Role.HEAD_OF_OMU).get(reverse("home")).content.decode()
    assert reverse("handover-list") in head
    com = client_for(Role.COM).get(reverse("home")).content.decode()
    assert f"{reverse('handover-list')}?list=all" in com and "My handover cases" in com
    keyworker = client_for(Role.KEYWORKER).get(reverse("home")).content.decode()
    assert reverse("handover-list") not in keyworker


def test_a_case_out_of_scope_has_no_checklist(
    leeds: Prison, client_for: Callable[[str], Client]
) -> None:
    remand = make_case(leeds, legal_status=Prisoner.LegalStatus.REMAND)
    page = client_for(Role.PRISON_POM).get(reverse("handover-case", args=[remand.prison_number]))
    assert page.status_code == 200
    assert "No checklist" in page.content.decode()


@pytest.mark.parametrize("records", [1, 6])
def test_the_handover_page_costs_the_same_queries_whatever_its_records(
    records: int,
    leeds: Prison,
    personas: dict,
    client_for: Callable[[str], Client],
    django_assert_num_queries: Callable,
) -> None:
    case = make_case(leeds, com=personas[Role.COM])
    for n in range(records):
        services.contact_record(
            prisoner=case, acting_user=personas[Role.COM], kind="com_contact",
            contact_date=TODAY - dt.timedelta(days=n), method="phone", today=TODAY,
        )  # fmt: skip
        services.note_add(prisoner=case, acting_user=personas[Role.PRISON_POM], text=f"Note {n}")
    store_answers()
    client = client_for(Role.HEAD_OF_OMU)
    url = reverse("handover-case", args=[case.prison_number])
    client.get(url)
    # session, user, the user's roles (read once: the permissions, acting as COM?, the header),
    # the case, who holds it (the COM), the assessment (case, engine 4, checklist, contacts,
    # overrides), parole reviews, contacts, overrides, notes, history (the user's prisons for
    # the header come with their roles).
    with django_assert_num_queries(18):
        response = client.get(url)
    assert len(response.context["h"].contacts) == records


def test_recording_an_item_evaluates_the_case_once_per_request(
    leeds: Prison, client_for: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    case = make_case(leeds)
    runs: list[object] = []
    evaluate = omic.evaluate

    def counted(*args: object, **kwargs: object) -> object:
        runs.append(args)
        return evaluate(*args, **kwargs)

    monkeypatch.setattr(omic, "evaluate", counted)
    client = client_for(Role.PRISON_POM)
    page = client.post(
        reverse("handover-item", args=[case.prison_number, "rotl"]),
        {"status": "done", "owner": "pom", "version": 0},
    )
    assert page.status_code == 302 and len(runs) == 1
    runs.clear()
    api = client.patch(
        reverse("api-handover-item", args=[case.prison_number, "identification"]),
        {"status": "done", "version": 0},
        content_type="application/json",
    )
    assert api.status_code == 200 and api.json()["progress"] == "done" and len(runs) == 1


def test_a_permission_counts_only_at_the_prison_where_it_is_held(
    leeds: Prison, moorland: Prison
) -> None:
    """Head of OMU at Leeds, a POM at Moorland: no override of a Moorland case, on the page,
    through the API or the service."""
    head = staff("head_lei_pom_mdi", Role.HEAD_OF_OMU, leeds)
    StaffRole.objects.create(user=head, prison=moorland, role=Role.PRISON_POM)
    theirs = make_case(moorland, crd=dt.date(2029, 1, 1))
    ours = make_case(leeds, crd=dt.date(2029, 1, 1))
    client = Client()
    client.force_login(head)
    number = theirs.prison_number
    page = client.get(reverse("handover-case", args=[number]))
    assert page.status_code == 200
    assert reverse("handover-override", args=[number]) not in page.content.decode()
    assert client.get(reverse("handover-override", args=[number])).status_code == 403
    api = client.post(
        reverse("api-handover-override", args=[number]),
        {"reason": "recalled"},
        content_type="application/json",
    )
    assert api.status_code == 403
    with pytest.raises(ValidationError):
        services.responsibility_override_add(prisoner=theirs, acting_user=head, reason="recalled")
    assert not ResponsibilityOverride.objects.exists()
    at_leeds = client.get(reverse("handover-case", args=[ours.prison_number])).content.decode()
    assert reverse("handover-override", args=[ours.prison_number]) in at_leeds
