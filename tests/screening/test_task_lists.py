"""My tasks, the OMU's task list, the navigation counts, the task page and the tasks API."""

import csv
import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Prison, Prisoner, Role
from screening import services
from screening.models import Task
from screening.selectors.counts import tasks_changed
from tests.downloads import csv_lines
from tests.screening.conftest import NOW, Arrive


def rows(response: object) -> list[Task]:
    return [row.task for row in response.context["rows"]]


@pytest.fixture
def cases(leeds: Prison, arrive: Arrive) -> list[int]:
    ids = [arrive(leeds).pk, arrive(leeds, pom=None).pk]
    services.tasks_sync(ids, now=NOW)
    return ids


def test_my_tasks_lists_my_open_tasks_soonest_first(
    cases: list[int], personas: dict, client_for: Callable[[str], Client]
) -> None:
    response = client_for(Role.PRISON_POM).get(reverse("my-tasks"))
    listed = rows(response)
    assert {t.owner for t in listed} == {personas[Role.PRISON_POM]}
    assert [t.kind for t in listed] == ["bcs", "oasys", "pom_contact", "pre_handover_oasys"]
    assert "72 hours after arrival" in response.content.decode()
    only_bcs = client_for(Role.PRISON_POM).get(reverse("my-tasks"), {"kind": "bcs"})
    assert [t.kind for t in rows(only_bcs)] == ["bcs"]
    none_done = client_for(Role.PRISON_POM).get(reverse("my-tasks"), {"status": "closed"})
    assert rows(none_done) == [] and "No task matches these filters." in none_done.content.decode()


def test_my_tasks_download_as_csv_with_their_filters_and_every_row(
    cases: list[int],
    leeds: Prison,
    arrive: Arrive,
    personas: dict,
    client_for: Callable[[str], Client],
) -> None:
    client = client_for(Role.PRISON_POM)
    page = client.get(reverse("my-tasks"), {"kind": "bcs"}).content.decode()
    assert 'href="?kind=bcs&amp;format=csv" download>Download this list (CSV)</a>' in page
    response = client.get(reverse("my-tasks"), {"format": "csv"})
    lines = csv_lines(response, "my-tasks.csv")
    assert lines[0] == (
        "prison_number,surname,first_name,task,due,status,due_explanation,completed_on,"
        "completed_by,reason"
    )
    assert [line.split(",")[3] for line in lines[1:]] == [
        "Basic Custody Screening",
        "OASys and sentence plan",
        "POM contact",
        "Pre-handover OASys",
    ]
    only_bcs = client.get(reverse("my-tasks"), {"kind": "bcs", "format": "csv"})
    [bcs] = csv.DictReader(only_bcs.content.decode().splitlines())
    case = Task.objects.get(kind="bcs", owner__isnull=False).prisoner
    assert (bcs["prison_number"], bcs["surname"], bcs["first_name"]) == (
        case.prison_number,
        case.last_name,
        case.first_name,
    )
    assert bcs["due"] == "2026-11-24 14:30" and bcs["status"] == "Due soon"
    assert "72 hours after arrival" in bcs["due_explanation"]
    assert bcs["completed_on"] == bcs["completed_by"] == bcs["reason"] == ""
    services.task_mark_not_needed(
        task=Task.objects.get(kind="bcs", owner__isnull=False),
        acting_user=personas[Role.PRISON_POM],
        reason="Screened at court",
    )
    closed = client.get(reverse("my-tasks"), {"status": "closed", "format": "csv"})
    [skipped] = csv.DictReader(closed.content.decode().splitlines())
    assert skipped["task"] == "Basic Custody Screening" and skipped["status"] == "Not needed"
    assert skipped["reason"] == "Screened at court"
    services.tasks_sync([arrive(leeds).pk for _ in range(6)], now=NOW)
    everything = client.get(reverse("my-tasks"), {"format": "csv"}).content.decode()
    assert len(everything.splitlines()) == 1 + 7 * 4 - 1  # every open task, not a page of 25
    assert client_for(Role.COM).get(reverse("my-tasks"), {"format": "csv"}).status_code == 403


