"""API for the other programmes' practices, on a structure's host."""

import datetime

from django.utils import timezone

from network.figures import network_figures
from tests.api.conftest import api_client
from training.services.people import beneficiary_create


def test_equipment_and_desk_visits_through_the_api(api_a, api_b, structure_a, django_assert_max_num_queries):
    person = beneficiary_create(structure=structure_a, label="AB")
    response = api_a.post(
        "/api/v1/equipment/",
        {"beneficiary": person.pk, "kind": "connectivity", "date": "2023-05-02", "amount": "150.00"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["beneficiary_code"] == person.code
    response = api_a.post(
        "/api/v1/desk-visits/", {"date": "2023-05-02", "purpose": "printing", "count": 4}, format="json"
    )
    assert response.status_code == 201
    figures = network_figures(structure_ids=[structure_a.pk])
    assert figures.equipment["subsidies_amount"] == 150.0
    assert figures.desk["visits"] == 4
    with django_assert_max_num_queries(12):
        assert api_a.get("/api/v1/equipment/").json()["count"] == 1
    # Another structure sees nothing and cannot point at A's person.
    assert api_b.get("/api/v1/equipment/").json()["count"] == 0
    response = api_b.post(
        "/api/v1/equipment/", {"beneficiary": person.pk + 10_000, "kind": "laptop", "date": "2023-05-02"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "beneficiary"


def test_subsidy_without_amount_is_a_french_400(api_a, structure_a):
    person = beneficiary_create(structure=structure_a, label="AB")
    response = api_a.post(
        "/api/v1/equipment/", {"beneficiary": person.pk, "kind": "connectivity", "date": "2023-05-02"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "amount"


def test_workshop_registration_waiting_list_and_log(api_a, structure_a, structure_b, referent_b):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = api_a.post(
        "/api/v1/workshops/",
        {"title": "Arnaques", "date": tomorrow, "start_time": "14:00", "seats": 1, "themes": ["securite_numerique"]},
        format="json",
    )
    assert response.status_code == 201
    workshop_id = response.json()["id"]
    first = api_a.post(f"/api/v1/workshops/{workshop_id}/register/", {"label": "Josiane"}, format="json")
    second = api_a.post(f"/api/v1/workshops/{workshop_id}/register/", {"label": "Marc"}, format="json")
    assert (first.json()["status"], second.json()["status"]) == ("registered", "waiting")
    # Not yet: the workshop is tomorrow.
    response = api_a.post(f"/api/v1/workshops/{workshop_id}/log/", {"present": [first.json()["id"]]}, format="json")
    assert response.status_code == 400
    # Another structure's token cannot reach this workshop.
    other = api_client(structure_b.host, referent_b)
    assert other.get(f"/api/v1/workshops/{workshop_id}/").status_code == 404
    assert api_client(structure_a.host, referent_b).get("/api/v1/workshops/").status_code == 403
