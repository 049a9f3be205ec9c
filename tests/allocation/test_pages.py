"""Allocation pages: who reaches them, what they list, and what they cost in queries."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from allocation import services
from allocation.models import AllocationEvent
from cases.models import Allocation, Prison, PrisonPolicy, Role, StaffMember, StaffRole
from tests.allocation.conftest import set_staff
from tests.downloads import csv_lines
from tests.factories import MovementFactory, PrisonFactory, store_answers

ALL = {r.value for r in Role}
ADMINS = {Role.HEAD_OF_OMU, Role.CASE_ADMIN}
CASELOAD_VIEWERS = {*ADMINS, Role.READ_ONLY}
POMS = {Role.PRISON_POM, Role.PROBATION_POM, Role.SENIOR_POM}


def urls(number: str, pom: str, other_pom: str) -> list[tuple[str, set[str], int]]:
    """(url, roles allowed, status for the others); `other_pom` is no persona's own caseload."""
    return [
        (reverse("allocation-queue"), ADMINS, 403),
        (reverse("allocation-missing"), ADMINS, 403),
        (reverse("allocation-reallocation"), ADMINS, 403),
        (reverse("allocation-com-needed"), ADMINS, 403),
        (reverse("allocation-keyworkers"), ADMINS, 403),
        (reverse("allocation-allocate", args=[number]), ADMINS, 403),
        (reverse("allocation-coworking", args=[number]), ADMINS, 403),
        (reverse("allocation-confirm", args=[number, "pom", pom]), ADMINS, 403),
        (reverse("allocation-compare", args=[number]), ADMINS, 403),
        (reverse("allocation-missing-form", args=[number]), ADMINS, 403),
        (reverse("allocation-com", args=[number]), ADMINS, 403),
        (reverse("allocation-keyworker", args=[number]), ADMINS, 403),
        (reverse("allocation-remove", args=[number, "pom"]), ADMINS, 403),
        (reverse("allocation-history", args=[number]), ALL - {Role.COM}, 404),
        (reverse("allocation-my-caseload"), POMS, 403),
        (reverse("allocation-caseload", args=[other_pom]), CASELOAD_VIEWERS, 403),
        (reverse("allocation-staff"), CASELOAD_VIEWERS, 403),
        (reverse("allocation-staff-edit", args=[pom]), ADMINS, 403),
        (reverse("allocation-bulk-move", args=[pom]), ADMINS, 403),
        (reverse("api-allocation-list"), ALL, 403),
        (reverse("api-pom-suggestions", args=[number]), ADMINS, 403),
        (reverse("api-staff"), CASELOAD_VIEWERS, 403),
    ]


@pytest.mark.parametrize("role", sorted(ALL))
def test_each_role_reaches_exactly_its_allocation_pages(
    role: str, client_for: Callable[[str], Client], make_case: Callable, poms: dict
) -> None:
    number = make_case().prison_number
    client = client_for(role)
    for url, allowed, other in urls(number, poms["prison"].username, poms["prison2"].username):
        expected = 200 if role in allowed else other
        assert client.get(url).status_code == expected, (role, url)


def test_a_pom_sees_another_pom_s_caseload_only_where_the_prison_allows_it(
    leeds: Prison, client_for: Callable[[str], Client], poms: dict
) -> None:
    own = reverse("allocation-caseload", args=[poms["prison"].username])
    other = reverse("allocation-caseload", args=[poms["prison2"].username])
    pom = client_for(Role.PRISON_POM)
    assert pom.get(own).status_code == 200  # their own, by name as well as at /caseload/
    assert pom.get(other).status_code == 403
    PrisonPolicy.objects.filter(prison=leeds).update(poms_see_unit_figures=True)
    for role in POMS:
        assert client_for(role).get(other).status_code == 200, role
    assert client_for(Role.KEYWORKER).get(other).status_code == 403
    assert client_for(Role.COM).get(other).status_code == 403


