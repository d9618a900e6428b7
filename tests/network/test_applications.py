import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context, schema_exists

from network import services
from network.enums import ApplicationStatus
from network.models import Application, CoachingPlan
from network.validators import validate_siret
from tenants.models import Invitation, Structure
from tests.conftest import host_client, page_text
from tests.network.conftest import application_data


class TestSiret:
    def test_valid_sirets_pass(self):
        validate_siret("73282932000074")
        validate_siret("732 829 320 00074")
        validate_siret("35600000000048")  # La Poste's rule

    @pytest.mark.parametrize("value", ["73282932000075", "1234", "2659021410001A"])
    def test_invalid_sirets_are_refused_in_french(self, value):
        with pytest.raises(ValidationError) as error:
            validate_siret(value)
        assert "SIRET" in error.value.messages[0]


class TestPublicForm:
    def test_anyone_can_apply_without_an_account(self, network_client, open_call):
        response = network_client.get(f"/appels/{open_call.pk}/")
        assert response.status_code == 200
        assert "Numéro SIRET" in page_text(response) or "SIRET" in page_text(response)
        response = network_client.post(f"/appels/{open_call.pk}/", application_data())
        assert response.status_code == 302
        application = Application.objects.get(call=open_call)
        assert application.status == ApplicationStatus.SUBMITTED
        assert application.publics == ["seniors"]

    def test_a_wrong_siret_gets_a_french_message(self, network_client, open_call):
        response = network_client.post(f"/appels/{open_call.pk}/", application_data(siret="73282932000075"))
        assert response.status_code == 400
        assert "n'est pas valide" in page_text(response)
        assert not Application.objects.filter(call=open_call).exists()

    def test_missing_fields_get_french_messages(self, network_client, open_call):
        response = network_client.post(f"/appels/{open_call.pk}/", {"structure_name": ""})
        assert response.status_code == 400
        assert "Ce champ est obligatoire" in page_text(response)

    def test_honeypot_blocks_robots(self, network_client, open_call):
        response = network_client.post(f"/appels/{open_call.pk}/", application_data(website="http://spam.example"))
        assert response.status_code == 400
        assert not Application.objects.filter(call=open_call).exists()

    def test_a_form_sent_too_fast_is_refused(self, network_client, open_call):
        from network.antispam import form_token

        response = network_client.post(f"/appels/{open_call.pk}/", application_data(started=form_token()))
        assert response.status_code == 400
        assert "quelques secondes" in page_text(response)
        response = network_client.post(f"/appels/{open_call.pk}/", application_data(started="forged"))
        assert response.status_code == 400
        assert not Application.objects.filter(call=open_call).exists()

    def test_floods_from_one_address_are_limited(self, network_client, open_call, settings):
        settings.NETWORK_FORM_RATE_LIMIT = (2, 3600)
        for i in range(2):
            data = application_data(structure_name=f"Structure {i}")
            assert network_client.post(f"/appels/{open_call.pk}/", data).status_code == 302
        response = network_client.post(f"/appels/{open_call.pk}/", application_data())
        assert response.status_code == 429
        assert "Trop de candidatures" in page_text(response)
        assert Application.objects.filter(call=open_call).count() == 2

    def test_a_closed_call_takes_no_application(self, network_client, open_call):
        services.call_update(call=open_call, opens=open_call.opens - datetime.timedelta(30), closes=open_call.opens)
        response = network_client.post(f"/appels/{open_call.pk}/", application_data())
        assert response.status_code == 400
        assert not Application.objects.filter(call=open_call).exists()


class TestReview:
    def test_referent_and_anonymous_cannot_review(self, network_client, referent_a, application):
        url = f"/reseau/appels/{application.call_id}/"
        assert network_client.get(url).status_code == 302
        assert host_client("localhost", referent_a).get(url).status_code == 403
        assert (
            host_client("localhost", referent_a)
            .post(f"/reseau/candidatures/{application.pk}/", {"action": "shortlist"})
            .status_code
            == 403
        )

    def test_funnel_and_list(self, coordinator_client, open_call, django_assert_max_num_queries):
        for i in range(4):
            data = application_data(structure_name=f"Structure {i}")
            data.pop("website")
            data.pop("started")
            services.application_submit(call=open_call, **data)
        applications = list(open_call.applications.order_by("pk"))
        services.application_shortlist(application=applications[0], by=None)
        services.application_reject(application=applications[1], by=None, message="Non", notify=False)
        with django_assert_max_num_queries(14):
            response = coordinator_client.get(f"/reseau/appels/{open_call.pk}/")
        assert response.status_code == 200
        assert open_call.applications.funnel() == {
            "received": 4, "shortlisted": 1, "selected": 0, "rejected": 1, "pending": 3,
        }  # fmt: skip
        text = page_text(response)
        assert "Structure 3" in text and "reçues" in text

    def test_export_of_applications(self, coordinator_client, application):
        for file_format in ("csv", "xlsx"):
            response = coordinator_client.get(
                f"/reseau/appels/{application.call_id}/?table=applications&format={file_format}"
            )
            assert response.status_code == 200
            assert response["Content-Disposition"].endswith(f'.{file_format}"')
        assert "CCAS de Testville" in response.content.decode("utf-8-sig") if file_format == "csv" else True

    def test_reject_sends_the_message(self, coordinator_client, application, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            response = coordinator_client.post(
                f"/reseau/candidatures/{application.pk}/", {"action": "reject", "message": "Pas cette fois-ci."}
            )
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.status == ApplicationStatus.REJECTED
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["claire.durand@exemple.fr"]
        assert "Pas cette fois-ci." in mail.outbox[0].body

    def test_reject_needs_a_message(self, coordinator_client, application):
        response = coordinator_client.post(f"/reseau/candidatures/{application.pk}/", {"action": "reject"})
        assert response.status_code == 400
        assert "Ce champ est obligatoire" in page_text(response)

    def test_select_provisions_the_structure_plans_and_invites(
        self, coordinator_client, application, programme, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks() as callbacks:
            response = coordinator_client.post(
                f"/reseau/candidatures/{application.pk}/", {"action": "select", "slug": "testville"}
            )
        assert response.status_code == 302
        assert not mail.outbox, "the invitation leaves only once the selection is committed"
        for callback in callbacks:
            callback()
        structure = Structure.objects.get(slug="testville")
        assert schema_exists(structure.schema_name)
        assert structure.siret == application.siret
        plan = CoachingPlan.objects.get(structure=structure, programme=programme)
        assert plan.milestones.count() == 7
        invitation = Invitation.objects.get(structure=structure)
        assert invitation.email == "claire.durand@exemple.fr" and invitation.role == "manager"
        assert any(invitation.token in m.body for m in mail.outbox)
        with schema_context(structure.schema_name):
            from training.models import Referent

            assert Referent.objects.count() == 0
        # A decided application cannot be decided again.
        response = coordinator_client.post(
            f"/reseau/candidatures/{application.pk}/", {"action": "reject", "message": "x"}
        )
        assert response.status_code == 400
        assert "déjà été décidée" in page_text(response)

    def test_select_with_a_taken_address_says_so(self, coordinator_client, application, structure_a):
        response = coordinator_client.post(
            f"/reseau/candidatures/{application.pk}/", {"action": "select", "slug": structure_a.slug}
        )
        assert response.status_code == 400
        assert "déjà utilisée" in page_text(response)
        application.refresh_from_db()
        assert application.status == ApplicationStatus.SUBMITTED
