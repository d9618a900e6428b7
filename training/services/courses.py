"""Writes on courses, their sessions (each one an activity) and the skill assessments."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from figures.enums import ActivityKind, Device
from figures.reference import LEVEL_MAX, LEVEL_MIN, Competence, SkillLevel, ordered
from tenants.audit import audit_record
from tenants.models import AuditAction
from training import facts
from training.enums import AssessmentMoment
from training.models import (
    Activity,
    Beneficiary,
    Course,
    SkillAssessment,
)
from training.services.activities import activity_create, activity_update
from training.services.common import full_clean, in_structure, past_date_error, resolve_referents
from training.services.enrolments import completion_refresh


def course_create(
    *,
    structure,
    title: str,
    device: str,
    start_date: datetime.date,
    planned_hours=None,
    end_date: datetime.date | None = None,
    capacity: int | None = None,
    referents: Iterable = (),
) -> Course:
    if device not in Device.values:
        raise ValidationError({"device": _("Choose a computer or a tablet.")})
    if planned_hours in (None, ""):
        planned_hours = Course.DEFAULT_HOURS[device]
    if end_date and start_date and end_date < start_date:
        raise ValidationError({"end_date": _("The end date must be on or after the start date.")})
    with in_structure(structure), transaction.atomic():
        course = Course(
            title=(title or "").strip(),
            device=device,
            planned_hours=Decimal(str(planned_hours)),
            start_date=start_date,
            end_date=end_date,
            capacity=capacity,
        )
        full_clean(course)
        course.save()
        course.referents.set(resolve_referents(referents))
        facts.facts_sync_course(structure, course)
    return course


def course_update(*, structure, course: Course, referents=None, **fields) -> Course:
    with in_structure(structure), transaction.atomic():
        for name, value in fields.items():
            setattr(course, name, value)
        if course.end_date and course.start_date and course.end_date < course.start_date:
            raise ValidationError({"end_date": _("The end date must be on or after the start date.")})
        full_clean(course)
        course.save()
        if referents is not None:
            course.referents.set(resolve_referents(referents))
        facts.facts_sync_course(structure, course)
        completion_refresh(course, structure)
    return course


SESSION_BEFORE_COURSE = gettext_lazy("The session cannot be before the course starts.")
SESSION_AFTER_COURSE = gettext_lazy("The session cannot be after the course ends.")


def course_session_date_errors(course: Course, date: datetime.date | None) -> dict:
    """A course's session lies between the course's start and end (when it has one)."""
    if date is None:
        return {}
    if date < course.start_date:
        return {"date": SESSION_BEFORE_COURSE}
    if course.end_date and date > course.end_date:
        return {"date": SESSION_AFTER_COURSE}
    return {}


def course_session_record(
    *,
    structure,
    user,
    course: Course,
    date: datetime.date,
    duration_minutes: int,
    attendees: Iterable = (),
    referents: Iterable = (),
    start_time=None,
    activity: Activity | None = None,
    themes=None,
) -> Activity:
    """Create (or update) a session of a course with its attendance; only enrolled people can attend.

    On an update, ``themes`` (when given) change with the rest, in the same transaction."""
    if errors := course_session_date_errors(course, date):
        raise ValidationError(errors)
    with in_structure(structure), transaction.atomic():
        attendee_ids = {a.pk if isinstance(a, Beneficiary) else int(a) for a in attendees}
        enrolled = set(course.enrolments.values_list("beneficiary_id", flat=True))
        if attendee_ids - enrolled:
            raise ValidationError({"attendees": _("Only people enrolled in the course can be marked present.")})
        fields = {"date": date, "duration_minutes": duration_minutes, "start_time": start_time}
        default_themes = ["prendre_en_main_du_materiel", "navigation_sur_internet"]
        if activity is None:
            activity = activity_create(
                structure=structure,
                user=user,
                kind=ActivityKind.COURSE_SESSION,
                course=course,
                beneficiaries=attendee_ids,
                referents=referents or list(course.referents.all()),
                themes=themes or default_themes,
                equipment=["ordinateur" if course.device == Device.COMPUTER else "tablette"],
                title=course.title,
                **fields,
            )
        else:
            if activity.course_id != course.pk:
                raise ValidationError({"activity": _("This session belongs to another course.")})
            activity = activity_update(
                structure=structure,
                user=user,
                activity=activity,
                beneficiaries=attendee_ids,
                referents=referents if referents else None,
                **fields,
                **({"themes": themes} if themes is not None else {}),
            )
        completion_refresh(course, structure)
    return activity


def assessment_scores_clean(scores) -> dict[str, int]:
    """{competence code: level} checked against the shared reference (``figures.reference``)."""
    if not isinstance(scores, dict) or not scores:
        raise ValidationError({"scores": _("Score at least one competence.")})
    errors, clean = [], {}
    for code, value in scores.items():
        if code not in Competence.values:
            errors.append(_("“%(code)s” is not a competence of the reference.") % {"code": code})
            continue
        if isinstance(value, bool) or str(value).strip() not in {str(n) for n in SkillLevel.values}:
            errors.append(
                _("%(code)s %(label)s: give a level from %(min)s to %(max)s.")
                % {"code": code, "label": Competence(code).label, "min": LEVEL_MIN, "max": LEVEL_MAX}
            )
            continue
        clean[code] = int(str(value).strip())
    if errors:
        raise ValidationError({"scores": errors})
    return {code: clean[code] for code in ordered(clean)}


def assessment_record(
    *,
    structure,
    beneficiary: Beneficiary,
    moment: str,
    date: datetime.date,
    course: Course | None = None,
    scores: dict,
    user=None,
) -> SkillAssessment:
    """Record (or replace) a person's entry or exit assessment, and its anonymous fact."""
    if moment not in AssessmentMoment.values:
        raise ValidationError({"moment": _("Choose entry or exit.")})
    if error := past_date_error(date):
        raise ValidationError({"date": error})
    scores = assessment_scores_clean(scores)
    with in_structure(structure), transaction.atomic():
        if course is not None and not course.enrolments.filter(beneficiary=beneficiary).exists():
            raise ValidationError({"beneficiary": _("This person is not enrolled in this course.")})
        assessment, _created = SkillAssessment.objects.update_or_create(
            beneficiary=beneficiary,
            course=course,
            moment=moment,
            defaults={"date": date, "scores": scores},
        )
        facts.facts_sync_assessment(structure, assessment)
        audit_record(
            structure=structure, user=user, action=AuditAction.ASSESSMENT_RECORDED, target_type="assessment",
            target_id=assessment.pk, target_code=beneficiary.code,
            details={"moment": moment, "course_id": course.pk if course else None},
        )  # fmt: skip
    return assessment
