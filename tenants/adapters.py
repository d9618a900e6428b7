from allauth.account.adapter import DefaultAccountAdapter

from tenants.client import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """Accounts come from invitations and selected applications, not from open sign-up."""

    def is_open_for_signup(self, request):
        return False

    def _get_login_attempts_cache_key(self, request, **credentials):
        """Failed logins count per account on the whole platform, not per host (allauth keys them
        by the request's host when django.contrib.sites is not installed)."""
        return credentials.get("email", credentials.get("username", "")).lower()

    def get_client_ip(self, request):
        """The same address as the API's throttles (trusted proxies only, config/client.py)."""
        return client_ip(request)
