"""Exact query counts of the hot pages and the funder report, with a small and a larger data set.

The same count for 1 and 6 rows shows no query per row; the exact number catches any new query.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from network import services as network_services
from tests.conftest import host_client
from training.services.activities import activity_create
from training.services.courses import course_create, course_session_record
from training.services.enrolments import enrolment_create
from training.services.people import beneficiary_create
from training.services.referents import referent_create

D = datetime.date


def fill(structure, user, n):
    """``n`` people, workshops and course sessions, each with its attendance."""
    from django_tenants.utils import schema_context

    with schema_context(structure.schema_name):
        referent = referent_create(first_name="Rita", last_name="Référente", user=user)
    course = course_create(structure=structure, title="Parcours", device="computer", start_date=D(2024, 1, 8),
                           referents=[referent])  # fmt: skip
    people = [beneficiary_create(structure=structure, label=f"P{i}", gender="feminin", birth_year=1950 + i)
              for i in range(n)]  # fmt: skip
    for person in people:
        enrolment_create(structure=structure, course=course, beneficiary=person)
    for i, person in enumerate(people):
        activity_create(structure=structure, user=user, kind="workshop", date=D(2024, 3, 1 + i), duration_minutes=90,
                        themes=["email"], beneficiaries=[person], referents=[referent], anonymous_total=2)  # fmt: skip
        course_session_record(structure=structure, user=user, course=course, date=D(2024, 1, 9 + i),
                              duration_minutes=120, attendees=people)  # fmt: skip
    return course


def queries(client, path, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200, path
    return len(captured)


STRUCTURE_PAGES = {
    # compute_figures reads the journeys and profile in one more query (issue 14): 18 -> 19.
    "structure home": ("/", 19),
    "activity list": ("/activities/", 10),
    "people list": ("/people/", 8),
    "activity log form": ("/activities/new/", 13),
    "course grid": ("/courses/{course}/", 12),
}


@pytest.mark.parametrize("page", STRUCTURE_PAGES)
def test_structure_hot_pages(page, structure_a, structure_b, manager_a, manager_b):
    path, expected = STRUCTURE_PAGES[page]
    small = fill(structure_b, manager_b, 1)
    large = fill(structure_a, manager_a, 6)
    counts = (
        queries(host_client(structure_b.host, manager_b), path.format(course=small.pk)),
        queries(host_client(structure_a.host, manager_a), path.format(course=large.pk)),
    )
    assert counts == (expected, expected)


@pytest.fixture
def programme_with(structure_a, structure_b, manager_a, manager_b):
    def make(structures):
        programme = network_services.programme_create(
            name="Programme", territory="Lille", start=D(2024, 1, 1), end=D(2024, 12, 31),
            funders=[{"name": "Métropole", "share": 100}],
        )  # fmt: skip
        for structure in structures:
            network_services.coaching_plan_create(programme=programme, structure=structure, start=D(2024, 1, 1))
        return programme

    return make


# One more query in each compute_figures for the journeys and profile (issue 14): 21 -> 22, 23 + 10 -> 24 + 11.
NETWORK_DASHBOARD = 22
# The report details each structure of the programme (``by_structure``): one ``compute_figures`` each.
# Its funders (prefetched), whole-programme targets and recorded indicators: one query each.
FUNDER_REPORT_BASE, FUNDER_REPORT_PER_STRUCTURE = 27, 11


def test_network_dashboard(structure_a, structure_b, manager_a, manager_b, coordinator_client):
    fill(structure_a, manager_a, 1)
    before = queries(coordinator_client, "/reseau/")
    fill(structure_b, manager_b, 6)
    assert (before, queries(coordinator_client, "/reseau/")) == (NETWORK_DASHBOARD, NETWORK_DASHBOARD)


def test_funder_report(structure_a, structure_b, manager_a, manager_b, coordinator_client, programme_with):
    fill(structure_a, manager_a, 1)
    one = programme_with([structure_a])
    fill(structure_b, manager_b, 6)
    two = programme_with([structure_a, structure_b])
    counts = (
        queries(coordinator_client, f"/reseau/programmes/{one.pk}/bilan/"),
        queries(coordinator_client, f"/reseau/programmes/{two.pk}/bilan/"),
    )
    assert counts == tuple(FUNDER_REPORT_BASE + FUNDER_REPORT_PER_STRUCTURE * n for n in (1, 2))
