"""Pages and the API: who reaches what, the referral page's warning, the lists and their CSV,
and query counts that stay flat however long the lists are."""

import datetime as dt
from collections.abc import Callable
from csv import DictReader

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Allocation, Prison, Prisoner, Role
from interventions import services
from interventions.models import Referral, ResettlementNeed
from tests.downloads import csv_lines
from tests.factories import UserFactory, store_answers
from tests.interventions.conftest import SHORT_START, TODAY, make_case, make_intervention, offer

ALL = {r.value for r in Role}
OMU = ALL - {Role.COM}
REFERRERS = {
    Role.PRISON_POM,
    Role.PROBATION_POM,
    Role.SENIOR_POM,
    Role.HEAD_OF_OMU,
    Role.CASE_ADMIN,
}
MANAGERS = {Role.HEAD_OF_OMU, Role.CASE_ADMIN}
LISTS = ALL - {Role.KEYWORKER}


@pytest.fixture
def referral(personas: dict, directory: dict, case: Prisoner) -> Referral:
    return services.referral_create(
        prisoner=case, offering=directory["emotions"], acting_user=personas[Role.PRISON_POM]
    )


def urls(case: Prisoner, directory: dict, referral: Referral) -> list[tuple[str, set, int]]:
    """(url, roles allowed, status for the others)."""
    number = case.prison_number
    offering = directory["emotions"]
    need = ResettlementNeed.objects.create(prisoner=case, area="ete", identified_on=TODAY)
    return [
        (reverse("interventions-directory"), ALL, 403),
        (reverse("interventions-national"), ALL, 403),
        (reverse("interventions-offering", args=[offering.pk]), ALL, 403),
        (reverse("interventions-offering-new"), MANAGERS, 403),
        (reverse("interventions-offering-edit", args=[offering.pk]), MANAGERS, 403),
        (reverse("interventions-cohort-new", args=[offering.pk]), MANAGERS, 403),
        (reverse("interventions-catalogue-new"), MANAGERS, 403),
        (reverse("interventions-prisoner", args=[number]), OMU, 404),
        (reverse("interventions-refer", args=[number]), REFERRERS, 403),
        # A COM may update needs, but only on cases they hold: this one is not theirs.
        (reverse("interventions-need-new", args=[number]), REFERRERS, 403),
        (reverse("interventions-need-update", args=[need.pk]), REFERRERS, 403),
        (reverse("interventions-referral", args=[referral.pk]), OMU, 404),
        (reverse("interventions-referral-action", args=[referral.pk, "assess"]), REFERRERS, 403),
        (reverse("interventions-waiting"), LISTS, 403),
        (reverse("interventions-waiting") + f"?offering={offering.pk}", LISTS, 403),
        (reverse("interventions-at-risk"), LISTS, 403),
        (reverse("interventions-completions"), LISTS, 403),
        (reverse("interventions-pre-release"), LISTS, 403),
        (reverse("api-intervention-list"), ALL, 403),
        (reverse("api-referral-list"), ALL, 403),
        (reverse("api-referral-detail", args=[referral.pk]), OMU, 404),
        (reverse("api-need-list"), ALL, 403),
    ]


@pytest.mark.parametrize("role", sorted(ALL))
def test_each_role_reaches_exactly_its_interventions_pages(
    role: str,
    client_for: Callable[[str], Client],
    directory: dict,
    case: Prisoner,
    referral: Referral,
) -> None:
    client = client_for(role)
    for url, allowed, other in urls(case, directory, referral):
        response = client.get(url)
        expected = 200 if role in allowed else other
        if role == Role.COM and "/needs/" in url:
            expected = 404
        assert response.status_code == expected, (role, url, response.status_code)


def test_a_com_reaches_the_interventions_of_a_case_they_hold(
    personas: dict, client_for: Callable[[str], Client], case: Prisoner, referral: Referral
) -> None:
    Allocation.objects.create(prisoner=case, com=personas[Role.COM])
    client = client_for(Role.COM)
    assert (
        client.get(reverse("interventions-prisoner", args=[case.prison_number])).status_code == 200
    )
    assert client.get(reverse("interventions-referral", args=[referral.pk])).status_code == 200
    assert (
        client.get(reverse("interventions-need-new", args=[case.prison_number])).status_code == 200
    )
    assert client.get(reverse("interventions-refer", args=[case.prison_number])).status_code == 403


