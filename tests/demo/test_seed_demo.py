"""`manage.py seed_demo`: the demo data contract (docs/commands.md#seed_demo)."""

import datetime as dt
import io
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from cases.models import (
    Allocation,
    Movement,
    Prison,
    Prisoner,
    Role,
    Sentence,
    Session,
    StaffMember,
    StaffRole,
)
from demo.seed import DEMO_PASSWORD, demo_prisons
from tests.factories import AllocationFactory, PrisonerFactory, SentenceFactory, staff

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 11, 23, 14, 30, tzinfo=LONDON)
SMALL = {"prisons": 2, "prisoners_per_prison": 30}
SECOND = demo_prisons(2)[1].code

User = get_user_model()


@pytest.fixture(autouse=True)
def frozen_time() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


def seed(**options: object) -> str:
    out = io.StringIO()
    call_command("seed_demo", force=True, stdout=out, **{**SMALL, **options})
    return out.getvalue()


def _rows(queryset: object, *fields: str) -> list[tuple[object, ...]]:
    rows = queryset.values_list(*fields)  # type: ignore[attr-defined]
    return sorted(rows, key=lambda row: tuple("" if v is None else str(v) for v in row))


def dump() -> dict[str, list[tuple[object, ...]]]:
    """Everything seed_demo writes, without database ids or creation times."""
    return {
        "prisons": _rows(
            Prison.objects, "code", "name", "function", "omu_model", "country",
            "policy__handover_rule",
        ),
        "users": _rows(User.objects, "username", "first_name", "last_name", "email"),
        "staff": _rows(
            StaffMember.objects, "user__username", "grade", "working_hours", "is_new_pom",
            "status", "return_date",
        ),
        "roles": _rows(StaffRole.objects, "user__username", "prison__code", "role"),
        "prisoners": _rows(
            Prisoner.objects, "prison_number", "first_name", "last_name", "date_of_birth",
            "legal_status", "current_prison__code", "location", "tier", "rosh", "mappa_level",
            "complexity_of_need", "crn", "case_allocation", "early_allocation",
            "open_conditions_since",
        ),
        "sentences": _rows(
            Sentence.objects, "prisoner__prison_number", "is_current", "description",
            "sentence_start_date", "indeterminate", "further_indeterminate_sentence",
            *Sentence.KEY_DATES,
        ),
        "movements": _rows(
            Movement.objects, "prisoner__prison_number", "kind", "occurred_at",
            "from_prison__code", "to_prison__code", "reason",
        ),
        "allocations": _rows(
            Allocation.objects, "prisoner__prison_number", "primary_pom__username",
            "secondary_pom__username", "keyworker__username", "com__username", "com_name",
            "com_email", "com_team", "com_pdu", "com_allocated_on", "pom_allocated_at", "reason",
        ),
        "sessions": _rows(
            Session.objects, "prisoner__prison_number", "staff__username", "kind",
            "occurred_at", "held", "not_held_reason", "summary",
        ),
    }  # fmt: skip


def counts() -> dict[str, int]:
    models = (
        Prison,
        Prisoner,
        Sentence,
        Movement,
        Allocation,
        User,
        StaffMember,
        StaffRole,
        Session,
    )
    result = {model.__name__: model.objects.count() for model in models}
    for model in (Prisoner, Sentence, Allocation, StaffRole, Prison):
        result[f"history of {model.__name__}"] = model.history.count()
    return result


def test_the_same_seed_gives_the_same_data() -> None:
    seed(seed=7)
    first = dump()
    seed(seed=7)
    assert dump() == first
    assert len(first["prisoners"]) == 60


def test_a_different_seed_gives_different_data() -> None:
    seed(seed=1)
    one = dump()
    seed(seed=2)
    two = dump()
    assert one["prisoners"] != two["prisoners"]
    assert one["sentences"] != two["sentences"]
    # The prisons and the demo logins are the same whatever the seed.
    assert one["prisons"] == two["prisons"]
    assert {r for r in one["roles"] if not str(r[0]).startswith("demo-")} == {
        r for r in two["roles"] if not str(r[0]).startswith("demo-")
    }