def test_a_pom_cannot_allocate_even_by_posting(
    client_for: Callable[[str], Client], make_case: Callable, poms: dict
) -> None:
    case = make_case()
    for role in POMS:
        response = client_for(role).post(
            reverse(
                "allocation-confirm", args=[case.prison_number, "pom", poms["prison"].username]
            ),
            {"version": 0},
        )
        assert response.status_code == 403
    assert not Allocation.objects.exists()


def test_an_admin_elsewhere_cannot_allocate_here(
    make_case: Callable, poms: dict, moorland: Prison, client_for: Callable[[str], Client]
) -> None:
    """A head of OMU at Moorland who is a POM at Leeds holds assign_case, but not at Leeds."""
    from tests.factories import staff

    pom = poms["prison"]
    staff(pom.username, Role.HEAD_OF_OMU, moorland)
    client = Client()
    client.force_login(pom)
    response = client.get(reverse("allocation-allocate", args=[make_case().prison_number]))
    assert response.status_code == 403


def test_outside_their_prison_cases_do_not_exist_for_an_admin(
    make_case: Callable, moorland: Prison, client_for: Callable[[str], Client]
) -> None:
    elsewhere = make_case(moorland)
    response = client_for(Role.HEAD_OF_OMU).get(
        reverse("allocation-allocate", args=[elsewhere.prison_number])
    )
    assert response.status_code == 404


def test_the_queue_lists_cases_without_a_pom_longest_waiting_first_with_counts(
    make_case: Callable, poms: dict, personas: dict, client_for: Callable[[str], Client]
) -> None:
    old = make_case(arrived=dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC))
    new = make_case(arrived=dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC), tier="A1")
    allocated = make_case()
    services.allocation_assign(
        prisoner=allocated, pom=poms["prison"], acting_user=personas[Role.CASE_ADMIN]
    )
    no_info = make_case(tier="", rosh="")
    make_case(legal_status="remand")
    client = client_for(Role.CASE_ADMIN)
    response = client.get(reverse("allocation-queue"))
    queue = response.context["queue"]
    assert [r.prison_number for r in queue.rows] == [old.prison_number, new.prison_number]
    assert queue.counts == {"prison": 1, "probation": 1}
    assert [r.prison_number for r in queue.missing] == [no_info.prison_number]
    assert [r.days_waiting for r in queue.rows] == [53, 3]
    assert queue.rows[1].pom_type_label == "Probation POM"
    filtered = client.get(reverse("allocation-queue"), {"type": "prison"}).context["queue"]
    assert [r.prison_number for r in filtered.rows] == [old.prison_number]
    missing = client.get(reverse("allocation-missing")).context["page"].object_list
    assert [r.prison_number for r in missing] == [no_info.prison_number]
    assert "no tier and no ROSH" in missing[0].reasons[0]


def test_an_empty_queue_says_so(leeds: Prison, client_for: Callable[[str], Client]) -> None:
    response = client_for(Role.CASE_ADMIN).get(reverse("allocation-queue"))
    assert "Every case in scope at HMP Leeds has a POM." in response.content.decode()


def test_the_queue_downloads_as_csv_with_its_filter_and_every_row(
    make_case: Callable, client_for: Callable[[str], Client]
) -> None:
    old = make_case(
        arrived=dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC), first_name="Ann", last_name="Old"
    )
    new = make_case(
        arrived=dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC),
        tier="A1",
        first_name="Bob",
        last_name="New",
    )
    client = client_for(Role.HEAD_OF_OMU)
    page = client.get(reverse("allocation-queue"), {"type": "prison"}).content.decode()
    assert 'href="?type=prison&amp;format=csv" download>Download this list (CSV)</a>' in page
    response = client.get(reverse("allocation-queue"), {"format": "csv"})
    lines = csv_lines(response, "allocation-queue-LEI.csv")
    assert lines[0] == (
        "prison_number,surname,first_name,pom_type_needed,tier,rosh,earliest_release_date,"
        "release_date_kind,handover_date,waiting_since,days_waiting"
    )
    dates = "2028-01-10,CRD,2027-04-26"  # earliest release, its kind, handover
    assert lines[1:] == [  # longest waiting first, as on the page
        f"{old.prison_number},Old,Ann,Prison POM,C2,Medium,{dates},2026-10-01,53",
        f"{new.prison_number},New,Bob,Probation POM,A1,Medium,{dates},2026-11-20,3",
    ]
    filtered = client.get(reverse("allocation-queue"), {"type": "prison", "format": "csv"})
    assert [line.split(",")[0] for line in filtered.content.decode().splitlines()[1:]] == [
        old.prison_number
    ]
    for _ in range(26):
        make_case()
    everything = client.get(reverse("allocation-queue"), {"format": "csv"}).content.decode()
    assert len(everything.splitlines()) == 1 + 28  # every case, not one page of 25
    pom = client_for(Role.PRISON_POM).get(reverse("allocation-queue"), {"format": "csv"})
    assert pom.status_code == 403


