import datetime

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from network import services
from tenants.models import Invitation, Membership, Structure
from tests.browser.conftest import login
from tests.factories import UserFactory


def test_coordinator_selects_an_application_and_the_manager_joins(desktop, live_server_port, committed, unique):
    today = timezone.localdate()
    programme = services.programme_create(
        name=f"Programme {unique}", start=today - datetime.timedelta(30), end=today + datetime.timedelta(300)
    )
    call = services.call_create(
        programme=programme, title=f"Appel {unique}", opens=today - datetime.timedelta(3),
        closes=today + datetime.timedelta(3),
    )  # fmt: skip
    application = services.application_submit(
        call=call, structure_name=f"CCAS Sélection {unique}", kind="ccas", siret="73282932000074",
        address="1 place de la Mairie", postcode="59000", commune="Lille", contact_first_name="Claire",
        contact_last_name="Durand", contact_email=f"direction-{unique}@exemple.fr", motivation="Nos publics.",
        publics=["seniors"],
    )  # fmt: skip
    coordinator = UserFactory(email=f"coord-{unique}@exemple.fr", network_role="coordinator")
    network = f"http://localhost:{live_server_port}"
    login(desktop, f"{network}/accounts/login/", coordinator.email)

    desktop.goto(f"{network}/reseau/candidatures/{application.pk}/")
    desktop.fill("input[name=slug]", f"sel-{unique}")
    desktop.click("text=Retenir cette structure")
    expect(desktop.locator(".messages")).to_contain_text("est retenue")

    structure = Structure.objects.get(slug=f"sel-{unique}")
    invitation = Invitation.objects.get(structure=structure)
    assert invitation.role == "manager"
    assert any(invitation.token in message.body for message in mail.outbox)

    # The manager opens the invitation on the new structure's own site and creates an account.
    manager = desktop.context.browser.new_context(locale="fr-FR").new_page()
    base = f"http://{structure.host}:{live_server_port}"
    manager.goto(f"{base}/invitations/{invitation.token}/")
    expect(manager.locator("h1")).to_be_visible()
    manager.fill("input[name=first_name]", "Claire")
    manager.fill("input[name=last_name]", "Durand")
    manager.fill("input[name=password1]", "un-mot-de-passe-solide-2")
    manager.fill("input[name=password2]", "un-mot-de-passe-solide-2")
    manager.click("form button[type=submit]")
    manager.wait_for_load_state()
    assert Membership.objects.filter(structure=structure, user__email=invitation.email, role="manager").exists()
    manager.goto(f"{base}/")
    expect(manager.locator(".brand-structure")).to_have_text(structure.name)
    manager.context.close()
