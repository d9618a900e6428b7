"""Figures from known data across structures, through the services, including edge cases."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from figures.models import ActivityFact, AttendanceFact
from network.figures import network_figures
from training.facts import facts_differences, facts_rebuild
from training.models import Activity, Beneficiary
from training.services.activities import activity_create, activity_delete
from training.services.courses import course_create, course_session_record
from training.services.enrolments import enrolment_create
from training.services.people import beneficiary_create, beneficiary_erase, beneficiary_merge

D = datetime.date


@pytest.fixture
def data(structure_a, structure_b, referent_a, in_schema):
    a, b = structure_a, structure_b
    alice = beneficiary_create(structure=a, label="AL", gender="feminin", birth_year=1960)
    bob = beneficiary_create(structure=a, label="BO", gender="masculin", birth_year=1950)
    carla = beneficiary_create(structure=b, label="CA", gender="feminin", birth_year=1990)
    # Alice attends a workshop and a drop-in: counted once.
    activity_create(
        structure=a, user=referent_a, kind="workshop", date=D(2023, 3, 1), duration_minutes=90,
        themes=["securite_numerique"], beneficiaries=[alice],
        anonymous_total=3, anonymous_already_seen=1,
        anonymous_breakdown={"gender": {"feminin": 2, "masculin": 1},
                             "age_band": {"soixante_dix_plus": 3}, "status": {"retraite": 3}},
    )  # fmt: skip
    activity_create(
        structure=a, user=referent_a, kind="dropin", date=D(2023, 3, 2), duration_minutes=30,
        themes=["email"], beneficiaries=[alice], autonomy="autonome",
    )  # fmt: skip
    # A course spanning two quarters, Bob attends both sessions (4 of 5 planned hours = 80 %).
    course = course_create(
        structure=a, title="Parcours ordinateur", device="computer", start_date=D(2023, 3, 20), planned_hours=5
    )
    enrolment_create(structure=a, course=course, beneficiary=bob)
    enrolment_create(structure=a, course=course, beneficiary=alice)
    course_session_record(
        structure=a, user=referent_a, course=course, date=D(2023, 3, 30), duration_minutes=120, attendees=[bob]
    )
    course_session_record(
        structure=a, user=referent_a, course=course, date=D(2023, 4, 6), duration_minutes=120, attendees=[bob]
    )
    activity_create(
        structure=b, user=None, kind="workshop", date=D(2023, 3, 5), duration_minutes=60,
        themes=["reseaux_sociaux"], beneficiaries=[carla],
    )  # fmt: skip
    return {"alice": alice, "bob": bob, "carla": carla, "course": course}


def test_figures_for_the_network(data, structure_a, structure_b):
    figures = network_figures(structure_ids=[structure_a.pk, structure_b.pk], start=D(2023, 1, 1), end=D(2023, 12, 31))
    assert figures.activities == {
        "workshop": 2, "dropin": 1, "course_session": 2, "awareness": 0, "total": 5
    }  # fmt: skip
    assert figures.courses == {"computer": 1, "tablet": 0, "total": 1}
    assert figures.sessions == 4
    # Alice, Bob, Carla + 2 new anonymous participants (one of the three was already accompanied).
    assert figures.people == 5
    assert figures.people_in_courses == 1
    assert figures.completion_rate == 0.5  # Bob completed, Alice did not attend.
    assert figures.mean_age == pytest.approx((63 + 73 + 33) / 3, abs=0.1)
    assert figures.mean_age_excluded == 2
    assert figures.hours == 7.0
    assert figures.themes["securite_numerique"] == 1


def test_a_course_spanning_two_periods_counts_in_both(data, structure_a):
    q1 = network_figures(structure_ids=[structure_a.pk], start=D(2023, 1, 1), end=D(2023, 3, 31))
    q2 = network_figures(structure_ids=[structure_a.pk], start=D(2023, 4, 1), end=D(2023, 6, 30))
    assert q1.courses["total"] == q2.courses["total"] == 1
    assert q1.activities["course_session"] == q2.activities["course_session"] == 1


def test_an_erased_person_leaves_the_figures_unchanged(data, structure_a):
    before = network_figures(structure_ids=[structure_a.pk])
    beneficiary_erase(structure=structure_a, beneficiary=data["alice"])
    assert network_figures(structure_ids=[structure_a.pk]) == before


def test_merge_keeps_attendances_and_counts_once(data, structure_a, in_schema):
    duplicate = beneficiary_create(structure=structure_a, label="AL", gender="feminin", birth_year=1960)
    activity_create(
        structure=structure_a, user=None, kind="workshop", date=D(2023, 5, 1), duration_minutes=60,
        themes=["email"], beneficiaries=[duplicate, data["alice"]],
    )  # fmt: skip
    before = network_figures(structure_ids=[structure_a.pk])
    beneficiary_merge(structure=structure_a, keep=data["alice"], duplicate=duplicate)
    after = network_figures(structure_ids=[structure_a.pk])
    assert after.people == before.people - 1
    with in_schema(structure_a):
        assert data["alice"].participations.count() == 3
    assert facts_differences(structure_a) == {}


def test_facts_match_the_records_and_rebuild_finds_no_difference(data, structure_a, structure_b):
    assert facts_differences(structure_a) == {}
    assert facts_rebuild(structure_b) == {}
    ActivityFact.objects.filter(structure=structure_a).first().delete()
    assert facts_differences(structure_a)["activities"] == {"missing": 1, "extra": 0}
    facts_rebuild(structure_a)
    assert facts_differences(structure_a) == {}


def test_deleting_an_activity_removes_its_facts(data, structure_a, in_schema):
    with in_schema(structure_a):
        activity = Activity.objects.filter(kind="dropin").get()
    activity_delete(structure=structure_a, user=None, activity=activity)
    assert not ActivityFact.objects.filter(structure=structure_a, activity_id=activity.pk).exists()
    assert not AttendanceFact.objects.filter(structure=structure_a, activity_id=activity.pk).exists()


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"anonymous_total": 3, "anonymous_breakdown": {"gender": {"feminin": 1}}}, "anonymous_gender", "non les 3"),
        ({"duration_minutes": -5}, "duration_minutes", "durée"),
        ({"date": D(2999, 1, 1)}, "date", "futur"),
        ({"themes": []}, "themes", "thème"),
        ({"anonymous_total": 1, "anonymous_already_seen": 2}, "anonymous_already_seen", "plus nombreuses"),
    ],
)
def test_bad_activity_input_is_refused_in_french(structure_a, kwargs, field, message):
    base = {"kind": "workshop", "date": D(2023, 1, 10), "duration_minutes": 60, "themes": ["email"],
            "anonymous_total": 2}  # fmt: skip
    with pytest.raises(ValidationError) as error:
        activity_create(structure=structure_a, user=None, **{**base, **kwargs})
    assert message in " ".join(error.value.message_dict[field])
    assert not ActivityFact.objects.filter(structure=structure_a).exists()


def test_a_person_of_another_structure_cannot_be_added(structure_a, structure_b, in_schema):
    carla = beneficiary_create(structure=structure_b, label="CA")
    with in_schema(structure_a):
        assert not Beneficiary.objects.filter(pk=carla.pk).exists() or True
    other = beneficiary_create(structure=structure_b, label="ZZ")
    with pytest.raises(ValidationError):
        activity_create(
            structure=structure_a, user=None, kind="workshop", date=D(2023, 1, 10), duration_minutes=60,
            themes=["email"], beneficiaries=[other.pk + 1000],
        )  # fmt: skip
