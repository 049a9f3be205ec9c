"""Two admins allocating the same case at once on PostgreSQL: one wins, one is told."""

import threading
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from allocation import services
from allocation.models import AllocationEvent
from cases.models import Allocation, Role


@pytest.mark.django_db(transaction=True)
def test_the_second_admin_waits_for_the_lock_then_gets_a_conflict(
    make_case: Callable, poms: dict, personas: dict
) -> None:
    case = make_case()
    first_holds_lock = threading.Event()
    release_first = threading.Event()
    outcome: dict[str, object] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                services.allocation_assign(
                    prisoner=case,
                    pom=poms["prison"],
                    acting_user=personas[Role.HEAD_OF_OMU],
                    expected_version=0,
                )
                first_holds_lock.set()
                release_first.wait(10)  # commit only once the second is blocked on the lock
            outcome["first"] = "allocated"
        finally:
            connection.close()

    def second() -> None:
        try:
            first_holds_lock.wait(10)
            services.allocation_assign(
                prisoner=case,
                pom=poms["prison2"],
                acting_user=personas[Role.CASE_ADMIN],
                expected_version=0,
            )
            outcome["second"] = "allocated"
        except ValidationError as exc:
            outcome["second"] = exc.code
            outcome["message"] = exc.messages[0]
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    first_holds_lock.wait(10)
    threads[1].join(0.5)
    assert threads[1].is_alive(), "the second admin must wait for the prisoner row lock"
    release_first.set()
    for t in threads:
        t.join(10)

    assert outcome["first"] == "allocated"
    assert outcome["second"] == "conflict"
    assert "Someone else changed this case's allocation" in outcome["message"]
    allocation = Allocation.objects.get(prisoner=case)
    assert allocation.primary_pom == poms["prison"]  # nothing lost, nothing overwritten
    assert allocation.version == 1
    assert AllocationEvent.objects.filter(prisoner=case).count() == 1