@pytest.mark.parametrize("rows", [3, 30])
def test_the_queue_costs_the_same_queries_whatever_its_size(
    rows: int,
    make_case: Callable,
    client_for: Callable[[str], Client],
    django_assert_num_queries: Callable,
) -> None:
    for _ in range(rows):
        make_case()
    store_answers()
    client = client_for(Role.CASE_ADMIN)
    client.get(reverse("allocation-queue"))
    # session, user, the user's roles with their prisons (read once, for the permission and
    # the header), display rows, their stored answers.
    with django_assert_num_queries(5):
        response = client.get(reverse("allocation-queue"))
    assert len(response.context["page"].object_list) == min(rows, 25)


@pytest.mark.parametrize("rows", [3, 30])
def test_the_staff_page_costs_the_same_queries_whatever_the_caseloads(
    rows: int,
    make_case: Callable,
    poms: dict,
    client_for: Callable[[str], Client],
    django_assert_num_queries: Callable,
) -> None:
    for n in range(rows):
        case = make_case()
        Allocation.objects.create(
            prisoner=case,
            primary_pom=poms["prison"] if n % 2 else poms["prison2"],
            secondary_pom=poms["senior"] if n % 3 == 0 else None,
        )
    store_answers()
    client = client_for(Role.HEAD_OF_OMU)
    client.get(reverse("allocation-staff"))
    # session, user, the user's roles (read once, for every permission and the header),
    # with their prisons and policies, staff with records, the stored answers (the
    # cases with their rows joined), the allocations (which give the keyworker counts too).
    with django_assert_num_queries(6):
        response = client.get(reverse("allocation-staff"))
    loads = {s.user.username: s.caseload.total for s in response.context["poms"]}
    assert loads["pom_two"] + loads[poms["prison"].username] == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_a_caseload_costs_the_same_queries_whatever_its_size(
    rows: int,
    make_case: Callable,
    poms: dict,
    client_for: Callable[[str], Client],
    django_assert_num_queries: Callable,
) -> None:
    for _ in range(rows):
        Allocation.objects.create(prisoner=make_case(), primary_pom=poms["prison"])
    store_answers()
    client = client_for(Role.PRISON_POM)
    client.get(reverse("allocation-my-caseload"))
    # session, user, the user's roles (read once, for the permission and the header,
    # with their prisons and policies), the stored answers (the cases, their rows), rows,
    # then the summary: their roles, keyworker counts; the work owed: their open tasks, their
    # cases' last contacts.
    with django_assert_num_queries(10):
        response = client.get(reverse("allocation-my-caseload"))
    assert response.context["page"].paginator.count == rows


