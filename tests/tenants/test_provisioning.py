import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_exists

from tenants.models import Domain, Structure
from tenants.services import structure_create


def test_structure_create_clones_the_template_and_serves_its_host(db, network_client):
    structure = structure_create(name="CCAS de Gamma", slug="gamma", kind="ccas")

    assert schema_exists("s_gamma")
    assert Domain.objects.get(tenant=structure).domain == "gamma.localhost"
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM s_gamma.django_migrations")
        assert cursor.fetchone()[0] > 0
    response = network_client.get("/", HTTP_HOST="gamma.localhost")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("Gamma", "lettres minuscules"),
        ("-gamma", "lettres minuscules"),
        ("gam ma", "lettres minuscules"),
        ("www", "réservée"),
        ("alpha", "déjà utilisée"),
    ],
)
def test_invalid_or_taken_slug_gets_a_french_message(db, slug, message):
    with pytest.raises(ValidationError) as error:
        structure_create(name="Structure", slug=slug)
    assert message in " ".join(error.value.messages)


def test_failed_provisioning_leaves_no_schema_nor_row(db, monkeypatch):
    def broken_domain(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Domain.objects, "create", broken_domain)
    with pytest.raises(RuntimeError):
        structure_create(name="CCAS Delta", slug="delta")
    assert not Structure.objects.filter(slug="delta").exists()
    assert not schema_exists("s_delta")


def test_create_structure_command(db, capsys):
    call_command("create_structure", "epsilon", "Association Epsilon", "--kind", "association")
    assert "epsilon.localhost" in capsys.readouterr().out
    with pytest.raises(CommandError, match="déjà utilisée"):
        call_command("create_structure", "epsilon", "Encore")


def _catalogue(schema: str) -> dict[str, set]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name, data_type, is_nullable, coalesce(column_default, ''), is_identity, "
            "coalesce(character_maximum_length, 0) FROM information_schema.columns WHERE table_schema = %s",
            [schema],
        )
        columns = set(cursor.fetchall())
        cursor.execute(
            "SELECT c.conrelid::regclass::text, c.conname, c.contype, pg_get_constraintdef(c.oid) "
            "FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = %s",
            [schema],
        )
        constraints = {(t.split(".")[-1], name, kind, d.replace(f"{schema}.", "")) for t, name, kind, d in cursor}
        cursor.execute("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %s", [schema])
        indexes = {(t, name, d.replace(f"{schema}.", "")) for t, name, d in cursor}
    return {"columns": columns, "constraints": constraints, "indexes": indexes}


def test_a_provisioned_schema_is_identical_to_the_migrated_template(db, settings):
    structure = structure_create(name="CCAS Zêta", slug="zeta")
    template = _catalogue(settings.TENANT_BASE_SCHEMA)
    provisioned = _catalogue(structure.schema_name)
    assert template["columns"] and template["indexes"]
    for part in ("columns", "constraints", "indexes"):
        assert provisioned[part] == template[part], part
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT count(*) FROM {structure.schema_name}.django_migrations), "
            f"(SELECT count(*) FROM {settings.TENANT_BASE_SCHEMA}.django_migrations)"
        )
        copied, expected = cursor.fetchone()
    assert copied == expected > 0


def test_superuser_creates_a_structure_from_the_admin(db, network_client):
    from tests.factories import UserFactory

    admin_user = UserFactory(is_superuser=True, is_staff=True)
    network_client.force_login(admin_user)
    data = {"name": "CCAS Êta", "slug": "eta", "kind": "ccas", "status": "coaching", "memberships-TOTAL_FORMS": 0,
            "memberships-INITIAL_FORMS": 0}  # fmt: skip
    response = network_client.post("/django-admin/tenants/structure/add/", data)
    assert response.status_code == 302
    assert schema_exists("s_eta")
    response = network_client.post("/django-admin/tenants/structure/add/", {**data, "slug": "www"})
    assert response.status_code == 200
    assert "réservée" in response.content.decode()


def test_setup_migrates_only_the_schemas_that_lack_a_migration(structure_a, capsys):
    from tenants.migrate import all_schemas

    call_command("migrate_structures")
    out = capsys.readouterr().out
    assert "0 migrated in batches (0 statements generated), 0 by migrate_schemas" in out
    assert f"{len(all_schemas())} already up to date" in out


def test_provisioning_renames_a_schema_of_the_pool_identical_to_the_template(db, settings):
    from tenants.schema import pool_schemas
    from tenants.services import schema_pool_ensure

    settings.TENANT_SCHEMA_POOL_SIZE = 2
    schema_pool_ensure()
    ready = pool_schemas()
    assert len(ready) == 2
    structure = structure_create(name="CCAS Thêta", slug="theta")
    assert len(pool_schemas()) == 1 and structure.schema_name not in ready
    template, pooled = _catalogue(settings.TENANT_BASE_SCHEMA), _catalogue(structure.schema_name)
    for part in ("columns", "constraints", "indexes"):
        assert pooled[part] == template[part], part
    from tests.conftest import host_client

    response = host_client(structure.host).get("/")
    assert response.status_code == 302


def test_a_pool_schema_behind_the_template_is_dropped_not_used(db, settings):
    from tenants.schema import pool_schemas
    from tenants.services import schema_pool_ensure

    settings.TENANT_SCHEMA_POOL_SIZE = 1
    schema_pool_ensure()
    (stale,) = pool_schemas()
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {stale}.django_migrations WHERE id = (SELECT max(id) FROM {stale}.django_migrations)"
        )
    structure_create(name="CCAS Iota", slug="iota")
    assert not schema_exists(stale) and pool_schemas() == []
    assert _catalogue("s_iota") == _catalogue(settings.TENANT_BASE_SCHEMA)
