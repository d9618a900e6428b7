"""Who reaches the Wagtail admin: the network's trainers and coordinators (and superusers)."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from tenants.access import is_network_host, user_needs_mfa


def require_network_editor(view):
    """Refuse the Wagtail admin to signed-in people without a network role; sync their groups.

    Anonymous visitors go through, so that Wagtail's own login redirect still works.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_network_host(request):
            raise PermissionDenied(_("The kit editor belongs to the network site."))
        user = request.user
        if user.is_authenticated:
            from cms.services import cms_editor_groups_sync

            cms_editor_groups_sync(user=user)
            if not user.has_network_role:
                raise PermissionDenied(_("The kit editor is reserved for the network's trainers and coordinators."))
            if user_needs_mfa(user):
                return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapper
