"""The network host's endpoints: public reads, coordinators' and trainers' data, figures."""

import datetime

import pytest

from network import services as network_services
from network.figures import network_figures
from network.models import TrainingModule
from tenants.enums import StructureStatus
from tests.api.conftest import api_client
from tests.cms.conftest import home, kit_index, make_kit  # noqa: F401
from tests.conftest import host_client, make_member
from training.services.activities import activity_create
from training.services.people import beneficiary_create
from training.services.referents import referent_create

D = datetime.date
NETWORK = "localhost"


@pytest.fixture
def programme(structure_a, structure_b):
    programme = network_services.programme_create(
        name="Relais numérique 2024",
        territory="Métropole lilloise",
        start=D(2024, 1, 1),
        end=D(2025, 4, 30),
        funders=[{"name": "Emmaüs Connect", "share": None}],
    )
    network_services.coaching_plan_create(programme=programme, structure=structure_a, start=D(2024, 1, 15))
    network_services.target_set(programme=programme, indicator="people", value=40, structure=structure_a)
    return programme


@pytest.fixture
def training_session(trainer, structure_a, referent_a, in_schema):
    module = TrainingModule.objects.order_by("order").first()
    session = network_services.training_session_create(
        module=module, date=D(2024, 2, 1), place="Lille", trainer=trainer
    )
    with in_schema(structure_a):
        referent = referent_create(first_name="Rita", last_name="Référente", user=referent_a)
    network_services.registration_create(session=session, structure=structure_a, referent_id=referent.pk)
    return session


@pytest.fixture
def activity_data(structure_a, structure_b, referent_a):
    alice = beneficiary_create(structure=structure_a, label="AL", gender="feminin", birth_year=1960)
    carla = beneficiary_create(structure=structure_b, label="CA", gender="masculin", birth_year=1990)
    activity_create(
        structure=structure_a, user=referent_a, kind="workshop", date=D(2024, 3, 1), duration_minutes=90,
        themes=["email"], beneficiaries=[alice], anonymous_total=2,
    )  # fmt: skip
    activity_create(
        structure=structure_b, user=None, kind="dropin", date=D(2024, 6, 1), duration_minutes=30,
        themes=["sante"], beneficiaries=[carla],
    )  # fmt: skip


# Query counts: django-tenants sets the search path before each query, doubling the count.
ROLE_ACCESS = {
    # endpoint: roles that may read it (anonymous visitors and members read the public ones)
    "/api/v1/structures/": {"anonymous", "member", "trainer", "coordinator"},
    "/api/v1/kits/": {"anonymous", "member", "trainer", "coordinator"},
    "/api/v1/trainings/": {"trainer", "coordinator"},
    "/api/v1/programmes/": {"coordinator"},
    "/api/v1/targets/": {"coordinator"},
    "/api/v1/stats/": {"coordinator"},
}


@pytest.mark.parametrize("url", list(ROLE_ACCESS))
def test_roles_on_every_network_endpoint(url, referent_a, trainer, coordinator, kit_index):  # noqa: F811
    users = {"anonymous": None, "member": referent_a, "trainer": trainer, "coordinator": coordinator}
    for role, user in users.items():
        response = api_client(NETWORK, user).get(url)
        expected = 200 if role in ROLE_ACCESS[url] else (401 if user is None else 403)
        assert response.status_code == expected, (role, response.content)


def test_structure_endpoints_do_not_exist_on_the_network_host(coordinator):
    assert api_client(NETWORK, coordinator).get("/api/v1/activities/").status_code == 404


def test_network_endpoints_do_not_exist_on_a_structure_host(structure_a, referent_a):
    assert api_client(structure_a.host, referent_a).get("/api/v1/programmes/").status_code == 404


class TestStructures:
    def test_public_information_only(self, structure_a, manager_a, django_assert_max_num_queries):
        with django_assert_max_num_queries(6):
            response = api_client(NETWORK).get("/api/v1/structures/", {"ordering": "name"})
        names = [s["name"] for s in response.json()["results"]]
        assert names == sorted(names) and "CCAS d'Alpha" in names
        alpha = next(s for s in response.json()["results"] if s["slug"] == "alpha")
        assert alpha["url"] == structure_a.url
        assert manager_a.email not in response.content.decode()
        assert "schema_name" not in alpha

    def test_structures_that_left_are_shown_to_coordinators_only(self, structure_b, coordinator):
        structure_b.status = StructureStatus.LEFT
        structure_b.save()
        public = api_client(NETWORK).get("/api/v1/structures/").json()["results"]
        assert "beta" not in {s["slug"] for s in public}
        listed = api_client(NETWORK, coordinator).get("/api/v1/structures/", {"status": "left"}).json()["results"]
        assert [s["slug"] for s in listed] == ["beta"]


