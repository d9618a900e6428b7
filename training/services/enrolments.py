"""Enrolments in a course and their completion (80 % of the planned hours)."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery, Sum
from django.utils.translation import gettext as _

from figures.batch import WriteBatch
from figures.enums import EnrolmentStatus
from tenants.audit import audit_record
from tenants.models import AuditAction
from training import facts
from training.models import (
    Beneficiary,
    Course,
    Enrolment,
    Participation,
)
from training.services.common import in_structure, resolve_beneficiaries


def _audit(structure, user, action: str, enrolment: Enrolment, person: Beneficiary, **details) -> None:
    audit_record(
        structure=structure, user=user, action=action, target_type="enrolment", target_id=enrolment.pk,
        target_code=person.code, details={"course_id": enrolment.course_id, "status": enrolment.status, **details},
    )  # fmt: skip


def enrolment_create(*, structure, course: Course, beneficiary: Beneficiary, user=None) -> Enrolment:
    with in_structure(structure), transaction.atomic():
        (person,) = resolve_beneficiaries([beneficiary])
        if course.capacity and course.enrolments.exclude(status=EnrolmentStatus.DROPPED).count() >= course.capacity:
            raise ValidationError({"beneficiary": _("The course is full (%(n)s places).") % {"n": course.capacity}})
        try:
            with transaction.atomic():
                enrolment = Enrolment.objects.create(course=course, beneficiary=person)
        except IntegrityError as error:
            raise ValidationError({"beneficiary": _("This person is already enrolled in this course.")}) from error
        facts.facts_sync_enrolment(structure, enrolment)
        _audit(structure, user, AuditAction.ENROLMENT_CREATED, enrolment, person)
    return enrolment


def enrolment_set_status(*, structure, enrolment: Enrolment, status: str, user=None) -> Enrolment:
    if status not in EnrolmentStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    with in_structure(structure), transaction.atomic():
        changed = enrolment.status != status
        enrolment.status = status
        enrolment.save(update_fields=["status"])
        facts.facts_sync_enrolment(structure, enrolment)
        if changed:
            _audit(structure, user, AuditAction.ENROLMENT_STATUS, enrolment, enrolment.beneficiary)
    return enrolment


def enrolment_hours(enrolment: Enrolment) -> Decimal:
    minutes = (
        Participation.objects.filter(
            beneficiary_id=enrolment.beneficiary_id, activity__course_id=enrolment.course_id
        ).aggregate(total=Sum("activity__duration_minutes"))["total"]
        or 0
    )
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"))


def completion_refresh(course: Course, structure) -> None:
    """Completed when the hours attended reach 80 % of the planned hours; dropped-out stay so.

    The hours of every enrolment in one query (as ``enrolment_hours`` counts them), the changed statuses
    and their facts in one statement."""
    threshold = course.planned_hours * Decimal(str(Enrolment.COMPLETION_SHARE))
    enrolments = list(
        course.enrolments.exclude(status=EnrolmentStatus.DROPPED)
        .order_by()
        .annotate(
            minutes=Subquery(
                Participation.objects.filter(beneficiary_id=OuterRef("beneficiary_id"), activity__course_id=course.pk)
                .order_by()
                .values("beneficiary_id")
                .annotate(total=Sum("activity__duration_minutes"))
                .values("total")
            )
        )
    )
    changed = []
    for enrolment in enrolments:
        hours = (Decimal(enrolment.minutes or 0) / 60).quantize(Decimal("0.1"))
        status = EnrolmentStatus.COMPLETED if hours >= threshold else EnrolmentStatus.ENROLLED
        if status != enrolment.status:
            enrolment.status = status
            changed.append(enrolment)
    if not changed:
        return
    batch = WriteBatch()
    batch.write(
        f"UPDATE {Enrolment._meta.db_table} e SET status = s.status "
        "FROM unnest(%s::bigint[], %s::varchar[]) s(id, status) WHERE e.id = s.id",
        [[e.pk for e in changed], [e.status for e in changed]],
    )
    facts.enrolment_fact_parts(batch, structure, changed)
    batch.execute()
