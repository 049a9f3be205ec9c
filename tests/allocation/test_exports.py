"""CSV downloads of the allocation lists: the page's columns, every row (not one page), the
page's filter or sort, and the page's permission."""

import datetime as dt
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from allocation import services
from cases.models import Allocation, Prison, Role, StaffMember
from tests.allocation.conftest import set_staff
from tests.downloads import LINK, csv_lines
from tests.factories import staff


def named(user: object, first: str, last: str) -> object:
    user.first_name, user.last_name = first, last  # type: ignore[attr-defined]
    user.save()  # type: ignore[attr-defined]
    return user


def test_missing_information_downloads_every_case_that_cannot_be_allocated(
    make_case: Callable, poms: dict, personas: dict, client_for: Callable[[str], Client]
) -> None:
    blank = make_case(
        tier="",
        rosh="",
        first_name="Nia",
        last_name="Blank",
        arrived=dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC),
    )
    make_case()  # ready to allocate: on the queue, not here
    client = client_for(Role.CASE_ADMIN)
    url = reverse("allocation-missing")
    assert f'href="?{LINK}' in client.get(url).content.decode()
    lines = csv_lines(client.get(url, {"format": "csv"}), "allocation-missing-LEI.csv")
    assert lines == [
        "prison_number,surname,first_name,missing_information,waiting_since,days_waiting",
        f'{blank.prison_number},Blank,Nia,"Missing information: no tier and no ROSH recorded, '
        'so the case cannot be allocated until one is entered (standard model).",2026-11-02,21',
    ]
    for _ in range(26):
        make_case(tier="", rosh="")
    everything = client.get(url, {"format": "csv"}).content.decode().splitlines()
    assert len(everything) == 1 + 27  # every case, not one page of 25
    assert client_for(Role.PRISON_POM).get(url, {"format": "csv"}).status_code == 403


def test_the_reallocation_list_downloads_the_pom_now_and_every_reason(
    make_case: Callable, poms: dict, personas: dict, client_for: Callable[[str], Client]
) -> None:
    named(poms["prison2"], "Pat", "Two")
    named(personas["pom_mdi"], "Mo", "Moor")
    left = make_case(first_name="Lee", last_name="Left")
    Allocation.objects.create(prisoner=left, primary_pom=poms["prison2"])
    set_staff(poms["prison2"], status=StaffMember.Status.INACTIVE)
    moved = make_case(
        kind="transfer",
        arrived=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
        first_name="Tia",
        last_name="Moved",
    )
    Allocation.objects.create(
        prisoner=moved,
        primary_pom=personas["pom_mdi"],
        pom_allocated_at=dt.datetime(2026, 6, 1, tzinfo=dt.UTC),
    )
    Allocation.objects.create(prisoner=make_case(), primary_pom=poms["prison"])  # fine
    client = client_for(Role.HEAD_OF_OMU)
    url = reverse("allocation-reallocation")
    assert f'href="?{LINK}' in client.get(url).content.decode()
    lines = csv_lines(client.get(url, {"format": "csv"}), "allocation-reallocation-LEI.csv")
    assert lines == [
        "prison_number,surname,first_name,pom,pom_type_needed,reasons",
        f'{moved.prison_number},Moved,Tia,Mo Moor,Prison POM,"Transferred in on 1 November '
        '2026, after Mo Moor was allocated.; Mo Moor is not a POM at this prison."',
        f"{left.prison_number},Left,Lee,Pat Two,Prison POM,Pat Two has left (inactive).",
    ]  # newest arrival first, as on the page
    for _ in range(26):
        Allocation.objects.create(prisoner=make_case(), primary_pom=poms["prison2"])
    everything = client.get(url, {"format": "csv"}).content.decode().splitlines()
    assert len(everything) == 1 + 28
    assert client_for(Role.READ_ONLY).get(url, {"format": "csv"}).status_code == 403


