"""Property-based run of the published OpenAPI schema against the live API (in process).

For every operation of a structure's host (GET and POST) and of the network host (GET),
a few generated requests, derandomized so the run is the same every time: no response
may be a server error, and every documented response must match its schema.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from tests.api.conftest import token_for
from training.services.activities import activity_create
from training.services.people import beneficiary_create

EXAMPLES = 5
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes old connections after each request; Django's test client does not, nor may we."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def run_operations(host: str, token: str, methods: set[str]) -> int:
    headers = {"Host": host, "Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application, headers=headers)
    ran = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() not in methods:
            continue

        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def check(case):
            response = case.call(headers=headers)
            case.validate_response(response, checks=CHECKS, headers=headers)

        check()
        ran += 1
    return ran


@pytest.mark.django_db
def test_structure_host_operations(structure_a, manager_a):
    # Some records, so that lists and filters have something to return.
    person = beneficiary_create(structure=structure_a, label="AB", gender="feminin", birth_year=1950)
    activity_create(
        structure=structure_a, user=manager_a, kind="workshop", date=person.created_at.date(), duration_minutes=60,
        themes=["email"], beneficiaries=[person], anonymous_total=1,
    )  # fmt: skip
    ran = run_operations(structure_a.host, token_for(manager_a), {"GET", "POST"})
    assert ran >= 15


@pytest.mark.django_db
def test_network_host_operations(coordinator):
    ran = run_operations("localhost", token_for(coordinator), {"GET"})
    assert ran >= 10
