"""Coaching of each structure in a programme: plan, milestones and meetings."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.enums import MeetingKind, MilestoneState
from tenants.models import Structure


class MilestoneTemplate(models.Model):
    """A step of every coaching plan; coordinators edit the list. Due ``offset_days`` after the start."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    offset_days = models.PositiveIntegerField(_("due after (days)"), default=30)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("milestone template")
        verbose_name_plural = _("milestone templates")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class CoachingPlan(models.Model):
    """One structure coached in one programme."""

    programme = models.ForeignKey("network.Programme", on_delete=models.CASCADE, related_name="plans")
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="coaching_plans")
    needs = models.TextField(_("needs found at the start"), blank=True)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("coaching plan")
        verbose_name_plural = _("coaching plans")
        ordering = ["structure__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "structure"],
                name="coachingplan_unique",
                violation_error_message=_("This structure already has a coaching plan in this programme."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.structure} – {self.programme}"


class Milestone(models.Model):
    plan = models.ForeignKey(CoachingPlan, on_delete=models.CASCADE, related_name="milestones")
    code = models.SlugField(_("code"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    due_date = models.DateField(_("due date"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["order", "due_date"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="milestone_unique_code")]

    def __str__(self) -> str:
        return self.title

    def state(self, on=None) -> str:
        """Done once completed; overdue after its due date; due otherwise."""
        if self.completed_on:
            return MilestoneState.DONE
        on = on or timezone.localdate()
        return MilestoneState.OVERDUE if self.due_date < on else MilestoneState.DUE

    @property
    def current_state(self) -> str:
        return self.state()

    @property
    def due_soon(self) -> bool:
        return not self.completed_on and timezone.localdate() <= self.due_date <= timezone.localdate() + timedelta(14)


class CoachingMeeting(models.Model):
    """A meeting with the structure; the notes are for coordinators only."""

    plan = models.ForeignKey(CoachingPlan, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.FOLLOW_UP)
    notes = models.TextField(_("notes (coordinators only)"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("coaching meeting")
        verbose_name_plural = _("coaching meetings")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.date:%d/%m/%Y}"
