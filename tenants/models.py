import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin
from django_tenants.utils import get_public_schema_name

from tenants.enums import MembershipRole, NetworkRole, StructureKind, StructureStatus


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person with an account. Users are global; memberships grant access to structures."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    network_role = models.CharField(
        _("network role"), max_length=20, choices=NetworkRole.choices, blank=True, default=""
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_coordinator(self) -> bool:
        return self.is_superuser or self.network_role == NetworkRole.COORDINATOR

    @property
    def is_trainer(self) -> bool:
        return self.network_role == NetworkRole.TRAINER

    @property
    def has_network_role(self) -> bool:
        return self.is_superuser or self.network_role in {NetworkRole.COORDINATOR, NetworkRole.TRAINER}


class StructureQuerySet(models.QuerySet):
    def relays(self):
        """Relay structures only: neither the public schema's row nor the template."""
        return self.exclude(schema_name__in=[get_public_schema_name(), settings.TENANT_BASE_SCHEMA])

    def active(self):
        return self.relays().exclude(status=StructureStatus.LEFT)


class Structure(TenantMixin):
    """A relay structure, and its PostgreSQL schema."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address on the platform"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=StructureKind.choices, default=StructureKind.OTHER)
    status = models.CharField(
        _("status"), max_length=20, choices=StructureStatus.choices, default=StructureStatus.COACHING
    )
    siret = models.CharField(_("SIRET"), max_length=14, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    commune = models.CharField(_("commune"), max_length=120, blank=True)
    insee_code = models.CharField(_("INSEE code"), max_length=5, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("public e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    opening_hours = models.CharField(
        _("opening hours"), max_length=255, blank=True, help_text=_("OpenStreetMap format, e.g. Mo-Fr 09:00-12:00")
    )
    summary = models.CharField(_("public presentation"), max_length=280, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    # Schemas are created by tenants.services.structure_create (clone of the template).
    auto_create_schema = False
    auto_drop_schema = True

    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = _("relay structure")
        verbose_name_plural = _("relay structures")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def host(self) -> str:
        return f"{self.slug}.{settings.BASE_DOMAIN}"

    @property
    def url(self) -> str:
        port = f":{settings.SITE_PORT}" if settings.SITE_PORT else ""
        return f"{settings.SITE_SCHEME}://{self.host}{port}/"


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")


class Membership(models.Model):
    """Access of a user to one relay structure, with a role there."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=MembershipRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "structure"],
                name="membership_unique_user_structure",
                violation_error_message=_("This person is already a member of this structure."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.structure} ({self.get_role_display()})"

    @property
    def is_manager(self) -> bool:
        return self.role == MembershipRole.MANAGER


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + timedelta(days=settings.INVITATION_VALIDITY_DAYS)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An e-mailed link that lets someone join a structure with a role."""

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=20, choices=MembershipRole.choices)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        indexes = [models.Index(Lower("email"), name="invitation_email_lower")]

    def __str__(self) -> str:
        return f"{self.email} → {self.structure}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def state(self) -> str:
        if self.accepted_at:
            return _("accepted")
        if self.revoked_at:
            return _("revoked")
        if self.expires_at <= timezone.now():
            return _("expired")
        return _("pending")


class AuditAction(models.TextChoices):
    """What the structure's audit log records (never the values a person gave)."""

    PERSON_CREATED = "person.created", _("Person created")
    PERSON_UPDATED = "person.updated", _("Person updated")
    PERSON_MERGED = "person.merged", _("Records merged")
    PERSON_ERASED = "person.erased", _("Person erased")
    PERSON_PURGED = "person.purged", _("Person erased (retention period)")
    ENROLMENT_CREATED = "enrolment.created", _("Enrolment in a course")
    ENROLMENT_STATUS = "enrolment.status", _("Enrolment status changed")
    ASSESSMENT_RECORDED = "assessment.recorded", _("Skills assessment recorded")
    MEMBER_ADDED = "member.added", _("Member added")
    MEMBER_ROLE = "member.role", _("Member's role changed")
    MEMBER_REMOVED = "member.removed", _("Member's access removed")
    INVITATION_SENT = "invitation.sent", _("Invitation sent")
    INVITATION_REVOKED = "invitation.revoked", _("Invitation revoked")
    INVITATION_ACCEPTED = "invitation.accepted", _("Invitation accepted")
    EXPORT = "export", _("Export")
    IMPORT = "import", _("Import")


class AuditEvent(models.Model):
    """One line of a structure's audit log: who did what to which record, when.

    Kept in the public schema, keyed by structure, so that the team and role changes
    (public tables) and the workspace's changes (the structure's schema) share one log
    that every layer can write without reaching into another. It holds no personal
    datum: record codes and ids, field names, counts; never a value that was changed.
    """

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="audit_events")
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    action = models.CharField(_("action"), max_length=30, choices=AuditAction.choices)
    target_type = models.CharField(_("record type"), max_length=30, blank=True)
    target_id = models.BigIntegerField(_("record id"), null=True, blank=True)
    target_code = models.CharField(_("record"), max_length=40, blank=True)
    # Field names, table names, row counts, roles: never the value of a personal field.
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["structure", "-at"]), models.Index(fields=["structure", "action"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_code}".strip()

    @property
    def target(self) -> str:
        if self.target_code:
            return self.target_code
        return f"{self.target_type} #{self.target_id}" if self.target_id else ""

    DETAIL_LABELS = {
        "fields": _("fields"), "table": _("table"), "format": _("format"), "rows": _("rows"), "kind": _("kind"),
        "role": _("role"), "previous_role": _("previous role"), "status": _("status"), "moment": _("moment"),
        "course_id": _("course"), "merged_code": _("merged record"), "reason": _("reason"), "records": _("records"),
    }  # fmt: skip

    @property
    def summary(self) -> str:
        """The details as one line: ``table: people · rows: 12``."""
        shown = []
        for key, label in self.DETAIL_LABELS.items():
            value = self.details.get(key)
            if value not in (None, "", []):
                shown.append(f"{label}: {', '.join(map(str, value)) if isinstance(value, list) else value}")
        return " · ".join(shown)
