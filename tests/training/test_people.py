"""The registry of people accompanied: search, similar-record warning, edit, merge, access and erasure."""

import json

from figures.models import AttendanceFact, BeneficiaryFact
from tests.conftest import page_text
from tests.training.conftest import workshop
from training.models import Beneficiary


def person_post(**overrides):
    data = {"label": "JD", "gender": "feminin", "birth_year": "1961", "social_status": "retraite", "commune": "Lille"}
    data.update(overrides)
    return data


class TestRegistry:
    def test_list_search_and_query_count(self, client_a, people_a, structure_a, referent_a,
                                         django_assert_max_num_queries):  # fmt: skip
        workshop(structure_a, referent_a, people=people_a)
        with django_assert_max_num_queries(12):
            response = client_a.get("/people/")
        text = page_text(response)
        assert all(p.code in text for p in people_a)
        text = page_text(client_a.get("/people/", {"q": "bk"}))
        # The search matches codes too: a random code may contain "BK" (then the first person is found as well).
        assert people_a[1].code in text and (people_a[0].code not in text or "BK" in people_a[0].code)
        assert people_a[0].code in page_text(client_a.get("/people/", {"q": people_a[0].code.lower()}))

    def test_create_warns_about_a_similar_record_then_creates_on_confirmation(
        self, client_a, structure_a, people_a, in_schema
    ):
        response = client_a.post("/people/new/", person_post(label="am", birth_year="1956"))
        assert response.status_code == 400
        assert "ressemblent à la même personne" in page_text(response) and people_a[0].code in page_text(response)
        with in_schema(structure_a):
            assert Beneficiary.objects.count() == 3
        response = client_a.post("/people/new/", person_post(label="am", birth_year="1956", confirm="1"))
        assert response.status_code == 302
        with in_schema(structure_a):
            person = Beneficiary.objects.get(label="am")
        assert response["Location"] == f"/people/{person.code}/"
        assert BeneficiaryFact.objects.filter(structure=structure_a, beneficiary_id=person.pk).exists()

    def test_bad_birth_year_is_refused_in_french(self, client_a, structure_a, in_schema):
        response = client_a.post("/people/new/", person_post(birth_year="1850"))
        assert response.status_code == 400
        assert "entre 1900 et" in page_text(response)
        with in_schema(structure_a):
            assert not Beneficiary.objects.exists()

    def test_edit(self, client_a, structure_a, people_a, in_schema):
        person = people_a[0]
        assert client_a.get(f"/people/{person.code}/edit/").status_code == 200
        response = client_a.post(f"/people/{person.code}/edit/", person_post(label="AMX", commune="Roubaix"))
        assert response.status_code == 302
        with in_schema(structure_a):
            person.refresh_from_db()
        assert (person.label, person.commune) == ("AMX", "Roubaix")


class TestMergeAndErase:
    def test_manager_merges_a_duplicate_and_every_attendance_is_kept(
        self, manager_client_a, structure_a, manager_a, people_a, in_schema
    ):
        keep, duplicate = people_a[0], people_a[2]
        workshop(structure_a, manager_a, people=[keep])
        workshop(structure_a, manager_a, people=[duplicate])
        workshop(structure_a, manager_a, people=[keep, duplicate])
        response = manager_client_a.post(f"/people/{keep.code}/merge/", {"duplicate": duplicate.code})
        assert response.status_code == 302
        with in_schema(structure_a):
            assert keep.participations.count() == 3
            assert not Beneficiary.objects.current().filter(pk=duplicate.pk).exists()
        assert AttendanceFact.objects.filter(structure=structure_a, beneficiary_id=keep.pk).count() == 3
        assert manager_client_a.get(f"/people/{duplicate.code}/").status_code == 404

    def test_referents_cannot_merge_or_erase(self, client_a, people_a):
        code = people_a[0].code
        assert client_a.post(f"/people/{code}/merge/", {"duplicate": people_a[1].code}).status_code == 403
        assert client_a.post(f"/people/{code}/erase/").status_code == 403

    def test_erase_keeps_anonymous_attendances_and_figures(
        self, manager_client_a, structure_a, manager_a, people_a, in_schema
    ):
        person = people_a[0]
        workshop(structure_a, manager_a, people=[person])
        facts_before = AttendanceFact.objects.filter(structure=structure_a).count()
        assert manager_client_a.post(f"/people/{person.code}/erase/").status_code == 302
        with in_schema(structure_a):
            person.refresh_from_db()
            assert person.label == "" and person.erased_at is not None
            assert person.participations.count() == 1
        assert AttendanceFact.objects.filter(structure=structure_a).count() == facts_before
        assert f"/people/{person.code}/" not in page_text(manager_client_a.get("/people/"))


class TestRightOfAccess:
    def test_everything_held_on_a_person_on_screen_and_as_files(self, client_a, structure_a, referent_a, people_a):
        person = people_a[0]
        workshop(structure_a, referent_a, people=[person], title="Atelier courriel")
        text = page_text(client_a.get(f"/people/{person.code}/data/"))
        assert "Atelier courriel" in text and "AM" in text
        data = json.loads(client_a.get(f"/people/{person.code}/data/", {"format": "json"}).content)
        assert data["code"] == person.code and data["label"] == "AM"
        assert data["attendances"][0]["title"] == "Atelier courriel"
        csv_text = client_a.get(f"/people/{person.code}/data/", {"format": "csv"}).content.decode("utf-8-sig")
        assert person.code in csv_text and "Atelier courriel" in csv_text


class TestIsolation:
    def test_b_cannot_reach_a_people_by_code(self, client_b, manager_b, structure_b, people_a, in_schema):
        from tests.conftest import host_client

        manager_client_b = host_client(structure_b.host, manager_b)
        code = people_a[0].code
        for url in ("/people/{}/", "/people/{}/edit/", "/people/{}/data/", "/people/{}/data/?format=json"):
            assert client_b.get(url.format(code)).status_code == 404
        assert manager_client_b.post(f"/people/{code}/erase/").status_code == 404
        assert f"/people/{code}/" not in page_text(client_b.get("/people/", {"q": code}))

    def test_merge_with_a_person_of_another_structure_is_refused(
        self, manager_client_a, people_a, person_b, structure_a, in_schema
    ):
        response = manager_client_a.post(f"/people/{people_a[0].code}/merge/", {"duplicate": person_b.code})
        assert response.status_code == 400
        assert "Sélectionnez un choix valide" in page_text(response)
