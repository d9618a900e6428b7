"""The personal API tokens page: create (key shown once), list, revoke."""

import re

import pytest

from api.models import ApiToken
from tests.api.conftest import api_client
from tests.conftest import host_client, page_text


def create(client, name="Mon tableur"):
    response = client.post("/api/tokens/", {"name": name})
    match = re.search(r'value="(rn_[^"]+)"', response.content.decode())
    return response, match.group(1) if match else None


class TestTokenPage:
    def test_anonymous_visitors_go_to_login(self, structure_a):
        for host in ("localhost", structure_a.host):
            response = host_client(host).get("/api/tokens/")
            assert response.status_code == 302
            assert "/accounts/login/" in response["Location"]

    def test_non_members_are_refused_on_a_structure_host(self, structure_a, referent_b):
        assert host_client(structure_a.host, referent_b).get("/api/tokens/").status_code == 403
        assert host_client(structure_a.host, referent_b).post("/api/tokens/", {"name": "x"}).status_code == 403
        assert not ApiToken.objects.filter(user=referent_b).exists()

    def test_a_member_creates_a_token_that_works_once_shown(self, structure_a, referent_a):
        client = host_client(structure_a.host, referent_a)
        response, raw = create(client)
        assert response.status_code == 200
        assert response["Cache-Control"] == "no-store"
        assert "Copiez maintenant la clé de « Mon tableur »" in page_text(response)
        token = ApiToken.objects.get(user=referent_a)
        assert raw.startswith(token.key_prefix) and token.key_hash != raw
        listing = page_text(client.get("/api/tokens/"))
        assert "Mon tableur" in listing and token.key_prefix in listing and raw not in listing
        assert "Jamais" in listing
        api = api_client(structure_a.host)
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert api.get("/api/v1/referents/").status_code == 200

    def test_a_name_is_required(self, structure_a, referent_a):
        response = host_client(structure_a.host, referent_a).post("/api/tokens/", {"name": "  "})
        assert response.status_code == 400
        assert "Donnez un nom au jeton" in page_text(response)

    def test_revoke_own_tokens_only(self, structure_a, referent_a, manager_a):
        _response, raw = create(host_client(structure_a.host, referent_a))
        token = ApiToken.objects.get(user=referent_a)
        assert host_client(structure_a.host, manager_a).post(f"/api/tokens/{token.pk}/revoke/").status_code == 404
        response = host_client(structure_a.host, referent_a).post(f"/api/tokens/{token.pk}/revoke/", follow=True)
        assert "Le jeton « Mon tableur » est révoqué." in page_text(response)
        token.refresh_from_db()
        assert token.revoked_at is not None
        api = api_client(structure_a.host)
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert api.get("/api/v1/referents/").status_code == 401

    @pytest.mark.parametrize("role", ["coordinator", "trainer", "referent_a"])
    def test_any_user_on_the_network_host(self, request, role):
        user = request.getfixturevalue(role)
        client = host_client("localhost", user)
        assert client.get("/api/tokens/").status_code == 200
        _response, raw = create(client)
        assert raw

    def test_the_menu_links_to_it(self, structure_a, referent_a):
        assert 'href="/api/tokens/"' in host_client(structure_a.host, referent_a).get("/api/tokens/").content.decode()
