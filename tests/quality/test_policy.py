"""The sample size is part of the prison's policy: changed by its head of OMU on the policy
page or the API, with a reason, 0 to 100; the engine does not read it. And a merge of two
records keeps their audits."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from cases.audit import ChangeSource
from cases.models import Prison, PrisonPolicy, Role
from quality import plugin, services
from quality.models import AuditCase
from tests.quality.conftest import MONTH, custody_case


def test_the_head_of_omu_sets_the_sample_size_on_the_policy_page(
    leeds: Prison, personas: dict, client_for: Callable[[str], Client]
) -> None:
    url = reverse("prison-policy", args=["LEI"])
    head = client_for(Role.HEAD_OF_OMU)
    assert "Cases sampled for the case-quality audit" in head.get(url).content.decode()
    policy = PrisonPolicy.objects.get(prison=leeds)
    form = {**policy.as_mapping(), "version": policy.version}
    response = head.post(url, {**form, "audit_sample_size": 25, "reason": "A larger audit"})
    assert response.status_code == 302
    policy = PrisonPolicy.objects.get(prison=leeds)
    assert policy.audit_sample_size == 25
    assert policy.history.first().history_change_reason == "A larger audit"
    form["version"] = policy.version
    refused = head.post(url, {**form, "audit_sample_size": 101, "reason": "Too many"})
    assert refused.status_code == 200 and "audit_sample_size" in refused.context["form"].errors


@pytest.mark.parametrize(("value", "status"), [(0, 200), (100, 200), (101, 400), (-1, 400)])
def test_the_policy_api_takes_a_sample_size_from_0_to_100(
    leeds: Prison, personas: dict, client_for: Callable[[str], Client], value: int, status: int
) -> None:
    url = reverse("api-prison-policy", args=["LEI"])
    response = client_for(Role.HEAD_OF_OMU).patch(
        url,
        {
            "audit_sample_size": value,
            "reason": "Audit",
            "version": PrisonPolicy.objects.get(prison=leeds).version,
        },
        content_type="application/json",
    )
    assert response.status_code == status
    if status == 200:
        assert response.json()["audit_sample_size"] == value


def test_a_merge_moves_the_removed_records_audits_to_the_kept_one(
    leeds: Prison, cases: dict, personas: dict
) -> None:
    sample, _ = services.audit_sample_draw(prison=leeds, month=MONTH)
    audited = sample.cases.first().prisoner
    kept = custody_case(leeds)
    assert plugin.merge_preview(kept.pk, audited.pk) == [("Case-quality audits", 1)]
    plugin.merge(kept.pk, audited.pk, ChangeSource.by(personas[Role.HEAD_OF_OMU]))
    assert AuditCase.objects.filter(prisoner=kept, sample=sample).exists()
    assert not AuditCase.objects.filter(prisoner=audited).exists()
