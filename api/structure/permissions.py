"""Who may do what on a structure's host: the API asks the same policies as the pages and services."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from tenants.access import is_network_host
from tenants.policies import MANAGER_REQUIRED, MEMBER_REQUIRED, is_structure_manager, is_structure_member
from training.policies import CHANGE_ACTIVITY, can_change_activity


class IsStructureMember(BasePermission):
    """Any member (manager or referent) of the host's structure."""

    message = MEMBER_REQUIRED

    def has_permission(self, request, view):
        if is_network_host(request):
            return False
        return is_structure_member(user=request.user, membership=getattr(request, "membership", None))


class IsStructureManager(BasePermission):
    message = MANAGER_REQUIRED

    def has_permission(self, request, view):
        if is_network_host(request):
            return False
        return is_structure_manager(user=request.user, membership=getattr(request, "membership", None))


class ManagerWrites(BasePermission):
    """Members read; managers write."""

    message = MANAGER_REQUIRED

    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or IsStructureManager().has_permission(request, view)


class CanChangeActivity(BasePermission):
    """An activity is changed or deleted by its own referents and by the structure's managers."""

    message = CHANGE_ACTIVITY

    def has_object_permission(self, request, view, obj):
        if request.method in SAFE_METHODS:
            return True
        return can_change_activity(user=request.user, membership=getattr(request, "membership", None), activity=obj)