def test_staff_at_another_prison_see_nothing_of_leeds_cases(
    client_for: Callable[[str], Client], directory: dict, case: Prisoner, referral: Referral
) -> None:
    client = client_for("pom_mdi")
    assert (
        client.get(reverse("interventions-prisoner", args=[case.prison_number])).status_code == 404
    )
    assert client.get(reverse("interventions-referral", args=[referral.pk])).status_code == 404
    offering = reverse("interventions-offering", args=[directory["emotions"].pk])
    assert client.get(offering).status_code == 404
    assert client.get(reverse("api-referral-list")).json()["count"] == 0
    post = client.post(
        reverse("interventions-referral-action", args=[referral.pk, "withdraw"]), {"reason": "x"}
    )
    assert post.status_code == 404
    referral.refresh_from_db()
    assert referral.status == Referral.Status.REFERRED


def test_anonymous_visitors_are_sent_to_sign_in(db: None, directory: dict) -> None:
    response = Client().get(reverse("interventions-directory"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert Client().get(reverse("api-referral-list")).status_code in (401, 403)


def test_the_pom_is_warned_with_the_dates_and_refers_to_a_shorter_course_instead(
    client_for: Callable[[str], Client], directory: dict, case: Prisoner
) -> None:
    client = client_for(Role.PRISON_POM)
    url = reverse("interventions-refer", args=[case.prison_number])
    page = client.get(url).content.decode()
    assert "Cannot refer" in page and "Finishes on 20 December 2026" in page
    stopped = client.post(url, {"offering": directory["resolve"].pk, "action": "refer"})
    text = stopped.content.decode()
    assert stopped.status_code == 200 and "govuk-error-summary" in text
    assert "Resolve cannot go ahead" in text
    assert "it starts on 7 December 2026 and runs 120 days to 5 April 2027" in text
    assert "the earliest release date (CRD) is on 1 March 2027" in text
    assert 'data-testid="alternatives"' in text and "Managing emotions" in text
    assert "Reason to refer despite the warning" not in text  # a POM cannot override
    assert not Referral.objects.exists()
    done = client.post(url, {"offering": directory["emotions"].pk, "action": "refer"})
    referral = Referral.objects.get()
    assert done.status_code == 302 and done.url == reverse(
        "interventions-referral", args=[referral.pk]
    )
    assert (
        referral.offering == directory["emotions"] and referral.status == Referral.Status.REFERRED
    )


def test_the_head_of_omu_sees_the_override_and_must_give_a_reason(
    client_for: Callable[[str], Client], directory: dict, case: Prisoner
) -> None:
    client = client_for(Role.HEAD_OF_OMU)
    url = reverse("interventions-refer", args=[case.prison_number])
    first = client.post(url, {"offering": directory["resolve"].pk, "action": "refer"})
    assert "Reason to refer despite the warning" in first.content.decode()
    reason = "Parole board direction: must start before the review."
    client.post(
        url, {"offering": directory["resolve"].pk, "action": "refer", "override_reason": reason}
    )
    assert Referral.objects.get().override_reason == reason


def test_a_referral_moves_through_its_action_pages(
    client_for: Callable[[str], Client], directory: dict, referral: Referral
) -> None:
    client = client_for(Role.CASE_ADMIN)

    def act(action: str, data: dict) -> None:
        referral.refresh_from_db()  # the form carries the version it was opened at
        response = client.post(
            reverse("interventions-referral-action", args=[referral.pk, action]),
            {**data, "version": referral.version},
        )
        assert response.status_code == 302, response.content.decode()[:3000]

    act("assess", {"suitable": "yes", "reason": ""})
    cohort = directory["emotions"].cohorts.get()
    act("place", {"cohort": cohort.pk})
    act("start", {"started_on": "2026-11-23"})
    attendance = reverse("interventions-attendance", args=[referral.pk])
    client.post(
        attendance, {"session_number": 1, "session_date": "2026-11-23", "status": "attended"}
    )
    act("complete", {"ended_on": "2026-11-23", "outcome": "Completed every session."})
    referral.refresh_from_db()
    assert referral.status == Referral.Status.COMPLETED and referral.attendance.count() == 1
    again = client.post(
        reverse("interventions-referral-action", args=[referral.pk, "withdraw"]),
        {"reason": "x", "version": referral.version},
    )
    assert again.status_code == 200 and "cannot withdraw" in again.content.decode()
    page = client.get(reverse("interventions-referral", args=[referral.pk])).content.decode()
    assert "Completed every session." in page and "Attended" in page
    assert SHORT_START.strftime("%-d %B %Y") in page


def test_a_move_from_a_stale_page_shows_what_changed_and_saves_nothing(
    client_for: Callable[[str], Client], referral: Referral
) -> None:
    """A opens "Withdraw" on a referred referral; B records it suitable; A's withdrawal gets
    the page that says someone changed it, with the status now and the form again."""
    client = client_for(Role.CASE_ADMIN)
    withdraw = reverse("interventions-referral-action", args=[referral.pk, "withdraw"])
    opened = client.get(withdraw).content.decode()
    assert f'name="version" value="{referral.version}"' in opened
    client.post(
        reverse("interventions-referral-action", args=[referral.pk, "assess"]),
        {"suitable": "yes", "reason": "", "version": referral.version},
    )
    stale = client.post(withdraw, {"reason": "Moved", "version": referral.version})
    body = stale.content.decode()
    assert stale.status_code == 409
    assert "Someone changed this while you were editing" in body
    assert "Assessed: suitable" in body and "Withdrawn" in body
    assert f'name="version" value="{referral.version + 1}"' in body
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SUITABLE


def test_needs_are_added_and_updated_from_the_case(
    client_for: Callable[[str], Client], case: Prisoner
) -> None:
    client = client_for(Role.PROBATION_POM)
    client.post(
        reverse("interventions-need-new", args=[case.prison_number]),
        {"area": "accommodation", "owner": "probation", "source": "review", "identified_on": "2026-11-20"},
    )  # fmt: skip
    need = ResettlementNeed.objects.get()
    bad = client.post(
        reverse("interventions-need-update", args=[need.pk]),
        {"on": "2026-11-23", "status": "met", "owner": "probation", "note": "", "version": 0},
    )
    assert bad.status_code == 200 and "govuk-error-summary" in bad.content.decode()
    client.post(
        reverse("interventions-need-update", args=[need.pk]),
        {
            "on": "2026-11-23",
            "status": "met",
            "owner": "probation",
            "note": "Bed at approved premises.",
            "version": 0,
        },
    )
    page = client.get(reverse("interventions-prisoner", args=[case.prison_number])).content.decode()
    assert "Bed at approved premises." in page and "Met" in page


def test_the_case_page_links_to_interventions_and_needs(
    client_for: Callable[[str], Client], case: Prisoner, referral: Referral
) -> None:
    page = client_for(Role.PRISON_POM).get(reverse("prisoner-detail", args=[case.prison_number]))
    text = page.content.decode()
    assert 'data-testid="case-interventions"' in text and "1 active referral" in text
    assert reverse("interventions-refer", args=[case.prison_number]) in text


def test_the_waiting_list_is_ranked_by_release_with_the_reason_and_exported(
    leeds: Prison, personas: dict, client_for: Callable[[str], Client], directory: dict
) -> None:
    pom = personas[Role.PRISON_POM]
    later = make_case(leeds, crd=dt.date(2027, 6, 1), last_name="Later")
    sooner = make_case(leeds, crd=dt.date(2027, 1, 10), last_name="Sooner")
    for case in (later, sooner):
        services.referral_create(prisoner=case, offering=directory["emotions"], acting_user=pom)
    client = client_for(Role.HEAD_OF_OMU)
    url = reverse("interventions-waiting") + f"?offering={directory['emotions'].pk}"
    rows = client.get(url).context["page"].object_list
    assert [r.referral.prisoner.last_name for r in rows] == ["Sooner", "Later"]
    assert rows[0].rank_reason == "Ranked by release 10 January 2027"
    csv = client.get(url + "&format=csv").content.decode().splitlines()
    assert csv[0].startswith("rank,prison_number") and "Sooner" in csv[1] and "Later" in csv[2]


def test_referrals_at_risk_and_completions_this_month(
    leeds: Prison, personas: dict, client_for: Callable[[str], Client], directory: dict
) -> None:
    head = personas[Role.HEAD_OF_OMU]
    risky = make_case(leeds, last_name="Risky")
    services.referral_create(prisoner=risky, offering=directory["resolve"], acting_user=head, override_reason="Board asked")  # fmt: skip
    fine = make_case(leeds, last_name="Fine")
    done = services.referral_create(prisoner=fine, offering=directory["workbook"], acting_user=head)
    Referral.objects.filter(pk=done.pk).update(
        status="completed", started_on=TODAY, ended_on=TODAY, outcome="Workbook done"
    )
    client = client_for(Role.HEAD_OF_OMU)
    at_risk = client.get(reverse("interventions-at-risk"))
    assert [r.referral.prisoner.last_name for r in at_risk.context["page"].object_list] == ["Risky"]
    assert "runs 120 days to 5 April 2027" in at_risk.content.decode()
    assert "Risky" in client.get(reverse("interventions-at-risk") + "?format=csv").content.decode()
    completions = client.get(reverse("interventions-completions"))
    assert [r.outcome for r in completions.context["page"].object_list] == ["Workbook done"]
    previous = client.get(reverse("interventions-completions") + "?month=2026-10")
    assert list(previous.context["page"].object_list) == []


def test_needs_near_release_lists_open_needs_within_12_weeks(
    leeds: Prison, personas: dict, client_for: Callable[[str], Client]
) -> None:
    soon = make_case(leeds, crd=dt.date(2027, 2, 15), last_name="Soon")  # exactly 12 weeks
    later = make_case(leeds, crd=dt.date(2027, 2, 16), last_name="Later")
    met = make_case(leeds, crd=dt.date(2027, 1, 5), last_name="Met")
    for prisoner in (soon, later):
        ResettlementNeed.objects.create(
            prisoner=prisoner, area="accommodation", identified_on=TODAY
        )
    ResettlementNeed.objects.create(prisoner=met, area="ete", status="met", identified_on=TODAY)
    Allocation.objects.create(prisoner=soon, com=personas[Role.COM])
    store_answers()
    for role in (Role.PRISON_POM, Role.COM):
        response = client_for(role).get(reverse("interventions-pre-release"))
        rows = response.context["page"].object_list
        assert [r.prisoner.last_name for r in rows] == ["Soon"], role
        assert rows[0].release_label == "conditional release date"
        assert "Conditional release date" in response.content.decode()
    csv = client_for(Role.COM).get(reverse("interventions-pre-release") + "?format=csv")
    assert "Accommodation" in csv.content.decode()


def test_the_directory_downloads_as_csv_with_its_filters(
    moorland: Prison,
    catalogue: dict,
    directory: dict,
    referral: Referral,
    client_for: Callable[[str], Client],
) -> None:
    offer(moorland, catalogue["workbook"], running=False)  # paused at Moorland: not Leeds's
    directory["resolve"].running = False
    directory["resolve"].save()
    client = client_for(Role.PRISON_POM)
    page = client.get(reverse("interventions-directory"), {"kind": "short_course"})
    assert (
        'href="?kind=short_course&amp;format=csv" download>Download this list (CSV)</a>'
        in page.content.decode()
    )
    response = client.get(reverse("interventions-directory"), {"format": "csv"})
    lines = csv_lines(response, "interventions-LEI.csv")
    assert lines[0] == (
        "intervention,kind,provider,running,need_areas,who_it_is_for,length,next_start,"
        "next_start_explanation,queued"
    )
    assert lines[1:] == [  # Leeds's directory, by name
        "Alcohol awareness workbook,In-cell workbook,,Running,Alcohol,Anyone,"
        "over 28 days (about 4 weeks),2026-11-23,"
        "Starts when handed over: 23 November 2026 at the earliest.,0",
        "Managing emotions,Short course,Catch22,Running,Thinking and behaviour,Anyone,"
        '"6 sessions, 90 minutes each, over 21 days (about 3 weeks)",2026-11-30,'
        '"Next cohort with a place starts 30 November 2026, 2 places left.",1',
        "Resolve,Accredited programme,,Not running,Thinking and behaviour,"
        '"ROSH medium, high; sentences of 12 months or more",'
        '"24 sessions, 150 minutes each, over 120 days (about 17 weeks)",2026-12-07,'
        '"Next cohort with a place starts 7 December 2026, 8 places left.",0',
    ]
    filtered = client.get(reverse("interventions-directory"), {"running": "on", "format": "csv"})
    assert [row["intervention"] for row in DictReader(filtered.content.decode().splitlines())] == [
        "Alcohol awareness workbook",
        "Managing emotions",
    ]
    nobody = Client()
    nobody.force_login(UserFactory(username="no_role"))  # no role: no directory
    assert nobody.get(reverse("interventions-directory"), {"format": "csv"}).status_code == 403


def test_the_national_directory_downloads_as_csv_with_every_intervention(
    moorland: Prison,
    catalogue: dict,
    directory: dict,
    client_for: Callable[[str], Client],
) -> None:
    offer(moorland, catalogue["workbook"], running=False)
    client = client_for(Role.COM)
    page = client.get(reverse("interventions-national"), {"area": "alcohol"}).content.decode()
    assert 'href="?area=alcohol&amp;format=csv" download>Download this list (CSV)</a>' in page
    response = client.get(reverse("interventions-national"), {"format": "csv"})
    lines = csv_lines(response, "interventions-national.csv")
    assert lines[0] == "intervention,kind,need_areas,runs_at,paused_at"
    assert lines[1:] == [
        "Alcohol awareness workbook,In-cell workbook,Alcohol,HMP Leeds (LEI),HMP Moorland (MDI)",
        "Kaizen,Accredited programme,Thinking and behaviour,HMP Moorland (MDI),",
        "Managing emotions,Short course,Thinking and behaviour,"
        "HMP Leeds (LEI); HMP Moorland (MDI),",
        "Resolve,Accredited programme,Thinking and behaviour,HMP Leeds (LEI),",
    ]
    alcohol = client.get(reverse("interventions-national"), {"area": "alcohol", "format": "csv"})
    assert [line.split(",")[0] for line in alcohol.content.decode().splitlines()[1:]] == [
        "Alcohol awareness workbook"
    ]
    for n in range(25):
        make_intervention(f"Course {n:02d}", "short_course", 14, ("ete",))
    everything = client.get(reverse("interventions-national"), {"format": "csv"})
    assert len(everything.content.decode().splitlines()) == 1 + 29  # not one page of 25
    courses = {r["intervention"]: r for r in DictReader(everything.content.decode().splitlines())}
    assert (courses["Course 00"]["runs_at"], courses["Course 00"]["paused_at"]) == ("", "")
    nobody = Client()
    nobody.force_login(UserFactory(username="no_role"))  # no role: no catalogue
    assert nobody.get(reverse("interventions-national"), {"format": "csv"}).status_code == 403


@pytest.mark.parametrize("rows", [2, 9])
def test_the_lists_cost_the_same_queries_whatever_their_length(
    rows: int,
    leeds: Prison,
    personas: dict,
    client_for: Callable[[str], Client],
    directory: dict,
    django_assert_num_queries: Callable,
) -> None:
    head = personas[Role.HEAD_OF_OMU]
    for n in range(rows):
        case = make_case(leeds, crd=dt.date(2027, 1, 10) + dt.timedelta(days=n))
        ResettlementNeed.objects.create(prisoner=case, area="ete", identified_on=TODAY)
        services.referral_create(prisoner=case, offering=directory["resolve"], acting_user=head, override_reason="x")  # fmt: skip
        course = make_intervention(f"Course {n}", "short_course", 14, ("ete",), sessions=4)
        offer(leeds, course, (SHORT_START, 10), (dt.date(2027, 1, 4), 10))
    store_answers()
    client = client_for(Role.HEAD_OF_OMU)
    client.get(reverse("interventions-directory"))  # warm the session
    waiting = reverse("interventions-waiting") + f"?offering={directory['resolve'].pk}"
    # Every page: session, user, the user's roles with their prisons (read once: the permission
    # check at the working prison, the active prison and the header share them). Then its own
    # queries:
    pages = [
        # the directory, need areas, upcoming cohorts with places left
        (reverse("interventions-directory"), 6),
        # the offering, need areas, cohorts; the queued referrals; the stored answers (the
        # cases, their rows); sentences and prisons for eligibility; who runs it; upcoming
        # cohorts with places
        (waiting, 12),
        # active referrals, the stored answers (2), eligibility facts, who runs what, upcoming
        # cohorts
        (reverse("interventions-at-risk"), 9),
        # prisoners with open needs near release, their open needs, their stored answers
        (reverse("interventions-pre-release"), 6),
        # API (no header: session, user, roles): page count, referrals, the stored answers (2),
        # facts, runs, cohorts
        (reverse("api-referral-list"), 10),
    ]
    for url, queries in pages:
        with django_assert_num_queries(queries):
            response = client.get(url)
        assert response.status_code == 200, url
