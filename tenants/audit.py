"""The structure's audit log: one writer, called by the services, and one reader.

Every layer that changes something audited calls ``audit_record`` from its service, in the
same transaction as the change. ``details`` may hold field names, table names, row counts and
roles; never a value a person gave (an erased label must not survive in the log).
"""

from django.core.paginator import Paginator

from tenants.models import AuditAction, AuditEvent

# Keys ``details`` may hold; anything else is dropped so a caller cannot log a value by mistake.
ALLOWED_DETAILS = set(AuditEvent.DETAIL_LABELS)


def _actor_id(user) -> int | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


def audit_record(
    *,
    structure,
    user,
    action: str,
    target_type: str = "",
    target_id: int | None = None,
    target_code: str = "",
    details: dict | None = None,
) -> AuditEvent:
    if action not in AuditAction.values:
        raise ValueError(f"Unknown audit action {action!r}")
    details = {key: value for key, value in (details or {}).items() if key in ALLOWED_DETAILS}
    return AuditEvent.objects.create(
        structure_id=structure.pk,
        user_id=_actor_id(user),
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_code=target_code or "",
        details=details,
    )


def audit_events(structure, *, action: str = ""):
    """A structure's log, newest first, optionally of one action."""
    qs = AuditEvent.objects.filter(structure_id=structure.pk).select_related("user")
    if action:
        qs = qs.filter(action=action)
    return qs.order_by("-at", "-id")


def audit_page(structure, *, action: str = "", page=None, per_page: int = 50):
    return Paginator(audit_events(structure, action=action), per_page).get_page(page)
