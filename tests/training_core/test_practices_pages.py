"""The practices' pages, from the user's side, with real tenant routing."""

import datetime

from django.utils import timezone

from figures.models import DeskVisitFact, PublishedWorkshop
from tests.conftest import host_client, page_text
from training import practices
from training.models import DeskVisit, EquipmentGift, ScheduledWorkshop, WorkshopRegistration
from training.services.people import beneficiary_create

TODAY = timezone.localdate


def test_desk_counter_from_a_phone(client_a, structure_a, in_schema):
    response = client_a.post(
        "/desk/", {"date": TODAY().isoformat(), "purpose": "printing", "count": 3, "social_status": "retraite"}
    )
    assert response.status_code == 302
    with in_schema(structure_a):
        assert DeskVisit.objects.get().count == 3
    assert DeskVisitFact.objects.filter(structure=structure_a).get().count == 3
    page = client_a.get("/desk/")
    assert page.status_code == 200


def test_desk_bad_count_is_refused_without_500(client_a, structure_a, in_schema):
    response = client_a.post("/desk/", {"date": TODAY().isoformat(), "purpose": "printing", "count": 0})
    assert response.status_code == 400
    with in_schema(structure_a):
        assert not DeskVisit.objects.exists()


def test_equipment_page_and_isolation(client_a, client_b, structure_a, structure_b, in_schema):
    person = beneficiary_create(structure=structure_a, label="AB")
    response = client_a.post(
        "/equipment/",
        {"beneficiary": person.code, "kind": "connectivity", "date": "2023-05-02", "amount": "150",
         "duration_months": "12"},
    )  # fmt: skip
    assert response.status_code == 302
    with in_schema(structure_a):
        gift = EquipmentGift.objects.get()
    # B can neither see A's person nor delete A's record.
    response = client_b.post("/equipment/", {"beneficiary": person.code, "kind": "laptop", "date": "2023-05-02"})
    assert response.status_code == 400
    assert client_b.post(f"/equipment/{gift.pk}/delete/").status_code == 404
    assert person.code not in page_text(client_b.get("/equipment/"))
    export = client_a.get("/practices/export/equipment/")
    assert person.code in export.content.decode()
    assert person.code not in client_b.get("/practices/export/equipment/").content.decode()


def test_equipment_page_query_count(client_a, structure_a, django_assert_max_num_queries):
    people = [beneficiary_create(structure=structure_a, label=f"P{i}") for i in range(5)]
    for person in people:
        practices.equipment_give(
            structure=structure_a, beneficiary=person, kind="laptop", date=datetime.date(2023, 1, 1)
        )
    with django_assert_max_num_queries(14):
        assert client_a.get("/equipment/").status_code == 200


def test_public_calendar_registration_and_logging(client_a, structure_a, structure_b, in_schema):
    tomorrow = TODAY() + datetime.timedelta(days=1)
    response = client_a.post(
        "/calendar/",
        {"title": "Arnaques en ligne", "date": tomorrow.isoformat(), "start_time": "14:00", "duration_minutes": 90,
         "seats": 1, "published": "on", "themes": ["securite_numerique"]},
    )  # fmt: skip
    assert response.status_code == 302
    with in_schema(structure_a):
        workshop = ScheduledWorkshop.objects.get()
    anonymous = host_client(structure_a.host)
    page = anonymous.get("/public/calendar/")
    assert page.status_code == 200
    assert "Arnaques en ligne" in page_text(page)
    assert anonymous.post("/public/calendar/", {"workshop": workshop.pk, "label": "Josiane"}).status_code == 302
    assert anonymous.post("/public/calendar/", {"workshop": workshop.pk, "label": "Marc"}).status_code == 302
    # A robot filling the hidden field registers nobody.
    anonymous.post("/public/calendar/", {"workshop": workshop.pk, "label": "Bot", "website": "http://spam"})
    with in_schema(structure_a):
        statuses = dict(WorkshopRegistration.objects.values_list("label", "status"))
    assert statuses == {"Josiane": "registered", "Marc": "waiting"}
    detail = client_a.get(f"/calendar/{workshop.pk}/")
    assert detail.status_code == 200
    assert "Josiane" in page_text(detail)
    # The network's combined calendar shows it; B's public calendar does not.
    assert PublishedWorkshop.objects.filter(structure=structure_a, title="Arnaques en ligne").exists()
    assert "Arnaques en ligne" not in page_text(host_client(structure_b.host).get("/public/calendar/"))
    # The day comes: the attendance list becomes the log.
    with in_schema(structure_a):
        ScheduledWorkshop.objects.filter(pk=workshop.pk).update(date=TODAY())
        josiane = WorkshopRegistration.objects.get(label="Josiane")
    response = client_a.post(f"/calendar/{workshop.pk}/", {"action": "log", "present": [josiane.pk]})
    assert response.status_code == 302
    with in_schema(structure_a):
        workshop.refresh_from_db()
        assert workshop.activity.anonymous_total == 1


def test_unknown_workshop_registration_is_a_clear_400(structure_a):
    response = host_client(structure_a.host).post("/public/calendar/", {"workshop": "999999", "label": "X"})
    assert response.status_code == 400


def test_mentors_and_awareness_pages(client_a, structure_a, in_schema):
    mentee = beneficiary_create(structure=structure_a, label="NE")
    mentor = beneficiary_create(structure=structure_a, label="ME")
    response = client_a.post("/mentors/", {"mentor": mentor.code, "mentee": mentee.code, "start_date": "2023-06-01"})
    assert response.status_code == 400  # has not completed a course
    response = client_a.post(
        "/awareness/",
        {"date": "2023-04-01", "duration_minutes": 120, "anonymous_total": 3000, "invited_count": 15000,
         "followup_course_count": 50, "followup_individual_count": 200},
    )  # fmt: skip
    assert response.status_code == 302
    assert "15000" in page_text(client_a.get("/awareness/")).replace("\u202f", "").replace(" ", "")


def test_practice_pages_need_membership(structure_a, referent_b):
    other = host_client(structure_a.host, referent_b)
    for url in ("/desk/", "/equipment/", "/calendar/", "/mentors/", "/awareness/", "/practices/"):
        assert other.get(url).status_code == 403, url
        assert host_client(structure_a.host).get(url).status_code == 302, url


def test_network_dashboard_shows_the_practices(coordinator_client, structure_a):
    beneficiary_create(structure=structure_a, label="AB")
    practices.desk_visit_record(structure=structure_a, date=datetime.date(2023, 2, 1), purpose="printing", count=7)
    page = coordinator_client.get("/reseau/")
    assert page.status_code == 200
    assert "Visites de l'espace en accès libre" in page_text(page)
    export = coordinator_client.get("/reseau/", {"table": "practices", "format": "csv"})
    assert export.status_code == 200
    assert "7" in export.content.decode()
