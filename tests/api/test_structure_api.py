"""The structure's endpoints through the real tenant routing, with personal tokens."""

import datetime

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from api.models import ApiToken
from api.services import api_token_revoke
from figures.compute import DEFINITIONS
from tests.api.conftest import api_client
from tests.conftest import host_client
from training.models import Activity, Beneficiary, Referent
from training.services.activities import activity_create
from training.services.courses import course_create, course_session_record
from training.services.enrolments import enrolment_create
from training.services.people import beneficiary_create
from training.services.referents import referent_create

D = datetime.date
TODAY = timezone.localdate()
BREAKDOWN = {
    "gender": {"feminin": 2, "masculin": 1},
    "age_band": {"soixante_dix_plus": 3},
    "status": {"retraite": 3},
}


def errors_by_field(response) -> dict:
    return {error["field"]: error["message"] for error in response.json()["errors"]}


@pytest.fixture
def alice(structure_a):
    return beneficiary_create(structure=structure_a, label="AL", gender="feminin", birth_year=1960)


@pytest.fixture
def carla(structure_b):
    return beneficiary_create(structure=structure_b, label="CA", gender="feminin", birth_year=1990)


@pytest.fixture
def me_a(structure_a, referent_a):
    """The referent record of referent_a's account."""
    with schema_context(structure_a.schema_name):
        return referent_create(first_name="Rita", last_name="Référente", user=referent_a)


def workshop_payload(**extra):
    return {
        "kind": "workshop",
        "date": TODAY.isoformat(),
        "duration_minutes": 90,
        "themes": ["securite_numerique"],
        "anonymous_total": 3,
        "anonymous_breakdown": BREAKDOWN,
        **extra,
    }


class TestAuthentication:
    def test_anonymous_gets_401(self, structure_a):
        response = api_client(structure_a.host).get("/api/v1/referents/")
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == "Bearer"
        assert response.json()["detail"]

    def test_token_of_another_structure_member_gets_403_and_learns_nothing(self, structure_a, referent_b, alice):
        client = api_client(structure_a.host, referent_b)
        listing = client.get("/api/v1/people/")
        detail = client.get(f"/api/v1/people/{alice.pk}/")
        missing = client.get("/api/v1/people/999999/")
        assert listing.status_code == detail.status_code == missing.status_code == 403
        assert detail.json() == missing.json()
        assert detail.json()["detail"] == "Ce jeton ne donne pas accès à cette structure."

    def test_network_roles_have_no_access_to_a_structure(self, structure_a, coordinator, trainer):
        for user in (coordinator, trainer):
            assert api_client(structure_a.host, user).get("/api/v1/activities/").status_code == 403

    def test_revoked_token_is_refused(self, structure_a, referent_a):
        client = api_client(structure_a.host, referent_a)
        assert client.get("/api/v1/referents/").status_code == 200
        api_token_revoke(token=ApiToken.objects.get(user=referent_a))
        response = client.get("/api/v1/referents/")
        assert response.status_code == 401
        assert response.json()["detail"] == "Jeton invalide ou révoqué."

    def test_last_use_is_recorded(self, api_a, referent_a):
        assert ApiToken.objects.get(user=referent_a).last_used_at is None
        api_a.get("/api/v1/referents/")
        assert ApiToken.objects.get(user=referent_a).last_used_at is not None

    def test_session_of_a_member_works(self, structure_a, referent_a):
        client = host_client(structure_a.host, referent_a)
        assert client.get("/api/v1/referents/").status_code == 200

    def test_session_of_a_non_member_is_refused(self, structure_a, referent_b):
        client = host_client(structure_a.host, referent_b)
        assert client.get("/api/v1/referents/").status_code == 403


# django-tenants sets the search path before each query: the counts below are twice the
# real queries (domain, token, membership, last use, count, page, prefetches).