@pytest.mark.parametrize("count", [3, 30])
def test_my_tasks_costs_the_same_queries_whatever_the_number_of_tasks(
    count: int,
    leeds: Prison,
    arrive: Arrive,
    client_for: Callable[[str], Client],
    django_assert_num_queries: Callable,
) -> None:
    services.tasks_sync([arrive(leeds).pk for _ in range(count)], now=NOW)
    client = client_for(Role.PRISON_POM)
    client.get(reverse("my-tasks"))  # warm the session and the navigation counts
    # session, user, the user's roles (read once: the permission at the working prison, the
    # scope and the header, with their prisons), count, the page's task ids in order, then
    # those tasks with prisoner, prison, policy and owner joined (cases.pagination).
    with django_assert_num_queries(6):
        response = client.get(reverse("my-tasks"))
    assert len(rows(response)) == min(count * 4, 25)  # BCS, OASys, pre-handover OASys, contact


def test_the_omu_list_shows_the_prisons_tasks_by_kind_owner_and_team(
    cases: list[int], client_for: Callable[[str], Client]
) -> None:
    head = client_for(Role.HEAD_OF_OMU)
    response = head.get(reverse("omu-tasks"))
    assert len(rows(response)) == 11  # 6 for the case with a POM, 5 without (no contact)
    by_kind = {r["kind"]: r["open"] for r in response.context["summary"].by_kind}
    assert by_kind["bcs"] == 2 and by_kind["transfer"] == 2
    owners = {r["owner__username"]: r["open"] for r in response.context["summary"].by_owner}
    assert owners == {"prison_pom_lei": 4, None: 7}
    unowned = head.get(reverse("omu-tasks"), {"owner": "none", "kind": "bcs"})
    assert [t.owner for t in rows(unowned)] == [None]
    team = head.get(reverse("omu-tasks"), {"team": "prison_pom"})
    assert {t.owner.username for t in rows(team)} == {"prison_pom_lei"}
    assert rows(head.get(reverse("omu-tasks"), {"team": "probation_pom"})) == []
    assert rows(head.get(reverse("omu-tasks"), {"flag": "overdue"})) == []


def test_the_omu_list_downloads_as_csv_with_each_tasks_owner(
    cases: list[int], personas: dict, client_for: Callable[[str], Client]
) -> None:
    response = client_for(Role.HEAD_OF_OMU).get(
        reverse("omu-tasks"), {"kind": "bcs", "format": "csv"}
    )
    assert 'filename="omu-tasks-LEI.csv"' in response["Content-Disposition"]
    table = list(csv.reader(response.content.decode().splitlines()))
    assert table[0][-1] == "owner" and table[0][:4] == [
        "prison_number",
        "surname",
        "first_name",
        "task",
    ]
    pom = personas[Role.PRISON_POM]
    assert sorted(row[-1] for row in table[1:]) == ["", pom.get_full_name() or pom.username]
    assert {row[3] for row in table[1:]} == {"Basic Custody Screening"}


@pytest.mark.parametrize("count", [3, 30])
def test_the_omu_list_costs_the_same_queries_whatever_the_number_of_tasks(
    count: int,
    leeds: Prison,
    arrive: Arrive,
    client_for: Callable[[str], Client],
    django_assert_num_queries: Callable,
) -> None:
    services.tasks_sync([arrive(leeds).pk for _ in range(count)], now=NOW)
    client = client_for(Role.CASE_ADMIN)
    client.get(reverse("omu-tasks"))
    # session, user, the user's roles with their prisons (read once), owners for the
    # filter, count, the page's task ids, those tasks, counts by kind, counts by owner.
    with django_assert_num_queries(9):
        response = client.get(reverse("omu-tasks"))
    assert len(rows(response)) == min(count * 6, 25)


def test_the_navigation_counts_follow_the_tasks(
    cases: list[int], personas: dict, client_for: Callable[[str], Client]
) -> None:
    pom = client_for(Role.PRISON_POM)
    assert "My tasks (1<" in pom.get(reverse("home")).content.decode()  # the BCS is due soon
    head = client_for(Role.HEAD_OF_OMU).get(reverse("home")).content.decode()
    assert "OMU tasks (1<" in head and "My tasks" not in head
    bcs = Task.objects.get(kind="bcs", owner=personas[Role.PRISON_POM])
    services.task_mark_not_needed(
        task=bcs, acting_user=personas[Role.PRISON_POM], reason="Screened at court"
    )
    html = pom.get(reverse("home")).content.decode()
    assert 'data-testid="nav-my-tasks">My tasks</a>' in html
    assert "My tasks" not in client_for(Role.COM).get(reverse("home")).content.decode()


