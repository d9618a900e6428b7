"""The other programmes' practices: services, facts and figures."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from figures.enums import RegistrationStatus
from figures.models import PublishedWorkshop
from network.figures import network_figures
from training import practices
from training.facts import facts_differences
from training.services.activities import activity_create
from training.services.courses import course_create, course_session_record
from training.services.enrolments import enrolment_create
from training.services.people import beneficiary_create

D = datetime.date


def test_bagnolet_equipment_figures_are_expressible(structure_a):
    people = [beneficiary_create(structure=structure_a, label=f"P{i}") for i in range(32)]
    for i in range(25):
        practices.equipment_give(structure=structure_a, beneficiary=people[i], kind="laptop", date=D(2023, 5, 1),
                                 condition="refurbished", partner="Emmaüs Connect")  # fmt: skip
    for i in range(25, 32):
        practices.equipment_give(structure=structure_a, beneficiary=people[i], kind="desktop", date=D(2023, 5, 1))
    for i in range(22):
        practices.equipment_give(structure=structure_a, beneficiary=people[i], kind="connectivity",
                                 date=D(2023, 5, 2), amount=150, duration_months=12)  # fmt: skip
    equipment = network_figures(structure_ids=[structure_a.pk]).equipment
    assert equipment["by_kind"]["laptop"] == 25
    assert equipment["by_kind"]["desktop"] == 7
    assert equipment["subsidies"] == 22
    assert equipment["subsidies_amount"] == 3300.0
    assert equipment["people_equipped"] == 32
    assert facts_differences(structure_a) == {}


def test_subsidy_needs_an_amount_and_no_negative(structure_a):
    person = beneficiary_create(structure=structure_a, label="X")
    with pytest.raises(ValidationError) as error:
        practices.equipment_give(structure=structure_a, beneficiary=person, kind="connectivity", date=D(2023, 1, 1))
    assert "amount" in error.value.message_dict
    with pytest.raises(ValidationError):
        practices.equipment_give(
            structure=structure_a, beneficiary=person, kind="laptop", date=D(2023, 1, 1), amount=-3
        )


def test_desk_visits_give_the_status_split(structure_a):
    for status, count in (("sans_emploi", 67), ("en_emploi", 20), ("retraite", 7), ("scolarise", 3)):
        practices.desk_visit_record(
            structure=structure_a, date=D(2023, 2, 1), purpose="job_search", count=count, social_status=status
        )
    practices.desk_visit_record(structure=structure_a, date=D(2023, 3, 1), purpose="printing", count=10)
    desk = network_figures(structure_ids=[structure_a.pk]).desk
    assert desk["visits"] == 107
    assert desk["by_purpose"]["printing"] == 10
    assert round(desk["status_shares"]["sans_emploi"] * 100) == 69  # 67 of 97 known
    assert desk["by_month"] == {"2023-02": 97, "2023-03": 10}


def test_desk_visit_rejects_zero_and_future(structure_a):
    with pytest.raises(ValidationError):
        practices.desk_visit_record(structure=structure_a, date=D(2023, 2, 1), purpose="printing", count=0)
    with pytest.raises(ValidationError):
        practices.desk_visit_record(
            structure=structure_a, date=timezone.localdate() + datetime.timedelta(days=3), purpose="printing"
        )


def test_calendar_waiting_list_and_attendance_become_the_log(structure_a, structure_b, referent_a, in_schema):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    workshop = practices.workshop_schedule(
        structure=structure_a, title="Arnaques en ligne", date=tomorrow, start_time=datetime.time(14),
        seats=2, themes=["securite_numerique"],
    )  # fmt: skip
    person = beneficiary_create(structure=structure_a, label="AB")
    first = practices.workshop_register(structure=structure_a, workshop=workshop, beneficiary=person)
    second = practices.workshop_register(structure=structure_a, workshop=workshop, label="Josiane", contact="0600")
    third = practices.workshop_register(structure=structure_a, workshop=workshop, label="Marc")
    assert third.status == RegistrationStatus.WAITING
    published = PublishedWorkshop.objects.get(structure=structure_a, workshop_id=workshop.pk)
    assert published.seats_left == 0
    practices.registration_cancel(structure=structure_a, registration=second)
    with in_schema(structure_a):
        third.refresh_from_db()
    assert third.status == RegistrationStatus.REGISTERED
    # The workshop takes place: the attendance list becomes the activity.
    with in_schema(structure_a):
        type(workshop).objects.filter(pk=workshop.pk).update(date=timezone.localdate())
        workshop.refresh_from_db()
    activity = practices.workshop_to_activity(
        structure=structure_a, user=referent_a, workshop=workshop, present=[first.pk, third.pk]
    )
    with in_schema(structure_a):
        assert list(activity.beneficiaries.all()) == [person]
    assert activity.anonymous_total == 1
    assert not PublishedWorkshop.objects.filter(structure=structure_a, workshop_id=workshop.pk).exists()
    with pytest.raises(ValidationError):
        practices.workshop_to_activity(structure=structure_a, user=referent_a, workshop=workshop, present=[])
    assert facts_differences(structure_a) == {}


def test_mentor_must_have_completed_a_course(structure_a, referent_a):
    mentor = beneficiary_create(structure=structure_a, label="M")
    mentee = beneficiary_create(structure=structure_a, label="N")
    with pytest.raises(ValidationError) as error:
        practices.mentorship_create(structure=structure_a, mentor=mentor, mentee=mentee, start_date=D(2023, 6, 1))
    assert "mentor" in error.value.message_dict
    course = course_create(structure=structure_a, title="P", device="tablet", start_date=D(2023, 1, 2), planned_hours=2)
    enrolment_create(structure=structure_a, course=course, beneficiary=mentor)
    course_session_record(
        structure=structure_a, user=referent_a, course=course, date=D(2023, 1, 2), duration_minutes=120,
        attendees=[mentor],
    )  # fmt: skip
    mentorship = practices.mentorship_create(
        structure=structure_a, mentor=mentor, mentee=mentee, start_date=D(2023, 6, 1)
    )
    activity = activity_create(
        structure=structure_a, user=None, kind="workshop", date=D(2023, 6, 2), duration_minutes=60,
        themes=["email"], beneficiaries=[mentor, mentee],
    )  # fmt: skip
    practices.mentorship_add_activity(structure=structure_a, mentorship=mentorship, activity=activity)
    assert network_figures(structure_ids=[structure_a.pk]).mentors == {"mentors": 1, "mentees": 1}
    assert facts_differences(structure_a) == {}


def test_awareness_funnel(structure_a):
    activity_create(
        structure=structure_a, user=None, kind="awareness", date=D(2023, 4, 1), duration_minutes=120,
        anonymous_total=3000, invited_count=15000, followup_individual_count=200, followup_course_count=50,
    )  # fmt: skip
    awareness = network_figures(structure_ids=[structure_a.pk]).awareness
    assert awareness == {
        "meetings": 1, "invited": 15000, "attendees": 3000, "followup_course": 50, "followup_individual": 200
    }  # fmt: skip
    with pytest.raises(ValidationError):
        activity_create(
            structure=structure_a, user=None, kind="awareness", date=D(2023, 4, 1), duration_minutes=60,
            anonymous_total=10, followup_individual_count=20,
        )  # fmt: skip