class TestReferents:
    def test_members_list_them(self, api_a, structure_a, django_assert_max_num_queries):
        with schema_context(structure_a.schema_name):
            for i in range(5):
                referent_create(first_name=f"Prénom{i}", last_name="Nom")
        with django_assert_max_num_queries(12):
            response = api_a.get("/api/v1/referents/")
        assert response.status_code == 200
        assert response.json()["count"] == 5
        assert {r["first_name"] for r in response.json()["results"]} == {f"Prénom{i}" for i in range(5)}

    def test_managers_add_them_referents_cannot(self, api_a, manager_api_a, structure_a):
        payload = {"first_name": "Léa", "last_name": "Martin", "job_title": "Conseillère"}
        assert api_a.post("/api/v1/referents/", payload, format="json").status_code == 403
        response = manager_api_a.post("/api/v1/referents/", payload, format="json")
        assert response.status_code == 201
        with schema_context(structure_a.schema_name):
            assert Referent.objects.get(pk=response.json()["id"]).job_title == "Conseillère"

    def test_a_linked_account_must_be_a_member(self, manager_api_a, referent_a, referent_b):
        payload = {"first_name": "Léa", "last_name": "Martin", "user": referent_b.pk}
        response = manager_api_a.post("/api/v1/referents/", payload, format="json")
        assert response.status_code == 400
        assert errors_by_field(response) == {"user": "Ce compte n'est pas membre de cette structure."}
        payload["user"] = referent_a.pk
        assert manager_api_a.post("/api/v1/referents/", payload, format="json").json()["user"] == referent_a.pk

    def test_missing_fields_are_named_in_french(self, manager_api_a):
        response = manager_api_a.post("/api/v1/referents/", {}, format="json")
        assert response.status_code == 400
        assert errors_by_field(response) == {
            "first_name": "Ce champ est obligatoire.",
            "last_name": "Ce champ est obligatoire.",
        }
        assert response.json()["detail"] == "Certaines données envoyées ne sont pas valides."

    def test_english_on_request(self, manager_api_a):
        response = manager_api_a.post("/api/v1/referents/", {}, format="json", HTTP_ACCEPT_LANGUAGE="en")
        assert errors_by_field(response)["first_name"] == "This field is required."


class TestPeople:
    def test_list_with_filters_and_query_count(self, api_a, structure_a, django_assert_max_num_queries):
        for label, gender in (("AB", "feminin"), ("CD", "masculin"), ("EF", "feminin")):
            beneficiary_create(structure=structure_a, label=label, gender=gender)
        with django_assert_max_num_queries(12):
            response = api_a.get("/api/v1/people/", {"gender": "feminin", "ordering": "-code"})
        assert response.status_code == 200
        results = response.json()["results"]
        assert [p["label"] for p in results] == [p["label"] for p in sorted(results, key=lambda p: p["code"])][::-1]
        assert {p["label"] for p in results} == {"AB", "EF"}
        assert set(results[0]) == {
            "id", "code", "label", "gender", "birth_year", "social_status", "commune", "consent_date", "created_at",
            "updated_at",
            # The journey and the FSE participant data (issue 14).
            "referral_source", "referral_partner", "referral_date", "evaluation_date", "exit_date", "exit_autonomous",
            "exit_situation", "exit_minimum_income", "employment_situation", "education_level", "minimum_income",
            "single_parent", "qpv", "disability",
        }  # fmt: skip

    def test_create_and_update(self, api_a, structure_a):
        response = api_a.post(
            "/api/v1/people/", {"label": "MD", "gender": "feminin", "birth_year": 1955}, format="json"
        )
        assert response.status_code == 201
        person = response.json()
        assert person["code"].startswith("P-")
        response = api_a.patch(f"/api/v1/people/{person['id']}/", {"social_status": "retraite"}, format="json")
        assert response.status_code == 200
        assert response.json()["social_status"] == "retraite"
        assert response.json()["birth_year"] == 1955

    def test_service_rules_come_back_as_field_errors(self, api_a):
        response = api_a.post("/api/v1/people/", {"birth_year": TODAY.year + 1}, format="json")
        assert response.status_code == 400
        assert errors_by_field(response) == {
            "birth_year": f"L'année de naissance doit être comprise entre 1900 et {TODAY.year}."
        }

    def test_only_managers_erase(self, api_a, manager_api_a, alice, structure_a):
        assert api_a.delete(f"/api/v1/people/{alice.pk}/").status_code == 403
        assert manager_api_a.delete(f"/api/v1/people/{alice.pk}/").status_code == 204
        with schema_context(structure_a.schema_name):
            erased = Beneficiary.objects.get(pk=alice.pk)
        assert erased.erased_at is not None and erased.label == ""
        assert api_a.get(f"/api/v1/people/{alice.pk}/").status_code == 404

    def test_another_structure_person_is_not_found(self, api_a, structure_a, alice, carla):
        # Same local id or not, B's person does not exist on A's host.
        response = api_a.get(f"/api/v1/people/{carla.pk}/")
        if carla.pk == alice.pk:
            assert response.json()["label"] == "AL"
        else:
            assert response.status_code == 404
        found = api_a.get("/api/v1/people/", {"q": "CA"}).json()["results"]
        assert all(p["label"] != "CA" and "CA" in p["code"] for p in found)  # a random code may hold "CA"