def test_the_navigation_counts_only_the_users_and_the_prisons_tasks(
    cases: list[int],
    personas: dict,
    moorland: Prison,
    leeds: Prison,
    arrive: Arrive,
    client_for: Callable[[str], Client],
) -> None:
    other_pom = arrive(leeds, pom=personas[Role.PROBATION_POM])  # another POM's case here
    elsewhere = arrive(moorland, pom=None)  # another prison's OMU work
    services.tasks_sync([other_pom.pk, elsewhere.pk], now=NOW)
    theirs = Task.objects.filter(prisoner=other_pom, owner=personas[Role.PROBATION_POM])
    other_omu = Task.objects.filter(prisoner=elsewhere, owner__isnull=True)
    assert theirs.exists() and other_omu.exists()
    theirs.update(overdue=True)
    other_omu.update(overdue=True)
    tasks_changed()  # as every service that writes tasks does
    html = client_for(Role.PRISON_POM).get(reverse("home")).content.decode()
    assert "My tasks (1<" in html
    assert "OMU tasks (1<" in client_for(Role.HEAD_OF_OMU).get(reverse("home")).content.decode()


def test_the_omu_list_and_its_badge_count_the_same_open_tasks(
    cases: list[int],
    personas: dict,
    leeds: Prison,
    moorland: Prison,
    client_for: Callable[[str], Client],
) -> None:
    """An open task is due at its case's prison; until the next sync re-homes it, a case that
    has just left keeps its open tasks where they were. The head of OMU sees every case there,
    so the OMU list shows those tasks too, as the badge counts them; a closed task is still
    shown only while its case is one the user may see."""
    Task.objects.filter(prisoner_id=cases[1]).update(overdue=True)
    tasks_changed()
    head = client_for(Role.HEAD_OF_OMU)
    before = [t.pk for t in rows(head.get(reverse("omu-tasks"), {"owner": "none"}))]
    assert "OMU tasks (5<" in head.get(reverse("home")).content.decode()
    Prisoner.objects.filter(pk=cases[1]).update(current_prison=moorland)  # left, not yet synced
    after = rows(head.get(reverse("omu-tasks"), {"owner": "none"}))
    assert [t.pk for t in after] == before
    assert cases[1] in {t.prisoner_id for t in after}
    # Every task the list shows opens, and the API lists the same tasks.
    left = next(t for t in after if t.prisoner_id == cases[1])
    assert head.get(reverse("task-detail", args=[left.pk])).status_code == 200
    listed = head.get(reverse("api-task-list"), {"prison": "LEI", "owner": "none"}).json()
    assert sorted(r["id"] for r in listed["results"]) == sorted(before)
    summary = head.get(reverse("omu-tasks")).context["summary"]
    assert {r["owner__username"]: r["open"] for r in summary.by_owner}[None] == 7
    assert "OMU tasks (5<" in head.get(reverse("home")).content.decode()
    Task.objects.filter(prisoner_id=cases[1], kind="bcs").update(
        status="done", overdue=False, completed_on=NOW.date(), completed_at=NOW
    )
    closed = rows(head.get(reverse("omu-tasks"), {"status": "closed"}))
    assert cases[1] not in {t.prisoner_id for t in closed}  # no longer a case of theirs


def test_a_badge_is_recounted_when_its_prisons_tasks_change_and_only_then(
    cases: list[int],
    personas: dict,
    moorland: Prison,
    leeds: Prison,
    arrive: Arrive,
    client_for: Callable[[str], Client],
    django_assert_num_queries: Callable,
) -> None:
    from screening.selectors.counts import nav_counts

    head = personas[Role.HEAD_OF_OMU]
    first = nav_counts(head, leeds)
    elsewhere = arrive(moorland, pom=None)
    services.tasks_sync([elsewhere.pk], now=NOW)  # Moorland's tasks change, not Leeds's
    with django_assert_num_queries(0):
        assert nav_counts(head, leeds) == first
    Task.objects.filter(prison=leeds, owner__isnull=True, kind="transfer").update(overdue=True)
    tasks_changed([leeds.pk])
    assert nav_counts(head, leeds).omu == first.omu + 2


