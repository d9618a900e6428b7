"""Programmes, their calls for applications and the applications received."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from figures.reference import Competence, default_competences
from network.enums import ApplicationStatus, Public
from tenants.enums import StructureKind
from tenants.models import Structure


class ProgrammeQuerySet(models.QuerySet):
    def current(self, on=None):
        on = on or timezone.localdate()
        return self.filter(start__lte=on, end__gte=on)


class Programme(models.Model):
    """A network programme: a territory, a period, funders, and the structures it coaches."""

    name = models.CharField(_("name"), max_length=200)
    territory = models.CharField(_("territory"), max_length=200, blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    description = models.TextField(_("description"), blank=True)
    # Its funders are ``fundings`` (network.Funding): amount and / or share of the budget.
    budget = models.DecimalField(_("budget (€)"), max_digits=12, decimal_places=2, null=True, blank=True)
    report_notes = models.TextField(
        _("notes on the figures"),
        blank=True,
        help_text=_("Shown on the funder report, e.g. where a source's figures are inconsistent."),
    )
    # Lower bounds of the age bands its funders ask for: [25, 45] → under 25, 25–44, 45 and over.
    age_bands = ArrayField(models.PositiveSmallIntegerField(), verbose_name=_("age bands"), default=list, blank=True)
    # The competences of the shared reference (Pix / DigComp) its structures' assessments score.
    competences = ArrayField(
        models.CharField(max_length=5, choices=Competence.choices),
        verbose_name=_("competences assessed"),
        default=default_competences,
        blank=True,
    )
    structures = models.ManyToManyField(
        Structure, through="network.CoachingPlan", related_name="programmes", verbose_name=_("structures")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="programme_end_after_start",
                violation_error_message=_("The end date must be on or after the start date."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def funders_display(self) -> str:
        """ "FSE (50 %), CCAS" from its fundings (prefetch ``fundings`` for a list)."""
        return ", ".join(
            f"{f.funder} ({f.share.normalize():f} %)" if f.share is not None else f.funder for f in self.fundings.all()
        )

    def age_bands_display(self) -> str:
        return ", ".join(str(n) for n in self.age_bands)

    def elapsed_share(self, on=None) -> float:
        """Share of the programme's duration elapsed on a date, between 0 and 1."""
        on = on or timezone.localdate()
        total = (self.end - self.start).days or 1
        return min(max((on - self.start).days / total, 0.0), 1.0)


class CallQuerySet(models.QuerySet):
    def open(self, on=None):
        on = on or timezone.localdate()
        return self.filter(opens__lte=on, closes__gte=on)


class Call(models.Model):
    """A call for applications of a programme; its form is public while it is open."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="calls")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    opens = models.DateField(_("opens on"))
    closes = models.DateField(_("closes on"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("call for applications")
        verbose_name_plural = _("calls for applications")
        ordering = ["-opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gte=models.F("opens")),
                name="call_closes_after_opens",
                violation_error_message=_("The closing date must be on or after the opening date."),
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, on=None) -> bool:
        on = on or timezone.localdate()
        return self.opens <= on <= self.closes


class ApplicationQuerySet(models.QuerySet):
    def funnel(self) -> dict[str, int]:
        """Received, shortlisted (at any point, selected included), selected, rejected."""
        statuses = dict(self.values_list("status").annotate(n=models.Count("id")))
        return {
            "received": sum(statuses.values()),
            "shortlisted": self.filter(
                models.Q(shortlisted_at__isnull=False) | models.Q(status=ApplicationStatus.SELECTED)
            ).count(),
            "selected": statuses.get(ApplicationStatus.SELECTED, 0),
            "rejected": statuses.get(ApplicationStatus.REJECTED, 0),
            "pending": statuses.get(ApplicationStatus.SUBMITTED, 0) + statuses.get(ApplicationStatus.SHORTLISTED, 0),
        }


class Application(models.Model):
    """A structure's application to a call, sent from the public form."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="applications")
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    structure_name = models.CharField(_("structure name"), max_length=200)
    kind = models.CharField(_("kind of structure"), max_length=20, choices=StructureKind.choices)
    siret = models.CharField(_("SIRET"), max_length=14)
    address = models.CharField(_("address"), max_length=255)
    postcode = models.CharField(_("postcode"), max_length=5)
    commune = models.CharField(_("commune"), max_length=120)
    contact_first_name = models.CharField(_("contact's first name"), max_length=100)
    contact_last_name = models.CharField(_("contact's last name"), max_length=100)
    contact_job_title = models.CharField(_("contact's job title"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact's e-mail"))
    contact_phone = models.CharField(_("contact's phone"), max_length=20, blank=True)
    motivation = models.TextField(_("motivation"))
    publics = models.JSONField(_("publics served"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    shortlisted_at = models.DateTimeField(_("shortlisted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_message = models.TextField(_("message to the applicant"), blank=True)
    structure = models.ForeignKey(
        Structure, on_delete=models.SET_NULL, null=True, blank=True, related_name="applications"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["call", "status"])]

    def __str__(self) -> str:
        return self.structure_name

    @property
    def contact_name(self) -> str:
        return f"{self.contact_first_name} {self.contact_last_name}".strip()

    def publics_display(self) -> str:
        labels = dict(Public.choices)
        return ", ".join(str(labels.get(code, code)) for code in self.publics)
