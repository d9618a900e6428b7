from django.test import RequestFactory

from cms.services import KIT_WORKFLOW, cms_editor_groups_sync
from tests.cms.conftest import make_kit, url_of


def _approve(kit, user):
    state = kit.current_workflow_task_state
    state.task.specific.on_action(state, user, "approve")


def test_kits_go_through_the_coordinators_approval(network_client, kit_index, trainer, coordinator):
    cms_editor_groups_sync(user=trainer)
    cms_editor_groups_sync(user=coordinator)
    kit = make_kit(kit_index, title="Kit en attente", publish=False)
    assert kit.get_workflow().name == KIT_WORKFLOW

    kit.get_workflow().start(kit, trainer)
    kit.refresh_from_db()
    assert kit.workflow_in_progress
    assert not kit.live
    assert network_client.get(url_of(kit)).status_code == 404

    task = kit.current_workflow_task
    assert task.specific.get_actions(kit, trainer) == []
    assert "approve" in [name for name, *_ in task.specific.get_actions(kit, coordinator)]

    _approve(kit, coordinator)
    kit.refresh_from_db()
    assert kit.live
    assert network_client.get(url_of(kit)).status_code == 200


def test_trainers_cannot_publish_coordinators_can(kit_index, trainer, coordinator):
    cms_editor_groups_sync(user=trainer)
    cms_editor_groups_sync(user=coordinator)
    kit = make_kit(kit_index, title="Kit brouillon", publish=False)
    assert kit.permissions_for_user(trainer).can_edit()
    assert not kit.permissions_for_user(trainer).can_publish()
    assert kit.permissions_for_user(coordinator).can_publish()
    assert kit_index.permissions_for_user(trainer).can_add_subpage()


def test_a_kit_index_created_in_the_editor_gets_the_workflow(home, trainer):
    from wagtail import hooks

    from cms.models import KitIndexPage

    index = home.add_child(instance=KitIndexPage(title="Autres kits", slug="autres-kits"))
    assert index.get_workflow() is None or index.get_workflow().name != KIT_WORKFLOW
    for hook in hooks.get_hooks("after_create_page"):
        hook(RequestFactory().get("/"), index)
    assert index.get_workflow().name == KIT_WORKFLOW
