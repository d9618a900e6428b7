"""Every way in goes through allauth's login: rate limits and the second factor apply to all."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.test import Client

from tests.conftest import PASSWORD, host_client
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def current_code(secret: str) -> str:
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def coordinator_with_totp():
    user = UserFactory(coordinator=True)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    user.totp_secret = secret
    return user


def signed_in(client: Client) -> bool:
    return client.get("/reseau/").status_code == 200


class TestAllauthDoor:
    def test_password_alone_does_not_sign_in(self, coordinator_with_totp):
        client = Client(HTTP_HOST="localhost")
        response = client.post("/accounts/login/", {"login": coordinator_with_totp.email, "password": PASSWORD})
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/2fa/authenticate/")
        assert not signed_in(client)
        assert client.get("/api/v1/applications/").status_code in (401, 403)

    def test_password_then_code_signs_in(self, coordinator_with_totp):
        client = Client(HTTP_HOST="localhost")
        client.post("/accounts/login/", {"login": coordinator_with_totp.email, "password": PASSWORD})
        response = client.post("/accounts/2fa/authenticate/", {"code": current_code(coordinator_with_totp.totp_secret)})
        assert response.status_code == 302
        assert signed_in(client)
        assert client.get("/api/v1/applications/").status_code == 200
        assert client.get("/cms-admin/").status_code == 200


class TestOtherDoors:
    def test_wagtail_login_form_sends_to_allauth(self, coordinator_with_totp):
        client = Client(HTTP_HOST="localhost")
        response = client.post(
            "/cms-admin/login/?next=/cms-admin/", {"username": coordinator_with_totp.email, "password": PASSWORD}
        )
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=%2Fcms-admin%2F"
        assert not signed_in(client)
        assert client.get("/cms-admin/")["Location"].startswith("/accounts/login/")

    def test_wagtail_failures_are_no_longer_free(self):
        client = Client(HTTP_HOST="localhost")
        for _ in range(3):
            assert client.post("/cms-admin/login/", {"username": "x@example.org", "password": "x"}).status_code == 302

    def test_django_admin_login_sends_to_allauth(self):
        user = UserFactory(is_staff=True, is_superuser=True)
        client = Client(HTTP_HOST="localhost")
        response = client.post(
            "/django-admin/login/?next=/django-admin/", {"username": user.email, "password": PASSWORD}
        )
        assert response["Location"] == "/accounts/login/?next=%2Fdjango-admin%2F"
        door = client.get("/django-admin/")["Location"]
        assert client.get(door)["Location"] == "/accounts/login/?next=%2Fdjango-admin%2F"

    def test_a_session_that_skipped_the_second_factor_is_dropped(self, coordinator_with_totp, structure_a):
        # As if signed in through a form that does not ask for the code.
        client = host_client("localhost", coordinator_with_totp)
        assert client.get("/reseau/")["Location"].startswith("/accounts/login/")
        client = host_client("localhost", coordinator_with_totp)
        assert client.get("/api/v1/applications/").status_code in (401, 403)
        client = host_client("localhost", coordinator_with_totp)
        assert client.get("/cms-admin/")["Location"].startswith("/accounts/login/")


class TestRequiredEnrolment:
    @pytest.fixture(autouse=True)
    def _production_policy(self, settings):
        settings.NETWORK_REQUIRE_MFA = True

    def test_superuser_must_enrol_before_the_django_admin(self):
        user = UserFactory(is_staff=True, is_superuser=True)
        response = host_client("localhost", user).get("/django-admin/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/2fa/totp/activate")

    def test_superuser_must_enrol_before_a_structure(self, structure_a):
        user = UserFactory(is_superuser=True)
        response = host_client("alpha.localhost", user).get("/")
        assert response["Location"].startswith("/accounts/2fa/totp/activate")

    def test_api_session_answers_403_in_the_envelope(self):
        user = UserFactory(coordinator=True)
        response = host_client("localhost", user).get("/api/v1/applications/")
        assert response.status_code == 403
        assert response.json()["errors"][0]["field"] is None

    def test_account_pages_stay_open_to_enrol(self):
        user = UserFactory(is_staff=True)
        assert host_client("localhost", user).get("/accounts/2fa/").status_code == 200

    def test_people_without_a_network_role_are_not_asked(self, structure_a):
        from tests.conftest import make_member

        user = make_member(structure_a)
        assert host_client("alpha.localhost", user).get("/").status_code == 200


def test_enrolling_totp_keeps_the_session(settings, django_capture_on_commit_callbacks):
    from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

    settings.NETWORK_REQUIRE_MFA = True
    user = UserFactory(is_staff=True, is_superuser=True)
    client = Client(HTTP_HOST="localhost")
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert client.get("/django-admin/")["Location"].startswith("/accounts/2fa/totp/activate")
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200, page.get("Location")
    secret = client.session[SECRET_SESSION_KEY]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    # From now on, the code is asked at every sign-in, and then the admin opens.
    client = Client(HTTP_HOST="localhost")
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"].startswith("/accounts/2fa/authenticate/")
    client.post("/accounts/2fa/authenticate/", {"code": current_code(secret)})
    assert client.get("/django-admin/").status_code == 200
