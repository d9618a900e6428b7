"""Keep the login policy's session state (tenants.access.login_verdict) in step with the account."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.signals import authenticator_added, authenticator_removed
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from tenants.access import TOTP_SESSION_KEY, session_has_totp


@receiver(user_logged_in)
def note_totp_at_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.user = user
        session_has_totp(request, refresh=True)


@receiver(authenticator_added)
def record_enrolment_as_mfa(sender, request, user, authenticator, **kwargs):
    """Enrolling TOTP proves the second factor for this session (the code was just typed)."""
    if request is not None and authenticator.type == "totp":
        record_authentication(request, user, "mfa", id=authenticator.pk, type="totp", enrolled=True)
        request.session[TOTP_SESSION_KEY] = [user.pk, True]


@receiver(authenticator_removed)
def note_totp_removal(sender, request, user, authenticator, **kwargs):
    if request is not None and authenticator.type == "totp":
        request.session.pop(TOTP_SESSION_KEY, None)
