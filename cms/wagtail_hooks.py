from wagtail import hooks

from cms.models import KitIndexPage
from cms.services import kit_workflow_assign


@hooks.register("after_create_page")
def assign_kit_workflow(request, page):
    """A kit index created in the editor gets the coordinators' approval workflow."""
    if isinstance(page.specific, KitIndexPage):
        kit_workflow_assign(index=page.specific)
