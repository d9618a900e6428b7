import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import set_urlconf
from wagtail.models import Page

from cms.enums import Audience
from cms.models import HomePage, KitIndexPage, KitPage, TrainingPage
from figures.enums import Equipment, Level, Theme
from tests.cms.conftest import make_kit, url_of
from tests.conftest import page_text


class TestPageRules:
    def test_kits_live_under_the_kit_index_only(self, home, kit_index):
        assert KitPage.can_exist_under(kit_index)
        assert not KitPage.can_exist_under(home)
        assert not KitPage.can_exist_under(Page.get_first_root_node())

    def test_kit_index_and_trainings_live_under_the_home_page(self, home, kit_index):
        assert KitIndexPage.can_exist_under(home)
        assert TrainingPage.can_exist_under(home)
        assert not TrainingPage.can_exist_under(kit_index)
        assert not KitIndexPage.can_exist_under(kit_index)
        assert HomePage.allowed_subpage_models() == [KitIndexPage, TrainingPage]

    def test_a_kit_has_no_child_pages(self, scam_kit):
        assert KitPage.allowed_subpage_models() == []


class TestKitPage:
    def test_published_kit_shows_its_steps_and_practical_details(self, network_client, scam_kit):
        response = network_client.get(url_of(scam_kit))
        assert response.status_code == 200
        text = page_text(response)
        assert "Déjouer les arnaques en ligne" in text
        assert "Étape 1 :" in text and "Le jeu du vrai ou faux" in text
        assert "Conseils d'animation" in text
        assert "Sécurité numérique" in text and "Débutant" in text and "1 h 30" in text

    def test_printable_version_is_a_clean_sheet(self, network_client, scam_kit):
        response = network_client.get(url_of(scam_kit) + "imprimer/")
        assert response.status_code == 200
        text = page_text(response)
        assert "Vérifier sans cliquer" in text
        assert "kits.css" in text
        assert "site-header" not in text and "nav-list" not in text

    def test_anonymous_visitors_do_not_see_network_usage(self, network_client, scam_kit):
        assert "Utilisation dans le réseau" not in page_text(network_client.get(url_of(scam_kit)))

    def test_home_page_lists_kits_and_trainings(self, home, kit_index, scam_kit):
        training = TrainingPage(
            title="Former aux compétences numériques de base", slug="former", summary="Jour 2", objectives="<p>x</p>"
        )
        home.add_child(instance=training)
        request = RequestFactory().get("/", HTTP_HOST="localhost")
        request.user = AnonymousUser()
        set_urlconf("config.urls_public")
        try:
            response = home.serve(request)
            response.render()
        finally:
            set_urlconf(None)
        text = page_text(response)
        assert "Déjouer les arnaques en ligne" in text
        assert "Former aux compétences numériques de base" in text


class TestSearchAndFilters:
    @pytest.mark.parametrize("query", ["securite", "Sécurité numérique", "SECURITE numerique", "arnaques", "arnaque"])
    def test_french_search_with_or_without_accents(self, network_client, kit_index, scam_kit, tablet_kit, query):
        response = network_client.get(url_of(kit_index), {"q": query})
        text = page_text(response)
        assert "Déjouer les arnaques en ligne" in text
        assert "Premiers pas sur la tablette" not in text

    def test_search_understands_french_plurals(self, kit_index, scam_kit, tablet_kit):
        assert [kit.pk for kit in KitPage.objects.matching(q="tablettes")] == [tablet_kit.pk]

    @pytest.mark.parametrize(
        ("filters", "expected"),
        [
            ({"theme": Theme.SECURITY}, "scam"),
            ({"theme": Theme.DEVICE_HANDLING}, "tablet"),
            ({"level": Level.INTERMEDIATE}, "tablet"),
            ({"audience": Audience.SENIORS}, "scam"),
            ({"duration": "moyen"}, "scam"),
            ({"duration": "long"}, "tablet"),
            ({"equipment": Equipment.TABLET}, "tablet"),
            ({"equipment": Equipment.PHONE, "q": "arnaques"}, "scam"),
        ],
    )
    def test_filters(self, network_client, kit_index, scam_kit, tablet_kit, filters, expected):
        text = page_text(network_client.get(url_of(kit_index), filters))
        shown = {"scam": "Déjouer les arnaques en ligne" in text, "tablet": "Premiers pas sur la tablette" in text}
        assert shown == {"scam": expected == "scam", "tablet": expected == "tablet"}

    def test_filters_combine_with_search_to_nothing(self, network_client, kit_index, scam_kit, tablet_kit):
        text = page_text(network_client.get(url_of(kit_index), {"q": "arnaques", "equipment": Equipment.TABLET}))
        assert "Aucun kit ne correspond à ces critères." in text

    def test_unpublished_kits_are_not_listed(self, network_client, kit_index, scam_kit):
        make_kit(kit_index, title="Brouillon secret", publish=False)
        assert "Brouillon secret" not in page_text(network_client.get(url_of(kit_index)))
        assert [kit.pk for kit in KitPage.objects.matching(q="brouillon secret")] == []

    def test_kit_index_query_count_does_not_grow_with_kits(
        self, network_client, kit_index, scam_kit, tablet_kit, django_assert_max_num_queries
    ):
        for number in range(5):
            make_kit(kit_index, title=f"Kit numéro {number}", slug=f"kit-{number}")
        # django-tenants sets the search_path before each query: 13 queries at most, whatever the number of kits.
        with django_assert_max_num_queries(26):
            response = network_client.get(url_of(kit_index), {"sort": "use"})
        assert page_text(response).count("kit-card") == 7
