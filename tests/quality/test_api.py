"""`/api/v1/quality/`: the same selectors and services as the pages, role by role and prison by
prison."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from cases.models import Prison, Role
from quality import rules, services
from quality.models import AuditAnswer, AuditCase, AuditSample
from tests.quality.conftest import MONTH

REVIEWERS = {Role.SENIOR_POM, Role.HEAD_OF_OMU}


@pytest.fixture
def sample(leeds: Prison, cases: dict, personas: dict) -> AuditSample:
    return services.audit_sample_draw(prison=leeds, month=MONTH, seed="api")[0]


def case_of(sample: AuditSample, user: object) -> AuditCase:
    found = sample.cases.filter(reviewer=user).first()
    assert found is not None
    return found


@pytest.mark.parametrize("role", list(Role))
def test_only_reviewers_at_the_prison_read_the_audit(
    sample: AuditSample, client_for: Callable[[str], Client], role: Role
) -> None:
    client = client_for(role)
    urls = [
        reverse("api-quality-samples"),
        reverse("api-quality-sample-cases", args=[sample.pk]),
        reverse("api-quality-case", args=[sample.cases.first().pk]),
        reverse("api-quality-results", args=["LEI"]),
    ]
    expected = 200 if role in REVIEWERS else 403
    assert [client.get(url).status_code for url in urls] == [expected] * 4


def test_a_reviewer_elsewhere_gets_nothing_of_this_prison(
    sample: AuditSample, moorland: Prison, head_mdi: object
) -> None:
    client = Client()
    client.force_login(head_mdi)
    assert client.get(reverse("api-quality-samples")).json()["results"] == []
    for url in (
        reverse("api-quality-sample-cases", args=[sample.pk]),
        reverse("api-quality-case", args=[sample.cases.first().pk]),
        reverse("api-quality-results", args=["LEI"]),
    ):
        assert client.get(url).status_code == 404
    draw = client.post(reverse("api-quality-draw", args=["LEI"]), {"month": "2026-12"})
    assert draw.status_code == 404


def test_the_samples_and_their_cases(
    sample: AuditSample, client_for: Callable[[str], Client], personas: dict
) -> None:
    client = client_for(Role.SENIOR_POM)
    body = client.get(reverse("api-quality-samples"), {"prison": "LEI", "month": "2026-12"})
    [row] = body.json()["results"]
    assert row["month"] == "2026-12" and row["seed"] == "api" and row["cases_count"] == 4
    assert row["population"] == {"community": 2, "custody": 6}
    cases = client.get(reverse("api-quality-sample-cases", args=[sample.pk])).json()["results"]
    assert sorted(c["case_type"] for c in cases) == ["community", "custody", "custody", "custody"]
    mine = client.get(reverse("api-quality-sample-cases", args=[sample.pk]), {"mine": "true"})
    assert {c["reviewer"] for c in mine.json()["results"]} == {"senior_pom_lei"}


def test_the_case_has_each_question_with_its_suggestion_and_evidence(
    sample: AuditSample, client_for: Callable[[str], Client], personas: dict
) -> None:
    audit_case = case_of(sample, personas[Role.SENIOR_POM])
    body = client_for(Role.SENIOR_POM).get(reverse("api-quality-case", args=[audit_case.pk])).json()
    assert [q["code"] for q in body["questions"]] == list(rules.QUESTION_CODES)
    bcs = body["questions"][0]
    assert bcs["suggested"] == "not_met" and bcs["answer"] is None
    assert bcs["evidence"][0]["url"].endswith("/bcs/")


def test_the_reviewer_records_answers_and_bad_ones_are_400(
    sample: AuditSample, client_for: Callable[[str], Client], personas: dict
) -> None:
    audit_case = case_of(sample, personas[Role.SENIOR_POM])
    url = reverse("api-quality-answers", args=[audit_case.pk])
    client = client_for(Role.SENIOR_POM)
    answers = [{"question": c, "judgement": "met"} for c in rules.QUESTION_CODES]
    response = client.post(url, {"answers": answers}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["status"] == "complete"
    assert response.json()["questions"][0]["answer"]["judgement"] == "met"
    for bad in (
        {"answers": []},
        {"answers": [{"question": "bcs", "judgement": "great"}]},
        {"answers": [{"question": "bcs", "judgement": "met", "note": "x" * 1001}]},
    ):
        assert client.post(url, bad, content_type="application/json").status_code == 400


def test_only_the_cases_reviewer_or_the_head_of_omu_answers(
    sample: AuditSample, client_for: Callable[[str], Client], personas: dict
) -> None:
    head_case = case_of(sample, personas[Role.HEAD_OF_OMU])
    url = reverse("api-quality-answers", args=[head_case.pk])
    body = {"answers": [{"question": "bcs", "judgement": "met"}]}
    response = client_for(Role.SENIOR_POM).post(url, body, content_type="application/json")
    assert response.status_code == 403
    assert (
        client_for(Role.PRISON_POM).post(url, body, content_type="application/json").status_code
        == 403
    )
    assert not AuditAnswer.objects.exists()


def test_the_head_of_omu_changes_the_reviewer(
    sample: AuditSample, client_for: Callable[[str], Client], personas: dict
) -> None:
    audit_case = case_of(sample, personas[Role.HEAD_OF_OMU])
    url = reverse("api-quality-reviewer", args=[audit_case.pk])
    body = {"reviewer": "senior_pom_lei", "reason": "Workload"}
    assert client_for(Role.SENIOR_POM).post(url, body).status_code == 403
    response = client_for(Role.HEAD_OF_OMU).post(url, body)
    assert response.status_code == 200 and response.json()["reviewer"] == "senior_pom_lei"
    bad = client_for(Role.HEAD_OF_OMU).post(url, {"reviewer": "prison_pom_lei", "reason": "x"})
    assert bad.status_code == 400 and "reviewer" in bad.json()


def test_the_head_of_omu_draws_a_month_once(
    leeds: Prison, cases: dict, client_for: Callable[[str], Client]
) -> None:
    url = reverse("api-quality-draw", args=["LEI"])
    assert client_for(Role.SENIOR_POM).post(url, {"month": "2026-12"}).status_code == 403
    client = client_for(Role.HEAD_OF_OMU)
    first = client.post(url, {"month": "2026-12", "seed": "abc"})
    assert first.status_code == 201 and first.json()["seed"] == "abc"
    again = client.post(url, {"month": "2026-12", "seed": "other"})
    assert again.status_code == 200 and again.json()["seed"] == "abc"
    assert client.post(url, {"month": "2027-01"}).status_code == 400  # to come
    assert client.post(url, {"month": "2026-13"}).status_code == 400


def test_the_results_by_month(
    sample: AuditSample, client_for: Callable[[str], Client], personas: dict
) -> None:
    senior = personas[Role.SENIOR_POM]
    services.audit_answers_save(
        audit_case=case_of(sample, senior),
        acting_user=senior,
        answers=[{"question": "bcs", "judgement": "partly_met"}],
    )
    client = client_for(Role.HEAD_OF_OMU)
    body = client.get(reverse("api-quality-results", args=["LEI"]), {"month": "2026-12"}).json()
    assert body["prison"] == "LEI" and len(body["months"]) == 12
    latest = body["months"][-1]
    assert latest["month"] == "2026-12" and latest["cases"] == 4
    assert latest["questions"]["bcs"]["percent"] == 50.0 and latest["overall"]["partly_met"] == 1
    assert (
        client.get(reverse("api-quality-results", args=["LEI"]), {"month": "x"}).status_code == 400
    )


def test_the_endpoints_are_in_the_openapi_schema(client_for: Callable[[str], Client]) -> None:
    schema = client_for(Role.HEAD_OF_OMU).get(reverse("api-schema")).content.decode()
    for path in (
        "/api/v1/quality/samples/",
        "/api/v1/quality/samples/{id}/cases/",
        "/api/v1/quality/prisons/{code}/samples/",
        "/api/v1/quality/prisons/{code}/results/",
        "/api/v1/quality/cases/{id}/",
        "/api/v1/quality/cases/{id}/answers/",
        "/api/v1/quality/cases/{id}/reviewer/",
    ):
        assert path in schema


def test_the_sample_cases_endpoint_costs_the_same_queries_whatever_its_length(
    leeds: Prison,
    cases: dict,
    personas: dict,
    client_for: Callable[[str], Client],
    django_assert_max_num_queries: Callable,
) -> None:
    client = client_for(Role.HEAD_OF_OMU)
    small = services.audit_sample_draw(prison=leeds, month=MONTH)[0]
    url = reverse("api-quality-sample-cases", args=[small.pk])
    client.get(url)
    with django_assert_max_num_queries(15) as few:
        client.get(url)
    leeds.policy.audit_sample_size = 8
    leeds.policy.save()
    large = services.audit_sample_draw(prison=leeds, month=rules.parse_month("2026-11"))[0]
    url = reverse("api-quality-sample-cases", args=[large.pk])
    with django_assert_max_num_queries(15) as many:
        body = client.get(url).json()
    assert body["count"] == 8
    assert len(many.captured_queries) == len(few.captured_queries)