def test_the_caseload_shows_type_release_handover_and_next_deadline(
    make_case: Callable, poms: dict, personas: dict, client_for: Callable[[str], Client]
) -> None:
    mine = make_case(arrived=dt.datetime(2026, 11, 22, 10, tzinfo=dt.UTC))
    coworked = make_case()
    Allocation.objects.create(prisoner=mine, primary_pom=poms["prison"])
    Allocation.objects.create(
        prisoner=coworked, primary_pom=poms["prison2"], secondary_pom=poms["prison"]
    )
    store_answers()
    response = client_for(Role.PRISON_POM).get(reverse("allocation-my-caseload"))
    rows = {r.prisoner.prison_number: r for r in response.context["page"].object_list}
    assert rows[mine.prison_number].role_label == "POM responsible"
    assert rows[coworked.prison_number].role_label == "Co-working"
    assert rows[mine.prison_number].release_date == dt.date(2028, 1, 10)
    assert rows[mine.prison_number].evaluation.handover.handover_date == dt.date(2027, 4, 26)
    # The Why beside each row: the stored explanations it shows.
    why = rows[mine.prison_number].evaluation.handover.explanation
    assert why
    assert escape(why) in response.content.decode()
    assert "10 Jan 2028" in response.content.decode()
    assert rows[mine.prison_number].next_deadline == (
        "Basic Custody Screening",
        dt.date(2026, 11, 25),
    )
    assert response.context["me"].caseload.load() == 1.5


def test_the_reallocation_list_explains_each_case(
    make_case: Callable,
    poms: dict,
    personas: dict,
    leeds: Prison,
    moorland: Prison,
    client_for: Callable[[str], Client],
) -> None:
    left = make_case()
    Allocation.objects.create(prisoner=left, primary_pom=poms["prison2"])
    set_staff(poms["prison2"], status=StaffMember.Status.INACTIVE)
    riskier = make_case(tier="A1")  # needs a probation POM now
    Allocation.objects.create(prisoner=riskier, primary_pom=poms["prison"])
    transferred = make_case(kind="transfer", arrived=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    Allocation.objects.create(
        prisoner=transferred,
        primary_pom=personas["pom_mdi"],
        pom_allocated_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC),
    )
    fine = make_case()
    Allocation.objects.create(prisoner=fine, primary_pom=poms["prison"])
    rows = client_for(Role.HEAD_OF_OMU).get(reverse("allocation-reallocation")).context["page"]
    reasons = {r.prison_number: r.reasons for r in rows.object_list}
    assert set(reasons) == {left.prison_number, riskier.prison_number, transferred.prison_number}
    assert reasons[left.prison_number][0].endswith("has left (inactive).")
    assert reasons[riskier.prison_number][0].startswith("Needs a Probation POM")
    assert reasons[transferred.prison_number] == (
        "Transferred in on 1 November 2026, after "
        f"{personas['pom_mdi'].get_full_name()} was allocated.",
        f"{personas['pom_mdi'].get_full_name()} is not a POM at this prison.",
    )


def test_cases_past_their_com_allocation_date_without_a_com_are_listed(
    make_case: Callable, personas: dict, client_for: Callable[[str], Client]
) -> None:
    # CRD 2027-07-20: handover (and COM allocation) 8 months 14 days before, 2026-11-06.
    due = make_case(crd=dt.date(2027, 7, 20))
    named = make_case(crd=dt.date(2027, 7, 20))
    services.com_record(
        prisoner=named, acting_user=personas[Role.CASE_ADMIN], name="Sam Cole",
        allocated_on=dt.date(2026, 11, 1),
    )  # fmt: skip
    make_case()  # handover far away
    rows = client_for(Role.CASE_ADMIN).get(reverse("allocation-com-needed")).context["page"]
    assert [r.prison_number for r in rows.object_list] == [due.prison_number]
    assert rows.object_list[0].reasons[0].startswith("COM allocation was due on 6 November 2026")