def test_the_com_needed_list_downloads_earliest_com_allocation_date_first(
    make_case: Callable, personas: dict, client_for: Callable[[str], Client]
) -> None:
    # CRD 2027-07-20: handover (and COM allocation) 8 months 14 days before, 2026-11-06.
    due = make_case(crd=dt.date(2027, 7, 20), first_name="Cal", last_name="Due")
    sooner = make_case(crd=dt.date(2027, 6, 20))  # COM allocation 2026-10-06
    named_com = make_case(crd=dt.date(2027, 7, 20))
    services.com_record(
        prisoner=named_com, acting_user=personas[Role.CASE_ADMIN], name="Sam Cole",
        allocated_on=dt.date(2026, 11, 1),
    )  # fmt: skip
    make_case()  # handover far away
    client = client_for(Role.CASE_ADMIN)
    url = reverse("allocation-com-needed")
    assert f'href="?{LINK}' in client.get(url).content.decode()
    lines = csv_lines(client.get(url, {"format": "csv"}), "allocation-com-needed-LEI.csv")
    assert lines[0] == (
        "prison_number,surname,first_name,com_allocation_date,handover_date,reason,"
        "handover_explanation"
    )
    assert [line.split(",")[0] for line in lines[1:]] == [sooner.prison_number, due.prison_number]
    assert lines[2] == (
        f"{due.prison_number},Due,Cal,2026-11-06,2026-11-06,COM allocation was due on "
        '6 November 2026; overdue from 8 November 2026.,"Handover on 6 November 2026: 8 months '
        "and 14 days before the conditional release date 20 July 2027 (national rules: determinate "
        'sentence, no parole eligibility date); the COM is allocated on the handover date."'
    )
    for _ in range(26):
        make_case(crd=dt.date(2027, 7, 20))
    everything = client.get(url, {"format": "csv"}).content.decode().splitlines()
    assert len(everything) == 1 + 28
    assert client_for(Role.PRISON_POM).get(url, {"format": "csv"}).status_code == 403


def test_the_keyworker_list_downloads_soonest_due_first_with_the_suggested_keyworker(
    make_case: Callable, personas: dict, client_for: Callable[[str], Client]
) -> None:
    keyworker = named(personas[Role.KEYWORKER], "Kim", "Key")
    late = make_case(
        arrived=dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC), first_name="Ana", last_name="Late"
    )
    early = make_case(first_name="Eve", last_name="Early")  # arrived 2026-01-10
    Allocation.objects.create(prisoner=make_case(), keyworker=keyworker)  # has one
    client = client_for(Role.HEAD_OF_OMU)
    url = reverse("allocation-keyworkers")
    assert f'href="?{LINK}' in client.get(url).content.decode()
    lines = csv_lines(client.get(url, {"format": "csv"}), "allocation-keyworkers-LEI.csv")
    assert lines == [
        "prison_number,surname,first_name,keyworker_due,due_explanation,suggested_keyworker",
        f"{early.prison_number},Early,Eve,2026-01-24,Keyworker allocation due 24 January 2026: "
        "14 days after arrival on 10 January 2026.,Kim Key",
        f"{late.prison_number},Late,Ana,2026-11-16,Keyworker allocation due 16 November 2026: "
        "14 days after arrival on 2 November 2026.,Kim Key",
    ]
    set_staff(keyworker, status=StaffMember.Status.LEAVE, return_date=dt.date(2026, 12, 1))
    away = client.get(url, {"format": "csv"}).content.decode().splitlines()
    assert [line.rsplit(",", 1)[1] for line in away[1:]] == ["", ""]  # no one to suggest
    for _ in range(26):
        make_case()
    everything = client.get(url, {"format": "csv"}).content.decode().splitlines()
    assert len(everything) == 1 + 28
    assert client_for(Role.PRISON_POM).get(url, {"format": "csv"}).status_code == 403


