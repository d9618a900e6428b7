"""Courses: creation with default hours, enrolment, attendance grid, completion, assessments, isolation."""

from decimal import Decimal

from django.utils import timezone

from figures.models import EnrolmentFact
from tests.conftest import page_text
from tests.training.conftest import D
from training.models import Activity, Course, Enrolment, SkillAssessment
from training.services.courses import course_create, course_session_record
from training.services.enrolments import enrolment_create


def course_of(structure, **kwargs):
    return course_create(
        structure=structure,
        title=kwargs.pop("title", "Parcours tablette"),
        device=kwargs.pop("device", "tablet"),
        start_date=kwargs.pop("start_date", D(2024, 1, 8)),
        **kwargs,
    )


class TestCourses:
    def test_create_with_usual_hours_by_device(self, client_a, structure_a, in_schema):
        response = client_a.post("/courses/new/", {"title": "Ordi débutants", "device": "computer",
                                                    "start_date": "2024-01-08"})  # fmt: skip
        assert response.status_code == 302
        with in_schema(structure_a):
            assert Course.objects.get().planned_hours == Decimal("12")

    def test_end_before_start_is_refused(self, client_a, structure_a, in_schema):
        response = client_a.post("/courses/new/", {"title": "X", "device": "tablet", "start_date": "2024-02-08",
                                                    "end_date": "2024-01-08"})  # fmt: skip
        assert response.status_code == 400 and "date de fin doit être" in page_text(response)
        with in_schema(structure_a):
            assert not Course.objects.exists()

    def test_enrol_take_attendance_and_completion(self, client_a, structure_a, people_a, in_schema):
        course = course_of(structure_a, planned_hours=4)
        for person in people_a[:2]:
            assert client_a.post(f"/courses/{course.pk}/enrol/", {"beneficiary": person.code}).status_code == 302
        response = client_a.post(f"/courses/{course.pk}/enrol/", {"beneficiary": people_a[0].code})
        assert response.status_code == 400 and "déjà inscrite" in page_text(response)
        page = page_text(client_a.get(f"/courses/{course.pk}/sessions/new/"))
        assert people_a[0].code in page and people_a[2].code not in page
        for day in (10, 17):
            response = client_a.post(
                f"/courses/{course.pk}/sessions/new/",
                {"date": f"2024-01-{day}", "duration_minutes": "120", "attendees": [people_a[0].code]},
            )
            assert response.status_code == 302
        with in_schema(structure_a):
            statuses = dict(Enrolment.objects.values_list("beneficiary__code", "status"))
            assert Activity.objects.filter(course=course, kind="course_session").count() == 2
        assert statuses == {people_a[0].code: "completed", people_a[1].code: "enrolled"}
        assert EnrolmentFact.objects.get(structure=structure_a, beneficiary_id=people_a[0].pk).status == "completed"
        text = page_text(client_a.get(f"/courses/{course.pk}/"))
        assert "4.0 h (100 %)" in text or "4,0 h (100 %)" in text
        assert "En retard" in text  # the second person cannot reach 80 % any more

    def test_attendance_of_someone_not_enrolled_is_refused(self, client_a, structure_a, people_a, in_schema):
        course = course_of(structure_a)
        response = client_a.post(f"/courses/{course.pk}/sessions/new/", {"date": "2024-01-10",
                                 "duration_minutes": "120", "attendees": [people_a[0].code]})  # fmt: skip
        assert response.status_code == 400
        with in_schema(structure_a):
            assert not Activity.objects.exists()

    def test_session_before_the_course_or_negative_duration_is_refused(self, client_a, structure_a, in_schema):
        course = course_of(structure_a)
        response = client_a.post(f"/courses/{course.pk}/sessions/new/", {"date": "2023-12-01",
                                 "duration_minutes": "120"})  # fmt: skip
        assert response.status_code == 400 and "avant le début du parcours" in page_text(response)
        response = client_a.post(f"/courses/{course.pk}/sessions/new/", {"date": "2024-01-10",
                                 "duration_minutes": "-30"})  # fmt: skip
        assert response.status_code == 400

    def test_entry_and_exit_assessments_show_progress(self, client_a, structure_a, people_a, in_schema):
        course = course_of(structure_a)
        enrolment_create(structure=structure_a, course=course, beneficiary=people_a[0])
        url = f"/courses/{course.pk}/assessment/{people_a[0].code}/"
        # No programme chose competences: the reference's beginner set.
        levels = {"competence_5.1": 0, "competence_1.1": 1, "competence_2.1": 0, "competence_2.4": 0,
                  "competence_4.1": 1}  # fmt: skip
        assert client_a.post(url, {"moment": "entry", "date": "2024-01-08", **levels}).status_code == 302
        better = {k: v + 2 for k, v in levels.items()}
        assert client_a.post(url, {"moment": "exit", "date": "2024-02-08", **better}).status_code == 302
        response = client_a.post(url, {"moment": "exit", "date": "2024-02-08", **levels, "competence_4.1": "7"})
        assert response.status_code == 400
        with in_schema(structure_a):
            assert SkillAssessment.objects.count() == 2
        text = page_text(client_a.get(f"/courses/{course.pk}/"))
        assert "(+10)" in text

    def test_drop_out(self, client_a, structure_a, people_a, in_schema):
        course = course_of(structure_a)
        enrolment = enrolment_create(structure=structure_a, course=course, beneficiary=people_a[0])
        url = f"/courses/{course.pk}/enrolments/{enrolment.pk}/status/"
        assert client_a.post(url, {"status": "dropped"}).status_code == 302
        with in_schema(structure_a):
            enrolment.refresh_from_db()
        assert enrolment.status == "dropped"

    def test_list_query_count(self, client_a, structure_a, people_a, django_assert_max_num_queries):
        for i in range(6):
            course = course_of(structure_a, title=f"Parcours {i}")
            enrolment_create(structure=structure_a, course=course, beneficiary=people_a[i % 3])
        with django_assert_max_num_queries(14):
            response = client_a.get("/courses/")
        assert "Parcours 5" in page_text(response)

    def test_course_page_query_count(self, client_a, structure_a, referent_a, people_a,
                                     django_assert_max_num_queries):  # fmt: skip
        course = course_of(structure_a)
        for person in people_a:
            enrolment_create(structure=structure_a, course=course, beneficiary=person)
        for day in range(10, 15):
            course_session_record(structure=structure_a, user=referent_a, course=course,
                                           date=D(2024, 1, day), duration_minutes=60, attendees=people_a)  # fmt: skip
        with django_assert_max_num_queries(24):
            assert client_a.get(f"/courses/{course.pk}/").status_code == 200