def test_an_admin_allocates_the_top_suggestion_from_the_page(
    make_case: Callable, poms: dict, personas: dict, client_for: Callable[[str], Client]
) -> None:
    case = make_case()
    Allocation.objects.create(prisoner=make_case(), primary_pom=poms["prison"])
    client = client_for(Role.CASE_ADMIN)
    page = client.get(reverse("allocation-allocate", args=[case.prison_number]))
    ctx = page.context["ctx"]
    assert ctx.required_type == "prison"
    assert ctx.top.candidate.name == poms["prison2"].get_full_name()  # the emptier prison POM
    assert [s.candidate.username for s in ctx.suggestions if s.suggested] == [
        "pom_two",
        poms["prison"].username,
    ]
    url = reverse("allocation-confirm", args=[case.prison_number, "pom", "pom_two"])
    response = client.post(url, {"version": 0, "note": ""})
    assert response.status_code == 302
    assert Allocation.objects.get(prisoner=case).primary_pom == poms["prison2"]
    event = AllocationEvent.objects.get(prisoner=case)
    assert event.explanation == "Ranked 1 of 4: Load: 0 of 42 cases (0% of capacity)."
    detail = client.get(reverse("prisoner-detail", args=[case.prison_number]))
    html = detail.content.decode()
    assert "Allocation history" in html and "POM allocated: " in html
    assert personas[Role.CASE_ADMIN].get_full_name() in html


def test_a_warned_allocation_asks_for_the_override_reason_on_the_page(
    make_case: Callable, poms: dict, client_for: Callable[[str], Client]
) -> None:
    case = make_case(tier="B2")
    client = client_for(Role.CASE_ADMIN)
    url = reverse("allocation-confirm", args=[case.prison_number, "pom", poms["prison"].username])
    response = client.post(url, {"version": 0})
    assert response.status_code == 200
    assert "Choose why you are allocating despite the warnings." in response.content.decode()
    assert not Allocation.objects.exists()
    ok = client.post(url, {"version": 0, "override_reason": "worked_before"})
    assert ok.status_code == 302


def test_a_stale_page_gets_a_clear_conflict_message(
    make_case: Callable, poms: dict, personas: dict, client_for: Callable[[str], Client]
) -> None:
    case = make_case()
    client = client_for(Role.CASE_ADMIN)
    url = reverse("allocation-confirm", args=[case.prison_number, "pom", "pom_two"])
    services.allocation_assign(
        prisoner=case, pom=poms["prison"], acting_user=personas[Role.HEAD_OF_OMU]
    )  # another admin, a moment earlier
    response = client.post(url, {"version": 0, "reason": "x"}, follow=True)
    assert "Someone else changed this case" in response.content.decode()
    assert Allocation.objects.get().primary_pom == poms["prison"]


def test_removing_a_pom_needs_a_reason(
    make_case: Callable, poms: dict, personas: dict, client_for: Callable[[str], Client]
) -> None:
    case = make_case()
    services.allocation_assign(
        prisoner=case, pom=poms["prison"], acting_user=personas[Role.CASE_ADMIN]
    )
    client = client_for(Role.CASE_ADMIN)
    url = reverse("allocation-remove", args=[case.prison_number, "pom"])
    assert client.post(url, {"version": 1, "reason": ""}).status_code == 200
    assert client.post(url, {"version": 1, "reason": "Moved to a new team"}).status_code == 302
    assert Allocation.objects.get().primary_pom is None


def test_missing_information_form_makes_the_case_allocatable(
    make_case: Callable, client_for: Callable[[str], Client]
) -> None:
    case = make_case(tier="", rosh="")
    client = client_for(Role.CASE_ADMIN)
    url = reverse("allocation-missing-form", args=[case.prison_number])
    bad = client.post(url, {"tier": "Z9", "rosh": ""})
    assert "govuk-error-summary" in bad.content.decode()
    assert client.post(url, {"tier": "", "rosh": "high", "reason": "OASys"}).status_code == 302
    queue = client.get(reverse("allocation-queue")).context["queue"]
    assert [(r.prison_number, r.pom_type) for r in queue.rows] == [
        (case.prison_number, "probation")
    ]


