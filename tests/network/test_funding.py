"""A programme's budget, funders and recorded indicators, targets on shares, and the funder report's sections,
from a coordinator's side (pages and exports)."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest

from network import services
from network.enums import Indicator
from network.models import Funding, Programme, RecordedIndicator
from tests.conftest import host_client, page_text
from training.services.activities import activity_create
from training.services.people import beneficiary_create


def plain(response) -> str:
    """The page's text without tags, its spaces (no-break ones of French numbers too) made plain."""
    return " ".join(re.sub(r"<[^>]+>", " ", page_text(response)).replace("\xa0", " ").replace("\u202f", " ").split())


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture
def accompanied(programme, structure_a, structure_b, today):
    """Both structures in the programme; 4 people accompanied at alpha (1 woman followed, 3 anonymous men)."""
    for s in (structure_a, structure_b):
        services.coaching_plan_create(programme=programme, structure=s, start=programme.start)
    person = beneficiary_create(structure=structure_a, label="AB", gender="feminin", birth_year=today.year - 40)
    activity_create(
        structure=structure_a, user=None, kind="workshop", date=today - datetime.timedelta(days=2),
        duration_minutes=90, beneficiaries=[person], anonymous_total=3, themes=["email"],
        anonymous_breakdown={"gender": {"masculin": 3}},
    )  # fmt: skip
    return programme


def detail(programme) -> str:
    return f"/reseau/programmes/{programme.pk}/"


class TestProgrammeForm:
    def test_budget_notes_and_age_bands(self, coordinator_client, programme):
        response = coordinator_client.post(
            f"/reseau/programmes/{programme.pk}/modifier/",
            {"name": programme.name, "territory": "Bagnolet", "start": programme.start, "end": programme.end,
             "budget": "259050", "report_notes": "51 personnes annoncées, 47 détaillées.", "age_bands_text": "25, 45",
             "competences": ["1.1"]},
        )  # fmt: skip
        assert response.status_code == 302, plain(response)
        programme.refresh_from_db()
        assert (programme.budget, programme.age_bands) == (Decimal("259050"), [25, 45])
        assert programme.report_notes.startswith("51 personnes")
        text = plain(coordinator_client.get(detail(programme)))
        assert "259 050 €" in text and "25, 45" in text and "51 personnes annoncées" in text
        assert "25, 45" in coordinator_client.get(f"/reseau/programmes/{programme.pk}/modifier/").content.decode()

    def test_bad_age_bands_and_a_budget_below_the_amounts_in_french(self, coordinator_client, programme):
        data = {"name": programme.name, "start": programme.start, "end": programme.end, "competences": ["1.1"]}
        url = f"/reseau/programmes/{programme.pk}/modifier/"
        response = coordinator_client.post(url, {**data, "age_bands_text": "45, 25"})
        assert response.status_code == 400
        assert "Les bornes des tranches d'âge sont croissantes" in plain(response)
        response = coordinator_client.post(url, {**data, "age_bands_text": "vingt"})
        assert "des nombres entiers séparés par des virgules" in plain(response)
        services.funding_create(programme=programme, funder="FSE", amount=Decimal("1000"))
        response = coordinator_client.post(url, {**data, "budget": "500"})
        assert response.status_code == 400
        assert "Le budget est inférieur aux montants des financeurs (1 000,00 €)" in plain(response)
        programme.refresh_from_db()
        assert programme.budget is None


