"""Logging a workshop over HTTP versus a minimal authenticated read, on gunicorn started here.

Run:  .venv/bin/python bench/log_http.py [--seconds 15] [--clients 8,1] [--workers 2] [--port 8401]
(a throw-away database `relais_bench_http` on DATABASE_URL's server, or the embedded one)

gunicorn runs the production settings (persistent connections, health checks) with `--workers`
sync workers. For each number of clients, the read (GET /api/v1/referents/?page_size=1) then the
log (POST /api/v1/activities/: a workshop with 10 followed people and 4 anonymous participants),
each for `--seconds`, every client on its own keep-alive connection with a personal token. Prints
requests/s, medians, the ratios to the targets, the resident memory of each worker at the end (after
at least 1,000 requests each), and the command to rerun. Throttling is raised for the run.
"""

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from _setup import ROOT, use_bench_database

FOLLOWED, ANONYMOUS = 10, 4


def prepare() -> tuple[str, str, list[int], int]:
    """A structure with a referent's token, ten followed people; returns host, token, people, referent."""
    from django.core.management import call_command
    from django_tenants.utils import schema_context

    from api.services import api_token_create
    from tenants.services import membership_set, platform_ensure, structure_create, user_create
    from training.services.people import beneficiary_create
    from training.services.referents import referent_create

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)  # the throttles' counters (as setup_platform does)
    platform_ensure()
    call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
    structure = structure_create(name="CCAS du banc d'essai", slug="banc")
    user = user_create(email="referente@banc.test", password=None, first_name="Rita", last_name="Référente")
    membership_set(user=user, structure=structure, role="referent")
    _token, raw = api_token_create(user=user, name="bench")
    with schema_context(structure.schema_name):
        referent = referent_create(first_name="Rita", last_name="Référente", user=user)
        people = [
            beneficiary_create(structure=structure, label=f"P{n}", gender="feminin", birth_year=1950 + n).pk
            for n in range(FOLLOWED)
        ]
    return structure.host, raw, people, referent.pk


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": "bench-only-not-secret",
        "SECURE_SSL_REDIRECT": "false",
        "API_THROTTLE_TOKEN": "1000000/min",
        "API_THROTTLE_IP": "1000000/min",
        "PYTHONWARNINGS": "ignore::UserWarning",
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(
        [str(gunicorn), "config.wsgi", "--workers", str(workers), "--bind", f"127.0.0.1:{port}", "--log-level",
         "warning"], cwd=ROOT, env=env,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/")
            return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def run(port, host, token, method, path, body, clients: int, seconds: float, limit: int = 20000):
    """Each client sends requests until `seconds` pass (at most `limit` in all); returns rate, median, errors."""
    headers = {"Host": host, "Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    latencies, errors, lock = [], [], threading.Lock()
    stop = time.monotonic() + seconds

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.monotonic() < stop and len(latencies) < limit:
            start = time.perf_counter()
            connection.request(method, path, body=body() if body else None, headers=headers)
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if response.status >= 300:
                    errors.append(response.status)

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.monotonic() - started
    return len(latencies) / wall, statistics.median(latencies) * 1000, len(latencies), errors


def worker_memory(master: int) -> list[float]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--clients", default="8,1")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8401)
    args = parser.parse_args()
    use_bench_database("relais_bench_http")
    from django.utils import timezone

    host, token, people, referent = prepare()
    from django.db import connections

    connections.close_all()
    anonymous = {"gender": {"feminin": 2, "masculin": 2}, "age_band": {"soixante_dix_plus": 4},
                 "status": {"retraite": 4}}  # fmt: skip
    payload = json.dumps({
        "kind": "workshop", "date": timezone.localdate().isoformat(), "duration_minutes": 90,
        "themes": ["securite_numerique"], "beneficiaries": people, "referents": [referent],
        "anonymous_total": ANONYMOUS, "anonymous_breakdown": anonymous,
    })  # fmt: skip
    server = start_gunicorn(args.port, args.workers)
    results, total = {}, 0
    try:
        run(args.port, host, token, "GET", "/api/v1/referents/?page_size=1", None, 2, 2)  # warm-up
        for clients in [int(c) for c in args.clients.split(",")]:
            read = run(args.port, host, token, "GET", "/api/v1/referents/?page_size=1", None, clients, args.seconds)
            log = run(args.port, host, token, "POST", "/api/v1/activities/", lambda: payload, clients, args.seconds)
            results[clients] = (read, log)
            total += read[2] + log[2]
            print(f"… {clients} client(s): read {read[0]:.0f} req/s, log {log[0]:.1f} logs/s", flush=True)
        while total < 1000 * args.workers:  # at least 1,000 requests a worker before reading memory
            total += run(args.port, host, token, "GET", "/api/v1/referents/?page_size=1", None, 4, 5)[2]
        memory = worker_memory(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(f"\nHTTP on gunicorn ({args.workers} sync workers, production settings), {args.seconds:.0f} s a run")
    print(f"{'clients':>8} {'read req/s':>11} {'read median ms':>15} {'logs/s':>8} {'log median ms':>14} "
          f"{'logs/s ÷ read':>14} {'log ÷ read median':>18} {'errors':>7}")  # fmt: skip
    for clients, (read, log) in results.items():
        errors = len(read[3]) + len(log[3])
        print(f"{clients:>8} {read[0]:>11.1f} {read[1]:>15.1f} {log[0]:>8.1f} {log[1]:>14.1f} "
              f"{log[0] / read[0]:>13.0%} {log[1] / read[1]:>17.1f}× {errors:>7}")  # fmt: skip
        if errors:
            print(f"         statuses: {sorted(set(read[3] + log[3]))}")
    print(f"Worker resident memory after {total} requests: " + ", ".join(f"{m:.0f} MB" for m in memory))
    print("Targets: logs/s ≥ 50 % of the read's req/s (8 clients) and ≥ 100; one client's log median ≤ 2× the "
          "read's; worker memory ≤ 200 MB.")  # fmt: skip
    print(f"Rerun: .venv/bin/python bench/log_http.py --seconds {args.seconds:g} --clients {args.clients} "
          f"--workers {args.workers} --port {args.port}")  # fmt: skip


if __name__ == "__main__":
    main()