class TestIsolation:
    def test_b_cannot_see_enrol_into_or_take_attendance_for_a_course_of_a(
        self, client_b, structure_a, structure_b, people_a, person_b, in_schema
    ):
        course = course_of(structure_a)
        enrolment = enrolment_create(structure=structure_a, course=course, beneficiary=people_a[0])
        assert client_b.get(f"/courses/{course.pk}/").status_code == 404
        assert client_b.post(f"/courses/{course.pk}/enrol/", {"beneficiary": person_b.code}).status_code == 404
        assert client_b.post(f"/courses/{course.pk}/sessions/new/", {"date": "2024-01-10",
                             "duration_minutes": "60"}).status_code == 404  # fmt: skip
        status_url = f"/courses/{course.pk}/enrolments/{enrolment.pk}/status/"
        assert client_b.post(status_url, {"status": "dropped"}).status_code == 404
        with in_schema(structure_a):
            assert Enrolment.objects.get().status == "enrolled"

    def test_enrolling_a_person_of_another_structure_is_refused(self, client_a, structure_a, person_b, in_schema):
        course = course_of(structure_a)
        response = client_a.post(f"/courses/{course.pk}/enrol/", {"beneficiary": person_b.code})
        assert response.status_code == 400 and "registre de cette structure" in page_text(response)
        with in_schema(structure_a):
            assert not Enrolment.objects.exists()


def test_today_is_the_default_session_date(client_a, structure_a):
    course = course_of(structure_a)
    assert timezone.localdate().isoformat() in page_text(client_a.get(f"/courses/{course.pk}/sessions/new/"))
