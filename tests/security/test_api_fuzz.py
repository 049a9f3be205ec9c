"""The API under generated input: schemathesis reads /api/schema/ and sends every operation
schema-shaped (positive) and schema-breaking (negative) requests, as a signed-in head of OMU
and as a POM, over the demo data. No answer may be a server error, and no answer the schema
documents may break it.

Bounded and seeded (`derandomize=True`): the same requests every run, in well under a minute.
Path and query identifiers are often swapped for real ones (cases, prisons, referrals, tasks,
...), at the caller's prison and at the other, so requests reach past the 404s into the code.
"""

from __future__ import annotations

import os
import traceback
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections
from django.test import Client, override_settings
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import response_schema_conformance

from cases.models import Prison, Prisoner
from handover.models import ChecklistItem, ParoleReview
from interventions.models import Referral, ResettlementNeed
from screening.models import SentencePlanObjective, Task

# Examples per operation and mode. OMU_FUZZ_SCALE=10 (say) runs a deeper, slower search by hand.
SCALE = int(os.environ.get("OMU_FUZZ_SCALE", "1"))
MAX_EXAMPLES = {
    schemathesis.GenerationMode.POSITIVE: 5 * SCALE,
    schemathesis.GenerationMode.NEGATIVE: 4 * SCALE,
}
CHECKS = [not_a_server_error, response_schema_conformance]

# (method, path) -> why its answers are not checked against the schema (they are still checked
# for server errors). Each needs a fix in a file this suite's authors may not change.
SCHEMA_EXCLUSIONS: dict[tuple[str, str], str] = {}


@pytest.fixture
def demo(db: None) -> None:
    call_command("seed_demo", prisons=2, prisoners_per_prison=12, seed=1, force=True)


@contextmanager
def wsgi_app() -> Iterator[WSGIHandler]:
    """The real WSGI application, in this thread and this test's transaction: Django closes
    "old" connections around each request, which would end the transaction (its test client
    unhooks this the same way, and hooks it again after each request: use no test client
    inside)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def server_errors() -> Iterator[list[str]]:
    """Every exception a view raised (a 500), with its traceback, to say what broke."""
    found: list[str] = []

    def record(sender: object, request: Any = None, **kwargs: Any) -> None:
        path = getattr(request, "path", "?")
        found.append(f"{getattr(request, 'method', '?')} {path}\n{traceback.format_exc()}")

    got_request_exception.connect(record)
    yield found
    got_request_exception.disconnect(record)


STATUSES: Counter[tuple[str, str, int]] = Counter()  # what the run reached, for a deeper look


def real_identifiers() -> dict[str, list[Any]]:
    """Identifiers that exist, by the path or query parameter that takes them."""
    numbers = list(
        Prisoner.objects.order_by("prison_number").values_list("prison_number", flat=True)
    )
    return {
        "prison_number": numbers[:3] + numbers[-3:],
        "prisoner": numbers[:2] + numbers[-2:],
        "prison": list(Prison.objects.values_list("code", flat=True)),
        "code": list(Prison.objects.values_list("code", flat=True)),
        "checklist": list(ChecklistItem.objects.values_list("code", flat=True).distinct()[:3])
        or ["pom_contact"],
        "/referrals/": list(Referral.objects.values_list("pk", flat=True)[:4]),
        "/tasks/": list(Task.objects.values_list("pk", flat=True)[:4]),
        "/resettlement-needs/": list(ResettlementNeed.objects.values_list("pk", flat=True)[:4]),
        "/parole-reviews/": list(ParoleReview.objects.values_list("pk", flat=True)[:4]),
        "/objectives/": list(SentencePlanObjective.objects.values_list("pk", flat=True)[:4]),
    }


def _choices(path: str, name: str, real: dict[str, list[Any]]) -> list[Any]:
    if name == "code" and "/checklist/" in path:
        return real["checklist"]
    if name == "id":
        return next((values for key, values in real.items() if key in path), [])
    return real.get(name, [])


def use_real_identifiers(case: Any, data: st.DataObject, real: dict[str, list[Any]]) -> None:
    """Sometimes swap a generated identifier for one that exists."""
    path = case.operation.path
    for container in (case.path_parameters, case.query):
        if not isinstance(container, dict):
            continue
        for name in list(container):
            choices = _choices(path, name, real)
            if choices and data.draw(st.booleans(), label=f"real {name}"):
                container[name] = data.draw(st.sampled_from(choices), label=name)


@dataclass(frozen=True)
class Target:
    """Where the generated requests go, as whom, with which real identifiers to mix in."""

    app: WSGIHandler
    token: str
    real: dict[str, list[Any]]


def fuzz_mode(operation: Any, mode: schemathesis.GenerationMode, target: Target) -> list[str]:
    """Run one operation in one mode; the failures, one line each."""
    failures: list[str] = []
    excluded = (operation.method.upper(), operation.path) in SCHEMA_EXCLUSIONS
    checks = [not_a_server_error] if excluded else CHECKS
    headers = {"Authorization": f"Token {target.token}"}

    @hypothesis_settings(
        max_examples=MAX_EXAMPLES[mode],
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: report, do not minimise
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
    def run(case: Any, data: st.DataObject) -> None:
        use_real_identifiers(case, data, target.real)
        response = case.call(app=target.app, headers=headers)
        STATUSES[(operation.method.upper(), operation.path, response.status_code)] += 1
        try:
            case.validate_response(response, checks=checks)
        except FailureGroup as group:
            for failure in group.exceptions:
                detail = " ".join(str(failure).split())[:300]
                failures.append(
                    f"{case.method} {case.formatted_path} {case.query or ''} "
                    f"({mode.value}): {response.status_code} {detail}"
                )

    try:
        run()
    except Unsatisfiable:
        # Nothing in this operation can be made invalid (no body, no required input).
        assert mode is schemathesis.GenerationMode.NEGATIVE, operation.label
    return failures


@pytest.mark.parametrize("username", ["spo", "pom"])
def test_no_generated_request_breaks_the_api(
    demo: None, server_errors: list[str], username: str
) -> None:
    client = Client()
    staff = get_user_model().objects.get(username=username)
    client.force_login(staff)
    document = client.get("/api/schema/", {"format": "json"})
    assert document.status_code == 200
    schema = schemathesis.openapi.from_dict(document.json())
    token = Token.objects.create(user=staff).key
    real = real_identifiers()

    rates = {"anon": "100000/minute", "user": "100000/minute"}
    failures: list[str] = []
    ran = 0
    throttle = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    with override_settings(REST_FRAMEWORK=throttle), wsgi_app() as app:
        for result in schema.get_all_operations():
            for mode in MAX_EXAMPLES:
                failures += fuzz_mode(result.ok(), mode, Target(app, token, real))
            ran += 1
    report = os.environ.get("OMU_FUZZ_REPORT")  # a file: what each operation answered, how often
    if report:
        with open(report, "a", encoding="utf-8") as out:
            out.writelines(
                f"{username} {m} {p} {code} {n}\n" for (m, p, code), n in STATUSES.items()
            )
    assert ran >= 50  # every operation of the schema
    assert not server_errors, "\n\n".join(server_errors[:3])
    assert not failures, "\n".join(failures[:40])