def test_my_badge_counts_my_tasks_at_my_prisons(
    cases: list[int],
    personas: dict,
    moorland: Prison,
    client_for: Callable[[str], Client],
) -> None:
    """The badge counts what My tasks can list: a task left with a POM at a prison where they
    hold no role (their case moved on) is not theirs to see, so it is not counted."""
    pom = client_for(Role.PRISON_POM)
    assert "My tasks (1<" in pom.get(reverse("home")).content.decode()
    Task.objects.filter(owner=personas[Role.PRISON_POM], due_soon=True).update(prison=moorland)
    tasks_changed()
    assert 'data-testid="nav-my-tasks">My tasks</a>' in pom.get(reverse("home")).content.decode()


def test_the_omu_badge_counts_for_someone_with_no_role_of_their_own(
    cases: list[int], leeds: Prison
) -> None:
    from django.contrib.auth import get_user_model

    from screening.selectors.counts import nav_counts

    Task.objects.filter(prisoner_id=cases[1], owner__isnull=True).update(overdue=True)
    tasks_changed()
    admin = get_user_model().objects.create_superuser("root", password="x")
    counts = nav_counts(admin, leeds)
    assert counts.mine == 0
    assert counts.omu == Task.objects.filter(prison=leeds, owner__isnull=True, overdue=True).count()
    assert counts.omu > 0


def follow_up(beside: Task) -> Task:
    """A follow-up agreed in a session: a task its owner ticks off by hand."""
    return Task.objects.create(
        prisoner=beside.prisoner,
        prison=beside.prison,
        kind="follow_up",
        due_on=dt.date(2026, 11, 30),
        basis="session:1",
        explanation="Call the housing officer: agreed in a session.",
        owner=beside.owner,
    )


def test_a_task_is_marked_done_or_not_needed_on_its_page(
    cases: list[int], personas: dict, client_for: Callable[[str], Client]
) -> None:
    contact = Task.objects.get(kind="pom_contact")
    page = client_for(Role.PRISON_POM).get(reverse("task-detail", args=[contact.pk]))
    assert "Log the POM contact session" in page.content.decode()  # a session completes it
    assert "Mark as done" not in page.content.decode()
    task = follow_up(contact)
    url = reverse("task-detail", args=[task.pk])
    admin = client_for(Role.PRISON_POM)
    page = admin.get(url).content.decode()
    assert "Mark as done" in page
    future = admin.post(url, {"done-completed_on": "2026-12-25", "complete": ""})
    assert "cannot be in the future" in future.content.decode()
    done = admin.post(url, {"done-completed_on": "2026-11-22", "done-note": "Wing", "complete": ""})
    assert done.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.completed_on, task.reason) == (
        "done",
        dt.date(2026, 11, 22),
        "Wing",
    )
    transfer = Task.objects.filter(kind="transfer").first()
    transfer_url = reverse("task-detail", args=[transfer.pk])
    assert client_for(Role.KEYWORKER).post(transfer_url, {"not_needed": ""}).status_code == 403
    empty = client_for(Role.CASE_ADMIN).post(transfer_url, {"skip-reason": "", "not_needed": ""})
    assert "govuk-error-summary" in empty.content.decode()
    client_for(Role.CASE_ADMIN).post(transfer_url, {"skip-reason": "Stays", "not_needed": ""})
    transfer.refresh_from_db()
    assert (transfer.status, transfer.reason) == ("not_needed", "Stays")


def test_the_case_page_links_the_tasks_and_shows_done_deadlines_as_done(
    cases: list[int], personas: dict, client_for: Callable[[str], Client]
) -> None:
    from cases.models import Prisoner
    from screening import rules

    case = Prisoner.objects.get(pk=cases[0])
    areas = {a: rules.AreaAnswer(need=False) for a in rules.BCS_AREAS}
    services.bcs_complete(
        prisoner=case,
        acting_user=personas[Role.PRISON_POM],
        answers=rules.BcsAnswers(areas=areas, self_harm_risk=False, cell_sharing_risk=False),
        now=NOW,
    )
    html = client_for(Role.PRISON_POM).get(reverse("prisoner-detail", args=[case.prison_number]))
    text = html.content.decode()
    assert 'data-testid="case-screening"' in text
    assert reverse("bcs", args=[case.prison_number]) in text
    deadlines = text[text.index('data-testid="omic-deadlines"') :]
    bcs_row = deadlines[deadlines.index("Basic Custody Screening") :].split("</tr>")[0]
    assert "govuk-tag--green" in bcs_row and ">Done<" in bcs_row
    case_tasks = client_for(Role.KEYWORKER).get(reverse("case-tasks", args=[case.prison_number]))
    assert len(rows(case_tasks)) == 6


