"""Writes on structures, memberships and invitations."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_exists

from tenants import citus
from tenants.audit import audit_record
from tenants.enums import MembershipRole, StructureStatus
from tenants.models import AuditAction, Domain, Invitation, Membership, Structure, User
from tenants.schema import schema_create_from_template, schema_pool_fill
from tenants.tasks import schema_pool_refill

SLUG_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$")
RESERVED_SLUGS = {
    "www", "api", "admin", "public", "static", "media", "mail", "cms", "network", "reseau",
    "template", "structure-template", "pg", "postgres", "localhost",
}  # fmt: skip


def schema_name_for(slug: str) -> str:
    return "s_" + slug.replace("-", "_")


def structure_validate_slug(slug: str) -> None:
    """A slug is the structure's subdomain: lowercase letters, digits and inner hyphens."""
    if not SLUG_RE.match(slug or ""):
        raise ValidationError(
            {
                "slug": _(
                    "The address may contain only lowercase letters without accents, digits and hyphens "
                    "(not at the start or end), 50 characters at most."
                )
            },
            code="invalid",
        )
    if slug in RESERVED_SLUGS or slug.startswith("pg-"):
        raise ValidationError({"slug": _("The address “%(slug)s” is reserved.") % {"slug": slug}}, code="reserved")
    if Structure.objects.filter(slug=slug).exists():
        raise ValidationError(
            {"slug": _("The address “%(slug)s” is already used by another structure.") % {"slug": slug}},
            code="taken",
        )


def _create_schema(structure: Structure) -> None:
    """Replay the template's tables into a new schema; run migrations only if the template is missing."""
    base = settings.TENANT_BASE_SCHEMA
    if schema_exists(base):
        if schema_create_from_template(structure.schema_name, base):
            transaction.on_commit(schema_pool_refill.enqueue)
    else:
        with citus.local_schemas():
            structure.create_schema(check_if_exists=True, verbosity=0)
        if citus.is_citus():
            citus.schema_distribute(structure.schema_name)


@transaction.atomic
def structure_create(
    *,
    name: str,
    slug: str,
    kind: str = "other",
    status: str = StructureStatus.COACHING,
    **details,
) -> Structure:
    """Provision a relay structure: its row, its schema (a clone of the template) and its domain.

    All in one transaction: PostgreSQL's DDL is transactional, so a failure leaves neither
    a schema nor a row behind.
    """
    structure_validate_slug(slug)
    if not (name or "").strip():
        raise ValidationError({"name": _("The structure needs a name.")})
    structure = Structure(
        name=name.strip(), slug=slug, schema_name=schema_name_for(slug), kind=kind, status=status, **details
    )
    structure.full_clean(exclude=["schema_name"])
    structure.save()
    _create_schema(structure)
    Domain.objects.create(domain=structure.host, tenant=structure, is_primary=True)
    return structure


@transaction.atomic
def platform_ensure() -> None:
    """Create the network's public row and domain, and the template schema, if missing."""
    public, _created = Structure.objects.get_or_create(
        schema_name=get_public_schema_name(),
        defaults={"name": settings.WAGTAIL_SITE_NAME, "slug": "public", "kind": "other"},
    )
    Domain.objects.update_or_create(domain=settings.BASE_DOMAIN, defaults={"tenant": public, "is_primary": True})
    template, _created = Structure.objects.get_or_create(
        schema_name=settings.TENANT_BASE_SCHEMA,
        defaults={"name": "Structure template", "slug": "structure-template", "kind": "other"},
    )
    if not schema_exists(template.schema_name):
        with citus.local_schemas():  # on Citus the template stays on the coordinator
            template.create_schema(check_if_exists=True, verbosity=0)


def schema_pool_ensure() -> int:
    """Make the schemas provisioning takes ahead (tenants.schema), once the template is migrated."""
    return schema_pool_fill(settings.TENANT_BASE_SCHEMA)


