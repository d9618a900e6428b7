"""Merging two records of the same person, through the page and the API."""

import datetime

import pytest

from figures.reference import DEFAULT_COMPETENCES
from tenants.policies import MANAGER_REQUIRED
from tests.doors.conftest import Case, api_door, page_door
from training.models import Beneficiary, Enrolment, SkillAssessment
from training.services.courses import assessment_record, course_create, course_session_record
from training.services.enrolments import enrolment_create
from training.services.people import beneficiary_create

D = datetime.date
DOORS = {"page": page_door, "api": api_door}
LEVELS = {"low": dict.fromkeys(DEFAULT_COMPETENCES, 1), "high": dict.fromkeys(DEFAULT_COMPETENCES, 3)}


@pytest.fixture
def twins(structure_a):
    """Two records of one person, each with half of a course's attendance and an entry assessment."""
    course = course_create(structure=structure_a, title="Parcours", device="computer", start_date=D(2024, 1, 8),
                           planned_hours=10)  # fmt: skip
    keep, duplicate = (
        beneficiary_create(structure=structure_a, label=label, gender="feminin", birth_year=1950)
        for label in ("AM", "A.M.")
    )
    for person, days in ((keep, (9, 10)), (duplicate, (16, 17))):
        enrolment_create(structure=structure_a, course=course, beneficiary=person)
        for day in days:
            course_session_record(structure=structure_a, user=None, course=course, date=D(2024, 1, day),
                                  duration_minutes=120, attendees=[person])  # fmt: skip
    assessment_record(structure=structure_a, beneficiary=keep, course=course, moment="entry", date=D(2024, 1, 9),
                      scores=LEVELS["low"])  # fmt: skip
    assessment_record(structure=structure_a, beneficiary=duplicate, course=course, moment="entry",
                      date=D(2024, 1, 16), scores=LEVELS["high"])  # fmt: skip
    return course, keep, duplicate


def merge_case(keep, duplicate) -> Case:
    return Case(
        page=(f"/people/{keep.code}/merge/", {"duplicate": duplicate.code}),
        api=("post", f"/api/v1/people/{keep.pk}/merge/", {"duplicate": duplicate.pk}),
    )


@pytest.mark.parametrize("door", DOORS)
def test_merge_keeps_the_latest_assessment_and_recomputes_completion(door, structure_a, manager_a, twins,
                                                                     in_schema, facts_clean):  # fmt: skip
    course, keep, duplicate = twins
    outcome = DOORS[door](structure_a, manager_a, merge_case(keep, duplicate))
    assert outcome.accepted, outcome.text
    with in_schema(structure_a):
        (assessment,) = SkillAssessment.objects.filter(course=course)
        assert (assessment.beneficiary_id, assessment.date, assessment.total) == (keep.pk, D(2024, 1, 16), 15)
        (enrolment,) = Enrolment.objects.filter(course=course)
        assert (enrolment.beneficiary_id, enrolment.status) == (keep.pk, "completed")
        assert Beneficiary.objects.get(pk=duplicate.pk).merged_into_id == keep.pk
    facts_clean(structure_a)


@pytest.mark.parametrize("door", DOORS)
def test_a_referent_cannot_merge(door, structure_a, referent_a, twins, in_schema, facts_clean):
    course, keep, duplicate = twins
    outcome = DOORS[door](structure_a, referent_a, merge_case(keep, duplicate))
    assert outcome.status == 403
    assert outcome.refused_with(MANAGER_REQUIRED), outcome.text
    with in_schema(structure_a):
        assert Beneficiary.objects.get(pk=duplicate.pk).merged_into_id is None
    facts_clean(structure_a)
