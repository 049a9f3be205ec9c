"""History entries name each field as staff know it and show old and new values in words."""

import datetime as dt

import pytest

from cases.models import Prison, Prisoner, Role
from cases.selectors.history import case_history, policy_history
from cases.services.policy import prison_policy_update
from tests.factories import AllocationFactory, PrisonPolicyFactory, SentenceFactory, staff

pytestmark = pytest.mark.django_db


def test_policy_history_names_fields_and_shows_labels(leeds: Prison) -> None:
    head = staff("head_lei", Role.HEAD_OF_OMU, leeds)
    policy = PrisonPolicyFactory(prison=leeds)
    prison_policy_update(
        prison=leeds,
        acting_user=head,
        changes={"bcs_hours": 48, "handover_rule": "legacy", "poms_see_unit_figures": True},
        reason="Local agreement",
        expected_version=policy.version,
    )
    [latest, *_] = policy_history(leeds.policy)
    assert set(latest.changes) == {
        ("Basic Custody Screening: hours after arrival", "72", "48"),
        ("Handover rule", "National (current rules)", "Legacy (2019 model)"),
        ("POMs may see the unit's dashboard and other POMs' caseloads", "No", "Yes"),
    }
    assert latest.reason == "Local agreement"
    every_label = {label for entry in policy_history(leeds.policy) for label, _, _ in entry.changes}
    assert "Prison" not in every_label


def test_case_history_names_people_and_writes_dates_in_words(leeds_case: Prisoner) -> None:
    pom = staff("pom_words", Role.PRISON_POM, leeds_case.current_prison)
    pom.first_name, pom.last_name = "Jordan", "Hughes"
    pom.save()
    AllocationFactory(prisoner=leeds_case, primary_pom=pom, com_allocated_on=dt.date(2026, 6, 25))
    sentence = SentenceFactory(prisoner=leeds_case, is_current=False)
    sentence.conditional_release_date = dt.date(2027, 3, 1)
    sentence.save()
    changes = {change for entry in case_history(leeds_case) for change in entry.changes}
    assert ("POM", "", "Jordan Hughes") in changes
    assert ("COM allocated on", "", "25 June 2026") in changes
    assert any(label == "CRD" and new == "1 March 2027" for label, _, new in changes)
    assert all(not label.islower() for label, _, _ in changes)