class TestFundingSection:
    def test_add_edit_remove_funders_with_computed_shares_and_own_funds(self, coordinator_client, programme):
        services.programme_update(programme=programme, budget=Decimal("259050"))
        Funding.objects.filter(programme=programme).delete()
        for data in (
            {"funder": "Département de Seine-Saint-Denis", "kind": "departement", "amount": "129525", "share": ""},
            {"funder": "CCAS de Bagnolet", "kind": "fonds_propres", "amount": "80000", "share": ""},
        ):
            response = coordinator_client.post(detail(programme), {f"funding-{k}": v for k, v in data.items()})
            assert response.status_code == 302, plain(response)
        text = plain(coordinator_client.get(detail(programme)))
        assert "Département de Seine-Saint-Denis" in text
        assert "129 525 €" in text and "50 %" in text and "calculée à partir du montant" in text
        assert "Fonds propres de la structure" in text and "30,9 %" in text
        assert "Non couvert par les financeurs indiqués" in text and "49 525 €" in text
        ccas = Funding.objects.get(funder="CCAS de Bagnolet")
        url = f"/reseau/programmes/{programme.pk}/financements/{ccas.pk}/"
        assert 'value="CCAS de Bagnolet"' in page_text(coordinator_client.get(url))
        response = coordinator_client.post(
            url, {"funder": "CCAS de Bagnolet", "kind": "fonds_propres", "amount": "129525", "share": "50"}
        )
        assert response.status_code == 302
        ccas.refresh_from_db()
        assert (ccas.amount, ccas.share) == (Decimal("129525"), Decimal("50"))
        rows = csv_rows(coordinator_client.get(detail(programme), {"table": "funding", "format": "csv"}))
        assert rows[0] == ["Financeur", "Type de financeur", "Montant (€)", "Part (%)", "Part calculée (%)"]
        assert rows[1][:2] == ["Département de Seine-Saint-Denis", "Département"] and rows[-1][0] == "Budget"
        assert coordinator_client.get(detail(programme), {"table": "funding", "format": "xlsx"}).status_code == 200
        response = coordinator_client.post(detail(programme), {"delete_funding": ccas.pk})
        assert response.status_code == 302
        assert list(programme.fundings.values_list("funder", flat=True)) == ["Département de Seine-Saint-Denis"]

    def test_amounts_beyond_the_budget_and_negative_amounts_refused_in_french(self, coordinator_client, programme):
        services.programme_update(programme=programme, budget=Decimal("1000"))
        response = coordinator_client.post(detail(programme), {"funding-funder": "FSE", "funding-kind": "fse",
                                                               "funding-amount": "1500"})  # fmt: skip
        assert response.status_code == 400
        text = plain(response)
        assert "Les montants des financeurs (1 500,00 €) dépassent le budget du programme (1 000,00 €)." in text
        response = coordinator_client.post(detail(programme), {"funding-funder": "FSE", "funding-kind": "fse",
                                                               "funding-amount": "-5"})  # fmt: skip
        assert "Un montant ne peut pas être négatif." in plain(response)
        assert list(programme.fundings.values_list("funder", flat=True)) == ["Métropole"]

    def test_funders_of_another_programme_are_not_reachable(self, coordinator_client, programme, today):
        other = services.programme_create(name="Autre", start=today, end=today, funders=[{"funder": "X"}])
        funding = other.fundings.get()
        url = f"/reseau/programmes/{programme.pk}/financements/{funding.pk}/"
        assert coordinator_client.get(url).status_code == 404
        assert coordinator_client.post(detail(programme), {"delete_funding": funding.pk}).status_code == 404
        assert Funding.objects.filter(pk=funding.pk).exists()

    def test_the_programme_list_shows_the_funders(self, coordinator_client, programme):
        assert "Métropole (50 %)" in plain(coordinator_client.get("/reseau/programmes/"))


