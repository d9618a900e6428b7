"""Who may see what: structure membership on a structure's host, network roles on the network host."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

from tenants.enums import MembershipRole
from tenants.policies import (
    MANAGER_REQUIRED,
    MEMBER_REQUIRED,
    has_network_role,
    is_structure_manager,
    is_structure_member,
    network_role_message,
)


def is_network_host(request) -> bool:
    tenant = getattr(request, "tenant", None)
    return tenant is None or tenant.schema_name == get_public_schema_name()


def user_needs_mfa(user) -> bool:
    """With NETWORK_REQUIRE_MFA, people with a network role must have enrolled TOTP."""
    if not settings.NETWORK_REQUIRE_MFA or not user.is_authenticated or not user.has_network_role:
        return False
    from allauth.mfa.models import Authenticator

    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class NetworkRoleRequiredMixin(AccessMixin):
    """Network pages: coordinators (and, where listed, trainers) on the network host only."""

    network_roles: tuple[str, ...] = ("coordinator",)

    def dispatch(self, request, *args, **kwargs):
        if not is_network_host(request):
            raise PermissionDenied(_("This page belongs to the network site."))
        user = request.user
        if not user.is_authenticated:
            return self.handle_no_permission()
        if not has_network_role(user=user, roles=self.network_roles):
            raise PermissionDenied(network_role_message(self.network_roles))
        if user_needs_mfa(user):
            messages.warning(request, _("Set up two-factor authentication to reach the network's data."))
            return redirect("mfa_activate_totp")
        return super().dispatch(request, *args, **kwargs)


class StructureRoleRequiredMixin(AccessMixin):
    """Structure pages for its members; ``policy`` (from ``tenants.policies``) narrows who may come."""

    policy = staticmethod(is_structure_member)
    policy_message = MEMBER_REQUIRED

    def dispatch(self, request, *args, **kwargs):
        if is_network_host(request):
            raise PermissionDenied(_("This page belongs to a structure's site."))
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not self.policy(user=request.user, membership=getattr(request, "membership", None)):
            raise PermissionDenied(self.policy_message)
        return super().dispatch(request, *args, **kwargs)


class ManagerRequiredMixin(StructureRoleRequiredMixin):
    policy = staticmethod(is_structure_manager)
    policy_message = MANAGER_REQUIRED


def has_structure_role(request, *roles: str) -> bool:
    """Pages' and endpoints' shortcut to the policies: is the request's user a manager (or a member)?"""
    membership = getattr(request, "membership", None)
    if set(roles) == {MembershipRole.MANAGER}:
        return is_structure_manager(user=request.user, membership=membership)
    return is_structure_member(user=request.user, membership=membership)
