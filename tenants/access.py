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


def mfa_required(user) -> bool:
    """With NETWORK_REQUIRE_MFA (production), network roles and staff or superusers need TOTP."""
    if not settings.NETWORK_REQUIRE_MFA or not user.is_authenticated:
        return False
    return bool(user.has_network_role or user.is_staff or user.is_superuser)


def has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def user_needs_mfa(user) -> bool:
    """The account must enrol TOTP before reaching anything but its account pages."""
    return mfa_required(user) and not has_totp(user)


# [user id, has TOTP], computed at sign-in (tenants.signals) so that pages pay no query for it.
TOTP_SESSION_KEY = "login_policy_totp"


def session_has_totp(request, refresh: bool = False) -> bool:
    user = request.user
    stored = request.session.get(TOTP_SESSION_KEY)
    if refresh or not isinstance(stored, list) or stored[0] != user.pk:
        stored = [user.pk, has_totp(user)]
        request.session[TOTP_SESSION_KEY] = stored
    return stored[1]


def session_passed_mfa(request) -> bool:
    """This session's sign-in went through allauth's second factor (or enrolled it)."""
    from allauth.account.internal.flows.login import get_authentication_records

    return any(record.get("method") == "mfa" for record in get_authentication_records(request, request.user))


def login_verdict(request) -> str | None:
    """The one login policy, applied to every door (pages, Wagtail, Django admin, API sessions).

    ``"untrusted"``: the account has TOTP but this session skipped it (a login that did not go
    through allauth); the session must be dropped. ``"enrol"``: the account must set up TOTP
    first. ``None``: the session may go on.
    """
    user = request.user
    if not user.is_authenticated:
        return None
    if session_has_totp(request):
        return None if session_passed_mfa(request) else "untrusted"
    if mfa_required(user):
        # Enrolled since this session noted it (another session)? Then the code is still owed.
        return "untrusted" if session_has_totp(request, refresh=True) else "enrol"
    return None


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
