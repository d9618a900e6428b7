"""On Citus a structure's tables live on a worker and the network's on the coordinator: a query
joining both makes Citus copy the public table to the worker on every request. The structure's
pages and API never join a tenant table to a public one within one query (a second query by ids
instead). Checked here on whichever engine the tests run on."""

import re

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants.schema import _tenant_models
from tests.api.conftest import api_client
from tests.conftest import host_client
from training.services.referents import referent_create

TABLE = re.compile(r'\b(?:FROM|JOIN)\s+"([^"]+)"', re.IGNORECASE)
PAGES = ["/", "/dashboard/", "/referents/", "/people/", "/activities/", "/courses/", "/data/exports/"]
ENDPOINTS = ["/api/v1/referents/", "/api/v1/people/", "/api/v1/activities/", "/api/v1/courses/", "/api/v1/stats/"]


def mixed_queries(queries) -> list[str]:
    tenant = {m._meta.db_table for m in _tenant_models()}
    public = {m._meta.db_table for m in apps.get_models()} - tenant
    mixed = []
    for query in queries:
        tables = set(TABLE.findall(query["sql"]))
        if tables & tenant and tables & public:
            mixed.append(query["sql"])
    return mixed


@pytest.fixture
def records(structure_a, manager_a, in_schema):
    with in_schema(structure_a):
        referent = referent_create(first_name="Rémi", last_name="Durand", user=manager_a)
    return referent


def test_structure_pages_do_not_join_public_tables(structure_a, manager_a, records):
    client = host_client(structure_a.host, manager_a)
    for url in [*PAGES, f"/referents/{records.pk}/"]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        assert not mixed_queries(captured.captured_queries), url


def test_structure_api_does_not_join_public_tables(structure_a, manager_a, records):
    client = api_client(structure_a.host, manager_a)
    for url in [*ENDPOINTS, f"/api/v1/referents/{records.pk}/"]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        assert not mixed_queries(captured.captured_queries), url


def test_the_check_sees_such_a_join(structure_a, records, in_schema):
    from training.models import Referent

    with in_schema(structure_a), CaptureQueriesContext(connection) as captured:
        list(Referent.objects.select_related("user"))
    assert mixed_queries(captured.captured_queries)