@transaction.atomic
def membership_set(*, user: User, structure: Structure, role: str, by: User | None = None) -> Membership:
    previous = Membership.objects.filter(user=user, structure=structure).values_list("role", flat=True).first()
    membership, created = Membership.objects.update_or_create(user=user, structure=structure, defaults={"role": role})
    if created or previous != role:
        audit_record(
            structure=structure, user=by, action=AuditAction.MEMBER_ADDED if created else AuditAction.MEMBER_ROLE,
            target_type="user", target_id=user.pk,
            details={"role": role} if created else {"role": role, "previous_role": previous},
        )  # fmt: skip
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    if membership.user_id == by.pk:
        raise ValidationError(_("You cannot remove your own access."))
    audit_record(
        structure=membership.structure, user=by, action=AuditAction.MEMBER_REMOVED, target_type="user",
        target_id=membership.user_id, details={"role": membership.role},
    )  # fmt: skip
    membership.delete()


def invitation_create(*, structure: Structure, email: str, role: str, invited_by: User | None, request=None):
    """Invite someone to join a structure; a pending invitation for the same address is replaced."""
    email = (email or "").strip().lower()
    if role not in MembershipRole.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    if Membership.objects.filter(structure=structure, user__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member of this structure.")})
    with transaction.atomic():
        Invitation.objects.pending().filter(structure=structure, email__iexact=email).update(revoked_at=timezone.now())
        invitation = Invitation.objects.create(structure=structure, email=email, role=role, invited_by=invited_by)
        audit_record(
            structure=structure, user=invited_by, action=AuditAction.INVITATION_SENT, target_type="invitation",
            target_id=invitation.pk, details={"role": role},
        )  # fmt: skip
    # Sent once the invitation is stored: a caller's transaction (an application selected) may still roll back.
    transaction.on_commit(lambda: invitation_send(invitation=invitation))
    return invitation


def invitation_url(invitation: Invitation) -> str:
    return f"{invitation.structure.url}invitations/{invitation.token}/"


def invitation_send(*, invitation: Invitation) -> None:
    context = {"invitation": invitation, "url": invitation_url(invitation)}
    send_mail(
        subject=_("Invitation to join %(structure)s") % {"structure": invitation.structure.name},
        message=render_to_string("tenants/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User | None = None) -> None:
    if invitation.accepted_at:
        raise ValidationError(_("This invitation has already been accepted."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit_record(
        structure=invitation.structure, user=by, action=AuditAction.INVITATION_REVOKED, target_type="invitation",
        target_id=invitation.pk, details={"role": invitation.role},
    )  # fmt: skip


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """Join the structure. The link was sent to the invited address, which is thereby verified.

    Only the account of the invited address may accept: a link forwarded to, or seen by, anyone
    else gives nothing.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_pending:
        raise ValidationError(_("This invitation is no longer valid."))
    if not invitation_is_for(invitation=invitation, user=user):
        raise ValidationError(wrong_account_message(invitation))
    membership = Membership.objects.filter(user=user, structure=invitation.structure).first()
    if membership is None:
        membership = Membership.objects.create(user=user, structure=invitation.structure, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(
        structure=invitation.structure, user=user, action=AuditAction.INVITATION_ACCEPTED, target_type="user",
        target_id=user.pk, details={"role": membership.role},
    )  # fmt: skip
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return membership


def invitation_is_for(*, invitation: Invitation, user: User) -> bool:
    return (user.email or "").strip().lower() == invitation.email.strip().lower()


def wrong_account_message(invitation: Invitation) -> str:
    return _(
        "This invitation was sent to %(email)s. Sign out, then sign in with that address (or create its account) "
        "to accept it."
    ) % {"email": invitation.email}


@transaction.atomic
def user_create(*, email: str, password: str | None, first_name: str = "", last_name: str = "", **extra) -> User:
    email = (email or "").strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account already exists with this e-mail address.")})
    return User.objects.create_user(email=email, password=password, first_name=first_name, last_name=last_name, **extra)