def test_staff_edit_records_leave_and_the_staff_page_shows_it(
    poms: dict, client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.HEAD_OF_OMU)
    url = reverse("allocation-staff-edit", args=["pom_two"])
    form = {
        "grade": "prison_officer",
        "working_hours": "30",
        "capacity_override": "",
        "status": "leave",
        "return_date": "2026-12-14",
        "reason": "Annual leave",
        "version": 0,
    }
    assert client.post(url, form).status_code == 302
    member = StaffMember.objects.get(user=poms["prison2"])
    assert (member.status, member.return_date, member.working_hours) == (
        "leave",
        dt.date(2026, 12, 14),
        30,
    )
    row = next(
        s
        for s in client.get(reverse("allocation-staff")).context["poms"]
        if s.user == poms["prison2"]
    )
    assert row.capacity.value == 33  # 42 x 30 / 37.5, rounded down
    assert client.post(url, {**form, "return_date": "2026-11-01", "version": 1}).status_code == 200


def test_home_links_follow_the_role(personas: dict, client_for: Callable[[str], Client]) -> None:
    def titles(role: str) -> set[str]:
        home = client_for(role).get(reverse("home")).context["home"]
        return {link.title for section in home for link in section.links}

    assert {"Allocations", "Staff and caseloads"} <= titles(Role.HEAD_OF_OMU)
    assert "My caseload" in titles(Role.PRISON_POM)
    assert "Allocations" not in titles(Role.PRISON_POM)


def test_a_keyworker_in_an_open_prison_is_not_asked_for(
    db: None, personas: dict, client_for: Callable[[str], Client]
) -> None:
    open_prison = PrisonFactory(code="NSI", name="North Sea Camp", function=Prison.Function.OPEN)
    StaffRole.objects.filter(user=personas[Role.CASE_ADMIN]).update(prison=open_prison)
    response = client_for(Role.CASE_ADMIN).get(reverse("allocation-keyworkers"))
    assert "prisoners there do not get a keyworker" in response.content.decode()


def test_the_allocation_history_page_lists_decisions_newest_first(
    make_case: Callable, poms: dict, personas: dict, client_for: Callable[[str], Client]
) -> None:
    case = make_case()
    admin = personas[Role.CASE_ADMIN]
    services.allocation_assign(prisoner=case, pom=poms["prison"], acting_user=admin)
    services.allocation_reallocate(
        prisoner=case, pom=poms["prison2"], acting_user=admin, reason="Cover"
    )
    MovementFactory(prisoner=case)  # unrelated rows do not appear
    items = (
        client_for(Role.PRISON_POM)
        .get(reverse("allocation-history", args=[case.prison_number]))
        .context["page"]
        .object_list
    )
    assert [i.title for i in items] == ["POM re-allocated", "POM allocated"]
    assert (
        items[0].summary == f"{poms['prison'].get_full_name()} to {poms['prison2'].get_full_name()}"
    )
    assert items[0].event.reason == "Cover"


def test_the_case_history_shows_allocation_changes_without_the_version_counter(
    make_case: Callable, poms: dict, personas: dict, client_for: Callable[[str], Client]
) -> None:
    case = make_case()
    services.allocation_assign(
        prisoner=case, pom=poms["prison"], acting_user=personas[Role.CASE_ADMIN]
    )
    response = client_for(Role.HEAD_OF_OMU).get(
        reverse("prisoner-history", args=[case.prison_number])
    )
    entries = [e for e in response.context["page"].object_list if e.what == "Allocation"]
    assert entries and all(
        "version" not in label.lower() for e in entries for label, _, _ in e.changes
    )


def test_an_allocation_loaded_without_the_services_still_shows_in_the_history(
    make_case: Callable, poms: dict, client_for: Callable[[str], Client]
) -> None:
    from simple_history.utils import bulk_create_with_history

    case = make_case()
    bulk_create_with_history(
        [
            Allocation(
                prisoner=case,
                primary_pom=poms["prison"],
                keyworker=poms["prison2"],
                reason="Recommended POM type",
                pom_allocated_at=dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC),
            )
        ],
        Allocation,
    )  # as seed_demo and imports do
    items = (
        client_for(Role.PRISON_POM)
        .get(reverse("allocation-history", args=[case.prison_number]))
        .context["page"]
        .object_list
    )
    titles = {i.title: i for i in items}
    assert set(titles) == {"POM allocated", "Keyworker allocated"}
    pom = titles["POM allocated"]
    assert (pom.summary, pom.event.reason) == (
        poms["prison"].get_full_name(),
        "Recommended POM type",
    )
    assert pom.event.created_at == dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)


