"""Test set-up: the real PostgreSQL, the real tenant routing.

The session creates the network's public row, the template schema and two relay
structures through the provisioning service. Requests to a structure carry its host,
so the tenant middleware runs as it does for a browser.
"""

import html

import pytest
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from tenants.enums import MembershipRole, NetworkRole
from tenants.models import Structure
from tenants.services import membership_set, platform_ensure, structure_create
from tests.factories import UserFactory

PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_keepdb, django_db_createdb):
    """pytest-django's set-up, but always for the default database: browser tests use it
    without the ``db`` marker (their data must be committed for the live server)."""
    from django.test.utils import setup_databases

    with django_db_blocker.unblock():
        setup_databases(
            verbosity=request.config.option.verbose,
            interactive=False,
            aliases={"default"},
            keepdb=django_db_keepdb and not django_db_createdb,
        )
        from django.core.management import call_command

        call_command("createcachetable", verbosity=0)
        platform_ensure()

        call_command("migrate_schemas", tenant=True, interactive=False, verbosity=0)
        for slug, name in (("alpha", "CCAS d'Alpha"), ("beta", "Association Beta")):
            if not Structure.objects.filter(slug=slug).exists():
                structure_create(name=name, slug=slug, kind="ccas", commune="Lille", postcode="59000")


@pytest.fixture(autouse=True)
def _public_schema():
    connection.set_schema_to_public()
    yield
    connection.set_schema_to_public()


@pytest.fixture
def structure_a(db):
    return Structure.objects.get(slug="alpha")


@pytest.fixture
def structure_b(db):
    return Structure.objects.get(slug="beta")


def page_text(response) -> str:
    """The page's HTML with entities decoded (so "d'Alpha" matches "d&#x27;Alpha")."""
    return html.unescape(response.content.decode())


def host_client(host: str, user=None) -> Client:
    client = Client(HTTP_HOST=host)
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def network_client(db):
    return host_client("localhost")


def make_member(structure, role=MembershipRole.REFERENT, **kwargs):
    user = UserFactory(**kwargs)
    membership_set(user=user, structure=structure, role=role)
    return user


@pytest.fixture
def manager_a(structure_a):
    return make_member(structure_a, MembershipRole.MANAGER)


@pytest.fixture
def referent_a(structure_a):
    return make_member(structure_a, MembershipRole.REFERENT)


@pytest.fixture
def referent_b(structure_b):
    return make_member(structure_b, MembershipRole.REFERENT)


@pytest.fixture
def manager_b(structure_b):
    return make_member(structure_b, MembershipRole.MANAGER)


@pytest.fixture
def coordinator(db):
    return UserFactory(network_role=NetworkRole.COORDINATOR)


@pytest.fixture
def trainer(db):
    return UserFactory(network_role=NetworkRole.TRAINER)


@pytest.fixture
def client_a(structure_a, referent_a):
    return host_client(structure_a.host, referent_a)


@pytest.fixture
def manager_client_a(structure_a, manager_a):
    return host_client(structure_a.host, manager_a)


@pytest.fixture
def client_b(structure_b, referent_b):
    return host_client(structure_b.host, referent_b)


@pytest.fixture
def coordinator_client(coordinator):
    return host_client("localhost", coordinator)


@pytest.fixture
def in_schema():
    """``with in_schema(structure): ...`` reads or writes a structure's own tables."""
    return lambda structure: schema_context(structure.schema_name)
