"""A kit's life: a trainer writes it in the kit editor and submits it, a coordinator approves it,
a referent finds it from their structure's site by searching "arnaques" and rates it."""

import json
import uuid

from playwright.sync_api import expect

from cms.demo import home_ensure, kit_index_ensure
from cms.models import KitPage
from figures.enums import Equipment, Level, Theme
from figures.models import ActivityFact
from tests.browser.conftest import live_member, login
from tests.factories import UserFactory


def _draft_kit(index, owner, unique) -> KitPage:
    steps = [
        {
            "type": "step",
            "value": {
                "title": "Le jeu du vrai ou faux",
                "duration": 30,
                "instructions": "<p>Classer huit messages.</p>",
                "materials": [],
                "tips": "",
            },
        }
    ]
    kit = KitPage(
        title=f"Brouillon {unique}",
        slug=f"brouillon-{unique}",
        summary="À compléter.",
        objectives="<p>Reconnaître un message frauduleux.</p>",
        themes=[Theme.SECURITY],
        level=Level.BEGINNER,
        equipment=[Equipment.PHONE],
        steps=json.dumps(steps),
        owner=owner,
        live=False,
    )
    index.add_child(instance=kit)
    kit.save_revision(user=owner)
    return kit


def test_trainer_writes_coordinator_approves_referent_finds_and_rates(
    browser, live_server_port, committed, live_structure
):
    unique = uuid.uuid4().hex[:8]
    network = f"http://localhost:{live_server_port}"
    index = kit_index_ensure(home_ensure())
    trainer = UserFactory(email=f"formatrice-{unique}@exemple.fr", network_role="trainer")
    coordinator = UserFactory(email=f"coordination-{unique}@exemple.fr", network_role="coordinator")
    referent = live_member(live_structure)
    kit = _draft_kit(index, trainer, unique)
    title = f"Déjouer les arnaques en ligne {unique}"

    # The trainer reaches the kit in the editor and submits it to the coordinators.
    # (The live server of tests/browser/conftest.py does not serve static files, so Wagtail's
    # admin has no JavaScript there: the edit and the workflow actions go through Wagtail's API.)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    login(page, f"{network}/accounts/login/", trainer.email)
    assert page.goto(f"{network}/cms-admin/pages/{kit.pk}/edit/").status == 200
    context.close()
    kit.title = title
    kit.summary = "Reconnaître les arnaques : faux SMS, faux colis, faux conseiller bancaire."
    kit.save_revision(user=trainer)
    kit.get_workflow().start(kit, trainer)
    kit.refresh_from_db()
    assert not kit.live and kit.workflow_in_progress

    # Not public before approval.
    anonymous = browser.new_context().new_page()
    assert anonymous.goto(f"{network}/kits/brouillon-{unique}/").status == 404

    # A coordinator (who may open the editor) approves it.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    page = context.new_page()
    login(page, f"{network}/accounts/login/", coordinator.email)
    assert page.goto(f"{network}/cms-admin/pages/{kit.pk}/edit/").status == 200
    context.close()
    state = kit.current_workflow_task_state
    state.task.specific.on_action(state, coordinator, "approve")
    kit.refresh_from_db()
    assert kit.live
    assert anonymous.goto(f"{network}/kits/brouillon-{unique}/").status == 200

    # A referent finds it from the structure's site by searching "arnaques", and rates it.
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="fr-FR", is_mobile=True)
    phone = context.new_page()
    base = f"http://{live_structure.host}:{live_server_port}"
    login(phone, f"{base}/accounts/login/?next=/kits/", referent.email)
    phone.goto(f"{base}/kits/")
    phone.get_by_label("Rechercher un kit").fill("arnaques")
    phone.get_by_role("button", name="Rechercher").click()
    phone.get_by_role("link", name=title).click()
    expect(phone.locator("h1")).to_have_text(title)
    phone.get_by_text("4", exact=True).click()
    phone.get_by_label("Commentaire").fill(f"Atelier réussi {unique}")
    phone.get_by_role("button", name="Envoyer mon avis").click()
    expect(phone.locator(".messages")).to_contain_text("Merci")
    expect(phone.locator(".kit-comments")).to_contain_text(f"Atelier réussi {unique}")

    # Then logs the workshop that used it.
    phone.goto(f"{base}/activities/new/")
    phone.check("input[name=themes][value=securite_numerique]")
    phone.select_option("select[name=kit_id]", label=title)
    phone.fill("input[name=anonymous_total]", "4")
    phone.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(phone.locator(".message-success")).to_contain_text("Séance enregistrée")
    assert ActivityFact.objects.filter(structure=live_structure, kit_id=kit.pk).count() == 1
    context.close()
    anonymous.context.close()
