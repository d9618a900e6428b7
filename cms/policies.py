"""Who may do what to the kits' records (one function and one French message per rule)."""

from django.utils.translation import gettext_lazy as _

from tenants.policies import is_structure_manager, membership_of

CHANGE_FEEDBACK = _("Only its author or a manager may change this feedback.")


def can_change_kit_feedback(*, user, structure, feedback) -> bool:
    """A feedback is changed by the structure that wrote it: its author, or one of its managers."""
    if user is None:
        return True
    if feedback.structure_id != structure.pk:
        return False
    if feedback.author_id == user.pk:
        return True
    return is_structure_manager(user=user, membership=membership_of(user, structure))
