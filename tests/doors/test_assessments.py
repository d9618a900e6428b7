"""A skills assessment through the page and the API: the same date rule, the same message, nothing stored."""

import datetime

import pytest
from django.utils import timezone

from figures.reference import default_competences
from tests.doors.conftest import Case, api_door, page_door
from training.models import SkillAssessment
from training.services.common import past_date_error
from training.services.courses import course_create
from training.services.enrolments import enrolment_create
from training.services.people import beneficiary_create

D = datetime.date
DOORS = {"page": page_door, "api": api_door}


@pytest.fixture
def enrolled(structure_a):
    course = course_create(structure=structure_a, title="Parcours", device="computer", start_date=D(2024, 1, 8))
    person = beneficiary_create(structure=structure_a, label="AM", gender="feminin", birth_year=1950)
    enrolment_create(structure=structure_a, course=course, beneficiary=person)
    return course, person


def assessment(course, person, date: str) -> Case:
    codes = default_competences()
    return Case(
        page=(
            f"/courses/{course.pk}/assessment/{person.code}/",
            {"moment": "entry", "date": date, **{f"competence_{code}": 1 for code in codes}},
        ),
        api=(
            "post",
            "/api/v1/assessments/",
            {"beneficiary": person.pk, "course": course.pk, "moment": "entry", "date": date,
             "scores": dict.fromkeys(codes, 1)},
        ),
    )  # fmt: skip


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize("when", ["future", "before_2000"])
def test_a_date_in_the_future_or_before_2000_is_refused_alike(door, when, structure_a, referent_a, enrolled,
                                                               in_schema, facts_clean):  # fmt: skip
    course, person = enrolled
    date = timezone.localdate() + datetime.timedelta(days=1) if when == "future" else D(1999, 12, 31)
    outcome = DOORS[door](structure_a, referent_a, assessment(course, person, date.isoformat()))
    assert outcome.status == 400
    assert outcome.refused_with(past_date_error(date))
    with in_schema(structure_a):
        assert not SkillAssessment.objects.exists()
    facts_clean(structure_a)


@pytest.mark.parametrize("door", DOORS)
def test_a_past_date_is_recorded_alike(door, structure_a, referent_a, enrolled, in_schema, facts_clean):
    course, person = enrolled
    outcome = DOORS[door](structure_a, referent_a, assessment(course, person, "2024-01-15"))
    assert outcome.accepted, outcome.text
    with in_schema(structure_a):
        assert SkillAssessment.objects.get().date == D(2024, 1, 15)
    facts_clean(structure_a)