def test_running_it_again_replaces_demo_data_and_leaves_other_data_alone(moorland: Prison) -> None:
    outsider = PrisonerFactory(current_prison=moorland, first_name="Keep", last_name="Me")
    SentenceFactory(prisoner=outsider)
    seed()
    # Someone else's role at a demo prison, and an outside case held by a demo keyworker.
    alice = staff("alice", Role.HEAD_OF_OMU, moorland, Prison.objects.get(code="LEI"))
    AllocationFactory(prisoner=outsider, keyworker=User.objects.get(username="keyworker"))
    before = counts()

    output = seed()

    assert counts() == before
    assert "2 prisons" in output and "60 prisoners" in output and "seconds" in output
    outsider.refresh_from_db()
    assert outsider.current_prison == moorland
    assert outsider.sentences.count() == 1
    assert Prison.objects.filter(code="MDI").exists()
    assert set(StaffRole.objects.filter(user=alice).values_list("prison__code", flat=True)) == {
        "LEI",
        "MDI",
    }
    # The demo user it pointed at was recreated; the outside case no longer points at it.
    assert Allocation.objects.get(prisoner=outsider).keyworker is None


def test_fewer_prisons_the_second_time_removes_the_extra_demo_prisons() -> None:
    seed(prisons=4, prisoners_per_prison=10)
    seed(prisons=2, prisoners_per_prison=10)
    assert sorted(Prison.objects.values_list("code", flat=True)) == sorted(
        p.code for p in demo_prisons(2)
    )
    assert Prisoner.objects.count() == 20


@pytest.mark.parametrize(
    "username, roles",
    [
        ("pom", {("LEI", Role.PRISON_POM)}),
        ("ppom", {("LEI", Role.PROBATION_POM)}),
        ("spo", {("LEI", Role.HEAD_OF_OMU), (SECOND, Role.HEAD_OF_OMU)}),
        ("caseadmin", {("LEI", Role.CASE_ADMIN)}),
        ("keyworker", {("LEI", Role.KEYWORKER)}),
        ("com", {("LEI", Role.COM)}),
        ("pom2", {(SECOND, Role.PRISON_POM)}),
    ],
)
def test_each_demo_login_has_its_role_group_and_password(
    username: str, roles: set[tuple[str, str]]
) -> None:
    seed()
    user = User.objects.get(username=username)
    assert user.check_password(DEMO_PASSWORD)
    assert user.is_active and user.first_name and user.last_name
    assert hasattr(user, "staff")
    held = set(StaffRole.objects.filter(user=user).values_list("prison__code", "role"))
    assert held == roles
    assert set(user.groups.values_list("name", flat=True)) == {role for _, role in roles}


def test_demo_logins_hold_cases_where_they_work() -> None:
    seed()
    lei = Allocation.objects.filter(prisoner__current_prison__code="LEI")
    assert lei.filter(primary_pom__username="pom").exists()
    assert lei.filter(primary_pom__username="ppom").exists()
    assert lei.filter(keyworker__username="keyworker").exists()
    assert lei.filter(com__username="com").exists()
    pom2_cases = Allocation.objects.filter(primary_pom__username="pom2")
    assert pom2_cases.exists()
    assert set(pom2_cases.values_list("prisoner__current_prison__code", flat=True)) == {SECOND}
    assert not StaffRole.objects.filter(user__username="pom2", prison__code="LEI").exists()
    # POMs hold only cases at prisons where they hold a POM role.
    for allocation in Allocation.objects.exclude(primary_pom=None).select_related(
        "prisoner", "primary_pom"
    ):
        assert StaffRole.objects.filter(
            user=allocation.primary_pom,
            prison=allocation.prisoner.current_prison,
            role__in=[Role.PRISON_POM, Role.PROBATION_POM, Role.SENIOR_POM],
        ).exists()


def test_rows_would_pass_full_clean() -> None:
    seed()
    for prisoner in Prisoner.objects.order_by("prison_number")[:60]:
        prisoner.full_clean()
    for sentence in Sentence.objects.filter(is_current=True):
        sentence.full_clean()
    for movement in Movement.objects.all():
        movement.full_clean()
    for allocation in Allocation.objects.all():
        allocation.full_clean()
    for member in StaffMember.objects.all():
        member.full_clean()


def test_every_prisoner_was_admitted_to_their_prison() -> None:
    seed()
    for prisoner in Prisoner.objects.prefetch_related("movements"):
        admissions = [m for m in prisoner.movements.all() if m.kind == Movement.Kind.ADMISSION]
        assert len(admissions) == 1
        if prisoner.current_prison_id:
            assert admissions[0].to_prison_id == prisoner.current_prison_id
        else:
            assert any(m.kind == Movement.Kind.RELEASE for m in prisoner.movements.all())


