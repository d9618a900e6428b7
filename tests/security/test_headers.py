"""Every response carries the hardened headers; our own pages get the strict policy."""

import pytest
from django.test import Client

from tests.conftest import host_client, make_member

pytestmark = pytest.mark.django_db


def test_structure_pages_get_the_strict_policy(structure_a):
    response = host_client(structure_a.host, make_member(structure_a)).get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self';" in csp
    assert "frame-ancestors 'self'" in csp
    assert "unsafe-inline" not in csp.split("style-src-attr")[0]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_api_and_login_get_the_headers(structure_a):
    for path in ("/accounts/login/", "/api/v1/people/"):
        response = Client(HTTP_HOST=structure_a.host).get(path)
        assert "default-src 'self'" in response["Content-Security-Policy"]


def test_admin_pages_may_run_their_inline_scripts():
    response = Client(HTTP_HOST="localhost").get("/api/v1/docs/")
    assert "script-src 'self' 'unsafe-inline'" in response["Content-Security-Policy"]
