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
Over HTTP (``--http [seconds]``): gunicorn started here (2 sync workers, production settings, port 8701
or --port), then for 8 clients and for 1 client, a minimal authenticated read (GET one referent) and the
log of the workshop above, each for the given seconds (default 10): requests/s and median latency, and
the ratios the issue sets as targets (logs/s ≥ 50 % of the read's requests/s with 8 clients; median log
latency ≤ 2× the read's with 1 client).
    DATABASE_URL=postgres://… .venv/bin/python bench/log_write.py 50 --http 10
Uses its own database (relais_bench_logwrite, or ``--database NAME``) on the same server.
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

N = int(next((a for i, a in enumerate(ARGS) if a.isdigit() and not (i and ARGS[i - 1].startswith("--"))), 200))


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


def _http_phase(port: int, host: str, make_request, clients: int, seconds: float) -> dict:
    import http.client
    import threading

    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(n: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = 0
        while time.perf_counter() < deadline:
            method, path, body = make_request(n * 1_000_000 + i)
            i += 1
            start = time.perf_counter()
            headers = {"Host": host, "Authorization": f"Bearer {TOKEN[0]}", "Content-Type": "application/json"}
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.read()
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                if response.status >= 300:
                    failures.append(f"{response.status} {path}")
                latencies.append(elapsed)
            if response.getheader("Connection", "").lower() == "close":
                connection.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - start
    assert not failures, failures[:5]
    return {"per_second": round(len(latencies) / wall, 1), "median_ms": round(statistics.median(latencies), 1)}


TOKEN: list[str] = []


def _http(structure, raw_token: str, bench_url: str, payload_for, referent_id: int, seconds: float) -> None:
    import json as json_module
    import os
    import socket
    import subprocess
    from pathlib import Path

    port = int(_option("--port") or 8701)
    TOKEN.append(raw_token)
    env = {
        **os.environ,
        "DATABASE_URL": bench_url,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": "bench-only-secret-key-not-for-production-use-0123456789",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "*",
        "API_THROTTLE_TOKEN": "10000000/min",
        "API_THROTTLE_IP": "10000000/min",
    }
    root = Path(_option("--code") or Path(__file__).resolve().parent.parent)  # the code measured
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "-w", "2", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning"],
        cwd=root, env=env,
    )  # fmt: skip
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        read = lambda i: ("GET", f"/api/v1/referents/{referent_id}/", None)  # noqa: E731
        log = lambda i: ("POST", "/api/v1/activities/", json_module.dumps(payload_for(i)))  # noqa: E731
        _http_phase(port, structure.host, read, 2, 2)  # warm both workers up
        _http_phase(port, structure.host, log, 2, 2)
        rows = {}
        for clients in (8, 1):
            rows[("read", clients)] = _http_phase(port, structure.host, read, clients, seconds)
            rows[("log", clients)] = _http_phase(port, structure.host, log, clients, seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"HTTP, gunicorn 2 workers, {seconds:g} s per phase")
    print(f"{'phase':28} {'req/s':>8} {'median ms':>10}")
    for (kind, clients), row in rows.items():
        label = f"{'log a workshop' if kind == 'log' else 'minimal authenticated read'}"
        print(f"{label + f', {clients} client' + ('s' if clients > 1 else ''):40} {row['per_second']:>8} "
              f"{row['median_ms']:>10}")  # fmt: skip
    share = rows[("log", 8)]["per_second"] / rows[("read", 8)]["per_second"]
    latency = rows[("log", 1)]["median_ms"] / rows[("read", 1)]["median_ms"]
    print(f"logs/s ÷ read req/s, 8 clients: {share:.0%} (target ≥ 50 %)")
    print(f"median log latency ÷ read's, 1 client: {latency:.1f}× (target ≤ 2×)")


def main() -> None:
    bench_url = use_bench_database(_option("--database") or "relais_bench_logwrite")
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
    call_command("createcachetable", verbosity=0)  # the throttles' counters (as setup_platform does)
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

    def api_payload(i):
        return {
            **fields,
            "date": (today - datetime.timedelta(days=i % 300)).isoformat(),
            "beneficiaries": people,
            "referents": [referent],
            "anonymous_breakdown": breakdown,
        }

    def api_call(i):
        payload = api_payload(i)

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
    if "--http" in ARGS:
        seconds = float(next((a for a in ARGS[ARGS.index("--http") + 1 :][:1] if a.replace(".", "").isdigit()), 10))
        _http(structure, raw, bench_url, lambda i: {**api_payload(i)}, referent, seconds)
    if _option("--json"):
        json.dump(results, open(_option("--json"), "w"), indent=1)
    print("Rerun: DATABASE_URL=… .venv/bin/python bench/log_write.py " + " ".join(ARGS))
    assert not differences, differences


if __name__ == "__main__":
    main()
