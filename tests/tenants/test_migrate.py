"""Migrating many structures at once gives exactly what ``migrate_schemas`` gives one schema."""

from django.core.management import call_command
from django.db import connection

from bench._migrations import APP, extra_migrations
from tenants.migrate import all_schemas, migrate_structures
from tenants.services import structure_create
from tests.tenants.test_provisioning import _catalogue


def _records(schema: str) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations ORDER BY app, name')
        return cursor.fetchall()


def test_a_new_migration_applied_in_batches_is_identical_to_migrate_schemas(db, settings, capsys):
    for slug in ("mig-1", "mig-2", "mig-3"):
        structure_create(name=f"Structure {slug}", slug=slug)
    reference = "s_mig_1"
    others = [s for s in all_schemas() if s != reference]
    before = _catalogue(reference)
    with extra_migrations(["add_column", "add_indexed_column"], settings=settings) as names:
        call_command("migrate_schemas", schema_name=reference, interactive=False, verbosity=0)
        expected = _catalogue(reference)
        assert expected["columns"] != before["columns"] and expected["indexes"] != before["indexes"]
        seen = []
        result = migrate_structures(report=lambda progress: seen.append(progress.done))
        assert (result.fast, result.fallback, result.up_to_date) == (len(others), 0, 1)
        assert seen[-1] == len(others) + 1
        for schema in others:
            migrated = _catalogue(schema)
            for part in ("columns", "constraints", "indexes"):
                assert migrated[part] == expected[part], (schema, part)
            assert _records(schema) == _records(reference)
            assert {(APP, name) for name in names} <= set(_records(schema))
        # A second run finds nothing to do, in one read per few hundred schemas.
        assert migrate_structures().up_to_date == len(others) + 1


def test_an_interrupted_run_resumes_where_it_stopped(db, settings):
    for slug in ("res-1", "res-2"):
        structure_create(name=f"Structure {slug}", slug=slug)
    with extra_migrations(["add_column"], settings=settings):
        # Only some schemas migrated (as after an interruption between two batches).
        assert migrate_structures(schemas=["s_res_1"]).fast == 1
        result = migrate_structures()
        assert result.up_to_date == 1 and result.fast == len(all_schemas()) - 1
        assert _catalogue("s_res_1") == _catalogue("s_res_2")


def test_a_migration_running_python_falls_back_to_migrate_schemas(db, settings):
    structure_create(name="Structure py", slug="py-1")
    with extra_migrations(["add_column", "run_python"], settings=settings) as names:
        result = migrate_structures()
        assert result.fast == 0 and result.fallback == len(all_schemas())
        assert (APP, names[-1]) in set(_records("s_py_1"))
        assert _catalogue("s_py_1") == _catalogue(settings.TENANT_BASE_SCHEMA)


def test_migrate_structures_command_shows_progress(db, settings, capsys):
    with extra_migrations(["add_column"], settings=settings):
        call_command("migrate_structures")
    out = capsys.readouterr().out
    assert f"{len(all_schemas())}/{len(all_schemas())} schemas" in out
    assert "/s" in out
