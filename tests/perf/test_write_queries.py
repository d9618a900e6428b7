"""The write path's SQL, counted exactly: logging a workshop over the API, changing it, deleting it."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.api.conftest import api_client
from training.facts import facts_differences
from training.services.people import beneficiary_create
from training.services.referents import referent_create

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def workshop(structure_a, referent_a):
    people = [
        beneficiary_create(structure=structure_a, label=f"P{i}", gender="feminin", birth_year=1950 + i).pk
        for i in range(10)
    ]
    with schema_context(structure_a.schema_name):
        me = referent_create(first_name="Rita", last_name="Référente", user=referent_a).pk
    api = api_client(structure_a.host, referent_a)
    assert api.get("/api/v1/activities/", {"page_size": 1}).status_code == 200  # the token's first use
    payload = {
        "kind": "workshop",
        "date": TODAY.isoformat(),
        "duration_minutes": 90,
        "themes": ["securite_numerique"],
        "beneficiaries": people,
        "referents": [me],
        "anonymous_total": 4,
        "anonymous_already_seen": 1,
        "anonymous_breakdown": {"gender": {"feminin": 3, "masculin": 1}},
    }
    return api, payload, people, me


def _sql(captured) -> str:
    return "\n".join(q["sql"][:160] for q in captured.captured_queries)


def test_the_production_cache_counts_the_throttles(settings):
    # Throttles count in the default cache, the same backend in tests as in production (no SQL).
    assert (
        "locmem" in settings.CACHES["default"]["BACKEND"].lower()
        or "redis" in settings.CACHES["default"]["BACKEND"].lower()
    )
    assert cache.get("nothing") is None


def test_logging_a_workshop_over_the_api(workshop, structure_a):
    api, payload, people, me = workshop
    with CaptureQueriesContext(connection) as captured:
        response = api.post("/api/v1/activities/", payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["beneficiaries"] == sorted(people) and body["referents"] == [me]
    # Tenant routing (SET search_path, domain, SET search_path), token with membership, savepoint, people and
    # referents checked, the activity, its relations + change record + facts + lock, rollups, release.
    assert len(captured.captured_queries) == 10, _sql(captured)
    assert facts_differences(structure_a) == {}
    stats = api.get("/api/v1/stats/").json()
    assert stats["activities"]["workshop"] == 1 and stats["people"] == 10 + 3


def test_changing_and_deleting_it(workshop, structure_a):
    api, payload, people, me = workshop
    activity_id = api.post("/api/v1/activities/", payload, format="json").json()["id"]
    change = {
        "beneficiaries": people[:6],
        "duration_minutes": 60,
        "date": (TODAY - datetime.timedelta(days=40)).isoformat(),
    }
    with CaptureQueriesContext(connection) as captured:
        response = api.patch(f"/api/v1/activities/{activity_id}/", change, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["beneficiaries"] == sorted(people[:6])
    assert len(captured.captured_queries) == 14, _sql(captured)
    assert facts_differences(structure_a) == {}
    with CaptureQueriesContext(connection) as captured:
        assert api.delete(f"/api/v1/activities/{activity_id}/").status_code == 204
    assert len(captured.captured_queries) == 12, _sql(captured)
    assert facts_differences(structure_a) == {}


def test_a_course_session_with_its_attendance(workshop, structure_a):
    api, _payload, people, me = workshop
    course = api.post(
        "/api/v1/courses/",
        {"title": "Tablette", "device": "tablet", "start_date": TODAY.isoformat(), "referents": [me]},
        format="json",
    ).json()["id"]
    with CaptureQueriesContext(connection) as captured:
        assert (
            api.post(f"/api/v1/courses/{course}/enrolments/", {"beneficiary": people[0]}, format="json").status_code
            == 201
        )
    # 14, plus the audit log's row (an enrolment is audited).
    assert len(captured.captured_queries) == 15, _sql(captured)
    for person in people[1:]:
        api.post(f"/api/v1/courses/{course}/enrolments/", {"beneficiary": person}, format="json")
    session = {"date": TODAY.isoformat(), "duration_minutes": 120, "attendees": people}
    with CaptureQueriesContext(connection) as captured:
        response = api.post(f"/api/v1/courses/{course}/sessions/", session, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["attendees"] == sorted(people) and response.json()["referents"] == [me]
    # Routing, token, course, savepoint, enrolled people, course's referents, savepoint, people checked, the
    # session, its relations + change + facts + lock, rollups, release, completion (hours of all), release.
    assert len(captured.captured_queries) == 16, _sql(captured)
    assert facts_differences(structure_a) == {}
