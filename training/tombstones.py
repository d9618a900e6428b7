"""Tombstones: every tracked record deleted in a structure leaves one, with the API's name for it.

Connected to ``post_delete`` for every tracked model but activities, which ``activity_delete``
tombstones itself (so cascades count too: a course's enrolments leave theirs), and to the erasure
or merge of a person, whose record stays but leaves the lists. Older ones are purged as new ones
are written.
"""

import datetime

from django.db import connection
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


def tombstone_statements(resource: str, object_id: int) -> list[tuple[str, list]]:
    """Purge the tombstones older than ``KEEP_DAYS``, write this one (parts of a ``WriteBatch``)."""
    table = Tombstone._meta.db_table
    now = timezone.now()  # the clock's time, not the transaction's start (a mirror reads "since" a moment)
    limit = now - datetime.timedelta(days=Tombstone.KEEP_DAYS)
    return [
        (f"DELETE FROM {table} WHERE deleted_at < %s", [limit]),
        (f"INSERT INTO {table} (model, object_id, deleted_at) VALUES (%s, %s, %s)", [resource, object_id, now]),
    ]


def tombstone_write(resource: str, object_id: int) -> None:
    (purge, purge_params), (insert, insert_params) = tombstone_statements(resource, object_id)
    with connection.cursor() as cursor:
        cursor.execute(f"WITH purged AS ({purge}) {insert}", purge_params + insert_params)


def _deleted(sender, instance, **kwargs):
    tombstone_write(RESOURCES[sender], instance.pk)


def _person_saved(sender, instance, created, **kwargs):
    gone = instance.erased_at is not None or instance.merged_into_id is not None
    if gone and not Tombstone.objects.filter(model="person", object_id=instance.pk).exists():
        tombstone_write("person", instance.pk)


def connect() -> None:
    """Activities are deleted by ``activity_delete`` alone, which writes their tombstone in its own batch
    (a receiver on activities would send it back to the ORM's collector)."""
    for model in RESOURCES.keys() - {Activity}:
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"tombstone-{model._meta.label}")
    post_save.connect(_person_saved, sender=Beneficiary, dispatch_uid="tombstone-person-erased")
