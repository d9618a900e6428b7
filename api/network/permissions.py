"""Who may read what on the network host: the same rules as the network's pages."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from tenants.access import is_network_host, user_needs_mfa
from tenants.enums import NetworkRole
from tenants.policies import COORDINATION_REQUIRED, NETWORK_STAFF_REQUIRED, has_network_role


class NetworkRolePermission(BasePermission):
    """People with one of ``roles`` (superusers always), on the network host, with TOTP where required."""

    roles: tuple[str, ...] = (NetworkRole.COORDINATOR,)
    message = COORDINATION_REQUIRED

    def has_permission(self, request, view):
        user = request.user
        if not is_network_host(request) or not user.is_authenticated:
            return False
        if not has_network_role(user=user, roles=self.roles):
            return False
        if user_needs_mfa(user):
            self.message = _("Set up two-factor authentication to reach the network's data.")
            return False
        return True


class IsCoordinator(NetworkRolePermission):
    roles = (NetworkRole.COORDINATOR,)


class IsCoordinatorOrTrainer(NetworkRolePermission):
    roles = (NetworkRole.COORDINATOR, NetworkRole.TRAINER)
    message = NETWORK_STAFF_REQUIRED
