from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken, token_hash


def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its raw key, shown to the user once."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name, for example the tool that will use it.")})
    raw = ApiToken.generate()
    token = ApiToken.objects.create(user=user, name=name[:100], key_hash=token_hash(raw), key_prefix=raw[:10])
    return token, raw


def api_token_revoke(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
