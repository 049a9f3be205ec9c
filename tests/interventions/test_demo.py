"""The demo directory and referrals `seed_demo` writes: realistic, and the same every time."""

import pytest
from django.core.management import call_command

from interventions.models import Intervention, Offering, Referral
from interventions.selectors import with_places_left


def snapshot() -> list[tuple[str, str, str]]:
    return sorted(
        Referral.objects.values_list(
            "prisoner__prison_number", "offering__intervention__name", "status"
        )
    )


@pytest.mark.django_db
def test_seed_demo_gives_each_prison_a_directory_and_referrals_at_every_stage() -> None:
    call_command("seed_demo", prisons=2, prisoners_per_prison=30, seed=3, force=True)
    first = snapshot()
    for code in ("LEI", "TSI"):
        kinds = {
            o.intervention.kind: o.intervention
            for o in Offering.objects.filter(prison__code=code).select_related("intervention")
        }
        assert set(kinds) == set(Intervention.Kind.values), code
        assert 3 <= kinds[Intervention.Kind.SHORT_COURSE].sessions <= 6
        assert 60 <= kinds[Intervention.Kind.SINGLE_SESSION].session_minutes <= 90
    full = with_places_left(
        Offering.objects.get(
            prison__code="LEI", intervention__name="Thinking Skills Programme"
        ).cohorts.all()
    ).filter(places_left=0)
    assert full.exists()
    assert {s for _, _, s in first} == set(Referral.Status.values)
    call_command("seed_demo", prisons=2, prisoners_per_prison=30, seed=3, force=True)
    assert snapshot() == first
    assert Referral.history.count() == Referral.objects.count()  # old history went with it
