"""The structure's audit log, read by its managers on a page and through the API."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tenants.enums import MembershipRole
from tenants.models import AuditEvent, Invitation, Membership
from tests.api.conftest import api_client
from tests.conftest import host_client, make_member, page_text
from tests.training.conftest import D
from training.models import Beneficiary, Enrolment
from training.services.courses import course_create
from training.services.people import beneficiary_create

LABEL, NEW_LABEL, COMMUNE = "Léa", "Léonie", "Wattrelos"


def actions(structure) -> list[str]:
    return list(AuditEvent.objects.filter(structure=structure).order_by("at", "id").values_list("action", flat=True))


@pytest.fixture
def audited_a(structure_a, manager_a, manager_client_a, in_schema):
    """Every audited action, done by a manager through the pages."""
    client = manager_client_a
    person_form = {"label": LABEL, "gender": "feminin", "birth_year": 1980, "social_status": "retraite",
                   "commune": COMMUNE}  # fmt: skip
    assert client.post("/people/new/", person_form).status_code == 302
    with in_schema(structure_a):
        person = Beneficiary.objects.get(label=LABEL)
    assert client.post(f"/people/{person.code}/edit/", {**person_form, "label": NEW_LABEL}).status_code == 302
    duplicate = beneficiary_create(structure=structure_a, label="Lé", birth_year=1980)
    assert client.post(f"/people/{person.code}/merge/", {"duplicate": duplicate.code}).status_code == 302
    course = course_create(structure=structure_a, title="Parcours", device="tablet", start_date=D(2024, 1, 8))
    assert client.post(f"/courses/{course.pk}/enrol/", {"beneficiary": person.code}).status_code == 302
    with in_schema(structure_a):
        enrolment = Enrolment.objects.get(beneficiary=person)
    status_url = f"/courses/{course.pk}/enrolments/{enrolment.pk}/status/"
    assert client.post(status_url, {"status": "dropped"}).status_code == 302
    levels = {"competence_5.1": 0, "competence_1.1": 1, "competence_2.1": 0, "competence_2.4": 0, "competence_4.1": 1}
    url = f"/courses/{course.pk}/assessment/{person.code}/"
    assert client.post(url, {"moment": "entry", "date": "2024-01-08", **levels}).status_code == 302
    colleague = make_member(structure_a, MembershipRole.REFERENT)
    membership = Membership.objects.get(user=colleague, structure=structure_a)
    assert client.post(f"/equipe/acces/{membership.pk}/", {"role": "manager"}).status_code == 302
    assert client.post(f"/equipe/acces/{membership.pk}/", {"action": "remove"}).status_code == 302
    assert client.post("/equipe/", {"email": "nouvelle@exemple.fr", "role": "referent"}).status_code == 302
    invitation = Invitation.objects.get(structure=structure_a, email="nouvelle@exemple.fr")
    assert client.post(f"/equipe/invitations/{invitation.pk}/revoquer/").status_code == 302
    assert client.get("/data/exports/people/").status_code == 200
    upload = SimpleUploadedFile("people.csv", b"initiales;genre;annee_naissance\nAB;feminin;1950\nCD;;1960\n")
    assert client.post("/data/import/", {"kind": "people", "file": upload}).status_code == 302
    assert client.post(f"/people/{person.code}/erase/").status_code == 302
    return {"person": person, "duplicate": duplicate, "colleague": colleague}


EXPECTED = [
    "member.added", "person.created", "person.updated", "person.created", "person.merged", "enrolment.created",
    "enrolment.status", "assessment.recorded", "member.added", "member.role", "member.removed",
    "invitation.sent", "invitation.revoked", "export", "import", "person.erased",
]  # fmt: skip


class TestAuditLog:
    def test_each_audited_action_leaves_one_line_without_the_values(self, audited_a, structure_a, manager_a):
        assert actions(structure_a) == EXPECTED
        events = AuditEvent.objects.filter(structure=structure_a)
        person = audited_a["person"]
        by_action = {e.action: e for e in events}
        assert by_action["person.updated"].details == {"fields": ["label"]}
        assert by_action["person.merged"].details == {"merged_code": audited_a["duplicate"].code}
        assert by_action["person.erased"].target_code == person.code
        assert by_action["export"].details == {"table": "people", "format": "csv", "rows": 1}
        assert by_action["import"].details == {"kind": "people", "rows": 2}
        assert by_action["member.role"].details == {"role": "manager", "previous_role": "referent"}
        assert by_action["member.removed"].target_id == audited_a["colleague"].pk
        by_manager = set(EXPECTED) - {"member.added", "person.created"}
        assert {e.user_id for e in events if e.action in by_manager} == {manager_a.pk}
        assert events.filter(action="person.created", target_code=person.code).get().user_id == manager_a.pk
        stored = json.dumps(list(events.values("target_code", "target_type", "details")), ensure_ascii=False)
        for value in (LABEL, NEW_LABEL, COMMUNE):
            assert value not in stored

    def test_the_page_lists_and_filters_the_log(self, audited_a, manager_client_a):
        manager_client_a.get("/journal/")  # shows the pending messages
        page = page_text(manager_client_a.get("/journal/"))
        assert audited_a["person"].code in page and "nouvelle@exemple.fr" not in page
        assert "table: people · format: csv · lignes: 1" in page
        assert manager_a_email(manager_client_a) in page
        only = page_text(manager_client_a.get("/journal/", {"action": "person.erased"}))
        assert "1 " in only and "merged_code" not in only and "lignes: 2" not in only
        assert manager_client_a.get("/journal/", {"action": "nonsense", "page": "x"}).status_code == 200

    def test_the_api_lists_and_filters_the_log(self, audited_a, structure_a, manager_a):
        client = api_client(structure_a.host, manager_a)
        response = client.get("/api/v1/audit/", {"page_size": 100})
        assert response.status_code == 200
        listed = [e["action"] for e in response.json()["results"]]
        assert listed == list(reversed(EXPECTED))
        erased = client.get("/api/v1/audit/", {"action": "person.erased"}).json()["results"]
        assert [e["target_code"] for e in erased] == [audited_a["person"].code]
        assert erased[0]["user_email"] == manager_a.email
        assert client.get("/api/v1/audit/", {"action": "nonsense"}).status_code == 400

    def test_api_import_export_and_api_changes_are_logged_too(self, structure_a, manager_a):
        client = api_client(structure_a.host, manager_a)
        created = client.post("/api/v1/people/", {"label": LABEL, "birth_year": 1970}, format="json")
        assert created.status_code == 201
        code, pk = created.json()["code"], created.json()["id"]
        assert client.patch(f"/api/v1/people/{pk}/", {"birth_year": 1971}, format="json").status_code == 200
        assert client.get("/api/v1/exports/attendance/").status_code == 200
        assert client.delete(f"/api/v1/people/{pk}/").status_code == 204
        assert actions(structure_a) == ["member.added", "person.created", "person.updated", "export", "person.erased"]
        events = AuditEvent.objects.filter(structure=structure_a).exclude(target_code="")
        assert set(events.values_list("target_code", flat=True)) == {code}

    def test_an_accepted_invitation_is_logged(self, manager_client_a, structure_a, manager_a):
        assert manager_client_a.post("/equipe/", {"email": "ines@exemple.fr", "role": "referent"}).status_code == 302
        invitation = Invitation.objects.get(structure=structure_a, email="ines@exemple.fr")
        password = "Tr3s-solide!"
        account = {"first_name": "Inès", "last_name": "Martin", "password1": password, "password2": password}
        assert host_client(structure_a.host).post(f"/invitations/{invitation.token}/", account).status_code == 302
        accepted = AuditEvent.objects.get(structure=structure_a, action="invitation.accepted")
        newcomer = Membership.objects.get(structure=structure_a, user__email="ines@exemple.fr").user
        assert accepted.user_id == accepted.target_id == newcomer.pk and accepted.details == {"role": "referent"}
        assert actions(structure_a)[-2:] == ["invitation.sent", "invitation.accepted"]

    def test_referents_cannot_read_the_log(self, audited_a, structure_a, client_a, referent_a):
        assert client_a.get("/journal/").status_code == 403
        assert api_client(structure_a.host, referent_a).get("/api/v1/audit/").status_code == 403

    def test_b_sees_nothing_of_a(self, audited_a, structure_a, structure_b, manager_b):
        page = page_text(host_client(structure_b.host, manager_b).get("/journal/"))
        assert audited_a["person"].code not in page
        results = api_client(structure_b.host, manager_b).get("/api/v1/audit/").json()["results"]
        assert [e["action"] for e in results] == ["member.added"]  # manager_b's own membership
        # On A's host, B's manager is no member.
        assert host_client(structure_a.host, manager_b).get("/journal/").status_code in (302, 403)
        assert api_client(structure_a.host, manager_b).get("/api/v1/audit/").status_code == 403


def manager_a_email(client) -> str:
    return client.get("/journal/").wsgi_request.user.email
