"""Fast provisioning of a structure's schema.

django-tenants' clone function (PL/pgSQL over the system catalogues) slows down as the
catalogues grow: measured here, 80 ms a schema with 20 structures present, several seconds
with 200. Instead, the tenant tables' DDL is generated once per process from the models,
exactly as the migrations' schema editor writes it, and replayed into the new schema in
one round trip; the migration records are copied from the template schema, which
``migrate_schemas`` keeps migrated. ``tests/tenants/test_provisioning.py`` checks that the
result is identical to the template, column by column, constraint by constraint, index by index.

Replaying the DDL still takes tens of milliseconds (18 tables, their indexes and constraints, each a
set of catalogue rows and files). So a few schemas are made ahead, by the same DDL, under names
``pool_<random>`` (``schema_pool_fill``: a background task after each provisioning,
``setup_platform``); provisioning renames one (``ALTER SCHEMA … RENAME``, a single catalogue row),
and replays the DDL only when the pool is empty. ``migrate_structures`` migrates the pool's schemas
with the others; a pool schema whose migration records differ from the template's is dropped, never
used.

On a Citus coordinator the same replay runs with schema-based sharding off (a multi-statement
string touching a distributed table is forwarded whole to a worker, which refuses it), then
the finished schema is distributed in the same transaction: see ``tenants/citus.py``.
"""

import uuid
from functools import cache

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django_tenants.utils import get_tenant_types, has_multi_type_tenants, quote_schema_name

from tenants import citus


def _tenant_models():
    tenant_apps = settings.TENANT_APPS if not has_multi_type_tenants() else get_tenant_types()
    labels = [app.rsplit(".", 1)[-1] for app in tenant_apps if app not in settings.SHARED_APPS]
    for label in labels:
        config = apps.get_app_config(label)
        yield from (m for m in config.get_models() if m._meta.managed and not m._meta.proxy)


@cache
def tenant_tables_sql() -> str:
    """CREATE statements for every tenant table, unqualified, as the migrations produce them."""
    with connection.schema_editor(collect_sql=True, atomic=False) as editor:
        for model in _tenant_models():
            editor.create_model(model)
    return ";\n".join(statement.rstrip(";") for statement in editor.collected_sql) + ";"


def schema_sql(schema_name: str, template: str) -> str:
    """The one statement string that creates ``schema_name`` from the template (run in a transaction)."""
    schema, base = quote_schema_name(schema_name), quote_schema_name(template)
    return (
        citus.local_schemas_sql() + f"CREATE SCHEMA {schema};\n"
        f"SET LOCAL search_path TO {schema};\n"
        f"CREATE TABLE {schema}.django_migrations (LIKE {base}.django_migrations INCLUDING ALL);\n"
        f"INSERT INTO {schema}.django_migrations (app, name, applied) "
        f"SELECT app, name, applied FROM {base}.django_migrations ORDER BY id;\n" + tenant_tables_sql()
    )


POOL_PREFIX = "pool_"


def pool_schemas() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s) ORDER BY nspname", [POOL_PREFIX]
        )
        return [row[0] for row in cursor.fetchall()]


def schema_pool_fill(template: str, size: int | None = None) -> int:
    """Make schemas ahead until the pool holds ``size`` (TENANT_SCHEMA_POOL_SIZE); returns how many were made."""
    size = settings.TENANT_SCHEMA_POOL_SIZE if size is None else size
    made = 0
    for _ in range(max(0, size - len(pool_schemas()))):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(schema_sql(f"{POOL_PREFIX}{uuid.uuid4().hex[:20]}", template))
        connection.set_schema_to_public()
        made += 1
    return made


def _schema_take_from_pool(schema_name: str, template: str) -> bool:
    """Rename a ready schema of the pool to ``schema_name``; False when none is usable."""
    base = quote_schema_name(template)
    with connection.cursor() as cursor:
        # The advisory lock (until the transaction ends) keeps two provisionings off the same schema.
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE starts_with(nspname, %s) "
            "AND pg_try_advisory_xact_lock(hashtext(nspname)) LIMIT 1",
            [POOL_PREFIX],
        )
        row = cursor.fetchone()
        if row is None:
            return False
        pool = quote_schema_name(row[0])
        try:
            with transaction.atomic():
                cursor.execute(
                    f"SELECT ARRAY(SELECT app || '.' || name FROM {pool}.django_migrations ORDER BY 1) = "
                    f"ARRAY(SELECT app || '.' || name FROM {base}.django_migrations ORDER BY 1)"
                )
                if not cursor.fetchone()[0]:
                    cursor.execute(f"DROP SCHEMA {pool} CASCADE")  # behind the template: never used
                    return False
                cursor.execute(f"ALTER SCHEMA {pool} RENAME TO {quote_schema_name(schema_name)}")
        except DatabaseError:  # taken by a provisioning that has just committed
            return False
    return True


def schema_create_from_template(schema_name: str, template: str) -> bool:
    """Create ``schema_name`` with the tenant tables and the template's migration records.

    Returns whether a schema of the pool was used (the pool then needs a refill)."""
    from_pool = _schema_take_from_pool(schema_name, template)
    if not from_pool:
        with connection.cursor() as cursor:
            cursor.execute(schema_sql(schema_name, template))
        connection.set_schema_to_public()
    if citus.is_citus():
        citus.schema_distribute(schema_name)
    return from_pool
