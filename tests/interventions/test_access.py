"""Permissions are held at a prison: someone with powers at one prison has only their role's
powers at another, on the pages, the API and in the services."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cases.models import Prison, Prisoner, Role, StaffRole
from interventions import services
from interventions.models import Referral
from tests.factories import staff


def two_roles(
    username: str, at_leeds: str, at_moorland: str, leeds: Prison, moorland: Prison
) -> object:
    """Staff holding one role at Leeds and another at Moorland (in both roles' groups, as
    `tests.factories.staff` puts them)."""
    user = staff(username, at_leeds, leeds)
    StaffRole.objects.create(user=user, prison=moorland, role=at_moorland)
    user.groups.add(Group.objects.get(name=at_moorland))
    return user


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_head_of_omu_elsewhere_cannot_override_a_check_at_leeds(
    leeds: Prison, moorland: Prison, directory: dict, case: Prisoner
) -> None:
    user = two_roles("pom_and_head", Role.PRISON_POM, Role.HEAD_OF_OMU, leeds, moorland)
    with pytest.raises(ValidationError) as caught:
        services.referral_create(
            prisoner=case, offering=directory["resolve"], acting_user=user, override_reason="x"
        )
    assert caught.value.message_dict["override_reason"]
    assert not Referral.objects.exists()
    page = signed_in(user).post(
        reverse("interventions-refer", args=[case.prison_number]),
        {"offering": directory["resolve"].pk, "action": "refer"},
    )
    assert "Resolve cannot go ahead" in page.content.decode()
    assert "Reason to refer despite the warning" not in page.content.decode()


def test_the_directory_is_managed_only_where_the_user_manages_it(
    leeds: Prison, moorland: Prison, directory: dict
) -> None:
    client = signed_in(
        two_roles("pom_and_admin", Role.PRISON_POM, Role.CASE_ADMIN, leeds, moorland)
    )
    leeds_entry = reverse("interventions-offering-edit", args=[directory["emotions"].pk])
    moorland_entry = reverse("interventions-offering-edit", args=[directory["emotions_mdi"].pk])
    assert client.get(leeds_entry).status_code == 403
    assert client.get(moorland_entry).status_code == 200
    page = client.get(reverse("interventions-offering", args=[directory["emotions"].pk]))
    assert (
        page.status_code == 200
        and "Pause, resume or change the contact" not in page.content.decode()
    )


def test_the_api_checks_the_referral_and_the_list_at_their_own_prison(
    leeds: Prison,
    moorland: Prison,
    personas: dict,
    directory: dict,
    case: Prisoner,
    client_for: Callable[[str], Client],
) -> None:
    referral = services.referral_create(
        prisoner=case, offering=directory["emotions"], acting_user=personas[Role.PRISON_POM]
    )
    client = signed_in(two_roles("kw_and_head", Role.KEYWORKER, Role.HEAD_OF_OMU, leeds, moorland))
    move = reverse("api-referral-withdraw", args=[referral.pk])
    assert client.post(move, {"reason": "x"}, content_type="application/json").status_code == 403
    referral.refresh_from_db()
    assert referral.status == Referral.Status.REFERRED
    lists = reverse("api-referral-list")
    assert client.get(lists, {"list": "at_risk", "prison": "LEI"}).status_code == 403
    assert client.get(lists, {"list": "at_risk", "prison": "MDI"}).status_code == 200
    waiting = {"list": "waiting", "offering": directory["emotions"].pk}
    assert client.get(lists, waiting).status_code == 403
