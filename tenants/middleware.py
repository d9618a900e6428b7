from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tenants.access import is_network_host, login_verdict
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


# What an account that must enrol TOTP may still reach: its account pages (to enrol) and assets.
ENROL_PREFIXES = ("/accounts/", "/static/", "/i18n/")


class LoginPolicyMiddleware:
    """Every door applies the same login policy (``tenants.access.login_verdict``).

    A session that skipped the second factor of an account that has one is signed out, so the
    page, the Wagtail or Django admin, or the API sees an anonymous visitor and sends them to
    allauth's login. An account that must enrol TOTP is sent to the enrolment page (the API
    answers 403).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        verdict = login_verdict(request)
        if verdict == "untrusted":
            logout(request)
        elif verdict == "enrol" and not request.path.startswith(ENROL_PREFIXES):
            message = _("Set up two-factor authentication to reach the platform's data.")
            if request.path.startswith("/api/v1/"):
                return JsonResponse({"detail": message, "errors": [{"field": None, "message": message}]}, status=403)
            messages.warning(request, message)
            return redirect("mfa_activate_totp")
        return self.get_response(request)