def test_the_api_lists_tasks_with_filters(
    cases: list[int], personas: dict, client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.CASE_ADMIN)
    url = reverse("api-task-list")
    everything = client.get(url).json()
    assert everything["count"] == 11
    first = everything["results"][0]
    assert first["kind"] == "bcs" and first["due"].startswith("2026-11-24T14:30:00")

    def count(**params: str) -> int:
        return client.get(url, params).json()["count"]

    assert count(prison="lei") == 11 and count(prison="MDI") == 0
    assert count(owner="none") == 7 and count(owner="prison_pom_lei") == 4
    assert count(kind="transfer") == 2 and count(status="done") == 0
    assert count(due_before="2026-12-05") == 4  # BCS and transfer; keyworker is due on the 5th
    assert client.get(url, {"due_before": "soon"}).status_code == 400
    mine = client_for(Role.PRISON_POM).get(url, {"owner": "me"}).json()
    assert mine["count"] == 4
    assert client_for("pom_mdi").get(url).json()["count"] == 0
    assert client_for(Role.COM).get(url).status_code == 403


@pytest.mark.parametrize("count", [2, 20])
def test_the_tasks_api_costs_the_same_queries_whatever_the_rows(
    count: int,
    leeds: Prison,
    arrive: Arrive,
    client_for: Callable[[str], Client],
    django_assert_num_queries: Callable,
) -> None:
    services.tasks_sync([arrive(leeds).pk for _ in range(count)], now=NOW)
    client = client_for(Role.CASE_ADMIN)
    # session, user, the user's roles, count, one page of tasks joined
    with django_assert_num_queries(5):
        response = client.get(reverse("api-task-list"))
    assert response.json()["count"] == count * 6


def test_the_api_completes_and_closes_tasks(
    cases: list[int], client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.PRISON_POM)
    contact = Task.objects.get(kind="pom_contact")
    by_session = client.post(
        reverse("api-task-complete", args=[contact.pk]), {}, content_type="application/json"
    )
    assert by_session.status_code == 409  # a POM contact is completed by logging the session
    task = follow_up(contact)
    done = client.post(
        reverse("api-task-complete", args=[task.pk]), {}, content_type="application/json"
    )
    assert done.status_code == 200 and done.json()["status"] == "done"
    bcs = Task.objects.filter(kind="bcs").first()
    refused = client.post(
        reverse("api-task-complete", args=[bcs.pk]), {}, content_type="application/json"
    )
    assert refused.status_code == 409
    skipped = client.post(
        reverse("api-task-not-needed", args=[bcs.pk]),
        {"reason": "Screened elsewhere"},
        content_type="application/json",
    )
    assert skipped.json()["status"] == "not_needed"
    detail = client.get(reverse("api-task-detail", args=[bcs.pk])).json()
    assert detail["reason"] == "Screened elsewhere"


def test_the_omu_list_downloads_as_csv_with_its_filters(
    cases: list[int], client_for: Callable[[str], Client]
) -> None:
    response = client_for(Role.HEAD_OF_OMU).get(
        reverse("omu-tasks"), {"owner": "none", "kind": "bcs", "format": "csv"}
    )
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == (
        "prison_number,surname,first_name,task,due,status,due_explanation,completed_on,"
        "completed_by,reason,owner"
    )
    assert len(lines) == 2 and ",Basic Custody Screening," in lines[1]
    assert lines[1].endswith(",")  # no owner: the OMU's


def test_the_case_page_counts_the_case_s_open_and_overdue_tasks(
    leeds: Prison, arrive: Arrive, client_for: Callable[[str], Client]
) -> None:
    """The tasks panel and the deadlines' outcomes count from one read of the case's tasks."""
    case = arrive(leeds)
    services.tasks_sync([case.pk], now=NOW)
    tasks = Task.objects.filter(prisoner=case)
    opened = tasks.filter(status=Task.Status.OPEN)
    held = opened.count()
    assert held >= 4  # BCS, OASys, POM contact, pre-handover OASys and the arrival's own
    opened.filter(kind="bcs").update(overdue=True)  # as the nightly sweep flags it
    opened.filter(kind="oasys").update(status=Task.Status.NOT_NEEDED, completed_at=NOW)
    html = client_for(Role.PRISON_POM).get(reverse("prisoner-detail", args=[case.prison_number]))
    assert f"Tasks</a>: {held - 1} open, <strong>1 overdue</strong>" in html.content.decode()
