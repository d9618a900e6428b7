"""Tombstones: every tracked record deleted in a structure leaves one, with the API's name for it.

Connected to ``post_delete`` (so cascades count too: deleting a course leaves its enrolments'
and sessions' tombstones) and to the erasure or merge of a person, whose record stays but
leaves the lists. Older ones are purged as new ones are written.
"""

import datetime

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from training.models import (
    Activity,
    Beneficiary,
    Course,
    DeskVisit,
    Enrolment,
    EquipmentGift,
    Mentorship,
    Referent,
    ReferentTraining,
    ScheduledWorkshop,
    SkillAssessment,
    Tombstone,
    WorkshopRegistration,
)

RESOURCES = {
    Activity: "activity",
    Beneficiary: "person",
    Referent: "referent",
    Course: "course",
    Enrolment: "enrolment",
    SkillAssessment: "assessment",
    EquipmentGift: "equipment",
    DeskVisit: "desk-visit",
    ScheduledWorkshop: "workshop",
    WorkshopRegistration: "registration",
    Mentorship: "mentorship",
    ReferentTraining: "referent-training",
}


def tombstone_write(resource: str, object_id: int) -> None:
    limit = timezone.now() - datetime.timedelta(days=Tombstone.KEEP_DAYS)
    Tombstone.objects.filter(deleted_at__lt=limit).delete()
    Tombstone.objects.create(model=resource, object_id=object_id)


def _deleted(sender, instance, **kwargs):
    tombstone_write(RESOURCES[sender], instance.pk)


def _person_saved(sender, instance, created, **kwargs):
    gone = instance.erased_at is not None or instance.merged_into_id is not None
    if gone and not Tombstone.objects.filter(model="person", object_id=instance.pk).exists():
        tombstone_write("person", instance.pk)


def connect() -> None:
    for model in RESOURCES:
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"tombstone-{model._meta.label}")
    post_save.connect(_person_saved, sender=Beneficiary, dispatch_uid="tombstone-person-erased")
