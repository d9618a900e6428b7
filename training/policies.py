"""Who may do what to which record of a structure's workspace: one function per rule, one message each.

Services enforce them (raising ``PermissionDenied`` with the rule's message); pages and API
permission classes call the same functions to hide or refuse early, never a rule of their own.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from tenants.policies import is_structure_manager, membership_of
from training.models import Activity

CHANGE_ACTIVITY = _("Only the session's referents and the managers can change it.")


def can_change_activity(*, user, membership, activity: Activity) -> bool:
    """An activity (a course session too) is changed or deleted by its own referents and the managers."""
    if is_structure_manager(user=user, membership=membership):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    # Asked by the door (to refuse early) and by the service (to enforce): answered once per loaded activity.
    answers = activity.__dict__.setdefault("_referent_users", {})
    if user.pk not in answers:
        answers[user.pk] = activity.referents.filter(user_id=user.pk).exists()
    return answers[user.pk]


def ensure_can_change_activity(*, user, structure, activity: Activity) -> None:
    if not can_change_activity(user=user, membership=membership_of(user, structure), activity=activity):
        raise PermissionDenied(CHANGE_ACTIVITY)
