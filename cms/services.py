"""Writes of the cms app: kit feedback, editors' groups, the kits' publication workflow."""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cms.models import KitFeedback, KitIndexPage, KitPage
from cms.policies import CHANGE_FEEDBACK, can_change_kit_feedback
from cms.validators import validate_anonymous_text

COORDINATORS_GROUP = "Coordination"
TRAINERS_GROUP = "Formateurs"
KIT_WORKFLOW = "Validation des kits"


def _validate_feedback(rating, comment: str) -> tuple[int, str]:
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not KitFeedback.RATING_MIN <= rating <= KitFeedback.RATING_MAX:
        raise ValidationError({"rating": _("The rating must be a whole number between 1 and 5.")})
    comment = (comment or "").strip()
    if len(comment) > 2000:
        raise ValidationError({"comment": _("The comment must not exceed 2,000 characters.")})
    try:
        validate_anonymous_text(comment)
    except ValidationError as error:
        raise ValidationError({"comment": error.messages}) from error
    return rating, comment


def kit_feedback_create(*, kit: KitPage, structure, author, rating: int, comment: str = "") -> KitFeedback:
    """A structure rates a published kit (1 to 5) after a workshop."""
    if not kit.live:
        raise ValidationError(_("This kit is not published."))
    rating, comment = _validate_feedback(rating, comment)
    return KitFeedback.objects.create(kit=kit, structure=structure, author=author, rating=rating, comment=comment)


def kit_feedback_update(*, feedback: KitFeedback, structure, by, rating: int, comment: str = "") -> KitFeedback:
    """Only the structure that wrote a feedback may change it: its author or its manager."""
    if feedback.structure_id != structure.pk:
        raise PermissionDenied(_("This feedback belongs to another structure."))
    if not can_change_kit_feedback(user=by, structure=structure, feedback=feedback):
        raise PermissionDenied(CHANGE_FEEDBACK)
    rating, comment = _validate_feedback(rating, comment)
    feedback.rating, feedback.comment = rating, comment
    feedback.save(update_fields=["rating", "comment", "updated_at"])
    return feedback


def cms_editor_groups_sync(*, user) -> None:
    """Keep a user's Wagtail groups in line with their network role (trainer or coordinator)."""
    wanted = {"coordinator": COORDINATORS_GROUP, "trainer": TRAINERS_GROUP}.get(user.network_role)
    managed = Group.objects.filter(name__in=[COORDINATORS_GROUP, TRAINERS_GROUP])
    current = {group.name: group for group in user.groups.filter(pk__in=managed)}
    if set(current) == ({wanted} if wanted else set()):
        return
    with transaction.atomic():
        user.groups.remove(*[group for name, group in current.items() if name != wanted])
        if wanted and wanted not in current:
            user.groups.add(*managed.filter(name=wanted))


def kit_workflow_assign(*, index: KitIndexPage) -> None:
    """Kits under this index are published only once a coordinator approves them."""
    from wagtail.models import Workflow, WorkflowPage

    workflow = Workflow.objects.filter(name=KIT_WORKFLOW, active=True).first()
    if workflow is not None:
        WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
