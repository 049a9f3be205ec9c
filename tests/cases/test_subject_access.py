"""Subject access: everything held about one person, from every app, as JSON or a printable
page, through the command, the page and the API; each export in the access log."""

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from allocation import services as allocation
from cases import audit
from cases.models import AccessLog, Prison, Prisoner, Role
from demo.factories.allocation import AllocationEventFactory
from demo.factories.handover import (
    ChecklistItemFactory,
    HandoverEventFactory,
    ResponsibilityOverrideFactory,
)
from demo.factories.interventions import ReferralFactory, ResettlementNeedFactory
from demo.factories.screening import CategorisationFactory, OasysAssessmentFactory, TaskFactory
from tests.factories import (
    AllocationFactory,
    MovementFactory,
    PrisonerFactory,
    SentenceFactory,
    SessionFactory,
)

EVERY_KIND = {
    "Case",
    "Sentences",
    "Movements",
    "Who holds the case",
    "Sessions",
    "History of changes",
    "Allocation decisions",
    "Early allocation assessments",
    "Handover checklist",
    "Responsibility overrides",
    "Handover events",
    "Tasks",
    "Categorisations",
    "OASys assessments",
    "Resettlement needs",
    "Referrals",
}


@pytest.fixture
def person(leeds: Prison, personas: dict) -> Prisoner:
    """A case at Leeds with one record of every kind, built by the factories."""
    prisoner = PrisonerFactory(current_prison=leeds, first_name="Sam", last_name="Held")
    sentence = SentenceFactory(prisoner=prisoner)
    audit.attribute(sentence, user=personas[Role.CASE_ADMIN], reason="Dates corrected")
    sentence.description = "Corrected"
    sentence.save()
    MovementFactory(prisoner=prisoner, to_prison=leeds)
    AllocationFactory(prisoner=prisoner, primary_pom=personas[Role.PRISON_POM])
    SessionFactory(prisoner=prisoner, staff=personas[Role.KEYWORKER])
    AllocationEventFactory(prisoner=prisoner, to_user=personas[Role.PRISON_POM])
    ChecklistItemFactory(prisoner=prisoner, sentence=sentence)
    ResponsibilityOverrideFactory(prisoner=prisoner, created_by=personas[Role.HEAD_OF_OMU])
    HandoverEventFactory(prisoner=prisoner)
    TaskFactory(prisoner=prisoner)
    CategorisationFactory(prisoner=prisoner)
    OasysAssessmentFactory(prisoner=prisoner, kind="initial", completed_on=dt.date(2026, 3, 2))
    ResettlementNeedFactory(prisoner=prisoner)
    ReferralFactory(prisoner=prisoner)
    allocation.early_allocation_assess(
        prisoner=prisoner,
        acting_user=personas[Role.PRISON_POM],
        oasys_risk_assessment_date=dt.date(2026, 11, 1),
        automatic=["mappa_level_3"],
        today=dt.date(2026, 11, 23),
    )
    return prisoner


def counts(document: dict) -> dict[str, int]:
    return {s["title"]: len(s["records"]) for s in document["sections"]}


def test_the_command_exports_every_kind_of_record_as_json_and_logs_it(
    person: Prisoner, tmp_path: Path, moorland_case: Prisoner
) -> None:
    out = tmp_path / "sar.json"
    call_command("sar_export", person.prison_number.lower(), "--output", str(out))
    document = json.loads(out.read_text())
    assert document["prison_number"] == person.prison_number
    held = {title for title, n in counts(document).items() if n}
    assert held >= EVERY_KIND, EVERY_KIND - held
    sections = {s["title"]: s["records"] for s in document["sections"]}
    assert sections["Case"][0]["first_name"] == "Sam"
    assert sections["Sessions"][0]["staff"]  # a member of staff by name, not an id
    assert not isinstance(sections["Sessions"][0]["staff"], int)
    assert any("Case admin" in entry["who"] for entry in sections["History of changes"])
    # Nothing about anyone else.
    assert moorland_case.prison_number not in out.read_text()
    (log,) = AccessLog.objects.all()
    assert (log.kind, log.prisoner, log.user) == ("subject_access", person, None)
    assert "(JSON, command)" in log.what


def test_the_command_writes_a_printable_page(
    person: Prisoner, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("sar_export", person.prison_number, "--format", "html")
    page = capsys.readouterr().out
    assert page.startswith("<!DOCTYPE html>")
    assert "Everything held about Sam Held" in page
    assert "<h2>Referrals (1)</h2>" in page


def test_the_command_refuses_an_unknown_number(db: None) -> None:
    with pytest.raises(CommandError, match="No prisoner"):
        call_command("sar_export", "Z9999ZZ")


def test_the_head_of_omu_exports_from_the_page_and_each_download_is_audited(
    person: Prisoner, client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.HEAD_OF_OMU)
    url = reverse("subject-access", args=[person.prison_number])
    page = client.get(url)
    assert page.status_code == 200
    assert b"Download as a printable page" in page.content
    case_page = client.get(reverse("prisoner-detail", args=[person.prison_number]))
    assert b'data-testid="subject-access-link"' in case_page.content
    as_json = client.get(url, {"format": "json"}, REMOTE_ADDR="10.9.8.7")
    assert as_json["Content-Disposition"] == (
        f'attachment; filename="subject-access-{person.prison_number}.json"'
    )
    assert {t for t, n in counts(json.loads(as_json.content)).items() if n} >= EVERY_KIND
    as_html = client.get(url, {"format": "html"})
    assert as_html["Content-Type"].startswith("text/html")
    assert b"Everything held about Sam Held" in as_html.content
    exports = AccessLog.objects.filter(kind="subject_access").order_by("pk")
    assert [(e.address, e.what.split("(")[-1]) for e in exports] == [
        ("10.9.8.7", "JSON)"),
        ("127.0.0.1", "HTML)"),
    ]


@pytest.mark.parametrize(
    "who, status",
    [(Role.HEAD_OF_OMU, 200), (Role.PRISON_POM, 403), (Role.CASE_ADMIN, 403), (Role.COM, 403)],
)
def test_only_the_head_of_omu_of_the_cases_prison_may_export(
    person: Prisoner, client_for: Callable[[str], Client], who: str, status: int
) -> None:
    client = client_for(who)
    url = reverse("subject-access", args=[person.prison_number])
    assert client.get(url).status_code == status
    assert client.get(url, {"format": "json"}).status_code == status
    api = reverse("api-subject-access", args=[person.prison_number])
    assert client.get(api).status_code == status
    if status != 200:
        assert not AccessLog.objects.filter(kind="subject_access").exists()


def test_another_prisons_case_is_not_found(
    moorland_case: Prisoner, client_for: Callable[[str], Client]
) -> None:
    client = client_for(Role.HEAD_OF_OMU)
    assert (
        client.get(reverse("subject-access", args=[moorland_case.prison_number])).status_code == 404
    )
    api = reverse("api-subject-access", args=[moorland_case.prison_number])
    assert client.get(api).status_code == 404


def test_the_api_gives_the_export_and_logs_it(
    person: Prisoner, client_for: Callable[[str], Client]
) -> None:
    response = client_for(Role.HEAD_OF_OMU).get(
        reverse("api-subject-access", args=[person.prison_number])
    )
    assert response.status_code == 200
    assert {t for t, n in counts(response.json()).items() if n} >= EVERY_KIND
    assert AccessLog.objects.get().what.endswith("(JSON, API)")
