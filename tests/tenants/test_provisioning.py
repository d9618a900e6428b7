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
