"""Login lockouts and API throttles count per account and per address on every host."""

import pytest
from django.test import Client

from tests.conftest import PASSWORD, make_member
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def login(host, email, password, **extra):
    return Client(HTTP_HOST=host).post("/accounts/login/", {"login": email, "password": password}, **extra)


def test_failures_on_one_host_lock_the_account_on_every_host(structure_a):
    user = make_member(structure_a)
    for _ in range(5):
        assert login("alpha.localhost", user.email, "wrong-password").status_code == 200
    # The right password, on another structure's host and on the network's: still locked out.
    for host in ("beta.localhost", "localhost"):
        response = login(host, user.email, PASSWORD)
        assert response.status_code == 200
        assert "Trop de tentatives" in response.content.decode()


def test_the_address_limit_ignores_a_forged_forwarded_header():
    user = UserFactory()
    for attempt in range(10):
        login("localhost", f"nobody{attempt}@example.org", "x", HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}")
    response = login("localhost", user.email, PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9")
    assert response.status_code == 200
    assert "Trop de tentatives" in response.content.decode()


def test_behind_a_trusted_proxy_the_forwarded_address_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    user = UserFactory()
    for attempt in range(10):
        login("localhost", f"nobody{attempt}@example.org", "x", HTTP_X_FORWARDED_FOR="10.0.0.1")
    response = login("localhost", user.email, PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.2")
    assert response.status_code == 302
