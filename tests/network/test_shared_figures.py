"""Shared figures: a read-only link to a dashboard view, anonymous figures only, expiry and revocation."""

import datetime

from django.test import Client
from django.utils import timezone

from network.models import SharedFigures
from tests.conftest import host_client, page_text
from tests.training.conftest import workshop

TODAY = timezone.localdate()
D = datetime.date


def create_link(client, path="/dashboard/share/", **data):
    payload = {"title": "Pour le Département", "expires_on": (TODAY + datetime.timedelta(days=30)).isoformat(), **data}
    response = client.post(path, payload)
    assert response.status_code == 302, page_text(response)
    return SharedFigures.objects.order_by("-id").first()


def figure(text: str, key: str) -> str:
    return text.split(f'data-figure="{key}">', 1)[1].split("<", 1)[0]


class TestSharedFigures:
    def test_a_managers_link_shows_its_structures_figures_to_anyone_and_nothing_else(
        self, structure_a, structure_b, manager_a, referent_a, referent_b
    ):
        workshop(structure_a, referent_a, anonymous=4, date=D(2024, 3, 14), title="Atelier secret d'Alpha")
        workshop(structure_b, referent_b, anonymous=9, date=D(2024, 3, 14))
        manager = host_client(structure_a.host, manager_a)
        assert "/dashboard/share/?start=2024-03-01" in page_text(manager.get("/dashboard/", {"start": "2024-03-01"}))
        link = create_link(manager, start="2024-03-01", end="2024-03-31")
        assert link.structure == structure_a and link.filters["start"] == "2024-03-01"
        listing = page_text(manager.get("/dashboard/share/"))
        assert f"/partage/{link.token}/" in listing

        visitor = Client(HTTP_HOST="localhost")
        response = visitor.get(f"/partage/{link.token}/")
        assert response.status_code == 200
        text = page_text(response)
        assert figure(text, "people") == "4"  # A's four, not B's nine
        assert "Atelier secret" not in text and "P-" not in text  # no title, no code: figures only
        assert response["X-Robots-Tag"].startswith("noindex") and response["Referrer-Policy"] == "no-referrer"
        link.refresh_from_db()
        assert link.open_count == 1 and link.last_opened_at is not None
        # The token opens nothing else: not the structure's pages, not the network's.
        for host, path in (
            (structure_a.host, "/dashboard/"),
            (structure_a.host, "/people/"),
            ("localhost", "/reseau/"),
        ):
            other = Client(HTTP_HOST=host).get(path, {"token": link.token})
            assert other.status_code in (302, 403), (host, path)
        assert Client(HTTP_HOST=structure_a.host).get(f"/partage/{link.token}/").status_code in (302, 404)
        # A period outside the link's filters is not reachable by changing the query.
        assert figure(page_text(visitor.get(f"/partage/{link.token}/", {"start": "2020-01-01"})), "people") == "4"

    def test_revoked_expired_and_unknown_links(self, structure_a, manager_a, manager_b, structure_b):
        manager = host_client(structure_a.host, manager_a)
        link = create_link(manager)
        visitor = Client(HTTP_HOST="localhost")
        assert visitor.get(f"/partage/{link.token}/").status_code == 200
        # B's manager cannot revoke A's link; A's manager can.
        host_client(structure_b.host, manager_b).post("/dashboard/share/", {"revoke": link.pk})
        link.refresh_from_db()
        assert link.revoked_at is None
        assert manager.post("/dashboard/share/", {"revoke": link.pk}).status_code == 302
        gone = visitor.get(f"/partage/{link.token}/")
        assert gone.status_code == 410 and "révoqué" in page_text(gone)
        expired = create_link(manager)
        SharedFigures.objects.filter(pk=expired.pk).update(expires_on=TODAY - datetime.timedelta(days=1))
        assert visitor.get(f"/partage/{expired.token}/").status_code == 410
        assert visitor.get("/partage/pas-un-lien/").status_code == 404
        assert "Pour le Département" in page_text(manager.get("/dashboard/share/"))
        assert "Pour le Département" not in page_text(host_client(structure_b.host, manager_b).get("/dashboard/share/"))

    def test_bad_input_is_explained_and_referents_cannot_share(self, structure_a, manager_a, referent_a):
        manager = host_client(structure_a.host, manager_a)
        response = manager.post("/dashboard/share/", {"title": "", "expires_on": "2000-01-01"})
        assert response.status_code == 400
        text = page_text(response)
        assert "passé" in text
        far = manager.post(
            "/dashboard/share/", {"title": "x", "expires_on": (TODAY + datetime.timedelta(days=800)).isoformat()}
        )
        assert far.status_code == 400 and "un an" in page_text(far)
        assert host_client(structure_a.host, referent_a).get("/dashboard/share/").status_code == 403
        assert not SharedFigures.objects.exists()

    def test_a_coordinators_link_keeps_the_dashboard_filters(
        self, coordinator, structure_a, structure_b, referent_a, referent_b
    ):
        workshop(structure_a, referent_a, anonymous=4, date=D(2024, 3, 14))
        workshop(structure_b, referent_b, anonymous=9, date=D(2024, 3, 14))
        workshop(structure_b, referent_b, anonymous=20, date=D(2024, 6, 14))
        client = host_client("localhost", coordinator)
        assert client.get("/reseau/partages/").status_code == 200
        link = create_link(client, "/reseau/partages/", start="2024-03-01", end="2024-03-31",
                           structures=[structure_b.pk])  # fmt: skip
        assert link.structure is None and link.filters["structure_ids"] == [structure_b.pk]
        text = page_text(Client(HTTP_HOST="localhost").get(f"/partage/{link.token}/"))
        assert figure(text, "people") == "9"
        everyone = create_link(client, "/reseau/partages/")
        assert figure(page_text(Client(HTTP_HOST="localhost").get(f"/partage/{everyone.token}/")), "people") == "33"
        # A structure's manager has no access to the network's page.
        assert Client(HTTP_HOST="localhost").get("/reseau/partages/").status_code == 302
