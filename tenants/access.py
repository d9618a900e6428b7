"""Who may see what: structure membership on a structure's host, network roles on the network host."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name

from tenants.enums import MembershipRole


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
        if not (user.is_superuser or user.network_role in self.network_roles):
            raise PermissionDenied(_("This page is reserved for the network's coordination team."))
        if user_needs_mfa(user):
            messages.warning(request, _("Set up two-factor authentication to reach the network's data."))
            return redirect("mfa_activate_totp")
        return super().dispatch(request, *args, **kwargs)


class StructureRoleRequiredMixin(AccessMixin):
    """Structure pages limited to some roles (members are already checked by the middleware)."""

    structure_roles: tuple[str, ...] = (MembershipRole.MANAGER, MembershipRole.REFERENT)

    def dispatch(self, request, *args, **kwargs):
        if is_network_host(request):
            raise PermissionDenied(_("This page belongs to a structure's site."))
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not has_structure_role(request, *self.structure_roles):
            raise PermissionDenied(_("Your role in this structure does not give access to this page."))
        return super().dispatch(request, *args, **kwargs)


class ManagerRequiredMixin(StructureRoleRequiredMixin):
    structure_roles = (MembershipRole.MANAGER,)


def has_structure_role(request, *roles: str) -> bool:
    if request.user.is_authenticated and request.user.is_superuser:
        return True
    membership = getattr(request, "membership", None)
    return membership is not None and membership.role in roles
