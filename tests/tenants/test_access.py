from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tenants.models import Invitation, Membership
from tests.conftest import host_client, page_text


def test_anonymous_visitor_of_a_structure_is_sent_to_login(structure_a):
    response = host_client(structure_a.host).get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/")


def test_member_sees_the_structure_home(client_a, structure_a):
    response = client_a.get("/")
    assert response.status_code == 200
    assert structure_a.name in page_text(response)


def test_member_of_another_structure_gets_a_french_403(structure_b, referent_a):
    response = host_client(structure_b.host, referent_a).get("/")
    assert response.status_code == 403
    assert "Votre compte n'a pas accès à cette structure" in page_text(response)


def test_login_page_works_on_a_structure_host(structure_a):
    response = host_client(structure_a.host).get("/accounts/login/")
    assert response.status_code == 200
    assert "Mot de passe" in response.content.decode()


def test_login_by_email_on_a_structure_host(structure_a, referent_a):
    client = host_client(structure_a.host)
    response = client.post("/accounts/login/", {"login": referent_a.email, "password": "un-mot-de-passe-solide"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_unknown_host_is_404(db):
    assert host_client("nowhere.localhost").get("/").status_code == 404


class TestTeam:
    def test_only_managers_reach_the_team_page(self, client_a, manager_client_a):
        assert client_a.get("/equipe/").status_code == 403
        assert manager_client_a.get("/equipe/").status_code == 200

    def test_team_page_query_count(self, manager_client_a, structure_a, django_assert_max_num_queries):
        for n in range(3):
            Invitation.objects.create(structure=structure_a, email=f"p{n}@exemple.fr", role="referent")
        with django_assert_max_num_queries(12):
            response = manager_client_a.get("/equipe/")
        assert response.status_code == 200

    def test_invitation_sends_a_link_that_creates_an_account(
        self, manager_client_a, structure_a, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = manager_client_a.post("/equipe/", {"email": "nouvelle@exemple.fr", "role": "referent"})
        assert response.status_code == 302
        assert len(mail.outbox) == 1
        invitation = Invitation.objects.get(email="nouvelle@exemple.fr")
        link = f"http://{structure_a.host}/invitations/{invitation.token}/"
        assert link in mail.outbox[0].body

        newcomer = host_client(structure_a.host)
        page = newcomer.get(f"/invitations/{invitation.token}/")
        assert "Créer votre compte" in page.content.decode()
        response = newcomer.post(
            f"/invitations/{invitation.token}/",
            {"first_name": "Inès", "last_name": "Martin", "password1": "Tr3s-solide!", "password2": "Tr3s-solide!"},
        )
        assert response.status_code == 302
        assert Membership.objects.get(user__email="nouvelle@exemple.fr", structure=structure_a).role == "referent"
        assert newcomer.get("/").status_code == 200
        # The link works once.
        assert newcomer.get(f"/invitations/{invitation.token}/").status_code == 410

    def test_existing_account_joins_with_the_link(self, manager_client_a, structure_a, referent_b):
        manager_client_a.post("/equipe/", {"email": referent_b.email, "role": "manager"})
        invitation = Invitation.objects.get(email=referent_b.email)
        client = host_client(structure_a.host, referent_b)
        assert client.post(f"/invitations/{invitation.token}/").status_code == 302
        assert Membership.objects.get(user=referent_b, structure=structure_a).role == "manager"

    def test_revoked_and_expired_invitations_do_not_work(self, manager_client_a, structure_a):
        manager_client_a.post("/equipe/", {"email": "a@exemple.fr", "role": "referent"})
        manager_client_a.post("/equipe/", {"email": "b@exemple.fr", "role": "referent"})
        revoked = Invitation.objects.get(email="a@exemple.fr")
        manager_client_a.post(f"/equipe/invitations/{revoked.pk}/revoquer/")
        expired = Invitation.objects.get(email="b@exemple.fr")
        Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(days=1))
        anonymous = host_client(structure_a.host)
        for invitation in (revoked, expired):
            response = anonymous.get(f"/invitations/{invitation.token}/")
            assert response.status_code == 410
            assert "plus valide" in response.content.decode()

    def test_invitation_of_one_structure_is_not_usable_on_another(self, manager_client_a, structure_b):
        manager_client_a.post("/equipe/", {"email": "c@exemple.fr", "role": "referent"})
        invitation = Invitation.objects.get(email="c@exemple.fr")
        assert host_client(structure_b.host).get(f"/invitations/{invitation.token}/").status_code == 404

    def test_manager_cannot_touch_another_structures_invitations(self, manager_client_a, structure_b, manager_b):
        other = Invitation.objects.create(structure=structure_b, email="d@exemple.fr", role="referent")
        assert manager_client_a.post(f"/equipe/invitations/{other.pk}/revoquer/").status_code == 404
        other.refresh_from_db()
        assert other.revoked_at is None

    def test_bad_email_gets_a_french_message(self, manager_client_a):
        response = manager_client_a.post("/equipe/", {"email": "pas-une-adresse", "role": "referent"})
        assert response.status_code == 400
        assert "valide" in page_text(response)


class TestNetworkHost:
    def test_public_pages_are_open(self, network_client):
        for url in ("/", "/structures/", "/appels/"):
            assert network_client.get(url).status_code == 200, url

    def test_coordination_requires_a_network_role(self, network_client, referent_a, coordinator):
        assert network_client.get("/reseau/").status_code == 302
        assert host_client("localhost", referent_a).get("/reseau/").status_code == 403
        assert host_client("localhost", coordinator).get("/reseau/").status_code == 200

    def test_coordinators_must_enrol_totp_when_required(self, coordinator, settings):
        settings.NETWORK_REQUIRE_MFA = True
        response = host_client("localhost", coordinator).get("/reseau/")
        assert response.status_code == 302
        assert "/accounts/2fa/totp/activate" in response["Location"]

    def test_django_admin_is_not_served_on_a_structure_host(self, client_a):
        assert client_a.get("/django-admin/").status_code == 404


@pytest.mark.parametrize("language", ["fr", "en"])
def test_language_can_be_chosen(network_client, language):
    network_client.post("/i18n/setlang/", {"language": language, "next": "/"})
    response = network_client.get("/accounts/login/")
    assert response.headers["Content-Language"] == language


def test_account_pages_link_to_two_factor_authentication_and_tokens(client_a):
    page = page_text(client_a.get("/accounts/email/"))
    assert "Authentification à deux facteurs" in page
    assert "Jetons d'API" in page
    assert client_a.get("/accounts/2fa/").status_code == 200