def test_the_data_covers_every_stage_of_the_journey() -> None:
    seed()
    now = NOW.astimezone(dt.UTC)
    held = Prisoner.objects.exclude(current_prison=None)
    status = Prisoner.LegalStatus
    assert held.filter(legal_status=status.REMAND).exists()
    assert held.filter(legal_status=status.CONVICTED_UNSENTENCED).exists()
    assert held.filter(legal_status=status.RECALLED).exists()
    assert held.filter(legal_status=status.IMMIGRATION_DETAINEE).exists()
    assert held.filter(sentences__is_current=True, sentences__indeterminate=True).exists()
    assert held.filter(sentences__parole_eligibility_date__isnull=False).exists()
    assert held.filter(sentences__post_recall_release_date__gt=NOW.date()).exists()
    assert held.filter(early_allocation=True).exists()
    assert held.filter(tier="", rosh="").exists()
    released = Prisoner.objects.filter(current_prison=None)
    assert released.filter(movements__kind=Movement.Kind.RELEASE).exists()
    admissions = Movement.objects.filter(kind=Movement.Kind.ADMISSION)
    assert admissions.filter(occurred_at__gte=now - dt.timedelta(hours=24)).exists()
    assert admissions.filter(occurred_at__lte=now - dt.timedelta(days=4)).exists()
    # Community (CRD within 10 months of sentence) and handover-window cases.
    sentences = Sentence.objects.filter(is_current=True, prisoner__current_prison__isnull=False)
    crds = [
        (s.sentence_start_date, s.conditional_release_date, s.parole_eligibility_date)
        for s in sentences.filter(prisoner__legal_status=status.SENTENCED)
        if s.conditional_release_date
    ]
    today = NOW.date()
    assert any(crd - start <= dt.timedelta(days=300) and crd > today for start, crd, _ in crds)
    assert any(
        dt.timedelta(days=240) <= crd - today <= dt.timedelta(days=320) and ped is None
        for _, crd, ped in crds
    )
    assert any(
        dt.timedelta(days=60) <= crd - today <= dt.timedelta(days=210) and ped is None
        for _, crd, ped in crds
    )
    # An in-scope case waiting in the allocation queue.
    assert (
        held.filter(legal_status=status.SENTENCED, sentences__conditional_release_date__gt=today)
        .exclude(allocation__primary_pom__isnull=False)
        .exists()
    )
    # COMs are named on cases past handover.
    assert Allocation.objects.exclude(com_name="").exists()


@pytest.mark.parametrize("clock", ["00:05", "23:55"])
def test_arrivals_are_never_in_the_future_and_someone_arrived_in_the_last_day(
    clock: str,
) -> None:
    hour, minute = map(int, clock.split(":"))
    now = NOW.replace(hour=hour, minute=minute)
    with time_machine.travel(now, tick=False):
        seed()
    occurred = list(Movement.objects.values_list("occurred_at", flat=True))
    assert max(occurred) <= now
    assert any(now - dt.timedelta(hours=24) <= moment for moment in occurred)


def test_it_refuses_to_run_with_debug_off_unless_forced(settings: object) -> None:
    settings.DEBUG = False  # type: ignore[attr-defined]
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo", prisons=2, prisoners_per_prison=1, stdout=io.StringIO())
    assert not Prisoner.objects.exists()
    call_command("seed_demo", prisons=2, prisoners_per_prison=1, force=True, stdout=io.StringIO())
    assert Prisoner.objects.count() == 2


def test_it_runs_without_force_when_debug_is_on(settings: object) -> None:
    settings.DEBUG = True  # type: ignore[attr-defined]
    call_command("seed_demo", prisons=2, prisoners_per_prison=1, stdout=io.StringIO())
    assert Prisoner.objects.count() == 2


def test_it_needs_two_prisons() -> None:
    with pytest.raises(CommandError, match="--prisons"):
        seed(prisons=1)


def test_the_demo_has_sessions_held_and_not_held_for_compliance_figures() -> None:
    seed()
    kinds = set(Session.objects.values_list("kind", "held"))
    assert {("pom_supervision", True), ("keywork", True), ("keywork", False)} <= kinds
    assert not Session.objects.filter(occurred_at__gt=NOW).exists()
    mine = Session.objects.filter(staff__username="keyworker", kind="keywork")
    assert mine.exists()
    assert not mine.exclude(prisoner__allocation__keyworker__username="keyworker").exists()