class TestRecordedIndicators:
    def url(self, programme):
        return f"/reseau/programmes/{programme.pk}/indicateurs/"

    def test_record_list_edit_export_and_remove(self, coordinator_client, accompanied, structure_a, today):
        day = today - datetime.timedelta(days=3)
        for data in (
            {"label": "Courriers d'invitation envoyés", "value": "15000", "unit": "courriers", "date": day,
             "source": "service RSA", "target": ""},
            {"label": "Connexions à la plateforme e-learning", "value": "1200", "date": day,
             "source": "export de la plateforme", "target": "1500", "structure": structure_a.pk},
        ):  # fmt: skip
            response = coordinator_client.post(self.url(accompanied), data)
            assert response.status_code == 302, plain(response)
        text = plain(coordinator_client.get(self.url(accompanied)))
        assert "Courriers d'invitation envoyés" in text and "15 000" in text and "service RSA" in text
        rows = csv_rows(coordinator_client.get(self.url(accompanied), {"format": "csv"}))
        assert rows[0] == ["Indicateur", "Valeur", "Unité", "À la date du", "Source", "Objectif", "Structure"]
        assert {r[0]: r[-1] for r in rows[1:]} == {
            "Courriers d'invitation envoyés": "Tout le programme",
            "Connexions à la plateforme e-learning": "CCAS d'Alpha",
        }
        assert coordinator_client.get(self.url(accompanied), {"format": "xlsx"}).status_code == 200
        letters = accompanied.recorded_indicators.get(label__startswith="Courriers")
        edit = f"{self.url(accompanied)}{letters.pk}/"
        response = coordinator_client.post(edit, {"label": letters.label, "value": "15500", "date": day,
                                                  "source": "service RSA du Département"})  # fmt: skip
        assert response.status_code == 302
        letters.refresh_from_db()
        assert (letters.value, letters.source) == (Decimal("15500"), "service RSA du Département")
        response = coordinator_client.post(edit, {"label": letters.label, "value": "1", "date": day, "source": " "})
        assert response.status_code == 400 and "Indiquez la source de ce chiffre" in plain(response)
        assert coordinator_client.post(self.url(accompanied), {"delete": letters.pk}).status_code == 302
        assert not RecordedIndicator.objects.filter(pk=letters.pk).exists()

    def test_a_date_out_of_reason_refused_in_french(self, coordinator_client, programme, today):
        data = {"label": "Courriers", "value": "10", "source": "service RSA"}
        response = coordinator_client.post(self.url(programme), {**data, "date": today + datetime.timedelta(days=3)})
        assert response.status_code == 400
        assert "Un chiffre se saisit à une date déjà passée." in plain(response)
        response = coordinator_client.post(self.url(programme), {**data, "date": "2001-01-01"})
        assert "à moins d'un an de la période du programme" in plain(response)
        assert not programme.recorded_indicators.exists()


class TestShareTargets:
    def test_a_share_target_is_a_percent_not_prorated(self, coordinator_client, accompanied, structure_a):
        # Women: 1 of the 4 people whose gender is known, 25 %.
        services.target_set(programme=accompanied, indicator=Indicator.WOMEN_SHARE, value=20)
        services.target_set(programme=accompanied, structure=structure_a, indicator=Indicator.WOMEN_SHARE, value=50)
        services.target_set(programme=accompanied, indicator=Indicator.PEOPLE, value=8)
        url = f"/reseau/programmes/{accompanied.pk}/objectifs/"
        response = coordinator_client.get(url)
        rows = {(r["target"].structure_id, r["target"].indicator): r for r in response.context["rows"]}
        whole = rows[(None, Indicator.WOMEN_SHARE)]
        assert (whole["reached"], whole["on_track"], whole["percent"]) == (25, True, 125)
        alpha = rows[(structure_a.pk, Indicator.WOMEN_SHARE)]
        assert (alpha["reached"], alpha["on_track"], alpha["expected"]) == (25, False, 50)
        people = rows[(None, Indicator.PEOPLE)]
        assert (people["reached"], people["expected"]) == (4, 4)  # counts stay prorated: half elapsed
        text = plain(response)
        assert "Part de femmes" in text and "20 %" in text and "25 %" in text
        rows = csv_rows(coordinator_client.get(url, {"format": "csv"}))
        assert rows[0][-1] == "Unité"
        assert ["Tout le programme", "Part de femmes", "20", "25", "125", "oui", "%"] in rows
        assert ["Tout le programme", "Personnes accompagnées", "8", "4", "50", "oui", ""] in rows

    def test_a_share_target_over_100_refused_in_french(self, coordinator_client, programme):
        url = f"/reseau/programmes/{programme.pk}/objectifs/"
        response = coordinator_client.post(url, {"indicator": "completion_rate", "value": "150"})
        assert response.status_code == 400
        assert "L'objectif d'une part est un pourcentage entre 1 et 100." in plain(response)
        response = coordinator_client.post(url, {"indicator": "completion_rate", "value": "80"})
        assert response.status_code == 302
        assert programme.targets.get().value == 80


