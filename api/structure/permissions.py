"""Who may do what on a structure's host: the same rules as the structure's pages."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from tenants.access import has_structure_role, is_network_host
from tenants.enums import MembershipRole


class IsStructureMember(BasePermission):
    """Any member (manager or referent) of the host's structure."""

    message = _("Your account has no access to this structure.")

    def has_permission(self, request, view):
        if is_network_host(request) or not request.user.is_authenticated:
            return False
        return has_structure_role(request, MembershipRole.MANAGER, MembershipRole.REFERENT)


class IsStructureManager(BasePermission):
    message = _("Only the structure's managers can do this.")

    def has_permission(self, request, view):
        return not is_network_host(request) and has_structure_role(request, MembershipRole.MANAGER)


class ManagerWrites(BasePermission):
    """Members read; managers write."""

    message = IsStructureManager.message

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or IsStructureManager().has_permission(request, view)


class CanChangeActivity(BasePermission):
    """An activity is changed or deleted by its own referents and by the structure's managers."""

    message = _("Only the session's referents and the managers can change it.")

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS or has_structure_role(request, MembershipRole.MANAGER):
            return True
        return obj.referents.filter(user_id=request.user.pk).exists()
