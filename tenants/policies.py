"""Who may act in a structure: one function per rule, one French message per rule.

Every door (pages, API, imports, admin, commands) asks these functions; none has its own rule.
``user=None`` is the platform itself (a management command, the demo seed): it may do anything.
A superuser may do anything a manager may, on every door alike.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from tenants.enums import MembershipRole, NetworkRole
from tenants.models import Membership

MEMBER_REQUIRED = _("Your account has no access to this structure.")
MANAGER_REQUIRED = _("Only the structure's managers can do this.")

_CACHE = "_structure_memberships"


def remember_membership(user, structure, membership) -> None:
    """Doors that already loaded the membership (middleware, token authentication) hand it on."""
    if user is not None and structure is not None:
        cache = getattr(user, _CACHE, None)
        if cache is None:
            cache = {}
            setattr(user, _CACHE, cache)
        cache[structure.pk] = membership


def membership_of(user, structure) -> Membership | None:
    """The user's membership in the structure (None when they have none), loaded once per request."""
    if user is None or not getattr(user, "is_authenticated", False) or structure is None:
        return None
    cache = getattr(user, _CACHE, None) or {}
    if structure.pk not in cache:
        remember_membership(user, structure, Membership.objects.filter(user_id=user.pk, structure=structure).first())
        cache = getattr(user, _CACHE)
    return cache[structure.pk]


def is_structure_member(*, user, membership) -> bool:
    if user is None:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or (
        membership is not None and membership.role in (MembershipRole.MANAGER, MembershipRole.REFERENT)
    )


def is_structure_manager(*, user, membership) -> bool:
    if user is None:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or (membership is not None and membership.role == MembershipRole.MANAGER)


def ensure_structure_manager(*, user, structure) -> None:
    if not is_structure_manager(user=user, membership=membership_of(user, structure)):
        raise PermissionDenied(MANAGER_REQUIRED)


# On the network's host ------------------------------------------------------------------------

COORDINATION_REQUIRED = _("This is reserved for the network's coordination team.")
NETWORK_STAFF_REQUIRED = _("This is reserved for the network's coordinators and trainers.")


def has_network_role(*, user, roles) -> bool:
    """The network's pages and endpoints: people with one of ``roles``, superusers always."""
    if user is None:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return user.is_superuser or user.network_role in roles


def network_role_message(roles) -> str:
    return COORDINATION_REQUIRED if set(roles) == {NetworkRole.COORDINATOR} else NETWORK_STAFF_REQUIRED