def test_a_history_names_the_people_who_no_longer_hold_the_case(
    make_case: Callable, poms: dict, client_for: Callable[[str], Client]
) -> None:
    """The records name a POM who held the case before: read with the current holders, as the
    case page reads them."""
    from simple_history.utils import bulk_create_with_history

    case = make_case()
    (allocation,) = bulk_create_with_history(
        [Allocation(prisoner=case, primary_pom=poms["prison2"])], Allocation
    )
    allocation.primary_pom = poms["prison"]
    allocation.save()  # a second record, changed outside the services
    html = (
        client_for(Role.PRISON_POM)
        .get(reverse("prisoner-detail", args=[case.prison_number]))
        .content.decode()
    )
    before, after = poms["prison2"].get_full_name(), poms["prison"].get_full_name()
    assert f"POM re-allocated: {before} to {after}" in html
    assert f"POM allocated: {before}" in html


def test_the_head_of_omu_sees_a_poms_tasks_and_contact_owed(
    leeds: Prison, personas: dict, client_for: Callable[[str], Client]
) -> None:
    from screening.models import Task
    from tests.factories import PrisonerFactory, SentenceFactory

    pom = personas[Role.PRISON_POM]
    case = PrisonerFactory(current_prison=leeds, first_name="Ned", last_name="Owed")
    SentenceFactory(prisoner=case)
    Allocation.objects.create(
        prisoner=case,
        primary_pom=pom,
        pom_allocated_at=dt.datetime(2025, 1, 6, 9, tzinfo=dt.UTC),  # no contact since
    )
    Task.objects.create(
        prisoner=case,
        prison=leeds,
        kind="oasys",
        due_on=dt.date(2025, 3, 1),
        owner=pom,
        explanation="Due.",
    )
    page = client_for(Role.HEAD_OF_OMU).get(reverse("allocation-caseload", args=[pom.username]))
    html = page.content.decode()
    assert page.context["work"].tasks_overdue == 1
    assert [p.pk for p in page.context["work"].contact_overdue] == [case.pk]
    assert "Ned Owed" in html and f"?owner={pom.username}" in html


def test_the_queue_sorts_by_days_waiting_or_release_with_links_that_keep_the_filter(
    make_case: Callable, client_for: Callable[[str], Client]
) -> None:
    waited = make_case(arrived=dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC), crd=dt.date(2029, 1, 1))
    soon = make_case(arrived=dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC), crd=dt.date(2027, 6, 1))
    middle = make_case(arrived=dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC), crd=dt.date(2028, 1, 1))
    client = client_for(Role.HEAD_OF_OMU)

    def order(**query: str) -> list[str]:
        rows = client.get(reverse("allocation-queue"), query).context["queue"].rows
        return [r.prison_number for r in rows]

    by_wait = [waited.prison_number, middle.prison_number, soon.prison_number]
    assert order() == by_wait
    assert order(sort="-waiting") == by_wait[::-1]
    assert order(sort="release") == [soon.prison_number, middle.prison_number, waited.prison_number]
    assert order(sort="-release") == [
        waited.prison_number,
        middle.prison_number,
        soon.prison_number,
    ]
    assert order(sort="nonsense") == by_wait
    page = client.get(reverse("allocation-queue"), {"type": "prison", "page": "1"})
    html = page.content.decode()
    assert (
        'aria-sort="descending"><a class="govuk-link omu-sort-link" href="?type=prison&amp;sort=-waiting"'
        in html
    )
    assert (
        'aria-sort="none"><a class="govuk-link omu-sort-link" href="?type=prison&amp;sort=release"'
        in html
    )
    assert "Longest waiting first" in html
    reversed_page = client.get(reverse("allocation-queue"), {"sort": "release"}).content.decode()
    assert (
        'aria-sort="ascending"><a class="govuk-link omu-sort-link" href="?sort=-release"'
        in reversed_page
    )
