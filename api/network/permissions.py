"""Who may read what on the network host: the same rules as the network's pages."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from tenants.access import is_network_host, user_needs_mfa
from tenants.enums import NetworkRole


class NetworkRolePermission(BasePermission):
    """People with one of ``roles`` (superusers always), on the network host, with TOTP where required."""

    roles: tuple[str, ...] = (NetworkRole.COORDINATOR,)
    message = _("This is reserved for the network's coordination team.")

    def has_permission(self, request, view):
        user = request.user
        if not is_network_host(request) or not user.is_authenticated:
            return False
        if not (user.is_superuser or user.network_role in self.roles):
            return False
        if user_needs_mfa(user):
            self.message = _("Set up two-factor authentication to reach the network's data.")
            return False
        return True


class IsCoordinator(NetworkRolePermission):
    roles = (NetworkRole.COORDINATOR,)


class IsCoordinatorOrTrainer(NetworkRolePermission):
    roles = (NetworkRole.COORDINATOR, NetworkRole.TRAINER)
    message = _("This is reserved for the network's coordinators and trainers.")
