from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from tenants.access import is_network_host
from tenants.models import Membership
from tenants.policies import MEMBER_REQUIRED, remember_membership

# Paths of a structure's host that anonymous visitors and non-members may reach.
OPEN_PREFIXES = ("/accounts/", "/invitations/", "/static/", "/media/", "/api/", "/i18n/", "/public/")


class StructureAccessMiddleware:
    """On a structure's host: anonymous visitors go to login, non-members get a 403 page.

    Sets ``request.membership`` (or None) for every request on a structure's host.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        if is_network_host(request):
            return self.get_response(request)
        user = request.user
        if user.is_authenticated:
            request.membership = (
                Membership.objects.filter(user=user, structure=request.tenant).select_related("structure").first()
            )
            remember_membership(user, request.tenant, request.membership)
        if request.path.startswith(OPEN_PREFIXES):
            return self.get_response(request)
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.membership is None and not user.is_superuser:
            return render(
                request,
                "tenants/no_access.html",
                {"message": MEMBER_REQUIRED},
                status=403,
            )
        return self.get_response(request)
