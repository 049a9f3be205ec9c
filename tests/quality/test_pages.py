"""The audit's pages, role by role and prison by prison: senior POMs and the head of OMU at the
case's prison review; everyone else is refused."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from cases.models import Prison, Role
from quality import rules, services
from quality.models import AuditAnswer, AuditCase, AuditSample
from tests.factories import store_answers
from tests.quality.conftest import MONTH, custody_case

REVIEWERS = {Role.SENIOR_POM, Role.HEAD_OF_OMU}
OTHERS = [r for r in Role if r not in REVIEWERS]


@pytest.fixture
def sample(leeds: Prison, cases: dict, personas: dict) -> AuditSample:
    return services.audit_sample_draw(prison=leeds, month=MONTH, seed="pages")[0]


def case_of(sample: AuditSample, user: object) -> AuditCase:
    found = sample.cases.filter(reviewer=user).first()
    assert found is not None
    return found


@pytest.mark.parametrize("role", list(Role))
def test_only_reviewers_at_the_prison_see_the_sample_and_results(
    sample: AuditSample, client_for: Callable[[str], Client], role: Role
) -> None:
    client = client_for(role)
    audit_case = sample.cases.first()
    urls = [
        reverse("quality-sample"),
        reverse("quality-results"),
        reverse("quality-case", args=[audit_case.pk]),
    ]
    expected = 200 if role in REVIEWERS else 403
    assert [client.get(url).status_code for url in urls] == [expected] * 3


def test_a_reviewer_elsewhere_sees_their_own_prison_only(
    sample: AuditSample, moorland: Prison, head_mdi: object
) -> None:
    client = Client()
    client.force_login(head_mdi)
    services.audit_sample_draw(prison=moorland, month=MONTH)
    page = client.get(reverse("quality-sample"))
    assert page.status_code == 200 and page.context["sample"].prison == moorland
    leeds_case = sample.cases.first()
    assert client.get(reverse("quality-case", args=[leeds_case.pk])).status_code == 404
    assert client.get(reverse("quality-reviewer", args=[leeds_case.pk])).status_code == 404


def test_the_sample_page_lists_the_cases_with_their_reviewers(
    sample: AuditSample, client_for: Callable[[str], Client], personas: dict
) -> None:
    page = client_for(Role.SENIOR_POM).get(reverse("quality-sample")).content.decode()
    for audit_case in sample.cases.select_related("prisoner"):
        assert f'data-testid="audit-row-{audit_case.prisoner.prison_number}"' in page
    assert "December 2026" in page and "pages" in page  # the month and the seed
    mine = client_for(Role.SENIOR_POM).get(reverse("quality-sample"), {"mine": "on"})
    assert {c.reviewer for c in mine.context["page"].object_list} == {personas[Role.SENIOR_POM]}


def test_the_sample_list_costs_the_same_queries_whatever_its_length(
    leeds: Prison,
    cases: dict,
    personas: dict,
    client_for: Callable[[str], Client],
    django_assert_max_num_queries: Callable,
) -> None:
    client = client_for(Role.HEAD_OF_OMU)
    sample = services.audit_sample_draw(prison=leeds, month=MONTH)[0]
    client.get(reverse("quality-sample"))
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("quality-sample"))
    sample.delete()
    for _ in range(20):
        custody_case(leeds)
    store_answers()
    leeds.policy.audit_sample_size = 20
    leeds.policy.save()
    services.audit_sample_draw(prison=leeds, month=MONTH)
    with django_assert_max_num_queries(20) as large:
        response = client.get(reverse("quality-sample"))
    assert len(response.context["page"].object_list) == 20
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_reviewer_answers_the_questions_from_the_form(
    sample: AuditSample, client_for: Callable[[str], Client], personas: dict
) -> None:
    audit_case = case_of(sample, personas[Role.SENIOR_POM])
    url = reverse("quality-case", args=[audit_case.pk])
    client = client_for(Role.SENIOR_POM)
    page = client.get(url).content.decode()
    assert 'data-testid="suggestion-bcs"' in page and "No completed BCS is recorded." in page
    data = {f"{code}_judgement": "met" for code in rules.QUESTION_CODES}
    data["bcs_judgement"] = "not_met"
    data["bcs_note"] = "Screened on day five."
    response = client.post(url, data)
    assert response.status_code == 302
    audit_case.refresh_from_db()
    assert audit_case.status == AuditCase.Status.COMPLETE
    assert AuditAnswer.objects.get(audit_case=audit_case, question="bcs").note == (
        "Screened on day five."
    )


def test_a_note_without_a_judgement_or_too_long_is_shown_as_an_error(
    sample: AuditSample, client_for: Callable[[str], Client], personas: dict
) -> None:
    audit_case = case_of(sample, personas[Role.SENIOR_POM])
    url = reverse("quality-case", args=[audit_case.pk])
    client = client_for(Role.SENIOR_POM)
    response = client.post(
        url, {"bcs_note": "A note", "oasys_judgement": "met", "oasys_note": "x" * 1001}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert "Choose a judgement for the note you wrote." in page
    assert not AuditAnswer.objects.exists()


def test_another_reviewer_sees_the_answers_but_cannot_post(
    sample: AuditSample, client_for: Callable[[str], Client], personas: dict
) -> None:
    head_case = case_of(sample, personas[Role.HEAD_OF_OMU])
    client = client_for(Role.SENIOR_POM)
    url = reverse("quality-case", args=[head_case.pk])
    page = client.get(url)
    assert page.status_code == 200 and not page.context["may_answer"]
    assert client.post(url, {"bcs_judgement": "met"}).status_code == 403
    assert not AuditAnswer.objects.exists()


def test_the_head_of_omu_changes_the_reviewer(
    sample: AuditSample, client_for: Callable[[str], Client], personas: dict
) -> None:
    audit_case = case_of(sample, personas[Role.HEAD_OF_OMU])
    url = reverse("quality-reviewer", args=[audit_case.pk])
    assert client_for(Role.SENIOR_POM).get(url).status_code == 403
    client = client_for(Role.HEAD_OF_OMU)
    assert client.get(url).status_code == 200
    senior = personas[Role.SENIOR_POM]
    response = client.post(url, {"reviewer": str(senior.pk), "reason": "Workload"})
    assert response.status_code == 302
    audit_case.refresh_from_db()
    assert audit_case.reviewer == senior
    bad = client.post(url, {"reviewer": str(personas[Role.PRISON_POM].pk), "reason": "x"})
    assert bad.status_code == 200 and bad.context["form"].errors


def test_the_head_of_omu_draws_a_missing_month_and_nobody_else_can(
    leeds: Prison, cases: dict, client_for: Callable[[str], Client]
) -> None:
    url = reverse("quality-draw")
    assert client_for(Role.SENIOR_POM).post(url, {"month": "2026-12"}).status_code == 403
    page = client_for(Role.HEAD_OF_OMU).get(reverse("quality-sample")).content.decode()
    assert "Draw the sample for December 2026 now" in page
    response = client_for(Role.HEAD_OF_OMU).post(url, {"month": "2026-12"})
    assert response.status_code == 302 and response["Location"].endswith("?month=2026-12")
    assert AuditSample.objects.get().cases.count() == 4
    client_for(Role.HEAD_OF_OMU).post(url, {"month": "2026-12"})
    assert AuditCase.objects.count() == 4  # drawn once
    assert client_for(Role.HEAD_OF_OMU).post(url, {"month": "2027-01"}).status_code == 403


def test_the_sample_and_results_download_as_csv(
    sample: AuditSample, client_for: Callable[[str], Client], personas: dict
) -> None:
    senior = personas[Role.SENIOR_POM]
    services.audit_answers_save(
        audit_case=case_of(sample, senior),
        acting_user=senior,
        answers=[{"question": "bcs", "judgement": "partly_met", "note": "=SUM(A1)"}],
    )
    client = client_for(Role.HEAD_OF_OMU)
    rows = client.get(reverse("quality-sample"), {"format": "csv"}).content.decode().splitlines()
    assert rows[0].startswith("prison,month,prison_number")
    assert len(rows) == 1 + 4  # one answer, three cases not answered yet
    assert "partly_met" in "".join(rows) and "'=SUM(A1)" in "".join(rows)
    results = client.get(reverse("quality-results"), {"format": "csv"}).content.decode()
    assert "LEI,2026-12,bcs,4,0,0,1,0,0,50.0" in results


def test_the_results_page_shows_the_month_and_the_trend(
    sample: AuditSample, client_for: Callable[[str], Client], personas: dict
) -> None:
    page = client_for(Role.HEAD_OF_OMU).get(reverse("quality-results")).content.decode()
    assert 'data-testid="trend-2026-12"' in page and 'data-testid="trend-2026-01"' in page
    assert "0 of 4 cases complete" in page


def test_the_case_page_has_the_contact_section_the_evidence_links_to(
    sample: AuditSample, client_for: Callable[[str], Client]
) -> None:
    number = sample.cases.first().prisoner.prison_number
    page = client_for(Role.HEAD_OF_OMU).get(reverse("prisoner-detail", args=[number]))
    assert 'id="contact-heading"' in page.content.decode()


def test_the_admin_shows_the_audit_and_changes_nothing(sample: AuditSample) -> None:
    root = get_user_model().objects.create_superuser("root", "root@example.gov.uk", "pw-123456")
    client = Client()
    client.force_login(root)
    for model in ("auditsample", "auditcase", "auditanswer"):
        assert client.get(reverse(f"admin:quality_{model}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:quality_{model}_add")).status_code == 403
