"""A course's session and its attendance, through the page and the API: the same rules."""

import datetime

import pytest

from tests.doors.conftest import Case, api_door, page_door
from tests.training.conftest import referent_in
from training.models import Activity, ActivityChange
from training.policies import CHANGE_ACTIVITY
from training.services.courses import (
    SESSION_AFTER_COURSE,
    course_create,
    course_session_record,
)
from training.services.enrolments import enrolment_create
from training.services.people import beneficiary_create

D = datetime.date
DOORS = {"page": page_door, "api": api_door}


@pytest.fixture
def course_setup(structure_a, in_schema):
    other = referent_in(structure_a, in_schema, first_name="Omar")
    course = course_create(
        structure=structure_a, title="Parcours", device="computer", start_date=D(2024, 1, 8),
        end_date=D(2024, 3, 29), referents=[other],
    )  # fmt: skip
    person = beneficiary_create(structure=structure_a, label="AM", gender="feminin", birth_year=1950)
    enrolment_create(structure=structure_a, course=course, beneficiary=person)
    session = course_session_record(
        structure=structure_a, user=None, course=course, date=D(2024, 1, 10), duration_minutes=60,
        attendees=[person], referents=[other],
    )  # fmt: skip
    return course, session, person, other


def session_change(course, session, person, other, *, date="2024-01-17", minutes=90):
    return Case(
        page=(
            f"/courses/{course.pk}/sessions/{session.pk}/",
            {"date": date, "duration_minutes": minutes, "referents": [other.pk], "attendees": [person.code]},
        ),
        api=(
            "patch",
            f"/api/v1/courses/{course.pk}/sessions/{session.pk}/",
            {"date": date, "duration_minutes": minutes, "referents": [other.pk], "attendees": [person.pk]},
        ),
    )


@pytest.mark.parametrize("door", DOORS)
def test_a_referent_not_on_the_session_cannot_change_it(door, structure_a, referent_a, course_setup, in_schema,
                                                         facts_clean):  # fmt: skip
    course, session, person, other = course_setup
    outcome = DOORS[door](structure_a, referent_a, session_change(course, session, person, other))
    assert outcome.status == 403
    assert outcome.refused_with(CHANGE_ACTIVITY)
    with in_schema(structure_a):
        assert Activity.objects.get(pk=session.pk).duration_minutes == 60
    facts_clean(structure_a)


@pytest.mark.parametrize("door", DOORS)
def test_the_session_s_referent_and_a_manager_can_change_it(door, structure_a, manager_a, course_setup, in_schema,
                                                             facts_clean):  # fmt: skip
    course, session, person, other = course_setup
    outcome = DOORS[door](structure_a, manager_a, session_change(course, session, person, other))
    assert outcome.accepted, outcome.text
    with in_schema(structure_a):
        assert Activity.objects.get(pk=session.pk).duration_minutes == 90
    facts_clean(structure_a)


@pytest.mark.parametrize("door", DOORS)
def test_a_session_after_the_course_s_end_is_refused(door, structure_a, manager_a, course_setup, in_schema,
                                                      facts_clean):  # fmt: skip
    course, session, person, other = course_setup
    outcome = DOORS[door](structure_a, manager_a, session_change(course, session, person, other, date="2024-06-03"))
    assert outcome.status == 400
    assert outcome.refused_with(SESSION_AFTER_COURSE)
    with in_schema(structure_a):
        assert Activity.objects.get(pk=session.pk).date == D(2024, 1, 10)
    facts_clean(structure_a)


def test_api_changes_date_and_themes_of_a_session_in_one_write(structure_a, manager_a, course_setup, in_schema):
    course, session, person, other = course_setup
    case = Case(api=("patch", f"/api/v1/courses/{course.pk}/sessions/{session.pk}/",
                     {"date": "2024-01-17", "themes": ["email"]}))  # fmt: skip
    assert api_door(structure_a, manager_a, case).accepted
    with in_schema(structure_a):
        stored = Activity.objects.get(pk=session.pk)
        assert (stored.date, stored.themes) == (D(2024, 1, 17), ["email"])
        assert list(
            ActivityChange.objects.filter(activity_id=session.pk).values_list("action", flat=True).order_by("pk")
        ) == [
            "created",
            "updated",
        ]
