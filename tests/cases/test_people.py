"""`cases.people`: the users a page names, read in one query, none for those already known."""

from collections.abc import Callable

from cases.models import Allocation
from cases.people import name_people, people
from tests.factories import PrisonerFactory, UserFactory


def test_people_reads_only_those_not_known(db: None, django_assert_num_queries: Callable) -> None:
    ada, bo, cy = UserFactory(), UserFactory(), UserFactory()
    with django_assert_num_queries(0):
        assert people([ada.pk, None], known={ada.pk: ada}) == {ada.pk: ada}
        assert people([]) == {}
    with django_assert_num_queries(1):
        found = people([ada.pk, bo.pk, cy.pk, bo.pk, None], known={ada.pk: ada})
    assert found == {ada.pk: ada, bo.pk: bo, cy.pk: cy}
    assert found[ada.pk] is ada  # the one known is given back as it was


def test_name_people_puts_each_user_on_its_rows(
    db: None, django_assert_num_queries: Callable
) -> None:
    pom, keyworker = UserFactory(), UserFactory()
    first = Allocation.objects.create(prisoner=PrisonerFactory(), primary_pom=pom)
    second = Allocation.objects.create(
        prisoner=PrisonerFactory(), primary_pom=pom, keyworker=keyworker
    )
    rows = list(Allocation.objects.filter(pk__in=[first.pk, second.pk]).order_by("pk"))
    with django_assert_num_queries(1):
        name_people(rows, Allocation.HOLDERS)
    with django_assert_num_queries(0):
        assert [(r.primary_pom, r.keyworker, r.com) for r in rows] == [
            (pom, None, None),
            (pom, keyworker, None),
        ]
    rows = list(Allocation.objects.filter(pk=first.pk))
    with django_assert_num_queries(0):  # the only person named is known
        name_people(rows, Allocation.HOLDERS, known={pom.pk: pom})
        assert rows[0].primary_pom is pom
