"""Keeping another system in step: updated_since, cursors, tombstones, Idempotency-Key, the schema."""

import datetime

from django.utils import timezone
from django_tenants.utils import schema_context

from api.models import IdempotentRequest
from tests.api.conftest import api_client
from training.models import Activity, Beneficiary, Tombstone
from training.services.activities import activity_create
from training.services.people import beneficiary_create, beneficiary_update

TODAY = timezone.localdate()


def walk(client, path, **params):
    """Every page of a cursor listing; the callback between pages plays the concurrent writer."""
    between = params.pop("between", None)
    response = client.get(path, {"cursor": "", **params})
    rows = []
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        assert "count" not in body
        rows += body["results"]
        if not body["next"]:
            return rows
        if between:
            between()
        response = client.get(body["next"])


def workshop_payload(**extra):
    return {"kind": "workshop", "date": TODAY.isoformat(), "duration_minutes": 90, "themes": ["email"],
            "anonymous_total": 3, **extra}  # fmt: skip


class TestMirror:
    def test_a_mirror_by_updated_since_and_cursor_has_no_gap_and_no_duplicate(
        self, structure_a, structure_b, manager_a
    ):
        client = api_client(structure_a.host, manager_a)
        for i in range(7):
            beneficiary_create(structure=structure_a, label=f"P{i}")
        beneficiary_create(structure=structure_b, label="B only")
        added = []

        def concurrent_insert():
            added.append(beneficiary_create(structure=structure_a, label=f"N{len(added)}").pk)

        # First run: the whole list, page by page, while another client adds people.
        mirror = {}
        rows = walk(client, "/api/v1/people/", page_size=3, between=concurrent_insert)
        ids = [row["id"] for row in rows]
        assert len(ids) == len(set(ids)), "a record read twice"
        mirror.update({row["id"]: row for row in rows})
        with schema_context(structure_a.schema_name):
            existing = set(Beneficiary.objects.current().values_list("pk", flat=True))
        assert existing == set(mirror), "a gap: a record never read"
        assert set(added) <= set(mirror) and len(added) >= 2
        assert "B only" not in {row["label"] for row in rows}
        high_water = max(row["updated_at"] for row in rows)

        # Meanwhile: one changed, one created, one erased.
        with schema_context(structure_a.schema_name):
            first, second = Beneficiary.objects.order_by("pk")[:2]
        beneficiary_update(structure=structure_a, beneficiary=first, label="Changed")
        new = beneficiary_create(structure=structure_a, label="Later")
        assert client.delete(f"/api/v1/people/{second.pk}/").status_code == 204

        # Second run: only what changed since the high-water mark, then the deletions.
        changes = walk(client, "/api/v1/people/", updated_since=high_water, page_size=2)
        assert {row["id"] for row in changes} >= {first.pk, new.pk}
        assert len(changes) <= 3  # the last row of the first run may come again (updated_at >= mark)
        mirror.update({row["id"]: row for row in changes})
        deleted = client.get("/api/v1/deleted/", {"since": high_water}).json()["results"]
        assert {(d["resource"], d["id"]) for d in deleted} == {("person", second.pk)}
        for row in deleted:
            mirror.pop(row["id"], None)
        with schema_context(structure_a.schema_name):
            server = {p.pk: p.label for p in Beneficiary.objects.current()}
        assert {pk: row["label"] for pk, row in mirror.items()} == server

    def test_page_numbers_stay_and_people_are_ordered_by_id(self, structure_a, manager_a):
        client = api_client(structure_a.host, manager_a)
        people = [beneficiary_create(structure=structure_a, label=f"P{i}") for i in range(5)]
        first = client.get("/api/v1/people/", {"page_size": 2}).json()
        assert first["count"] == 5 and [r["id"] for r in first["results"]] == [p.pk for p in people[:2]]
        beneficiary_create(structure=structure_a, label="Z")  # a new record does not shift the pages read
        second = client.get("/api/v1/people/", {"page_size": 2, "page": 2}).json()
        assert [r["id"] for r in second["results"]] == [p.pk for p in people[2:4]]

    def test_updated_since_on_lists_and_a_bad_value_explained(self, structure_a, manager_a):
        client = api_client(structure_a.host, manager_a)
        old = activity_create(structure=structure_a, user=manager_a, kind="workshop", date=TODAY,
                              duration_minutes=60, themes=["email"], anonymous_total=2)  # fmt: skip
        with schema_context(structure_a.schema_name):
            Activity.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=3))
        recent = client.post("/api/v1/activities/", workshop_payload(), format="json").json()
        since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
        listing = client.get("/api/v1/activities/", {"updated_since": since}).json()
        assert [row["id"] for row in listing["results"]] == [recent["id"]]
        assert "updated_at" in recent
        assert client.get("/api/v1/activities/", {"updated_since": TODAY.isoformat()}).json()["count"] == 1
        for path in ("/api/v1/referents/", "/api/v1/courses/", "/api/v1/equipment/", "/api/v1/deleted/"):
            assert client.get(path, {"updated_since": since, "cursor": ""}).status_code == 200, path
        bad = client.get("/api/v1/activities/", {"updated_since": "hier"})
        assert bad.status_code == 400 and "ISO 8601" in bad.content.decode()

    def test_network_lists_take_updated_since_and_cursor(self, coordinator, structure_a):
        client = api_client("localhost", coordinator)
        rows = walk(client, "/api/v1/structures/", page_size=1)
        assert len(rows) >= 2 and len({row["id"] for row in rows}) == len(rows)
        assert all("updated_at" in row for row in rows)
        future = (timezone.now() + datetime.timedelta(days=1)).isoformat()
        assert client.get("/api/v1/structures/", {"updated_since": future}).json()["count"] == 0
        for path in ("/api/v1/programmes/", "/api/v1/trainings/", "/api/v1/calls/", "/api/v1/kits/"):
            assert client.get(path, {"updated_since": future, "cursor": ""}).status_code == 200, path


