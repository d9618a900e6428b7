"""Many writers at once on the same structures, each thread on its own connection with committed data:
the facts and their rollups must come out exactly as the records imply (``check_facts`` clean)."""

import datetime
import random
import threading
import uuid

import pytest
from django.db import connection, connections
from django.utils import timezone

from figures.rollups import totals_differences
from tenants.enums import MembershipRole
from tenants.services import membership_set, structure_create
from tests.factories import UserFactory
from training.facts import facts_differences
from training.models import Activity
from training.services.activities import activity_create, activity_delete, activity_update
from training.services.common import in_structure
from training.services.people import beneficiary_create

THREADS = 6
OPERATIONS = 24
TODAY = timezone.localdate()


@pytest.fixture
def committed_structures(django_db_setup, django_db_blocker):
    """Three structures with people and a member, committed (each writer's connection must see them)."""
    with django_db_blocker.unblock():
        unique = uuid.uuid4().hex[:8]
        structures = []
        for n in range(3):
            structure = structure_create(name=f"Concurrence {unique} {n}", slug=f"conc-{unique}-{n}")
            user = UserFactory(email=f"conc-{unique}-{n}@exemple.fr")
            membership_set(user=user, structure=structure, role=MembershipRole.MANAGER)
            people = [
                beneficiary_create(structure=structure, label=f"C{i}", gender="feminin", birth_year=1950 + i).pk
                for i in range(8)
            ]
            structures.append((structure, user, people))
        connection.set_schema_to_public()
        yield structures
        connection.set_schema_to_public()
        for structure, user, _people in structures:
            structure.delete(force_drop=True)
            user.delete()


def _writer(seed: int, structures, barrier: threading.Barrier, errors: list) -> None:
    rng = random.Random(seed)
    mine: list[tuple] = []
    try:
        barrier.wait()
        for _ in range(OPERATIONS):
            structure, user, people = rng.choice(structures)
            action = rng.choices(["create", "update", "delete"], [5, 3, 2])[0] if mine else "create"
            date = TODAY - datetime.timedelta(days=rng.choice([0, 3, 20, 35, 70, 400]))
            attendees = rng.sample(people, rng.randint(0, 5))
            if action == "create":
                activity = activity_create(
                    structure=structure, user=user, kind="workshop", date=date, duration_minutes=60,
                    themes=[rng.choice(["email", "securite_numerique"])], beneficiaries=attendees,
                    anonymous_total=rng.randint(1, 4), anonymous_already_seen=1,
                )  # fmt: skip
                mine.append((structure, user, activity.pk))
                continue
            structure, user, activity_id = mine.pop(rng.randrange(len(mine)))
            with in_structure(structure):
                activity = Activity.objects.get(pk=activity_id)
            if action == "update":
                activity_update(
                    structure=structure, user=user, activity=activity, date=date, beneficiaries=attendees,
                    duration_minutes=rng.choice([30, 90]), anonymous_total=rng.randint(1, 3), anonymous_breakdown={},
                )  # fmt: skip
                mine.append((structure, user, activity_id))
            else:
                activity_delete(structure=structure, user=user, activity=activity)
    except Exception as error:  # reported by the test
        errors.append(error)
    finally:
        connections.close_all()


def test_concurrent_writers_keep_the_facts_exact(committed_structures):
    barrier = threading.Barrier(THREADS)
    errors: list = []
    threads = [
        threading.Thread(target=_writer, args=(seed, committed_structures, barrier, errors)) for seed in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    for structure, _user, _people in committed_structures:
        with in_structure(structure):
            assert Activity.objects.exists()
        assert facts_differences(structure) == {}
    # The network's totals, which every writer changed at once (rows of changes, no row shared).
    assert totals_differences() == {}
