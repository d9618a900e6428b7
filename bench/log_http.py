"""Logging a workshop over HTTP versus a minimal authenticated read, on gunicorn started here.

Run:  .venv/bin/python bench/log_http.py [--seconds 15] [--clients 8,1] [--workers 2] [--port 8401] [--code DIR]
(a throw-away database `relais_bench_http` on DATABASE_URL's server, or the embedded one; each `--code` checkout,
e.g. the main branch's, served side by side on the next port with its own copy of the prepared database, and
measured in turn with this one, each phase in `--rounds` slices (default 5) taken by each checkout in turn,
so that a change of the machine's load hits them alike)

gunicorn runs the production settings (persistent connections, health checks) with `--workers`
workers, as config/gunicorn.py sets them (threaded) when the checkout has it, else gunicorn's sync
workers; `--gunicorn '--threads 2'` adds arguments. For each number of clients, the read
(GET /api/v1/referents/?page_size=1) then the log (POST /api/v1/activities/: a workshop with 10
followed people and 4 anonymous participants), each for `--seconds`, every client on its own
keep-alive connection with a personal token. Prints requests/s, medians, the ratios to the targets,
the resident memory of each worker at the end (after at least 1,000 requests each), the load average,
and the command to rerun. Throttling is raised for the run.
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


def start_gunicorn(
    port: int, workers: int, code: Path = ROOT, database_url: str | None = None, extra: list[str] = ()
) -> subprocess.Popen:
    """gunicorn serving the checkout ``code`` (this one by default) on ``database_url`` (the bench's)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": "bench-only-not-secret",
        "SECURE_SSL_REDIRECT": "false",
        "API_THROTTLE_TOKEN": "1000000/min",
        "API_THROTTLE_IP": "1000000/min",
        "PYTHONWARNINGS": "ignore::UserWarning",
    }
    if database_url:
        env["DATABASE_URL"] = database_url
    gunicorn = Path(sys.executable).parent / "gunicorn"
    # The checkout's production settings of gunicorn when it has some (config/gunicorn.py), else its defaults.
    settings = ["-c", "config/gunicorn.py"] if (code / "config" / "gunicorn.py").exists() else []
    process = subprocess.Popen(
        [str(gunicorn), *settings, "config.wsgi", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", *extra], cwd=code, env=env,
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


def clone_database(url: str, name: str) -> str:
    """A copy of the prepared bench database (``CREATE DATABASE … TEMPLATE``): each checkout starts equal."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(url)
    template = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


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
    return len(latencies) / wall, statistics.median(latencies) * 1000, len(latencies), errors, latencies, wall


def merge(slices: list[tuple]) -> tuple:
    """Several runs of one phase as one: requests over their total time, median of all latencies."""
    latencies = [latency for piece in slices for latency in piece[4]]
    wall = sum(piece[5] for piece in slices)
    errors = [status for piece in slices for status in piece[3]]
    return len(latencies) / wall, statistics.median(latencies) * 1000, len(latencies), errors, latencies, wall


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
    parser.add_argument("--rounds", type=int, default=5, help="slices of each phase, the checkouts in turn")
    parser.add_argument("--gunicorn", default="", help="more gunicorn arguments for every server, e.g. '--threads 2'")
    parser.add_argument(
        "--code",
        action="append",
        default=[],
        help="another checkout served side by side (its own copy of the database), e.g. ../main",
    )
    args = parser.parse_args()
    bench_url = use_bench_database("relais_bench_http")
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
    # Each checkout on its own server and copy of the database, measured in turn phase by phase (same load).
    codes = [ROOT] + [Path(code).resolve() for code in args.code]
    urls = [bench_url] + [clone_database(bench_url, f"relais_bench_http_{n}") for n in range(1, len(codes))]
    servers, results, totals = [], [{} for _ in codes], [0] * len(codes)
    read_path = "/api/v1/referents/?page_size=1"
    try:
        for n, (code, url) in enumerate(zip(codes, urls, strict=True)):
            servers.append(start_gunicorn(args.port + n, args.workers, code, url, args.gunicorn.split()))
            run(args.port + n, host, token, "GET", read_path, None, 2, 2)  # warm-up
        for clients in [int(c) for c in args.clients.split(",")]:
            # In --rounds slices, each checkout's read then log in turn: a change of load hits them all alike.
            slices = [([], []) for _ in codes]
            for _round in range(args.rounds):
                for n in range(len(codes)):
                    port, seconds = args.port + n, args.seconds / args.rounds
                    slices[n][0].append(run(port, host, token, "GET", read_path, None, clients, seconds))
                    slices[n][1].append(
                        run(port, host, token, "POST", "/api/v1/activities/", lambda: payload, clients, seconds)
                    )
            for n, code in enumerate(codes):
                read, log = merge(slices[n][0]), merge(slices[n][1])
                results[n][clients] = (read, log)
                totals[n] += read[2] + log[2]
                print(f"… {code}: {clients} client(s): read {read[0]:.0f} req/s, log {log[0]:.1f} logs/s", flush=True)
        memories = []
        for n in range(len(codes)):
            while totals[n] < 1000 * args.workers:  # at least 1,000 requests a worker before reading memory
                totals[n] += run(args.port + n, host, token, "GET", read_path, None, 4, 5)[2]
            memories.append(worker_memory(servers[n].pid))
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)

    load = os.getloadavg()
    for code, result, total, memory in zip(codes, results, totals, memories, strict=True):
        kind = "config/gunicorn.py" if (code / "config" / "gunicorn.py").exists() else "sync"
        print(f"\n{code}: HTTP on gunicorn ({args.workers} workers, {kind} {args.gunicorn}, production settings), "
              f"{args.seconds:.0f} s a run")  # fmt: skip
        print(f"{'clients':>8} {'read req/s':>11} {'read median ms':>15} {'logs/s':>8} {'log median ms':>14} "
              f"{'logs/s ÷ read':>14} {'log ÷ read median':>18} {'errors':>7}")  # fmt: skip
        for clients, (read, log) in result.items():
            errors = len(read[3]) + len(log[3])
            print(f"{clients:>8} {read[0]:>11.1f} {read[1]:>15.1f} {log[0]:>8.1f} {log[1]:>14.1f} "
                  f"{log[0] / read[0]:>13.0%} {log[1] / read[1]:>17.1f}× {errors:>7}")  # fmt: skip
            if errors:
                print(f"         statuses: {sorted(set(read[3] + log[3]))}")
        print(f"Worker resident memory after {total} requests: " + ", ".join(f"{m:.0f} MB" for m in memory))
    print(f"\nLoad average at the end: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} ({os.cpu_count()} cores)")
    print("Targets: logs/s ≥ 50 % of the read's req/s (8 clients) and ≥ 100; one client's log median ≤ 2× the "
          "read's; worker memory ≤ 200 MB.")  # fmt: skip
    rerun = f"--seconds {args.seconds:g} --clients {args.clients} --workers {args.workers} --port {args.port} "
    rerun += f"--rounds {args.rounds}" + (f" --gunicorn '{args.gunicorn}'" if args.gunicorn else "")
    print(f"Rerun: .venv/bin/python bench/log_http.py {rerun}" + "".join(f" --code {c}" for c in args.code))


if __name__ == "__main__":
    main()