class TestTombstones:
    def test_deletions_are_listed_for_their_structure_only(self, structure_a, structure_b, manager_a, manager_b):
        client_a = api_client(structure_a.host, manager_a)
        created = client_a.post("/api/v1/activities/", workshop_payload(), format="json").json()
        assert client_a.delete(f"/api/v1/activities/{created['id']}/").status_code == 204
        listing = client_a.get("/api/v1/deleted/", {"resource": "activity"}).json()
        assert [(d["resource"], d["id"]) for d in listing["results"]] == [("activity", created["id"])]
        assert api_client(structure_b.host, manager_b).get("/api/v1/deleted/").json()["results"] == []
        future = (timezone.now() + datetime.timedelta(minutes=5)).isoformat()
        assert client_a.get("/api/v1/deleted/", {"since": future}).json()["results"] == []
        too_old = client_a.get("/api/v1/deleted/", {"since": "2000-01-01T00:00:00Z"})
        assert too_old.status_code == 410 and "90" in too_old.content.decode()

    def test_old_tombstones_are_purged(self, structure_a, manager_a):
        client = api_client(structure_a.host, manager_a)
        with schema_context(structure_a.schema_name):
            stale = Tombstone.objects.create(model="activity", object_id=1)
            Tombstone.objects.filter(pk=stale.pk).update(deleted_at=timezone.now() - datetime.timedelta(days=91))
        assert client.get("/api/v1/deleted/").json()["results"] == []
        created = client.post("/api/v1/activities/", workshop_payload(), format="json").json()
        client.delete(f"/api/v1/activities/{created['id']}/")
        with schema_context(structure_a.schema_name):
            assert list(Tombstone.objects.values_list("object_id", flat=True)) == [created["id"]]


