"""The network's trainings of referents: catalogue, sessions, registrations and attendance.

A referent lives in their structure's schema; the public registration keeps the
structure, the referent's local id and name (staff, not people accompanied).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from figures import seats
from figures.enums import RegistrationStatus
from tenants.models import Structure


class TrainingModule(models.Model):
    """A training of the catalogue. A referent is trained once they attended every required module."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    duration_hours = models.DecimalField(_("duration (hours)"), max_digits=4, decimal_places=1, default=7)
    required = models.BooleanField(_("required to be trained"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class TrainingSession(models.Model):
    module = models.ForeignKey(TrainingModule, on_delete=models.PROTECT, related_name="sessions")
    programme = models.ForeignKey(
        "network.Programme", on_delete=models.SET_NULL, null=True, blank=True, related_name="training_sessions"
    )
    date = models.DateField(_("date"))
    remote = models.BooleanField(_("remote"), default=False)
    place = models.CharField(_("place"), max_length=200, blank=True)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=12)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["-date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gt=0),
                name="trainingsession_capacity_positive",
                violation_error_message=_("The capacity must be positive."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.module} – {self.date:%d/%m/%Y}"

    @property
    def where(self) -> str:
        return str(_("Remote")) if self.remote else self.place


class TrainingRegistrationQuerySet(models.QuerySet):
    def holding_seat(self):
        return self.filter(status__in=seats.SEAT_HOLDING)


class TrainingRegistration(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="registrations")
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="training_registrations")
    referent_id = models.PositiveBigIntegerField(_("referent"))
    referent_name = models.CharField(_("referent's name"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.REGISTERED
    )
    updated_at = models.DateTimeField(auto_now=True)

    # figures.seats: a waiting registration was last written when it joined the list (registering
    # again after a cancellation reuses the row), so the list is served by this time.
    WAITING_SINCE = "updated_at"

    objects = TrainingRegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("training registration")
        verbose_name_plural = _("training registrations")
        ordering = ["structure__name", "referent_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "structure", "referent_id"],
                name="trainingregistration_unique",
                violation_error_message=_("This referent is already registered to this session."),
            )
        ]
        indexes = [models.Index(fields=["structure", "referent_id"])]

    def __str__(self) -> str:
        return f"{self.referent_name} – {self.session}"
