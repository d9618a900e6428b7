"""Erasure, the retention purge and the right of access, from the user's side.

An erased person's values must not survive anywhere in the structure's schema: the test reads
every text, JSON and array column that ``information_schema`` lists and looks for them.
"""

import datetime
import io
import json

from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from figures.enums import EnrolmentStatus, RegistrationStatus
from figures.models import ActivityFact, AttendanceFact, PublishedWorkshop
from tenants.models import AuditEvent
from tests.conftest import page_text
from tests.training.conftest import D, workshop
from training.facts import facts_differences
from training.models import Activity, Beneficiary, Enrolment, WorkshopRegistration
from training.practices import (
    desk_visit_record,
    equipment_give,
    mentorship_create,
    workshop_register,
    workshop_schedule,
)
from training.services.activities import activity_create, activity_delete, activity_update
from training.services.courses import assessment_record, course_create
from training.services.enrolments import enrolment_create, enrolment_set_status
from training.services.people import beneficiary_create, beneficiary_merge

LABEL, PHONE, COMMUNE = "Zoé", "0612345678", "Roubaix-Nord"
SECRET = "besoin urgent pour sa CAF"
LEVELS = {"5.1": 1, "1.1": 2, "2.1": 0, "2.4": 1, "4.1": 2}


def tenant_text_hits(structure, values) -> list[tuple[str, str, str]]:
    """Every (table, column, value) where one of ``values`` appears in the structure's schema
    (text, varchar, JSON and array columns), plus the public audit log."""
    hits = []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT table_schema, table_name, column_name FROM information_schema.columns
            WHERE (table_schema = %s OR (table_schema = 'public' AND table_name = 'tenants_auditevent'))
              AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'ARRAY')
            """,
            [structure.schema_name],
        )
        columns = cursor.fetchall()
        assert len(columns) > 20  # the search really reads the schema
        for schema, table, column in columns:
            for value in values:
                cursor.execute(
                    f'SELECT count(*) FROM "{schema}"."{table}" WHERE "{column}"::text ILIKE %s',  # noqa: S608
                    [f"%{value}%"],
                )
                if cursor.fetchone()[0]:
                    hits.append((table, column, value))
    return hits


def completed_mentor(structure, course):
    mentor = beneficiary_create(structure=structure, label="Mentor", birth_year=1960)
    enrolment = enrolment_create(structure=structure, course=course, beneficiary=mentor)
    enrolment_set_status(structure=structure, enrolment=enrolment, status=EnrolmentStatus.COMPLETED)
    return mentor


def person_with_everything(structure, user):
    """A person with a record of every kind, their name and phone in free text everywhere it can go."""
    today = timezone.localdate()
    person = beneficiary_create(
        structure=structure, label=LABEL, gender="feminin", birth_year=1958, commune=COMMUNE, consent_date=D(2024, 1, 2)
    )
    other = beneficiary_create(structure=structure, label="Yves", birth_year=1970)
    duplicate = beneficiary_create(structure=structure, label=LABEL, birth_year=1958, commune=COMMUNE)
    beneficiary_merge(structure=structure, keep=person, duplicate=duplicate)
    dropin = activity_create(
        structure=structure, user=user, kind="dropin", date=D(2024, 5, 2), duration_minutes=30, themes=["email"],
        beneficiaries=[person], title=f"{LABEL} CAF", notes=f"{LABEL} a un {SECRET}, rappeler au {PHONE}",
        autonomy="partiellement_autonome", referral="aide_sociale",
    )  # fmt: skip
    activity_update(structure=structure, user=user, activity=dropin, notes=f"{LABEL}: {SECRET} ({PHONE})")
    gone = activity_create(
        structure=structure, user=user, kind="dropin", date=D(2024, 5, 3), duration_minutes=30, themes=["email"],
        beneficiaries=[person], notes=f"Appel de {LABEL}",
    )  # fmt: skip
    activity_update(structure=structure, user=user, activity=gone, notes=f"Rappeler au {PHONE}")
    activity_delete(structure=structure, user=user, activity=gone)
    workshop(structure, user, people=[person, other], notes=f"{LABEL} est venue avec Yves", date=D(2024, 6, 4))
    workshop(structure, user, people=[person], title="Atelier tablette", notes=f"{LABEL} a progressé")
    course = course_create(structure=structure, title="Tablette", device="tablet", start_date=D(2024, 1, 8))
    enrolment_create(structure=structure, course=course, beneficiary=person)
    assessment_record(
        structure=structure, beneficiary=person, course=course, moment="entry", date=D(2024, 1, 8), scores=LEVELS
    )
    mentorship_create(
        structure=structure, mentor=completed_mentor(structure, course), mentee=person, start_date=D(2024, 2, 1)
    )
    equipment_give(
        structure=structure, beneficiary=person, kind="tablet", date=D(2024, 3, 1), partner="Emmaüs",
        requirement=f"{LABEL} doit finir le parcours",
    )  # fmt: skip
    desk_visit_record(structure=structure, date=D(2024, 3, 2), purpose="procedure", beneficiary=person)
    upcoming = workshop_schedule(
        structure=structure, title="Atelier e-mail", date=today + datetime.timedelta(days=7),
        start_time=datetime.time(14), seats=1,
    )  # fmt: skip
    workshop_register(structure=structure, workshop=upcoming, beneficiary=person, label=LABEL, contact=PHONE)
    waiting = workshop_register(structure=structure, workshop=upcoming, label="Xavier", contact="0700000000")
    assert waiting.status == RegistrationStatus.WAITING
    return person, upcoming, waiting


class TestErasure:
    def test_erasure_leaves_no_value_of_the_person_in_any_table(
        self, manager_client_a, structure_a, manager_a, in_schema
    ):
        person, upcoming, waiting = person_with_everything(structure_a, manager_a)
        values = [LABEL, PHONE, COMMUNE, SECRET]
        assert {value for _t, _c, value in tenant_text_hits(structure_a, values)} == set(values)
        facts_before = (
            ActivityFact.objects.filter(structure=structure_a).count(),
            AttendanceFact.objects.filter(structure=structure_a).count(),
        )

        assert manager_client_a.post(f"/people/{person.code}/erase/").status_code == 302

        assert tenant_text_hits(structure_a, values) == []
        assert facts_differences(structure_a) == {}
        assert facts_before == (
            ActivityFact.objects.filter(structure=structure_a).count(),
            AttendanceFact.objects.filter(structure=structure_a).count(),
        )
        with in_schema(structure_a):
            assert Beneficiary.objects.filter(erased_at__isnull=False).count() == 2  # the record and its duplicate
            # The erased person's upcoming seat went to the waiting list.
            assert WorkshopRegistration.objects.get(pk=waiting.pk).status == RegistrationStatus.REGISTERED
            assert not WorkshopRegistration.objects.filter(beneficiary=person).exists()
        assert PublishedWorkshop.objects.get(structure=structure_a, workshop_id=upcoming.pk).seats_taken == 1
        # Other sessions keep their title and the rest of their notes.
        with in_schema(structure_a):
            assert Activity.objects.filter(title="Atelier tablette", notes="… a progressé").exists()
            assert Activity.objects.filter(notes="… est venue avec Yves").exists()
        assert LABEL not in page_text(manager_client_a.get("/activities/"))

    def test_erasure_through_the_api_is_as_complete(self, structure_a, manager_a):
        from tests.api.conftest import api_client

        person, _upcoming, _waiting = person_with_everything(structure_a, manager_a)
        response = api_client(structure_a.host, manager_a).delete(f"/api/v1/people/{person.pk}/")
        assert response.status_code == 204
        assert tenant_text_hits(structure_a, [LABEL, PHONE, COMMUNE, SECRET]) == []
        assert facts_differences(structure_a) == {}


class TestPurge:
    def test_purge_skips_upcoming_seats_and_open_enrolments(self, structure_a, manager_a, in_schema):
        today = timezone.localdate()
        people = {
            name: beneficiary_create(structure=structure_a, label=name, birth_year=1950)
            for name in ("Seat", "Open", "Ended", "Past", "Recent")
        }
        for name in ("Seat", "Open", "Ended", "Past"):
            workshop(structure_a, manager_a, people=[people[name]], date=D(2020, 1, 6), title=f"Vieux {name}")
        workshop(structure_a, manager_a, people=[people["Recent"]], date=today)
        upcoming = workshop_schedule(
            structure=structure_a, title="Bientôt", date=today + datetime.timedelta(days=3), start_time=datetime.time(9)
        )
        workshop_register(structure=structure_a, workshop=upcoming, beneficiary=people["Seat"], contact=PHONE)
        past = workshop_schedule(structure=structure_a, title="Autrefois", date=today, start_time=datetime.time(9))
        workshop_register(structure=structure_a, workshop=past, beneficiary=people["Past"], contact="0799999999")
        open_course = course_create(structure=structure_a, title="Ouvert", device="computer", start_date=D(2020, 1, 6))
        ended = course_create(
            structure=structure_a, title="Fini", device="computer", start_date=D(2020, 1, 6), end_date=D(2020, 3, 1)
        )
        enrolment_create(structure=structure_a, course=open_course, beneficiary=people["Open"])
        enrolment_create(structure=structure_a, course=ended, beneficiary=people["Ended"])
        with in_schema(structure_a):
            Enrolment.objects.update(enrolled_at=D(2020, 1, 6))
            type(past).objects.filter(pk=past.pk).update(date=D(2020, 1, 6))

        out = io.StringIO()
        call_command("anonymise_inactive", "--months", "24", "--structure", "alpha", stdout=out)

        with in_schema(structure_a):
            erased = set(Beneficiary.objects.filter(erased_at__isnull=False).values_list("label", "code"))
            kept = set(Beneficiary.objects.filter(erased_at__isnull=True).values_list("label", flat=True))
        assert kept == {"Seat", "Open", "Recent"}
        assert {code for _label, code in erased} == {people["Ended"].code, people["Past"].code}
        assert "alpha: 2" in out.getvalue()
        assert tenant_text_hits(structure_a, ["Ended", "Past", "0799999999"]) == []
        assert facts_differences(structure_a) == {}
        purged = AuditEvent.objects.filter(structure=structure_a, action="person.purged")
        assert set(purged.values_list("target_code", flat=True)) == {people["Ended"].code, people["Past"].code}
        assert all(event.user_id is None for event in purged)


class TestRightOfAccess:
    def test_the_download_holds_every_kind_of_record(self, manager_client_a, client_a, structure_a, manager_a):
        person, _upcoming, _waiting = person_with_everything(structure_a, manager_a)
        response = client_a.get(f"/people/{person.code}/data/", {"format": "json"})
        assert response.status_code == 200
        data = json.loads(response.content)
        assert data["label"] == LABEL and data["commune"] == COMMUNE and len(data["merged_records"]) == 1
        dropin = next(a for a in data["attendances"] if a["kind"] == "dropin")
        assert dropin["notes"] == f"{LABEL}: {SECRET} ({PHONE})"
        assert dropin["referral"] == "aide_sociale" and dropin["autonomy"] == "partiellement_autonome"
        assert len(data["attendances"]) == 3
        assert data["enrolments"][0]["course"] == "Tablette"
        assert data["assessments"][0]["scores"]["1.1"] == 2
        assert data["registrations"] == [
            {**data["registrations"][0], "workshop": "Atelier e-mail", "label": LABEL, "contact": PHONE}
        ]
        assert data["equipment"][0]["kind"] == "tablet" and LABEL in data["equipment"][0]["requirement"]
        assert data["desk_visits"] == [{"date": "2024-03-02", "purpose": "procedure", "count": 1}]
        assert data["mentorships"][0]["role"] == "mentee"

        csv_text = client_a.get(f"/people/{person.code}/data/", {"format": "csv"}).content.decode("utf-8-sig")
        for section in ("attendances", "registrations", "equipment", "desk_visits", "mentorships"):
            assert f"{section};" in csv_text
        assert PHONE in csv_text
        page = page_text(client_a.get(f"/people/{person.code}/data/"))
        for shown in (PHONE, "Atelier e-mail", "Emmaüs", SECRET, "L'aide sociale"):
            assert shown in page
        exports = AuditEvent.objects.filter(structure=structure_a, action="export", target_code=person.code)
        assert [e.details["format"] for e in exports.order_by("at", "id")] == ["json", "csv"]

    def test_the_api_gives_the_same_record(self, structure_a, manager_a, referent_a, structure_b, manager_b):
        from tests.api.conftest import api_client

        person, _upcoming, _waiting = person_with_everything(structure_a, manager_a)
        response = api_client(structure_a.host, referent_a).get(f"/api/v1/people/{person.pk}/data/")
        assert response.status_code == 200
        data = response.json()
        assert data["registrations"][0]["contact"] == PHONE and data["desk_visits"] and data["mentorships"]
        assert data["equipment"] and data["enrolments"] and data["assessments"] and len(data["attendances"]) == 3
        event = AuditEvent.objects.get(structure=structure_a, action="export", target_code=person.code)
        assert event.user_id == referent_a.pk and event.details["format"] == "json"
        assert api_client(structure_b.host, manager_b).get(f"/api/v1/people/{person.pk}/data/").status_code == 404
