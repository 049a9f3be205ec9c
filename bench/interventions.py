"""Server time of the interventions lists at a 200- and an 1,800-prisoner prison.

    .venv/bin/python bench/interventions.py [--repeats 9]

Seeds a scratch PostgreSQL database (`omu_bench_interventions`) with seed_demo, then refers
every sentenced prisoner at LEI to one of its interventions (so the lists hold hundreds of
referrals), signs in as `spo` and times each list with Django's test client (no network).
Aim: each list under 500 ms median at 1,800 prisoners, and no more than about 10
times the 200-prisoner figure (the work grows with the rows; the queries do not).
"""

from __future__ import annotations

import argparse

from common import analyze, median_ms, setup_django


def refer_everyone() -> int:
    """One active referral per sentenced LEI prisoner, spread over the running offerings."""
    from django.contrib.auth import get_user_model
    from simple_history.utils import bulk_create_with_history

    from cases.models import Prisoner
    from interventions.models import Offering, Referral

    user = get_user_model().objects.get(username="pom")
    offerings = list(Offering.objects.filter(prison__code="LEI", running=True).order_by("pk"))
    taken = set(Referral.objects.values_list("prisoner_id", "offering_id"))
    statuses = (Referral.Status.REFERRED, Referral.Status.SUITABLE, Referral.Status.REFERRED)
    new = []
    cases = Prisoner.objects.filter(current_prison__code="LEI", sentences__is_current=True)
    for n, pk in enumerate(cases.order_by("pk").values_list("pk", flat=True)):
        offering = offerings[n % len(offerings)]
        if (pk, offering.pk) not in taken:
            new.append(Referral(prisoner_id=pk, offering=offering, status=statuses[n % 3]))
    bulk_create_with_history(new, Referral, default_user=user)
    return Referral.objects.filter(offering__prison__code="LEI").count()


def measure(prisoners: int, repeats: int) -> dict[str, float]:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db.models import Count
    from django.test import Client

    from interventions.models import Offering

    call_command("seed_demo", prisons=2, prisoners_per_prison=prisoners, seed=1, force=True)
    referrals = refer_everyone()
    analyze()
    busiest = (
        Offering.objects.filter(prison__code="LEI")
        .annotate(n=Count("referrals"))
        .order_by("-n")
        .first()
    )
    client = Client(SERVER_NAME="localhost")
    client.force_login(get_user_model().objects.get(username="spo"))
    pages = {
        "directory": "/interventions/",
        f"waiting list ({busiest.n})": f"/interventions/lists/waiting/?offering={busiest.pk}",
        "referrals at risk": "/interventions/lists/at-risk/",
        "needs near release": "/interventions/lists/pre-release/",
        "API referrals": "/api/v1/referrals/",
    }
    print(f"{prisoners} prisoners a prison, {referrals} referrals at LEI")
    times = {}
    for name, url in pages.items():
        ms, status = median_ms(lambda url=url: client.get(url), repeats=repeats)
        assert status == 200, (url, status)
        key = name.split(" (")[0]
        times[key] = ms
        print(f"  {name:<28} median {ms:7.1f} ms")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    setup_django("omu_bench_interventions")
    small = measure(200, args.repeats)
    large = measure(1800, args.repeats)
    for name in small:
        print(f"{name:<22} ratio 1,800 / 200: {large[name] / small[name]:.1f}")


if __name__ == "__main__":
    main()