class TestReport:
    def report(self, client, programme, **params):
        return client.get(f"/reseau/programmes/{programme.pk}/bilan/", params)

    def test_sections_shown_only_with_something_to_show(self, coordinator_client, accompanied):
        text = plain(self.report(coordinator_client, accompanied))
        assert "Financeurs : Métropole (50 %)" in text
        for title in ("Budget du programme", "Coût par personne", "Objectifs du programme", "Autres indicateurs",
                      "Notes sur les chiffres"):  # fmt: skip
            assert title not in text, title
        rows = csv_rows(self.report(coordinator_client, accompanied, format="csv"))
        assert "Coût par personne accompagnée (€)" not in rows[0]

    def test_funding_targets_indicators_notes_and_cost_per_person(self, coordinator_client, accompanied, today):
        services.programme_update(
            programme=accompanied, budget=Decimal("1000"), report_notes="L'article annonce 51 personnes."
        )
        Funding.objects.filter(programme=accompanied).update(amount=Decimal("500"))
        services.funding_create(programme=accompanied, funder="CCAS", kind="fonds_propres", amount=Decimal("500"))
        services.target_set(programme=accompanied, indicator=Indicator.PEOPLE, value=5)
        services.target_set(programme=accompanied, indicator=Indicator.WOMEN_SHARE, value=50)
        services.recorded_indicator_create(
            programme=accompanied, label="Courriers d'invitation envoyés", value=Decimal("15000"),
            date=today - datetime.timedelta(days=1), source="service RSA",
        )  # fmt: skip
        text = plain(self.report(coordinator_client, accompanied))
        assert "Budget du programme : 1 000 €." in text
        assert "Métropole 500 € 50 %" in text and "Fonds propres de la structure 500 € 50 %" in text
        # 4 people accompanied for a budget of 1 000 €.
        assert "Coût par personne accompagnée : 250 € (4 personnes accompagnées)." in text
        assert "le budget du programme divisé par le nombre de personnes accompagnées" in text
        assert "Objectifs du programme" in text
        assert "Personnes accompagnées 4 5 80 % Non" in text
        assert "Part de femmes 25 % 50 % 50 % Non" in text
        assert "Courriers d'invitation envoyés : 15 000" in text and "source : service RSA" in text
        assert "Notes sur les chiffres" in text and "L'article annonce 51 personnes." in text
        rows = csv_rows(self.report(coordinator_client, accompanied, format="csv"))
        assert rows[0][-1] == "Coût par personne accompagnée (€)"
        assert rows[-1][0] == "Réseau" and rows[-1][-1] == "250,00"
        assert all(r[-1] == "" for r in rows[1:-1])


class TestWhoMayReachThem:
    PAGES = ("/reseau/programmes/{pk}/", "/reseau/programmes/{pk}/indicateurs/", "/reseau/programmes/{pk}/bilan/")

    def test_managers_referents_and_trainers_are_refused(self, programme, manager_a, referent_a, trainer):
        services.recorded_indicator_create(
            programme=programme, label="Courriers", value=Decimal("1"), date=programme.start, source="RSA"
        )
        funding = programme.fundings.get()
        for user in (manager_a, referent_a, trainer):
            client = host_client("localhost", user)
            for page in self.PAGES:
                assert client.get(page.format(pk=programme.pk)).status_code == 403, (user, page)
            assert client.post(detail(programme), {"delete_funding": funding.pk}).status_code == 403
            assert client.get(f"/reseau/programmes/{programme.pk}/financements/{funding.pk}/").status_code == 403
        assert Funding.objects.filter(pk=funding.pk).exists()

    def test_not_on_a_structure_host(self, programme, structure_a, coordinator):
        client = host_client(structure_a.host, coordinator)
        assert client.get(f"/reseau/programmes/{programme.pk}/indicateurs/").status_code in (403, 404)


def test_the_pilot_demo_funders_are_rows(db):
    from network import demo
    from tenants import demo as tenants_demo

    tenants_demo.seed()
    pilot = demo.seed()
    assert [(f.funder, f.kind, f.share) for f in pilot.fundings.all()] == [
        ("Emmaüs Connect", "prive", None),
        ("Métropole Européenne de Lille", "commune", None),
    ]
    assert Programme.objects.get(pk=pilot.pk).funders_display == "Emmaüs Connect, Métropole Européenne de Lille"
