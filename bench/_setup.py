"""Shared set-up for benchmarks: a separate database on the same server, never the demo's."""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def use_bench_database(name: str, keep: bool = False) -> str:
    import psycopg

    from config.database import database_url

    url = database_url()
    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        # keep: the previous run's database, measured again without building it anew.
        if not (keep and conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()):
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    bench_url = urlunsplit(parts._replace(path=f"/{name}"))
    # On a Citus coordinator, the bench database gets the same Citus set-up on every node.
    import dj_database_url

    from config.db_backend.citus_nodes import citus_layout, citus_prepare

    params = dj_database_url.parse(url)
    layout = citus_layout(params, params["NAME"])
    if layout is not None:
        citus_prepare(params, name, *layout, log=print)
    os.environ["DATABASE_URL"] = bench_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    return bench_url
