"""Drawing the monthly sample (once, reproducibly, stratified), sharing it among reviewers, and
recording answers with their history."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from cases.figures import figure_by_key, prison_figures
from cases.models import Allocation, Prison, Prisoner, StaffMember
from quality import rules, selectors, services, tasks
from quality.models import AuditAnswer, AuditCase, AuditSample
from tests.quality.conftest import MONTH, TODAY

ALL_MET = [{"question": code, "judgement": "met", "note": ""} for code in rules.QUESTION_CODES]


def drawn_ids(sample: AuditSample) -> set[int]:
    return set(sample.cases.values_list("prisoner_id", flat=True))


def test_the_draw_is_stratified_by_case_type_from_cases_in_scope(
    leeds: Prison, cases: dict[str, list[Prisoner]], personas: dict
) -> None:
    sample, drawn = services.audit_sample_draw(prison=leeds, month=MONTH)
    assert drawn
    kinds = list(sample.cases.values_list("case_type", flat=True))
    assert sorted(kinds) == ["community", "custody", "custody", "custody"]  # 4 of 6 + 2
    assert sample.population == {"community": 2, "custody": 6}
    leeds_in_scope = {p.pk for p in cases["custody"] + cases["community"]}
    assert drawn_ids(sample) <= leeds_in_scope  # no remand case, no Moorland case
    assert sample.size == 4 and sample.seed


def test_drawing_a_month_twice_draws_nothing_new(
    leeds: Prison, cases: dict, personas: dict
) -> None:
    first, _ = services.audit_sample_draw(prison=leeds, month=MONTH)
    again, drawn = services.audit_sample_draw(prison=leeds, month=TODAY, seed="other")
    assert not drawn and again.pk == first.pk
    assert AuditSample.objects.count() == 1 and AuditCase.objects.count() == 4


def test_the_monthly_task_is_safe_to_run_twice(leeds: Prison, cases: dict, personas: dict) -> None:
    tasks.draw_audit_samples()
    tasks.draw_audit_samples()
    assert tasks.draw_audit_sample(leeds.pk, MONTH.isoformat()) is False
    assert AuditSample.objects.filter(month=MONTH).count() == 2
    assert AuditCase.objects.count() == 4 + 2  # Moorland's two, under the default of 10


def test_the_same_prison_month_and_seed_draw_the_same_cases(
    leeds: Prison, cases: dict, personas: dict
) -> None:
    sample, _ = services.audit_sample_draw(prison=leeds, month=MONTH, seed="audit-1")
    first = drawn_ids(sample)
    sample.delete()
    again, _ = services.audit_sample_draw(prison=leeds, month=MONTH, seed="audit-1")
    assert drawn_ids(again) == first
    population = services.sample_population(leeds)
    assert {pk for pk, _ in rules.draw_sample(
        population, sample_size=4, prison_code="LEI", month=MONTH, seed="audit-1"
    )} == first  # fmt: skip


def test_a_random_seed_is_kept_so_the_draw_can_be_checked(
    leeds: Prison, cases: dict, personas: dict
) -> None:
    sample, _ = services.audit_sample_draw(prison=leeds, month=MONTH)
    again = rules.draw_sample(
        services.sample_population(leeds),
        sample_size=sample.size,
        prison_code="LEI",
        month=MONTH,
        seed=sample.seed,
    )
    assert {pk for pk, _ in again} == drawn_ids(sample)


def test_the_cases_are_shared_evenly_among_senior_poms_and_the_head_of_omu(
    leeds: Prison, cases: dict, personas: dict
) -> None:
    sample, _ = services.audit_sample_draw(prison=leeds, month=MONTH)
    reviewers = list(sample.cases.values_list("reviewer__username", flat=True))
    assert sorted(reviewers) == ["head_of_omu_lei"] * 2 + ["senior_pom_lei"] * 2


def test_a_reviewer_never_gets_a_case_they_hold_as_pom(
    leeds: Prison, cases: dict, personas: dict
) -> None:
    senior = personas["senior_pom"]
    for case in cases["custody"] + cases["community"]:
        Allocation.objects.create(prisoner=case, primary_pom=senior)
    sample, _ = services.audit_sample_draw(prison=leeds, month=MONTH)
    assert set(sample.cases.values_list("reviewer__username", flat=True)) == {"head_of_omu_lei"}


def test_a_reviewer_on_leave_is_given_no_cases(leeds: Prison, cases: dict, personas: dict) -> None:
    StaffMember.objects.filter(user=personas["head_of_omu"]).update(
        status=StaffMember.Status.LEAVE, return_date=TODAY
    )
    sample, _ = services.audit_sample_draw(prison=leeds, month=MONTH)
    assert set(sample.cases.values_list("reviewer__username", flat=True)) == {"senior_pom_lei"}


def test_with_no_reviewers_the_cases_wait_for_one(moorland: Prison, cases: dict) -> None:
    sample, _ = services.audit_sample_draw(prison=moorland, month=MONTH)
    assert sample.cases.count() == 2
    assert not sample.cases.filter(reviewer__isnull=False).exists()


def test_a_policy_of_none_draws_an_empty_sample(leeds: Prison, cases: dict, personas: dict) -> None:
    leeds.policy.audit_sample_size = 0
    leeds.policy.save()
    sample, drawn = services.audit_sample_draw(prison=leeds, month=MONTH)
    assert drawn and sample.cases.count() == 0


def test_the_head_of_omu_gives_a_case_to_another_reviewer(
    leeds: Prison, cases: dict, personas: dict
) -> None:
    sample, _ = services.audit_sample_draw(prison=leeds, month=MONTH)
    audit_case = sample.cases.filter(reviewer=personas["head_of_omu"]).first()
    assert audit_case is not None
    services.audit_case_reassign(
        audit_case=audit_case,
        reviewer=personas["senior_pom"],
        acting_user=personas["head_of_omu"],
        reason="Away at a conference",
    )
    audit_case.refresh_from_db()
    assert audit_case.reviewer == personas["senior_pom"]
    latest = audit_case.history.first()
    assert latest.history_change_reason == "Away at a conference"
    assert latest.history_user == personas["head_of_omu"]


@pytest.mark.parametrize(
    ("actor", "reviewer", "code"),
    [
        ("senior_pom", "senior_pom", "forbidden"),  # only the head of OMU
        ("head_of_omu", "prison_pom", "reviewer"),  # not a reviewer
        ("head_of_omu", "pom_mdi", "reviewer"),  # not at Leeds
    ],
)
def test_only_the_head_of_omu_reassigns_and_only_to_a_reviewer_there(
    leeds: Prison, cases: dict, personas: dict, actor: str, reviewer: str, code: str
) -> None:
    sample, _ = services.audit_sample_draw(prison=leeds, month=MONTH)
    with pytest.raises(ValidationError) as error:
        services.audit_case_reassign(
            audit_case=sample.cases.first(),
            reviewer=personas[reviewer],
            acting_user=personas[actor],
            reason="Why not",
        )
    found = error.value
    assert (list(found.message_dict) if hasattr(found, "error_dict") else [found.code]) == [code]


def _case_of(sample: AuditSample, user: object) -> AuditCase:
    found = sample.cases.filter(reviewer=user).select_related("prisoner__current_prison").first()
    assert found is not None
    return found


def test_answers_complete_the_case_once_every_question_is_answered(
    leeds: Prison, cases: dict, personas: dict
) -> None:
    sample, _ = services.audit_sample_draw(prison=leeds, month=MONTH)
    senior = personas["senior_pom"]
    audit_case = _case_of(sample, senior)
    first = [{"question": "bcs", "judgement": "not_met", "note": "No BCS on file."}]
    audit_case = services.audit_answers_save(
        audit_case=audit_case, acting_user=senior, answers=first
    )
    assert audit_case.status == AuditCase.Status.IN_PROGRESS
    answer = AuditAnswer.objects.get(audit_case=audit_case, question="bcs")
    assert answer.suggested == "not_met"  # the record has no BCS either
    assert answer.suggestion == "No completed BCS is recorded."
    audit_case = services.audit_answers_save(
        audit_case=audit_case, acting_user=senior, answers=ALL_MET
    )
    assert audit_case.status == AuditCase.Status.COMPLETE and audit_case.completed_at
    answer.refresh_from_db()
    assert answer.judgement == "met" and answer.note == ""
    history = list(answer.history.order_by("history_date").values_list("judgement", flat=True))
    assert history == ["not_met", "met"]
    assert answer.history.first().history_user == senior


def test_an_answer_given_again_unchanged_writes_no_history(
    leeds: Prison, cases: dict, personas: dict
) -> None:
    sample, _ = services.audit_sample_draw(prison=leeds, month=MONTH)
    senior = personas["senior_pom"]
    audit_case = _case_of(sample, senior)
    services.audit_answers_save(audit_case=audit_case, acting_user=senior, answers=ALL_MET)
    services.audit_answers_save(audit_case=audit_case, acting_user=senior, answers=ALL_MET)
    assert AuditAnswer.history.count() == len(rules.QUESTIONS)


def test_only_the_reviewer_or_the_head_of_omu_answers(
    leeds: Prison, cases: dict, personas: dict
) -> None:
    sample, _ = services.audit_sample_draw(prison=leeds, month=MONTH)
    head_case = _case_of(sample, personas["head_of_omu"])
    senior_case = _case_of(sample, personas["senior_pom"])
    for user in ("senior_pom", "prison_pom", "case_admin", "pom_mdi"):
        with pytest.raises(ValidationError) as error:
            services.audit_answers_save(
                audit_case=head_case, acting_user=personas[user], answers=ALL_MET
            )
        assert error.value.code == "forbidden"
    services.audit_answers_save(
        audit_case=senior_case, acting_user=personas["head_of_omu"], answers=ALL_MET
    )


@pytest.mark.parametrize(
    ("answer", "field"),
    [
        ({"question": "bcs", "judgement": "great", "note": ""}, "bcs"),
        ({"question": "weather", "judgement": "met", "note": ""}, "question"),
        ({"question": "bcs", "judgement": "met", "note": "x" * 1001}, "bcs"),
    ],
)
def test_a_bad_answer_is_refused_and_names_its_question(
    leeds: Prison, cases: dict, personas: dict, answer: dict, field: str
) -> None:
    sample, _ = services.audit_sample_draw(prison=leeds, month=MONTH)
    senior = personas["senior_pom"]
    with pytest.raises(ValidationError) as error:
        services.audit_answers_save(
            audit_case=_case_of(sample, senior), acting_user=senior, answers=[answer]
        )
    assert field in error.value.message_dict
    assert not AuditAnswer.objects.exists()


def test_a_complete_review_cannot_move(leeds: Prison, cases: dict, personas: dict) -> None:
    sample, _ = services.audit_sample_draw(prison=leeds, month=MONTH)
    senior = personas["senior_pom"]
    audit_case = _case_of(sample, senior)
    services.audit_answers_save(audit_case=audit_case, acting_user=senior, answers=ALL_MET)
    with pytest.raises(ValidationError) as error:
        services.audit_case_reassign(
            audit_case=audit_case,
            reviewer=personas["head_of_omu"],
            acting_user=personas["head_of_omu"],
            reason="Late",
        )
    assert error.value.code == "conflict"


def test_the_record_prefills_each_question_with_a_suggestion_and_evidence(
    leeds: Prison, cases: dict, personas: dict
) -> None:
    sample, _ = services.audit_sample_draw(prison=leeds, month=MONTH)
    audit_case = selectors.get_audit_case_for_user(personas["head_of_omu"], sample.cases.first().pk)
    review = selectors.case_review(audit_case, today=TODAY)
    by_code = {q.question.code: q for q in review.questions}
    assert list(by_code) == list(rules.QUESTION_CODES)
    assert by_code["bcs"].suggestion.judgement == "not_met"  # nobody screened these cases
    assert by_code["contact"].suggestion == rules.Suggestion("not_met", "No POM is allocated.")
    number = audit_case.prisoner.prison_number
    assert by_code["bcs"].evidence[0][1] == f"/screening/prisoners/{number}/bcs/"
    assert by_code["public_protection"].evidence[0][1] == f"/handover/{number}/#checklist"


def test_results_roll_up_by_month_and_reach_the_dashboard(
    leeds: Prison, cases: dict, personas: dict
) -> None:
    sample, _ = services.audit_sample_draw(prison=leeds, month=MONTH)
    senior, head = personas["senior_pom"], personas["head_of_omu"]
    services.audit_answers_save(
        audit_case=_case_of(sample, senior), acting_user=senior, answers=ALL_MET
    )
    mixed = [
        {"question": "bcs", "judgement": "not_met"},
        {"question": "oasys", "judgement": "partly_met"},
        {"question": "needs", "judgement": "not_applicable"},
    ]
    services.audit_answers_save(audit_case=_case_of(sample, head), acting_user=head, answers=mixed)
    results = selectors.prison_results(leeds, month=MONTH)
    latest = results.latest
    assert latest.drawn and latest.cases == 4 and latest.complete == 1
    assert latest.overall == rules.Score(met=6, partly_met=1, not_met=1, not_applicable=1)
    assert latest.overall.percent == 81.2  # 6.5 of 8
    assert not results.months[0].drawn and len(results.months) == 12
    figure = figure_by_key(prison_figures(leeds, today=TODAY), "audit_met")
    assert figure is not None and (figure.numerator, figure.denominator) == (6, 8)


def test_the_command_draws_one_prison_for_a_month(
    leeds: Prison, cases: dict, personas: dict
) -> None:
    out = io.StringIO()
    call_command("draw_audit_sample", prison="lei", month="2026-11", seed="s", stdout=out)
    assert "LEI 2026-11: drawn, 4 cases (seed s)" in out.getvalue()
    call_command("draw_audit_sample", prison="LEI", month="2026-11", stdout=out)
    assert "LEI 2026-11: already drawn" in out.getvalue()
    assert AuditSample.objects.get().month.isoformat() == "2026-11-01"


@pytest.mark.parametrize("options", [{"month": "2026-13"}, {"prison": "XYZ"}])
def test_the_command_refuses_a_bad_month_or_prison(leeds: Prison, options: dict) -> None:
    with pytest.raises(CommandError):
        call_command("draw_audit_sample", **options)
