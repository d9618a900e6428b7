"""An invitation can only be accepted by the account of the invited address."""

import pytest

from tenants.models import Invitation, Membership
from tests.conftest import host_client, page_text

pytestmark = pytest.mark.django_db


def test_another_account_cannot_accept_the_link(manager_a, structure_a, referent_b):
    manager_client = host_client(structure_a.host, manager_a)
    manager_client.post("/equipe/", {"email": "invitee@exemple.fr", "role": "manager"})
    invitation = Invitation.objects.get(email="invitee@exemple.fr")
    intruder = host_client(structure_a.host, referent_b)

    page = intruder.get(f"/invitations/{invitation.token}/")
    assert page.status_code == 403
    assert "Cette invitation a été envoyée à invitee@exemple.fr" in page_text(page)

    response = intruder.post(f"/invitations/{invitation.token}/")
    assert response.status_code == 403
    assert "Cette invitation a été envoyée à invitee@exemple.fr" in page_text(response)
    assert not Membership.objects.filter(user=referent_b, structure=structure_a).exists()
    invitation.refresh_from_db()
    assert invitation.is_pending
