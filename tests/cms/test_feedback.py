import datetime

import pytest
from django.core.exceptions import ValidationError

from cms.models import KitFeedback
from cms.services import kit_feedback_create
from tests.cms.conftest import make_kit, url_of
from tests.conftest import host_client, page_text


@pytest.mark.parametrize("rating", [0, 6, "beaucoup", None])
def test_rating_must_be_between_1_and_5(scam_kit, structure_a, referent_a, rating):
    with pytest.raises(ValidationError) as error:
        kit_feedback_create(kit=scam_kit, structure=structure_a, author=referent_a, rating=rating, comment="")
    assert "La note doit être un nombre entier entre 1 et 5." in error.value.messages


def test_an_unpublished_kit_cannot_be_rated(kit_index, structure_a, referent_a):
    draft = make_kit(kit_index, title="Brouillon", publish=False)
    with pytest.raises(ValidationError):
        kit_feedback_create(kit=draft, structure=structure_a, author=referent_a, rating=4, comment="")


def test_referent_rates_a_kit_from_the_structure_site(client_a, structure_a, referent_a, scam_kit):
    response = client_a.post(f"/kits/{scam_kit.pk}/", {"rating": "4", "comment": "Très utile pour nos seniors."})
    assert response.status_code == 302
    feedback = KitFeedback.objects.get(kit=scam_kit)
    assert (feedback.structure, feedback.author, feedback.rating) == (structure_a, referent_a, 4)
    assert "Très utile pour nos seniors." in page_text(client_a.get(f"/kits/{scam_kit.pk}/"))


def test_invalid_rating_is_refused_in_french(client_a, scam_kit):
    response = client_a.post(f"/kits/{scam_kit.pk}/", {"rating": "9", "comment": ""})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in page_text(response)
    assert not KitFeedback.objects.exists()


@pytest.mark.parametrize(
    "comment, refused",
    [
        ("Appelez Mme Durand au 06 12 34 56 78", "numéro de téléphone"),
        ("Joignable au +33 6.12.34.56.78", "numéro de téléphone"),
        ("Son adresse : jean.dupont@exemple.fr", "adresse e-mail"),
    ],
)
def test_feedback_with_contact_details_is_refused(client_a, scam_kit, comment, refused):
    response = client_a.post(f"/kits/{scam_kit.pk}/", {"rating": "4", "comment": comment})
    assert response.status_code == 200
    assert refused in page_text(response)
    assert not KitFeedback.objects.exists()


def test_feedback_with_figures_and_dates_is_accepted(client_a, scam_kit):
    comment = "12 participants le 12/03/2024, 2 h 30 : parfait."
    assert client_a.post(f"/kits/{scam_kit.pk}/", {"rating": "5", "comment": comment}).status_code == 302
    assert "name nobody" not in page_text(client_a.get(f"/kits/{scam_kit.pk}/"))