class TestIdempotency:
    def test_the_same_post_twice_creates_once_and_answers_the_same(self, structure_a, manager_a):
        client = api_client(structure_a.host, manager_a)
        first = client.post("/api/v1/activities/", workshop_payload(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
        again = client.post("/api/v1/activities/", workshop_payload(), format="json", HTTP_IDEMPOTENCY_KEY="k-1")
        assert first.status_code == again.status_code == 201
        assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
        with schema_context(structure_a.schema_name):
            assert Activity.objects.count() == 1
        stats = client.get("/api/v1/stats/").json()
        assert stats["activities"]["workshop"] == 1 and stats["people"] == 3
        record = IdempotentRequest.objects.get(key="k-1")
        assert record.user_id == manager_a.pk and record.path == "/api/v1/activities/"
        # Another key: another activity. The same key for another body: refused.
        other = client.post("/api/v1/activities/", workshop_payload(), format="json", HTTP_IDEMPOTENCY_KEY="k-2")
        assert other.status_code == 201 and other.json()["id"] != first.json()["id"]
        reused = client.post("/api/v1/activities/", workshop_payload(anonymous_total=5), format="json",
                             HTTP_IDEMPOTENCY_KEY="k-1")  # fmt: skip
        assert reused.status_code == 422 and "Idempotency-Key" in reused.json()["detail"]

    def test_keys_are_the_callers_own_and_errors_can_be_retried(self, structure_a, structure_b, manager_a, manager_b):
        client_a = api_client(structure_a.host, manager_a)
        client_b = api_client(structure_b.host, manager_b)
        assert client_a.post("/api/v1/activities/", workshop_payload(), format="json",
                             HTTP_IDEMPOTENCY_KEY="shared").status_code == 201  # fmt: skip
        in_b = client_b.post("/api/v1/activities/", workshop_payload(), format="json", HTTP_IDEMPOTENCY_KEY="shared")
        assert in_b.status_code == 201 and "Idempotent-Replayed" not in in_b
        with schema_context(structure_b.schema_name):
            assert Activity.objects.count() == 1
        # A forbidden answer is not kept: once allowed, the same key goes through.
        anonymous = api_client(structure_a.host)
        assert anonymous.post("/api/v1/activities/", workshop_payload(), format="json",
                              HTTP_IDEMPOTENCY_KEY="x").status_code == 401  # fmt: skip
        too_long = client_a.post("/api/v1/activities/", workshop_payload(), format="json",
                                 HTTP_IDEMPOTENCY_KEY="k" * 300)  # fmt: skip
        assert too_long.status_code == 400

    def test_a_network_post_is_honoured_too(self, coordinator):
        from network.models import Call, Programme

        programme = Programme.objects.create(name="Relais 2025", territory="Nord", start=TODAY, end=TODAY)
        client = api_client("localhost", coordinator)
        payload = {"programme": programme.pk, "title": "Appel 2025", "opens": TODAY.isoformat(),
                   "closes": TODAY.isoformat()}  # fmt: skip
        first = client.post("/api/v1/calls/", payload, format="json", HTTP_IDEMPOTENCY_KEY="call-1")
        again = client.post("/api/v1/calls/", payload, format="json", HTTP_IDEMPOTENCY_KEY="call-1")
        assert first.status_code == again.status_code == 201, first.content
        assert again.content == first.content and again["Idempotent-Replayed"] == "true"
        assert Call.objects.filter(programme=programme).count() == 1


def test_the_schemas_document_sync(structure_a):
    for host in (structure_a.host, "localhost"):
        schema = api_client(host).get("/api/v1/schema/", {"format": "json"}).json()
        posts = [ops["post"] for ops in schema["paths"].values() if "post" in ops]
        assert posts and all(any(p["name"] == "Idempotency-Key" for p in op["parameters"]) for op in posts)
        lists = [ops["get"] for path, ops in schema["paths"].items() if "get" in ops and "{" not in path
                 and not path.endswith(("stats/", "schema/", "docs/", "redoc/")) and "exports" not in path]  # fmt: skip
        for op in lists:
            names = {p["name"] for p in op.get("parameters", [])}
            since = "since" if op["operationId"] == "deleted_list" else "updated_since"
            assert {since, "cursor"} <= names, op["operationId"]
    structure_schema = api_client(structure_a.host).get("/api/v1/schema/", {"format": "json"}).json()
    assert "/api/v1/deleted/" in structure_schema["paths"]
