"""Enrolling TOTP proves the second factor for this session (the code was just typed)."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver


@receiver(authenticator_added)
def record_enrolment_as_mfa(sender, request, user, authenticator, **kwargs):
    if request is not None and authenticator.type == "totp":
        record_authentication(request, user, "mfa", id=authenticator.pk, type="totp", enrolled=True)