def test_kits_published_only(kit_index, django_assert_max_num_queries):  # noqa: F811
    make_kit(kit_index, title="Arnaques en ligne", themes=["securite_numerique"])
    make_kit(kit_index, title="Mots de passe", themes=["securite_numerique", "email"])
    make_kit(kit_index, title="Brouillon", themes=["securite_numerique"], publish=False)
    make_kit(kit_index, title="Tablette", themes=["prendre_en_main_du_materiel"])
    with django_assert_max_num_queries(18):
        response = api_client(NETWORK).get("/api/v1/kits/", {"theme": "securite_numerique"})
    kits = response.json()["results"]
    assert [k["title"] for k in kits] == ["Arnaques en ligne", "Mots de passe"]
    assert kits[0]["url"].endswith("/kits/arnaques-en-ligne/")


def test_programmes_with_coaching_plans_and_milestones(programme, coordinator, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        response = api_client(NETWORK, coordinator).get("/api/v1/programmes/")
    (body,) = response.json()["results"]
    assert body["funders"] == [{"name": "Emmaüs Connect", "share": None}]
    assert [(f["funder"], f["kind"], f["amount"], f["share"]) for f in body["fundings"]] == [
        ("Emmaüs Connect", "autre", None, None)
    ]
    assert (body["budget"], body["report_notes"], body["age_bands"]) == (None, "", [])
    (plan,) = body["plans"]
    assert plan["structure_name"] == "CCAS d'Alpha"
    assert plan["milestones"], "a plan gets one milestone per template step"
    assert {"code", "due_date", "state"} <= set(plan["milestones"][0])


def test_targets(programme, coordinator, structure_a):
    response = api_client(NETWORK, coordinator).get("/api/v1/targets/", {"programme": programme.pk})
    assert [(t["structure"], t["indicator"], t["value"]) for t in response.json()["results"]] == [
        (structure_a.pk, "people", 40)
    ]


def test_trainings_with_attendance(training_session, trainer, structure_a, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        response = api_client(NETWORK, trainer).get("/api/v1/trainings/")
    (session,) = response.json()["results"]
    assert session["place"] == "Lille"
    assert [(r["structure"], r["referent_name"], r["status"]) for r in session["registrations"]] == [
        (structure_a.pk, "Rita Référente", "registered")
    ]


class TestNetworkStats:
    def test_the_same_figures_as_compute_figures_and_the_structure(self, activity_data, coordinator, structure_a):
        client = api_client(NETWORK, coordinator)
        network = client.get("/api/v1/stats/", {"from": "2024-01-01", "to": "2024-12-31"}).json()
        expected = network_figures(start=D(2024, 1, 1), end=D(2024, 12, 31))
        for key in ("structures", "activities", "people", "gender", "mean_age", "hours", "themes"):
            assert network[key] == getattr(expected, key), key
        assert sorted(network) == sorted([
            "structures", "referents_trained", "activities", "courses", "sessions", "people", "people_followed",
            "people_anonymous", "people_in_courses", "completion_rate", "gender", "women_share", "mean_age",
            "mean_age_excluded", "age_bands", "status", "hours", "themes", "kits", "by_month", "definitions",
            "assessments", "journeys", "profile", "ages",
        ])  # fmt: skip
        assert network["activities"]["total"] == 2
        assert network["people"] == 1 + 2 + 1
        only_a = client.get("/api/v1/stats/", {"structure": structure_a.pk, "from": "2024-01-01"}).json()
        member = api_client(structure_a.host, make_member(structure_a)).get("/api/v1/stats/", {"from": "2024-01-01"})
        assert only_a == member.json()

    def test_filters(self, activity_data, programme, coordinator):
        client = api_client(NETWORK, coordinator)
        assert client.get("/api/v1/stats/", {"programme": programme.pk}).json()["activities"]["total"] == 1
        assert client.get("/api/v1/stats/", {"kind": "dropin"}).json()["activities"]["total"] == 1
        assert client.get("/api/v1/stats/", {"to": "2024-04-01"}).json()["activities"]["total"] == 1
        unknown = client.get("/api/v1/stats/", {"programme": 999999})
        assert unknown.status_code == 400
        assert unknown.json()["errors"] == [{"field": "programme", "message": "Ce programme n'existe pas."}]
        assert client.get("/api/v1/stats/", {"structure": 999999}).status_code == 400

    def test_mfa_is_required_when_the_network_requires_it(self, coordinator, settings):
        settings.NETWORK_REQUIRE_MFA = True
        response = api_client(NETWORK, coordinator).get("/api/v1/stats/")
        assert response.status_code == 403
        assert (
            response.json()["detail"]
            == "Activez l'authentification à deux facteurs pour accéder aux données du réseau."
        )


def test_session_authentication_on_the_network_host(coordinator, kit_index):  # noqa: F811
    client = host_client(NETWORK, coordinator)
    assert client.get("/api/v1/stats/").status_code == 200
    assert client.get("/api/v1/kits/").status_code == 200
