from datetime import timedelta

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from api.models import ApiToken, token_hash
from tenants.access import is_network_host
from tenants.models import Membership
from tenants.policies import remember_membership


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer <token>``. On a structure's host the token's user must be a member there."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0] not in (self.keyword, "Token"):
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Malformed Authorization header."))
        django_request = request._request
        on_structure = not is_network_host(django_request)
        tokens = ApiToken.objects.active().select_related("user").filter(key_hash=token_hash(header[1]))
        if on_structure:
            # The user's membership of this structure, read with the token: one query.
            memberships = Membership.objects.filter(user=OuterRef("user"), structure=django_request.tenant)
            tokens = tokens.annotate(
                membership_id=Subquery(memberships.values("pk")[:1]),
                membership_role=Subquery(memberships.values("role")[:1]),
                membership_created_at=Subquery(memberships.values("created_at")[:1]),
            )
        token = tokens.first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        user = token.user
        if on_structure and not user.is_superuser:
            if token.membership_id is None:
                raise exceptions.PermissionDenied(_("This token gives no access to this structure."))
            membership = Membership(
                pk=token.membership_id,
                user=user,
                structure=django_request.tenant,
                role=token.membership_role,
                created_at=token.membership_created_at,
            )
            django_request.membership = membership
            remember_membership(user, django_request.tenant, membership)
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return user, token

    def authenticate_header(self, request):
        return self.keyword


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "Personal API token (Mon compte → Jetons d'API)."}
