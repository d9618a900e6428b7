"""Logging a workshop in-process: SQL queries and time per write, now and (optionally) at another commit.

A workshop with 10 followed people and 4 anonymous participants, logged N times (default 200) through
``activity_create`` (the service alone) and through ``POST /api/v1/activities/`` (the whole request:
tenant routing, token, throttles, serialisation) with Django's test client; then each activity updated
and deleted through the API. Each figure is the median and p95 of N writes, with the SQL queries of one.

Run:
    DATABASE_URL=postgres://… .venv/bin/python bench/log_write.py [N] [--json out.json] [--compare before.json]
Before/after side by side (the code of another commit, this script and this virtualenv):
    git worktree add /tmp/before <commit>
    .venv/bin/python bench/log_write.py --code /tmp/before --json /tmp/before.json
    .venv/bin/python bench/log_write.py --compare /tmp/before.json
Uses its own database (relais_bench_logwrite) on the same server.
"""

import json
import statistics
import sys
import time

ARGS = sys.argv[1:]


def _option(name: str) -> str | None:
    return ARGS[ARGS.index(name) + 1] if name in ARGS else None


from _setup import use_bench_database  # noqa: E402

if _option("--code"):  # after _setup, which puts this checkout first
    sys.path.insert(0, _option("--code"))

N = int(next((a for a in ARGS if a.isdigit()), 200))


def _measure(label: str, calls) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries = [], None
    for call in calls:
        connection.queries_log.clear()  # the log keeps 9,000 queries at most
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            call()
            times.append((time.perf_counter() - start) * 1000)
        queries = len(captured.captured_queries)
    times.sort()
    return {
        "label": label,
        "queries": queries,
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
    }


def main() -> None:
    use_bench_database("relais_bench_logwrite")
    import datetime

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from api.services import api_token_create
    from tenants.enums import MembershipRole
    from tenants.services import membership_set, platform_ensure, structure_create
    from tests.factories import UserFactory
    from training.facts import facts_differences
    from training.services.activities import activity_create
    from training.services.people import beneficiary_create
    from training.services.referents import referent_create

    settings.ALLOWED_HOSTS = ["*"]
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"token": None, "ip": None}}
    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    platform_ensure()
    call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
    structure = structure_create(name="Bench log", slug="bench-log")
    user = UserFactory(email="bench-log@exemple.fr")
    membership_set(user=user, structure=structure, role=MembershipRole.MANAGER)
    people = [
        beneficiary_create(structure=structure, label=f"P{i}", gender="feminin", birth_year=1950 + i).pk
        for i in range(10)
    ]
    with schema_context(structure.schema_name):
        referent = referent_create(first_name="Rita", last_name="Bench", user=user).pk
    connection.set_schema_to_public()
    today = timezone.localdate()
    fields = {
        "kind": "workshop",
        "duration_minutes": 90,
        "themes": ["securite_numerique"],
        "anonymous_total": 4,
        "anonymous_already_seen": 1,
    }
    breakdown = {"gender": {"feminin": 3, "masculin": 1}}

    def service_call(i):
        return lambda: activity_create(
            structure=structure,
            user=user,
            date=today - datetime.timedelta(days=i % 300),
            beneficiaries=people,
            referents=[referent],
            anonymous_breakdown=breakdown,
            **fields,
        )

    _token, raw = api_token_create(user=user, name="bench")
    client = Client(HTTP_HOST=structure.host, HTTP_AUTHORIZATION=f"Bearer {raw}")
    client.get("/api/v1/activities/?page_size=1")
    created = []

    def api_call(i):
        payload = {
            **fields,
            "date": (today - datetime.timedelta(days=i % 300)).isoformat(),
            "beneficiaries": people,
            "referents": [referent],
            "anonymous_breakdown": breakdown,
        }

        def call():
            response = client.post("/api/v1/activities/", payload, content_type="application/json")
            assert response.status_code == 201, response.content
            created.append(response.json()["id"])

        return call

    def update_call(i):
        def call():
            activity_id = created[i]
            payload = {"duration_minutes": 60, "beneficiaries": people[: 5 + i % 5], "date": today.isoformat()}
            response = client.patch(f"/api/v1/activities/{activity_id}/", payload, content_type="application/json")
            assert response.status_code == 200, response.content

        return call

    def delete_call(i):
        def call():
            assert client.delete(f"/api/v1/activities/{created[i]}/").status_code == 204

        return call

    results = [
        _measure("activity_create (service)", (service_call(i) for i in range(N))),
        _measure("POST /api/v1/activities/", (api_call(i) for i in range(N))),
        _measure("PATCH /api/v1/activities/{id}/", (update_call(i) for i in range(N))),
        _measure("DELETE /api/v1/activities/{id}/", (delete_call(i) for i in range(N // 2))),
    ]
    differences = facts_differences(structure)
    print(f"{N} writes each; facts_differences after the run: {differences or 'none'}")
    before = {r["label"]: r for r in json.load(open(_option("--compare")))} if _option("--compare") else {}
    header = f"{'write':34} {'queries':>8} {'median ms':>10} {'p95 ms':>8}"
    if before:
        header += f" | {'before: queries':>15} {'median ms':>10} {'ratio':>6}"
    print(header)
    for r in results:
        line = f"{r['label']:34} {r['queries']:>8} {r['median_ms']:>10} {r['p95_ms']:>8}"
        old = before.get(r["label"])
        if old:
            ratio = old["median_ms"] / r["median_ms"] if r["median_ms"] else 0
            line += f" | {old['queries']:>15} {old['median_ms']:>10} {ratio:>5.1f}×"
        print(line)
    if _option("--json"):
        json.dump(results, open(_option("--json"), "w"), indent=1)
    print("Rerun: DATABASE_URL=… .venv/bin/python bench/log_write.py " + " ".join(ARGS))
    assert not differences, differences


if __name__ == "__main__":
    main()
