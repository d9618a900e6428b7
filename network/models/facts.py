"""Anonymous facts in the public schema, kept in step with each structure's records.

The workspace's services write them in the same transaction as each change; the
network's figures read only these tables. No name, no contact, no free text: ids are
the structure's local ids, meaningless outside it.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models

from tenants.models import Structure


class ActivityFact(models.Model):
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="+")
    activity_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=20)
    date = models.DateField()
    duration_minutes = models.PositiveIntegerField()
    themes = ArrayField(models.CharField(max_length=50), default=list)
    equipment = ArrayField(models.CharField(max_length=20), default=list)
    place_type = models.CharField(max_length=20, blank=True)
    level = models.CharField(max_length=20, blank=True)
    kit_id = models.PositiveBigIntegerField(null=True)
    course_id = models.PositiveBigIntegerField(null=True)
    followed_count = models.PositiveIntegerField(default=0)
    anonymous_total = models.PositiveIntegerField(default=0)
    anonymous_already_seen = models.PositiveIntegerField(default=0)
    # {"gender": {...}, "age_band": {...}, "status": {...}} of anonymous participants.
    anonymous_breakdown = models.JSONField(default=dict)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["structure", "activity_id"], name="activityfact_unique")]
        indexes = [
            models.Index(fields=["date", "structure"]),
            models.Index(fields=["kind", "date"]),
            models.Index(fields=["kit_id"]),
        ]


class AttendanceFact(models.Model):
    """One followed person at one activity."""

    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="+")
    activity_id = models.PositiveBigIntegerField()
    beneficiary_id = models.PositiveBigIntegerField()
    date = models.DateField()
    kind = models.CharField(max_length=20)
    course_id = models.PositiveBigIntegerField(null=True)
    duration_minutes = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["structure", "activity_id", "beneficiary_id"], name="attendancefact_unique")
        ]
        indexes = [models.Index(fields=["date", "structure"]), models.Index(fields=["structure", "beneficiary_id"])]


class BeneficiaryFact(models.Model):
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="+")
    beneficiary_id = models.PositiveBigIntegerField()
    gender = models.CharField(max_length=20)
    birth_year = models.PositiveSmallIntegerField(null=True)
    social_status = models.CharField(max_length=20)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["structure", "beneficiary_id"], name="beneficiaryfact_unique")]


class CourseFact(models.Model):
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="+")
    course_id = models.PositiveBigIntegerField()
    device = models.CharField(max_length=20)
    planned_hours = models.DecimalField(max_digits=5, decimal_places=1)
    start_date = models.DateField()
    end_date = models.DateField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["structure", "course_id"], name="coursefact_unique")]
        indexes = [models.Index(fields=["start_date"])]


class EnrolmentFact(models.Model):
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="+")
    course_id = models.PositiveBigIntegerField()
    beneficiary_id = models.PositiveBigIntegerField()
    status = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["structure", "course_id", "beneficiary_id"], name="enrolmentfact_unique")
        ]
