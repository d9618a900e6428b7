"""The Citus-specific code paths, run on plain PostgreSQL in CI and on a Citus coordinator.

Citus refuses an ``ADD COLUMN`` with an inline (unnamed) ``CHECK`` or ``UNIQUE`` on a
distributed table; the backend's schema editor adds the column, then named constraints.
"""

import re

import pytest
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.operations import AddField, RunSQL

from config.db_backend.schema import postgres_constraint_name
from tenants import citus
from tenants.models import Structure
from tenants.services import structure_create
from training.models import Referent

INLINE_CONSTRAINT = re.compile(r"\bADD COLUMN\b.*\b(CHECK|UNIQUE)\b", re.IGNORECASE | re.DOTALL)


def _probe(field, name):
    field.set_attributes_from_name(name)
    field.model = Referent
    return field


def _add_field_sql(field) -> list[str]:
    with connection.schema_editor(collect_sql=True, atomic=False) as editor:
        editor.add_field(Referent, field)
    return editor.collected_sql


def test_add_column_with_a_check_adds_a_named_constraint(db):
    statements = _add_field_sql(_probe(models.PositiveIntegerField(default=0), "seats"))

    assert not any(INLINE_CONSTRAINT.search(s) for s in statements), statements
    assert any('ADD CONSTRAINT "training_referent_seats_check" CHECK ("seats" >= 0)' in s for s in statements), (
        statements
    )


def test_add_column_with_unique_adds_a_named_constraint(db):
    statements = _add_field_sql(_probe(models.CharField(max_length=20, null=True, unique=True), "badge"))

    assert not any(INLINE_CONSTRAINT.search(s) for s in statements), statements
    assert any('ADD CONSTRAINT "training_referent_badge_key" UNIQUE ("badge")' in s for s in statements), statements


def test_constraint_names_are_those_postgresql_gives_inline_ones(db):
    """Same database as before on plain PostgreSQL: the names PostgreSQL picks, long names included.
    (Inline constraints are tried in a local scratch schema: Citus refuses them on distributed tables.)"""
    long_name = "a_column_name_long_enough_to_be_shortened_by_postgresql"
    with citus.local_schemas(), connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA naming_probe")
        cursor.execute("CREATE TABLE naming_probe.training_referent (id integer)")
        cursor.execute(
            f"ALTER TABLE naming_probe.training_referent ADD COLUMN {long_name} integer CHECK ({long_name} > 0) UNIQUE"
        )
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'naming_probe.training_referent'::regclass "
            "AND contype IN ('c', 'u') ORDER BY contype"
        )
        inline = [row[0] for row in cursor.fetchall()]
        cursor.execute("DROP SCHEMA naming_probe CASCADE")
    assert inline == [postgres_constraint_name("training_referent", long_name, label) for label in ("check", "key")]


def test_add_field_applies_and_gives_the_same_constraints(structure_a, in_schema):
    field = _probe(models.PositiveSmallIntegerField(null=True, unique=True), "rank")
    with in_schema(structure_a):
        with connection.schema_editor() as editor:
            editor.add_field(Referent, field)
        constraints = connection.introspection.get_constraints(connection.cursor(), "training_referent")
    assert constraints["training_referent_rank_check"]["check"]
    assert constraints["training_referent_rank_key"]["unique"]


def _migration_statements():
    """Every AddField (as this backend writes it) and RunSQL of the project's migrations."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes(), clean_start=True)
    state = executor._create_project_state(with_applied_migrations=False)
    for migration, _backwards in plan:
        for operation in migration.operations:
            operation.state_forwards(migration.app_label, state)
            where = f"{migration.app_label}.{migration.name}"
            if isinstance(operation, AddField):
                model = state.apps.get_model(migration.app_label, operation.model_name)
                with connection.schema_editor(collect_sql=True, atomic=False) as editor:
                    editor.add_field(model, model._meta.get_field(operation.name))
                yield from ((where, s) for s in editor.collected_sql)
            elif isinstance(operation, RunSQL):
                yield from ((where, str(s)) for s in operation.sql if isinstance(operation.sql, list | tuple))
                if isinstance(operation.sql, str):
                    yield where, operation.sql


def test_no_migration_adds_a_column_with_an_inline_constraint(db):
    refused = [(where, sql) for where, sql in _migration_statements() if INLINE_CONSTRAINT.search(sql)]
    assert not refused, "Citus refuses these (constraints must have explicit names):\n" + "\n".join(
        f"{where}: {sql}" for where, sql in refused
    )


def test_detection_matches_the_database(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_extension WHERE extname = 'citus'")
        assert citus.is_citus() is bool(cursor.fetchone()[0])


def test_provisioned_schema_is_distributed_on_citus_and_the_template_stays_local(db, settings):
    structure = structure_create(name="CCAS de Delta", slug="delta", kind="ccas")

    assert citus.schema_is_distributed(structure.schema_name) is citus.is_citus()
    assert citus.schema_is_distributed(Structure.objects.get(slug="alpha").schema_name) is citus.is_citus()
    assert not citus.schema_is_distributed(settings.TENANT_BASE_SCHEMA)


def test_on_citus_a_structure_tables_are_colocated_on_one_node(db, structure_a):
    if not citus.is_citus():
        pytest.skip("plain PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(DISTINCT nodename || nodeport), count(*) FROM citus_shards WHERE table_name::text LIKE %s",
            [structure_a.schema_name + ".%"],
        )
        nodes, tables = cursor.fetchone()
    assert nodes == 1
    assert tables >= 10
