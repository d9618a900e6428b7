"""Citus schema-based sharding: what changes when the database is a Citus coordinator.

Each structure's schema becomes a *distributed schema* (its tables live together on one
worker); the network's tables and the template schema stay on the coordinator. Detection is
the backend's (``connection.citus``, read once per connection); on plain PostgreSQL every
function here is a no-op or the plain path. See ``docs/SCALE-OUT.md``.
"""

from contextlib import contextmanager

from django.db import connection
from django_tenants.utils import quote_schema_name

SHARDING_GUC = "citus.enable_schema_based_sharding"


def is_citus() -> bool:
    """Whether the default database has the ``citus`` extension (cached per connection)."""
    connection.ensure_connection()
    return bool(getattr(connection, "citus", False))


def local_schemas_sql() -> str:
    """Statement that keeps schemas created in the current transaction local (not distributed)."""
    return f"SET LOCAL {SHARDING_GUC} TO off;\n" if is_citus() else ""


def schema_distribute(schema_name: str) -> None:
    """Turn a local schema, tables included, into a distributed schema (same transaction)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT citus_schema_distribute(%s::regnamespace)", [quote_schema_name(schema_name)])


@contextmanager
def local_schemas():
    """Schemas created (and migrated) inside stay local on Citus: the template schema."""
    if not is_citus():
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s)", [SHARDING_GUC])
        (previous,) = cursor.fetchone()
        cursor.execute(f"SET {SHARDING_GUC} TO off")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, false)", [SHARDING_GUC, previous])


def schema_is_distributed(schema_name: str) -> bool:
    if not is_citus():
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM citus_schemas WHERE schema_name = %s::regnamespace", [schema_name])
        return cursor.fetchone() is not None