def test_the_staff_page_downloads_one_row_per_person_in_its_sort(
    leeds: Prison,
    make_case: Callable,
    poms: dict,
    personas: dict,
    client_for: Callable[[str], Client],
) -> None:
    ada = named(poms["prison"], "Ada", "Able")
    staff(ada.username, Role.KEYWORKER, leeds)  # a POM and a keyworker: one row
    pat = named(poms["prison2"], "Pat", "Two")
    set_staff(pat, status="leave", return_date=dt.date(2026, 12, 14), working_hours=30)
    named(personas[Role.KEYWORKER], "Kim", "Key")
    Allocation.objects.create(prisoner=make_case(), primary_pom=ada, secondary_pom=pat)
    Allocation.objects.create(prisoner=make_case(), primary_pom=ada, keyworker=ada)
    client = client_for(Role.HEAD_OF_OMU)
    url = reverse("allocation-staff")
    assert f'href="?sort=load&amp;{LINK}' in client.get(url, {"sort": "load"}).content.decode()
    lines = csv_lines(client.get(url, {"format": "csv"}), "allocation-staff-LEI.csv")
    assert lines[0] == (
        "name,username,roles,pom_type,new_pom,status,return_date,working_hours,"
        "cases_responsible,cases_supporting,cases_coworking,load,capacity,capacity_status,"
        "keyworker_prisoners,keyworker_capacity,keyworker_capacity_status"
    )
    rows = {line.split(",")[1]: line for line in lines[1:]}
    assert rows[ada.username] == (
        "Ada Able,prison_pom_lei,Keyworker; Prison POM,Prison POM,No,Active,,37.5,2,0,0,2,42,"
        "Has space,1,6,Has space"
    )
    assert rows["pom_two"] == (
        "Pat Two,pom_two,Prison POM,Prison POM,No,On leave,2026-12-14,30.0,0,0,1,0.5,33,"
        "Has space,,,"
    )
    assert rows["keyworker_lei"] == (
        "Kim Key,keyworker_lei,Keyworker,,,Active,,,,,,,,,0,6,Has space"
    )
    by_name = [line.split(",")[1] for line in lines[1:]]
    assert by_name[0] == ada.username  # Able first
    assert by_name[-2:] == ["pom_two", "keyworker_lei"]  # POMs, then keyworkers only
    by_load = client.get(url, {"sort": "load", "format": "csv"}).content.decode()
    assert [line.split(",")[1] for line in by_load.splitlines()[1:]] == [
        ada.username,  # 2 of 42
        "pom_two",  # 0.5 of 33
        "probation_pom_lei",
        "senior_pom_lei",
        "keyworker_lei",
    ]
    assert client_for(Role.READ_ONLY).get(url, {"format": "csv"}).status_code == 200
    assert client_for(Role.PRISON_POM).get(url, {"format": "csv"}).status_code == 403


def test_a_caseload_downloads_every_case_in_its_sort(
    make_case: Callable, poms: dict, client_for: Callable[[str], Client]
) -> None:
    mine = make_case(
        arrived=dt.datetime(2026, 11, 22, 10, tzinfo=dt.UTC), first_name="Mia", last_name="Young"
    )
    coworked = make_case(crd=dt.date(2029, 3, 1), first_name="Cal", last_name="Adams")
    Allocation.objects.create(prisoner=mine, primary_pom=poms["prison"])
    Allocation.objects.create(
        prisoner=coworked, primary_pom=poms["prison2"], secondary_pom=poms["prison"]
    )
    pom = client_for(Role.PRISON_POM)
    url = reverse("allocation-my-caseload")
    page = pom.get(url, {"sort": "release"}).content.decode()
    assert f'href="?sort=release&amp;{LINK}' in page
    filename = "caseload-prison_pom_lei-LEI.csv"
    lines = csv_lines(pom.get(url, {"format": "csv"}), filename)
    assert lines[0] == (
        "prison_number,surname,first_name,role,tier,release_date,handover_date,next_deadline,"
        "next_deadline_date"
    )
    mine_line = (
        f"{mine.prison_number},Young,Mia,POM responsible,C2,2028-01-10,2027-04-26,"
        "Basic Custody Screening,2026-11-25"
    )
    assert lines[1].startswith(f"{coworked.prison_number},Adams,Cal,Co-working,C2,2029-03-01,")
    assert lines[2] == mine_line  # surname A to Z
    by_release = csv_lines(pom.get(url, {"sort": "release", "format": "csv"}), filename)
    assert [line.split(",")[0] for line in by_release[1:]] == [
        mine.prison_number,
        coworked.prison_number,
    ]
    theirs = client_for(Role.HEAD_OF_OMU).get(
        reverse("allocation-caseload", args=["pom_two"]), {"format": "csv"}
    )
    assert csv_lines(theirs, "caseload-pom_two-LEI.csv")[1].startswith(
        f"{coworked.prison_number},Adams,Cal,POM responsible,"
    )
    for _ in range(26):
        Allocation.objects.create(prisoner=make_case(), primary_pom=poms["prison"])
    everything = pom.get(url, {"format": "csv"}).content.decode().splitlines()
    assert len(everything) == 1 + 28
    other = reverse("allocation-caseload", args=["pom_two"])
    assert pom.get(other, {"format": "csv"}).status_code == 403
    assert client_for(Role.KEYWORKER).get(url, {"format": "csv"}).status_code == 403