class TestIsolation:
    @pytest.fixture
    def feedback_a(self, scam_kit, structure_a, referent_a):
        return kit_feedback_create(
            kit=scam_kit, structure=structure_a, author=referent_a, rating=2, comment="Commentaire d'Alpha"
        )

    def test_another_structure_does_not_see_the_comment(self, client_b, feedback_a, scam_kit):
        text = page_text(client_b.get(f"/kits/{scam_kit.pk}/"))
        assert "Commentaire d'Alpha" not in text
        assert feedback_a.author.last_name not in text

    def test_another_structure_cannot_change_it(self, client_b, feedback_a):
        url = f"/kits/avis/{feedback_a.pk}/modifier/"
        assert client_b.get(url).status_code == 404
        assert client_b.post(url, {"rating": "5", "comment": "Piraté"}).status_code == 404
        feedback_a.refresh_from_db()
        assert (feedback_a.rating, feedback_a.comment) == (2, "Commentaire d'Alpha")

    def test_its_author_can_change_it(self, client_a, feedback_a):
        response = client_a.post(f"/kits/avis/{feedback_a.pk}/modifier/", {"rating": "5", "comment": "Mieux"})
        assert response.status_code == 302
        feedback_a.refresh_from_db()
        assert (feedback_a.rating, feedback_a.comment) == (5, "Mieux")

    def test_another_referent_of_the_same_structure_cannot(self, structure_a, feedback_a):
        from tests.conftest import make_member

        colleague = make_member(structure_a)
        response = host_client(structure_a.host, colleague).post(
            f"/kits/avis/{feedback_a.pk}/modifier/", {"rating": "5", "comment": "x"}
        )
        assert response.status_code == 403

    def test_the_service_itself_refuses_another_referent_and_lets_a_manager(self, structure_a, feedback_a,
                                                                             manager_a):  # fmt: skip
        from django.core.exceptions import PermissionDenied

        from cms.policies import CHANGE_FEEDBACK
        from cms.services import kit_feedback_update
        from tests.conftest import make_member

        colleague = make_member(structure_a)
        with pytest.raises(PermissionDenied) as refused:
            kit_feedback_update(feedback=feedback_a, structure=structure_a, by=colleague, rating=5)
        assert str(refused.value) == str(CHANGE_FEEDBACK)
        kit_feedback_update(feedback=feedback_a, structure=structure_a, by=manager_a, rating=4, comment="Vu")
        feedback_a.refresh_from_db()
        assert feedback_a.rating == 4

    def test_trainers_see_comments_without_names(self, trainer, feedback_a, scam_kit):
        text = page_text(host_client("localhost", trainer).get(url_of(scam_kit)))
        assert "Utilisation dans le réseau" in text
        assert "Commentaire d'Alpha" in text
        assert feedback_a.author.last_name not in text
        assert feedback_a.author.email not in text
        assert "CCAS d'Alpha" not in text


def test_trainers_see_usage_across_the_network(trainer, scam_kit, tablet_kit, kit_index, structure_a, structure_b):
    from figures.models import ActivityFact

    for number, structure in enumerate([structure_a, structure_a, structure_b]):
        ActivityFact.objects.create(
            structure=structure,
            activity_id=900 + number,
            kind="workshop",
            date=datetime.date(2023, 3, 1),
            duration_minutes=90,
            kit_id=tablet_kit.pk,
        )
    client = host_client("localhost", trainer)
    text = page_text(client.get(url_of(tablet_kit)))
    assert '<span class="stat-value">3</span>' in text
    assert '<span class="stat-value">2</span>' in text
    listing = page_text(client.get(url_of(kit_index), {"sort": "use"}))
    assert listing.index("Premiers pas sur la tablette") < listing.index("Déjouer les arnaques en ligne")
    assert "Utilisé 3 fois" in listing


def test_structure_kit_list(client_a, scam_kit, tablet_kit, kit_index, django_assert_max_num_queries):
    for number in range(4):
        make_kit(kit_index, title=f"Kit supplémentaire {number}", slug=f"kit-sup-{number}")
    with django_assert_max_num_queries(12):
        response = client_a.get("/kits/")
    text = page_text(response)
    assert response.status_code == 200
    assert f'href="/kits/{scam_kit.pk}/"' in text
    assert text.count("kit-card") == 6
    text = page_text(client_a.get("/kits/", {"q": "arnaques"}))
    assert "Déjouer les arnaques en ligne" in text and "Premiers pas sur la tablette" not in text


def test_structure_kit_detail_and_print(client_a, scam_kit):
    text = page_text(client_a.get(f"/kits/{scam_kit.pk}/"))
    assert "Vérifier sans cliquer" in text and "Noter ce kit après votre atelier" in text
    response = client_a.get(f"/kits/{scam_kit.pk}/imprimer/")
    assert response.status_code == 200
    assert "site-header" not in page_text(response)


def test_unpublished_kit_is_not_shown_to_structures(client_a, kit_index):
    draft = make_kit(kit_index, title="Brouillon", publish=False)
    assert client_a.get(f"/kits/{draft.pk}/").status_code == 404


def test_a_referent_goes_from_a_kit_to_a_prefilled_session_log(client_a, scam_kit):
    page = client_a.get(f"/kits/{scam_kit.pk}/")
    link = f"/activities/new/?kit={scam_kit.pk}"
    assert link in page.content.decode()
    form = client_a.get(link)
    assert form.status_code == 200
    assert form.context["form"].initial["kit_id"] == scam_kit.pk
    assert set(form.context["form"].initial["themes"]) == {"securite_numerique", "email"}
    # An unknown kit is simply ignored.
    assert "kit_id" not in client_a.get("/activities/new/?kit=999999").context["form"].initial