class TestActivities:
    def test_log_a_workshop_with_followed_and_anonymous_people(self, api_a, structure_a, alice, me_a):
        payload = workshop_payload(beneficiaries=[alice.pk], referents=[me_a.pk], anonymous_already_seen=1)
        response = api_a.post("/api/v1/activities/", payload, format="json")
        assert response.status_code == 201, response.json()
        body = response.json()
        assert body["beneficiaries"] == [alice.pk]
        assert body["referents"] == [me_a.pk]
        assert body["anonymous_breakdown"] == BREAKDOWN
        stats = api_a.get("/api/v1/stats/").json()
        assert stats["activities"]["workshop"] == 1
        assert stats["people"] == 1 + 2
        assert stats["hours"] == 1.5

    def test_breakdowns_must_add_up(self, api_a):
        payload = workshop_payload(anonymous_breakdown={"gender": {"feminin": 1}})
        response = api_a.post("/api/v1/activities/", payload, format="json")
        assert response.status_code == 400
        assert errors_by_field(response) == {
            "anonymous_breakdown.gender": "Les effectifs par genre font 1 au total, et non les 3 participants "
            "anonymes : les chiffres doivent correspondre."
        }

    def test_unknown_codes_and_future_dates_are_refused(self, api_a):
        tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
        payload = workshop_payload(date=tomorrow, themes=["cuisine"])
        response = api_a.post("/api/v1/activities/", payload, format="json")
        assert response.status_code == 400
        assert set(errors_by_field(response)) == {"themes.0"}
        response = api_a.post("/api/v1/activities/", workshop_payload(date=tomorrow), format="json")
        assert errors_by_field(response) == {"date": "Une séance ne peut pas être enregistrée dans le futur."}

    def test_a_dropin_is_with_one_person(self, api_a, alice):
        payload = {"kind": "dropin", "date": TODAY.isoformat(), "duration_minutes": 30, "themes": ["email"]}
        response = api_a.post("/api/v1/activities/", payload, format="json")
        assert response.status_code == 400
        assert set(errors_by_field(response)) == {"beneficiaries"}
        payload["beneficiaries"] = [alice.pk]
        assert api_a.post("/api/v1/activities/", payload, format="json").status_code == 201

    def test_people_of_another_structure_cannot_be_added(self, api_a, structure_a, carla):
        with schema_context(structure_a.schema_name):
            missing = (Beneficiary.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + carla.pk + 1
        response = api_a.post("/api/v1/activities/", workshop_payload(beneficiaries=[missing]), format="json")
        assert response.status_code == 400
        assert errors_by_field(response) == {
            "beneficiaries": "Une personne choisie n'est pas dans le registre de cette structure."
        }

    def test_changed_by_its_referents_and_managers_only(self, structure_a, referent_a, manager_a, me_a):
        other = api_client(structure_a.host, referent_a)
        colleague_user = __import__("tests.conftest", fromlist=["make_member"]).make_member(structure_a)
        colleague = api_client(structure_a.host, colleague_user)
        created = other.post("/api/v1/activities/", workshop_payload(referents=[me_a.pk]), format="json").json()
        url = f"/api/v1/activities/{created['id']}/"
        assert colleague.get(url).status_code == 200
        assert colleague.patch(url, {"duration_minutes": 60}, format="json").status_code == 403
        assert colleague.delete(url).status_code == 403
        assert other.patch(url, {"duration_minutes": 60}, format="json").json()["duration_minutes"] == 60
        manager = api_client(structure_a.host, manager_a)
        assert manager.patch(url, {"title": "Arnaques"}, format="json").json()["title"] == "Arnaques"
        assert manager.delete(url).status_code == 204
        with schema_context(structure_a.schema_name):
            assert not Activity.objects.filter(pk=created["id"]).exists()

    def test_another_structure_cannot_reach_an_activity(self, structure_a, structure_b, referent_a, manager_b):
        activity = activity_create(
            structure=structure_a, user=referent_a, kind="workshop", date=TODAY, duration_minutes=60,
            themes=["email"], anonymous_total=2,
        )  # fmt: skip
        client_b = api_client(structure_b.host, manager_b)
        with schema_context(structure_b.schema_name):
            exists_in_b = Activity.objects.filter(pk=activity.pk).exists()
        if not exists_in_b:
            assert client_b.get(f"/api/v1/activities/{activity.pk}/").status_code == 404
            assert client_b.delete(f"/api/v1/activities/{activity.pk}/").status_code == 404
        # A's token on B's host: refused before any lookup.
        a_on_b = api_client(structure_b.host, referent_a)
        assert a_on_b.delete(f"/api/v1/activities/{activity.pk}/").status_code == 403
        with schema_context(structure_a.schema_name):
            assert Activity.objects.filter(pk=activity.pk).exists()

    def test_list_filters_and_query_count(self, api_a, structure_a, referent_a, alice, django_assert_max_num_queries):
        for day in range(1, 6):
            activity_create(
                structure=structure_a, user=referent_a, kind="workshop", date=D(2024, 3, day), duration_minutes=60,
                themes=["email"], beneficiaries=[alice], anonymous_total=1,
            )  # fmt: skip
        activity_create(
            structure=structure_a, user=referent_a, kind="dropin", date=D(2024, 4, 1), duration_minutes=30,
            themes=["sante"], beneficiaries=[alice],
        )  # fmt: skip
        with django_assert_max_num_queries(16):
            response = api_a.get("/api/v1/activities/", {"kind": "workshop", "date_from": "2024-03-02"})
        assert response.json()["count"] == 4
        assert [a["date"] for a in response.json()["results"]] == [
            "2024-03-05",
            "2024-03-04",
            "2024-03-03",
            "2024-03-02",
        ]
        assert api_a.get("/api/v1/activities/", {"theme": "sante"}).json()["count"] == 1
        assert api_a.get("/api/v1/activities/", {"ordering": "date"}).json()["results"][0]["date"] == "2024-03-01"
        paged = api_a.get("/api/v1/activities/", {"page_size": 2, "page": 2}).json()
        assert paged["count"] == 6 and len(paged["results"]) == 2


class TestCourses:
    def test_course_enrolment_attendance_and_completion(self, api_a, alice, structure_a, me_a):
        course = api_a.post(
            "/api/v1/courses/",
            {"title": "Parcours tablette", "device": "tablet", "start_date": "2024-01-08", "planned_hours": "2"},
            format="json",
        )
        assert course.status_code == 201
        course_id = course.json()["id"]
        enrol = api_a.post(f"/api/v1/courses/{course_id}/enrolments/", {"beneficiary": alice.pk}, format="json")
        assert enrol.status_code == 201
        again = api_a.post(f"/api/v1/courses/{course_id}/enrolments/", {"beneficiary": alice.pk}, format="json")
        assert errors_by_field(again) == {"beneficiary": "Cette personne est déjà inscrite à ce parcours."}
        session = api_a.post(
            f"/api/v1/courses/{course_id}/sessions/",
            {"date": "2024-01-08", "duration_minutes": 120, "attendees": [alice.pk], "referents": [me_a.pk]},
            format="json",
        )
        assert session.status_code == 201
        assert session.json()["attendees"] == [alice.pk]
        enrolments = api_a.get(f"/api/v1/courses/{course_id}/enrolments/").json()["results"]
        assert [(e["code"], e["status"]) for e in enrolments] == [(alice.code, "completed")]
        detail = api_a.get(f"/api/v1/courses/{course_id}/").json()
        assert (detail["enrolled"], detail["completed"], detail["session_count"]) == (1, 1, 1)
        # Attendance corrected: Bob came instead of Alice, so Alice has not completed the course.
        bob = beneficiary_create(structure=structure_a, label="BO")
        api_a.post(f"/api/v1/courses/{course_id}/enrolments/", {"beneficiary": bob.pk}, format="json")
        url = f"/api/v1/courses/{course_id}/sessions/{session.json()['id']}/"
        empty = api_a.patch(url, {"attendees": []}, format="json")
        assert errors_by_field(empty) == {"attendees": "Ajoutez au moins un participant, suivi ou anonyme."}
        fixed = api_a.patch(url, {"attendees": [bob.pk]}, format="json")
        assert fixed.status_code == 200
        assert fixed.json()["attendees"] == [bob.pk]
        statuses = {
            e["beneficiary"]: e["status"]
            for e in api_a.get(f"/api/v1/courses/{course_id}/enrolments/").json()["results"]
        }
        assert statuses == {alice.pk: "enrolled", bob.pk: "completed"}

    def test_only_enrolled_people_attend(self, api_a, alice, structure_a):
        course = course_create(structure=structure_a, title="P", device="computer", start_date=D(2024, 1, 1))
        response = api_a.post(
            f"/api/v1/courses/{course.pk}/sessions/",
            {"date": "2024-01-08", "duration_minutes": 120, "attendees": [alice.pk]},
            format="json",
        )
        assert response.status_code == 400
        assert errors_by_field(response) == {
            "attendees": "Seules les personnes inscrites au parcours peuvent être marquées présentes."
        }

    def test_enrolment_status_can_be_set(self, api_a, alice, structure_a):
        course = course_create(structure=structure_a, title="P", device="computer", start_date=D(2024, 1, 1))
        enrolment = enrolment_create(structure=structure_a, course=course, beneficiary=alice)
        url = f"/api/v1/courses/{course.pk}/enrolments/{enrolment.pk}/"
        assert api_a.patch(url, {"status": "dropped"}, format="json").json()["status"] == "dropped"
        assert errors_by_field(api_a.patch(url, {"status": "fini"}, format="json")) == {
            "status": "«\xa0fini\xa0» n'est pas un choix valide."
        }

    def test_list_query_count_and_unknown_course(self, api_a, structure_a, alice, django_assert_max_num_queries):
        for i in range(4):
            course = course_create(
                structure=structure_a, title=f"P{i}", device="computer", start_date=D(2024, 1, 1 + i)
            )
            enrolment_create(structure=structure_a, course=course, beneficiary=alice)
        with django_assert_max_num_queries(14):
            response = api_a.get("/api/v1/courses/", {"device": "computer"})
        assert response.json()["count"] == 4
        assert api_a.get("/api/v1/courses/999999/enrolments/").status_code == 404
        assert api_a.get("/api/v1/courses/999999/sessions/").status_code == 404


class TestAssessments:
    def test_record_and_list(self, api_a, alice, structure_a):
        scores = {"5.1": 1, "1.1": 0, "2.1": 2, "2.4": 0, "4.1": 1}
        payload = {"beneficiary": alice.pk, "moment": "entry", "date": TODAY.isoformat(), "scores": scores}
        response = api_a.post("/api/v1/assessments/", payload, format="json")
        assert response.status_code == 201
        body = response.json()
        assert body["total"] == 4
        assert list(body["scores"]) == ["1.1", "2.1", "2.4", "4.1", "5.1"]
        assert body["areas"] == {"1": 0.0, "2": 1.0, "4": 1.0, "5": 1.0}
        bad = {**payload, "scores": {**scores, "4.1": 4, "9.9": 1}}
        errors = api_a.post("/api/v1/assessments/", bad, format="json").json()["errors"]
        assert {e["field"] for e in errors} == {"scores"}
        assert [e["message"].replace("\xa0", " ") for e in errors] == [
            "4.1 Sécuriser l'environnement numérique : donnez un niveau de 0 à 3.",
            "« 9.9 » n'est pas une compétence du référentiel.",
        ]
        listing = api_a.get("/api/v1/assessments/", {"beneficiary": alice.pk}).json()
        assert listing["count"] == 1

    def test_course_assessment_needs_an_enrolment(self, api_a, alice, structure_a):
        course = course_create(structure=structure_a, title="P", device="computer", start_date=D(2024, 1, 1))
        payload = {
            "beneficiary": alice.pk, "course": course.pk, "moment": "exit", "date": TODAY.isoformat(),
            "scores": {"1.1": 1},
        }  # fmt: skip
        response = api_a.post("/api/v1/assessments/", payload, format="json")
        assert errors_by_field(response) == {"beneficiary": "Cette personne n'est pas inscrite à ce parcours."}


class TestStats:
    def test_the_same_figures_as_the_dashboard(self, structure_a, structure_b, referent_a, alice, carla):
        bob = beneficiary_create(structure=structure_a, label="BO", gender="masculin", birth_year=1950)
        activity_create(
            structure=structure_a, user=referent_a, kind="workshop", date=D(2024, 3, 1), duration_minutes=90,
            themes=["securite_numerique"], beneficiaries=[alice], anonymous_total=3, anonymous_already_seen=1,
            anonymous_breakdown=BREAKDOWN,
        )  # fmt: skip
        course = course_create(structure=structure_a, title="P", device="computer", start_date=D(2024, 3, 4))
        enrolment_create(structure=structure_a, course=course, beneficiary=bob)
        course_session_record(
            structure=structure_a, user=referent_a, course=course, date=D(2024, 3, 4), duration_minutes=120,
            attendees=[bob],
        )  # fmt: skip
        activity_create(
            structure=structure_b, user=None, kind="workshop", date=D(2024, 3, 5), duration_minutes=60,
            themes=["email"], beneficiaries=[carla],
        )  # fmt: skip
        period = {"from": "2024-01-01", "to": "2024-12-31"}
        stats = api_client(structure_a.host, referent_a).get("/api/v1/stats/", period).json()
        page = host_client(structure_a.host, referent_a).get(
            "/dashboard/", {"start": "2024-01-01", "end": "2024-12-31"}
        )
        assert page.status_code == 200
        dashboard = page.context["figures"]
        for key in (
            "structures", "referents_trained", "activities", "courses", "people", "people_in_courses",
            "completion_rate", "gender", "women_share", "mean_age", "age_bands", "status", "hours", "themes",
        ):  # fmt: skip
            assert stats[key] == getattr(dashboard, key), key
        assert stats["structures"] == 1
        assert stats["activities"] == {"workshop": 1, "dropin": 0, "course_session": 1, "awareness": 0, "total": 2}
        assert stats["courses"] == {"computer": 1, "tablet": 0, "total": 1}
        assert stats["people"] == 2 + 2
        assert stats["people_in_courses"] == 1
        assert stats["gender"]["feminin"] == 1 + 1
        assert set(stats["definitions"]) >= {"people", "mean_age", "sessions"}
        assert stats["definitions"]["people"] == str(DEFINITIONS["people"])

    def test_filters_by_period_and_kind(self, api_a, structure_a, referent_a, alice):
        for day, kind in ((D(2024, 1, 10), "workshop"), (D(2024, 2, 10), "workshop"), (D(2024, 2, 11), "dropin")):
            activity_create(
                structure=structure_a, user=referent_a, kind=kind, date=day, duration_minutes=60, themes=["email"],
                beneficiaries=[alice],
            )  # fmt: skip
        assert api_a.get("/api/v1/stats/", {"from": "2024-02-01"}).json()["activities"]["total"] == 2
        assert api_a.get("/api/v1/stats/", {"kind": "dropin"}).json()["activities"]["total"] == 1
        both = api_a.get("/api/v1/stats/?kind=dropin&kind=workshop&to=2024-01-31").json()
        assert both["activities"]["total"] == 1
        bad = api_a.get("/api/v1/stats/", {"from": "2024-02-01", "to": "2024-01-01", "kind": "sieste"})
        assert bad.status_code == 400
        assert set(errors_by_field(bad)) == {"kind"}
        assert api_a.get("/api/v1/stats/", {"from": "2024-02-01", "to": "2024-01-01"}).status_code == 400


def test_throttling_per_token_with_retry_after(api_a, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "2/min", "ip": "100/min"},
    }
    assert api_a.get("/api/v1/referents/").status_code == 200
    assert api_a.get("/api/v1/referents/").status_code == 200
    response = api_a.get("/api/v1/referents/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "Requête ralentie" in response.json()["detail"]


def test_throttling_per_ip(structure_a, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "100/min", "ip": "1/min"},
    }
    client = api_client(structure_a.host)
    assert client.get("/api/v1/schema/").status_code == 200
    response = client.get("/api/v1/schema/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
