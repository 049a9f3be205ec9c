"""Which permissions each role holds. Roles are Django Groups named by `Role` values.

`sync_roles()` makes the groups match this table; it runs after every migrate and from the
`sync_roles` command, and is safe to run any number of times.
"""

from cases.models import POM_ROLES, Role

ALL_STAFF = tuple(Role)
OMU_STAFF = tuple(r for r in Role if r != Role.COM)
ALL_STAFF_BUT_READ_ONLY = tuple(r for r in Role if r != Role.READ_ONLY)

# permission "app_label.codename" -> roles holding it
PERMISSIONS: dict[str, tuple[str, ...]] = {
    "cases.view_prisoner": ALL_STAFF,
    "cases.view_case_history": ALL_STAFF,
    "cases.change_prisoner": (Role.HEAD_OF_OMU, Role.CASE_ADMIN),
    "cases.add_prisoner": (Role.HEAD_OF_OMU, Role.CASE_ADMIN),
    # The facts of a case: arrivals, sentences and key dates, movements, merges, roll imports.
    "cases.change_sentence": (Role.HEAD_OF_OMU, Role.CASE_ADMIN),
    "cases.add_movement": (Role.HEAD_OF_OMU, Role.CASE_ADMIN),
    "cases.import_roll": (Role.HEAD_OF_OMU, Role.CASE_ADMIN),
    "cases.view_rollimport": (Role.HEAD_OF_OMU, Role.CASE_ADMIN),
    "cases.view_prisonpolicy": OMU_STAFF,
    "cases.change_prisonpolicy": (Role.HEAD_OF_OMU,),
    "cases.log_session": ALL_STAFF_BUT_READ_ONLY,
    "cases.view_keywork_delivery": (Role.HEAD_OF_OMU, Role.CASE_ADMIN, Role.SENIOR_POM),
    "cases.view_dashboard": (Role.HEAD_OF_OMU, Role.CASE_ADMIN, Role.SENIOR_POM, Role.READ_ONLY),
    "cases.view_allocation": ALL_STAFF,
    # The audit of a prison (who changed and read what) and subject access exports.
    "cases.view_audit": (Role.HEAD_OF_OMU,),
    "cases.export_subject_access": (Role.HEAD_OF_OMU,),
    "allocation.assign_case": (Role.HEAD_OF_OMU, Role.CASE_ADMIN),
    # Allocation. A POM never allocates; they see their own caseload.
    "allocation.view_caseloads": (Role.HEAD_OF_OMU, Role.CASE_ADMIN, Role.READ_ONLY),
    "allocation.view_own_caseload": (Role.PRISON_POM, Role.PROBATION_POM, Role.SENIOR_POM),
    "allocation.manage_staff": (Role.HEAD_OF_OMU, Role.CASE_ADMIN),
    # Early allocation: a POM at the case's prison completes the assessment, the head of OMU
    # decides a discretionary one; everyone who sees the case sees its outcome.
    "allocation.view_earlyallocation": ALL_STAFF,
    "allocation.assess_early_allocation": POM_ROLES,
    "allocation.decide_early_allocation": (Role.HEAD_OF_OMU,),
    "allocation.view_early_allocation_due": (*POM_ROLES, Role.HEAD_OF_OMU),
    # Handover. A COM reaches only cases allocated to them (prisoners_for_user).
    "handover.view_handovercase": ALL_STAFF,
    "handover.view_handover_lists": tuple(r for r in Role if r != Role.KEYWORKER),
    "handover.update_checklist": (*POM_ROLES, Role.HEAD_OF_OMU, Role.CASE_ADMIN, Role.COM),
    "handover.record_parole_review": (*POM_ROLES, Role.HEAD_OF_OMU, Role.CASE_ADMIN),
    "handover.override_responsibility": (Role.HEAD_OF_OMU,),
    # Screening: POMs and case admins complete the BCS and other tasks; the head of
    # OMU and case admins watch the OMU's task list and the nightly sweep.
    "screening.view_task": OMU_STAFF,
    "screening.complete_task": (*POM_ROLES, Role.HEAD_OF_OMU, Role.CASE_ADMIN),
    "screening.record_outcome": (*POM_ROLES, Role.HEAD_OF_OMU, Role.CASE_ADMIN),
    "screening.view_omu_tasks": (Role.HEAD_OF_OMU, Role.CASE_ADMIN),
    "screening.view_sweeprun": (Role.HEAD_OF_OMU, Role.CASE_ADMIN),
    # Interventions: everyone sees the directory and, on cases they may see, the
    # referrals and needs (a COM: their own cases). POMs, case admins and the head of OMU
    # refer; only the head of OMU refers despite a failed check. COMs update needs and see
    # the lists of their own cases (needs near release).
    "interventions.view_intervention": ALL_STAFF,
    "interventions.view_referral": ALL_STAFF,
    "interventions.view_resettlementneed": ALL_STAFF,
    "interventions.refer": (*POM_ROLES, Role.HEAD_OF_OMU, Role.CASE_ADMIN),
    "interventions.override_fit_check": (Role.HEAD_OF_OMU,),
    "interventions.manage_directory": (Role.HEAD_OF_OMU, Role.CASE_ADMIN),
    "interventions.update_need": (*POM_ROLES, Role.HEAD_OF_OMU, Role.CASE_ADMIN, Role.COM),
    "interventions.view_intervention_lists": tuple(r for r in Role if r != Role.KEYWORKER),
    # Planning: the head of OMU tries a change of policy before making it.
    "planning.run_whatif": (Role.HEAD_OF_OMU,),
    # The case-quality audit: senior POMs and the head of OMU review the month's sample; the
    # head of OMU draws it and chooses who reviews each case.
    "quality.view_auditsample": (Role.SENIOR_POM, Role.HEAD_OF_OMU),
    "quality.review_case": (Role.SENIOR_POM, Role.HEAD_OF_OMU),
    "quality.assign_reviewer": (Role.HEAD_OF_OMU,),
    # The national feeds: the head of OMU and case admins watch the syncs and deal with the
    # domain events that could not be applied.
    "feeds.view_feedrun": (Role.HEAD_OF_OMU, Role.CASE_ADMIN),
    "feeds.manage_parked": (Role.HEAD_OF_OMU, Role.CASE_ADMIN),
}


def role_permissions() -> dict[str, set[str]]:
    by_role: dict[str, set[str]] = {role.value: set() for role in Role}
    for perm, roles in PERMISSIONS.items():
        for role in roles:
            by_role[str(role)].add(perm)
    return by_role
