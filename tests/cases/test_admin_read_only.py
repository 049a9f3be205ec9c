"""The admin shows a case's facts but never changes them: those go through the services."""

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from cases.models import Prison
from tests.factories import PrisonerFactory, SentenceFactory


def test_a_superuser_sees_cases_in_the_admin_but_cannot_change_them(leeds: Prison) -> None:
    prisoner = PrisonerFactory(current_prison=leeds)
    sentence = SentenceFactory(prisoner=prisoner)
    admin = get_user_model().objects.create_superuser("root", "root@example.gov.uk", "pw-123456")
    client = Client()
    client.force_login(admin)
    for model, obj in (("prisoner", prisoner), ("sentence", sentence)):
        assert client.get(reverse(f"admin:cases_{model}_changelist")).status_code == 200
        change = reverse(f"admin:cases_{model}_change", args=[obj.pk])
        assert client.get(change).status_code == 200  # shown, read-only
        assert client.post(change, {}).status_code == 403
        assert client.get(reverse(f"admin:cases_{model}_add")).status_code == 403
        assert (
            client.post(
                reverse(f"admin:cases_{model}_delete", args=[obj.pk]), {"post": "yes"}
            ).status_code
            == 403
        )
