"""Under /api/, every error is JSON in the documented envelope, in French by default."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client

from tests.api.conftest import api_client
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_a(structure_a):
    return api_client(structure_a.host, make_member(structure_a))


def envelope(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"detail", "errors"}
    return body


def test_unknown_record_names_no_model(api_a):
    response = api_a.get("/api/v1/people/999999/")
    assert response.status_code == 404
    body = envelope(response)
    assert body["detail"] == "Introuvable."
    assert body["errors"] == [{"field": None, "message": "Introuvable."}]


def test_unknown_api_path_is_json(api_a):
    response = api_a.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert envelope(response)["errors"][0]["field"] is None


def test_unauthenticated_is_json_with_null_field(structure_a):
    response = api_client(structure_a.host).get("/api/v1/people/")
    assert response.status_code == 401
    assert envelope(response)["errors"][0]["field"] is None


def test_english_on_request(api_a):
    response = api_a.get("/api/v1/people/999999/", HTTP_ACCEPT_LANGUAGE="en")
    assert envelope(response)["detail"] == "Not found."


def test_body_over_the_limit_is_413(api_a, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api_a.post("/api/v1/people/", data="{" + " " * 2000 + "}", content_type="application/json")
    assert response.status_code == 413
    envelope(response)


def test_deeply_nested_json_is_400(api_a):
    response = api_a.post("/api/v1/people/", data="[" * 100_000 + "]" * 100_000, content_type="application/json")
    assert response.status_code == 400
    envelope(response)


def test_period_near_the_calendar_limit_is_400(api_a):
    response = api_a.get("/api/v1/stats/", {"to": "9999-12-31"})
    assert response.status_code == 400
    assert envelope(response)["errors"][0]["field"] == "to"


def test_database_down_is_503_with_retry_after(structure_a):
    client = Client(HTTP_HOST=structure_a.host, raise_request_exception=False)
    with mock.patch(
        "django_tenants.middleware.main.TenantMainMiddleware.get_tenant",
        side_effect=OperationalError("connection refused"),
    ):
        api = client.get("/api/v1/people/")
        page = client.get("/")
    assert api.status_code == 503
    assert api["Retry-After"]
    envelope(api)
    assert page.status_code == 503
    assert "indisponible" in page.content.decode()


def test_workshop_cancellation_with_a_bad_registration_is_404(structure_a):
    import datetime

    from django.utils import timezone

    from tests.conftest import host_client
    from training import practices

    workshop = practices.workshop_schedule(
        structure=structure_a, title="Arnaques", date=timezone.localdate() + datetime.timedelta(days=1),
        start_time=datetime.time(14), seats=2, themes=["securite_numerique"],
    )  # fmt: skip
    client = host_client(structure_a.host, make_member(structure_a, "manager"))
    response = client.post(f"/calendar/{workshop.pk}/", {"action": "cancel", "registration": "abc"})
    assert response.status_code == 404


def test_dashboards_with_a_period_at_the_calendar_limit_show_a_form_error(structure_a, coordinator_client):
    from tests.conftest import host_client

    manager = make_member(structure_a, "manager")
    response = host_client(structure_a.host, manager).get("/dashboard/", {"start": "0001-01-01", "end": "9999-12-31"})
    assert response.status_code == 200
    assert "Choisissez une date entre" in response.content.decode()
    response = coordinator_client.get("/reseau/", {"start": "2024-01-01", "end": "9999-12-31"})
    assert response.status_code == 200
    assert "Choisissez une date entre" in response.content.decode()
