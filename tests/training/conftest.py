"""Helpers for the workspace's tests: records written through the services, as the pages do."""

import datetime

import pytest

from tests.cms.conftest import home, kit_index  # noqa: F401 (fixtures)
from training.models import Referent
from training.services.activities import activity_create
from training.services.people import beneficiary_create
from training.services.referents import referent_create

D = datetime.date


@pytest.fixture
def people_a(structure_a):
    return [
        beneficiary_create(structure=structure_a, label=label, gender=gender, birth_year=year)
        for label, gender, year in (("AM", "feminin", 1955), ("BK", "masculin", 1970), ("CL", "feminin", 1990))
    ]


@pytest.fixture
def person_b(structure_b):
    return beneficiary_create(structure=structure_b, label="ZZ", gender="feminin", birth_year=1980)


@pytest.fixture
def my_referent_a(structure_a, referent_a, in_schema):
    with in_schema(structure_a):
        return referent_create(first_name="Rita", last_name="Référente", user=referent_a)


@pytest.fixture
def other_referent_a(structure_a, in_schema):
    with in_schema(structure_a):
        return referent_create(first_name="Omar", last_name="Autre")


def workshop(structure, user, *, people=(), referents=(), anonymous=0, date=None, **fields):
    fields.setdefault("themes", ["email"])
    return activity_create(
        structure=structure,
        user=user,
        kind="workshop",
        date=date or D(2024, 3, 14),
        duration_minutes=fields.pop("duration_minutes", 90),
        beneficiaries=people,
        referents=referents,
        anonymous_total=anonymous,
        **fields,
    )


def referent_in(structure, in_schema, **kwargs) -> Referent:
    with in_schema(structure):
        return referent_create(**{"first_name": "Ana", "last_name": "Test", **kwargs})
