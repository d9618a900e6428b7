"""Writes on a structure's records. Each one keeps the network's anonymous facts in step,
in the same transaction (``training.facts``).

Every function takes the ``structure`` whose schema it writes into, and raises
``ValidationError`` with French messages keyed by field on bad input.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from figures.enums import ActivityKind, AgeBand, Device, EnrolmentStatus, Gender, SocialStatus
from training import facts
from training.models import (
    Activity,
    ActivityChange,
    Beneficiary,
    Course,
    Enrolment,
    Participation,
    Referent,
    ReferentTraining,
    SkillAssessment,
)

MAX_DURATION_MINUTES = 24 * 60
BREAKDOWNS = {"gender": Gender, "age_band": AgeBand, "status": SocialStatus}


def in_structure(structure):
    """Work in the structure's schema."""
    return schema_context(structure.schema_name)


def _full_clean(instance, exclude=None) -> None:
    instance.full_clean(exclude=exclude, validate_unique=False)


# Referents -----------------------------------------------------------------------------


def referent_create(*, first_name: str, last_name: str, job_title: str = "", user=None, active=True) -> Referent:
    referent = Referent(
        first_name=first_name.strip(), last_name=last_name.strip(), job_title=job_title, user=user, active=active
    )
    _full_clean(referent)
    referent.save()
    return referent


def referent_update(*, referent: Referent, **fields) -> Referent:
    for name, value in fields.items():
        setattr(referent, name, value)
    _full_clean(referent)
    referent.save()
    return referent


def referent_training_record(*, referent_id: int, session_id: int, module_id: int, status: str) -> None:
    """A referent's registration to one of the network's training sessions, as the network's trainers
    recorded it (``status``: registered, attended or absent)."""
    ReferentTraining.objects.update_or_create(
        referent_id=referent_id, session_id=session_id, defaults={"module_id": module_id, "status": status}
    )


def referent_training_remove(*, referent_id: int, session_id: int) -> None:
    ReferentTraining.objects.filter(referent_id=referent_id, session_id=session_id).delete()


# People accompanied --------------------------------------------------------------------


def _check_birth_year(birth_year) -> None:
    if birth_year is None:
        return
    this_year = timezone.localdate().year
    if not 1900 <= int(birth_year) <= this_year:
        raise ValidationError(
            {"birth_year": _("The birth year must be between 1900 and %(year)s.") % {"year": this_year}}
        )


def beneficiary_create(
    *,
    structure,
    label: str = "",
    gender: str = Gender.UNKNOWN,
    birth_year: int | None = None,
    social_status: str = SocialStatus.UNKNOWN,
    commune: str = "",
    consent_date: datetime.date | None = None,
) -> Beneficiary:
    _check_birth_year(birth_year)
    with in_structure(structure), transaction.atomic():
        beneficiary = Beneficiary(
            label=(label or "").strip(),
            gender=gender or Gender.UNKNOWN,
            birth_year=birth_year,
            social_status=social_status or SocialStatus.UNKNOWN,
            commune=commune or "",
            consent_date=consent_date,
        )
        _full_clean(beneficiary, exclude=["code"])
        beneficiary.save()
        facts.facts_sync_beneficiary(structure, beneficiary)
    return beneficiary


def beneficiary_update(*, structure, beneficiary: Beneficiary, **fields) -> Beneficiary:
    if "birth_year" in fields:
        _check_birth_year(fields["birth_year"])
    with in_structure(structure), transaction.atomic():
        for name, value in fields.items():
            setattr(beneficiary, name, value)
        _full_clean(beneficiary, exclude=["code"])
        beneficiary.save()
        facts.facts_sync_beneficiary(structure, beneficiary)
    return beneficiary


def beneficiary_similar(*, label: str = "", birth_year: int | None = None, gender: str | None = None):
    """Records that may be the same person: same initials (case-insensitive) and a close birth year."""
    label = (label or "").strip()
    if not label:
        return Beneficiary.objects.none()
    qs = Beneficiary.objects.current().filter(label__iexact=label)
    if birth_year:
        qs = qs.filter(Q(birth_year__isnull=True) | Q(birth_year__range=(int(birth_year) - 1, int(birth_year) + 1)))
    if gender and gender != Gender.UNKNOWN:
        qs = qs.filter(gender__in=[gender, Gender.UNKNOWN])
    return qs


def beneficiary_merge(*, structure, keep: Beneficiary, duplicate: Beneficiary) -> Beneficiary:
    """Merge a duplicate record into ``keep``: every attendance, enrolment and assessment is kept."""
    if keep.pk == duplicate.pk:
        raise ValidationError(_("Choose two different records to merge."))
    with in_structure(structure), transaction.atomic():
        for participation in Participation.objects.filter(beneficiary=duplicate):
            if Participation.objects.filter(activity_id=participation.activity_id, beneficiary=keep).exists():
                participation.delete()
            else:
                participation.beneficiary = keep
                participation.save(update_fields=["beneficiary"])
        for enrolment in Enrolment.objects.filter(beneficiary=duplicate):
            if Enrolment.objects.filter(course_id=enrolment.course_id, beneficiary=keep).exists():
                facts.facts_delete_enrolment(structure, enrolment)
                enrolment.delete()
            else:
                enrolment.beneficiary = keep
                enrolment.save(update_fields=["beneficiary"])
        SkillAssessment.objects.filter(beneficiary=duplicate).update(beneficiary=keep)
        for field in ("label", "birth_year", "commune", "consent_date"):
            if not getattr(keep, field) and getattr(duplicate, field):
                setattr(keep, field, getattr(duplicate, field))
        for field, unknown in (("gender", Gender.UNKNOWN), ("social_status", SocialStatus.UNKNOWN)):
            if getattr(keep, field) == unknown:
                setattr(keep, field, getattr(duplicate, field))
        keep.save()
        duplicate.merged_into = keep
        duplicate.label = ""
        duplicate.save(update_fields=["merged_into", "label"])
        facts.facts_drop_beneficiary(structure, old_id=duplicate.pk)
        # Drop attendance facts that became duplicates, then refresh the counts of touched activities.
        for activity in Activity.objects.filter(participations__beneficiary=keep).distinct():
            facts.facts_sync_activity(structure, activity)
        for enrolment in Enrolment.objects.filter(beneficiary=keep):
            facts.facts_sync_enrolment(structure, enrolment)
        facts.facts_sync_beneficiary(structure, keep)
    return keep


def beneficiary_erase(*, structure, beneficiary: Beneficiary) -> None:
    """Erase what identifies a person. Attendances stay, anonymous, so the figures do not change."""
    with in_structure(structure), transaction.atomic():
        beneficiary.label = ""
        beneficiary.commune = ""
        beneficiary.consent_date = None
        beneficiary.erased_at = timezone.now()
        beneficiary.save(update_fields=["label", "commune", "consent_date", "erased_at"])


def anonymise_inactive(*, structure, months: int = 24, today: datetime.date | None = None) -> int:
    """Erase the people with no attendance (and no record activity) for ``months`` months."""
    today = today or timezone.localdate()
    limit = today - relativedelta(months=months)
    with in_structure(structure), transaction.atomic():
        stale = (
            Beneficiary.objects.current()
            .annotate(last_seen=Max("participations__activity__date"))
            .filter(Q(last_seen__lt=limit) | Q(last_seen__isnull=True, created_at__date__lt=limit))
        )
        count = 0
        for beneficiary in stale:
            beneficiary_erase(structure=structure, beneficiary=beneficiary)
            count += 1
    return count


# Activities ----------------------------------------------------------------------------


def normalise_breakdown(total: int, breakdown: dict | None) -> dict:
    """Each breakdown of anonymous participants must add up to their total; a missing one is "not given"."""
    breakdown = breakdown or {}
    errors = {}
    result = {}
    labels = {"gender": _("gender"), "age_band": _("age band"), "status": _("social status")}
    for dimension, choices in BREAKDOWNS.items():
        raw = breakdown.get(dimension) or {}
        counts = {}
        for code, value in raw.items():
            if code not in choices.values:
                errors[f"anonymous_{dimension}"] = _("Unknown code “%(code)s”.") % {"code": code}
                continue
            try:
                number = int(value or 0)
            except (TypeError, ValueError):
                errors[f"anonymous_{dimension}"] = _("Counts must be whole numbers.")
                continue
            if number < 0:
                errors[f"anonymous_{dimension}"] = _("Counts cannot be negative.")
            elif number:
                counts[code] = number
        if not counts:
            counts = {choices.UNKNOWN.value: total} if total else {}
        elif sum(counts.values()) != total:
            errors[f"anonymous_{dimension}"] = _(
                "The counts by %(dimension)s add up to %(sum)s, not to the %(total)s anonymous participants."
            ) % {"dimension": labels[dimension], "sum": sum(counts.values()), "total": total}
        result[dimension] = counts
    if errors:
        raise ValidationError(errors)
    return result


def activity_rule_errors(activity: Activity, beneficiary_count: int) -> dict[str, str]:
    """The business rules of a session, checked without any database work (imports reuse them)."""
    errors = {}
    today = timezone.localdate()
    if activity.date is None:
        errors["date"] = _("Give the date of the session.")
    elif activity.date > today:
        errors["date"] = _("A session cannot be logged in the future.")
    elif activity.date.year < 2000:
        errors["date"] = _("This date is too far in the past.")
    if activity.duration_minutes is None or not 0 < int(activity.duration_minutes) <= MAX_DURATION_MINUTES:
        errors["duration_minutes"] = _("The duration must be between 1 minute and 24 hours.")
    if activity.anonymous_total < 0 or activity.anonymous_already_seen < 0:
        errors["anonymous_total"] = _("Counts cannot be negative.")
    elif activity.anonymous_already_seen > activity.anonymous_total:
        errors["anonymous_already_seen"] = _("People already accompanied cannot outnumber the anonymous participants.")
    if activity.kind in (ActivityKind.WORKSHOP, ActivityKind.DROPIN) and not activity.themes:
        errors["themes"] = _("Choose at least one theme.")
    if activity.kind == ActivityKind.DROPIN and beneficiary_count + activity.anonymous_total != 1:
        errors["beneficiaries"] = _("A drop-in is with one person: pick them, or count one anonymous person.")
    if activity.kind == ActivityKind.COURSE_SESSION and activity.course_id is None:
        errors["course"] = _("A course session belongs to a course.")
    if activity.kind != ActivityKind.DROPIN and (activity.autonomy or activity.referral):
        activity.autonomy = activity.referral = ""
    if activity.kind == ActivityKind.AWARENESS:
        if beneficiary_count:
            errors["beneficiaries"] = _("An awareness meeting is logged with counts only.")
        followups = (activity.followup_course_count or 0) + (activity.followup_individual_count or 0)
        if followups > activity.anonymous_total:
            errors["followup_course_count"] = _("Follow-ups cannot outnumber the attendees.")
        if activity.invited_count is not None and activity.invited_count < activity.anonymous_total:
            errors["invited_count"] = _("Fewer people invited than attendees: check the numbers.")
    if activity.kind != ActivityKind.DROPIN and beneficiary_count + activity.anonymous_total == 0:
        errors["beneficiaries"] = _("Add at least one participant, followed or anonymous.")
    return errors


def _validate_activity(activity: Activity, beneficiary_count: int) -> None:
    errors = activity_rule_errors(activity, beneficiary_count)
    if errors:
        raise ValidationError(errors)
    try:
        activity.full_clean(exclude=["beneficiaries", "referents"], validate_unique=False)
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error


def _resolve_beneficiaries(beneficiaries: Iterable) -> list[Beneficiary]:
    ids = {b.pk if isinstance(b, Beneficiary) else int(b) for b in beneficiaries}
    found = list(Beneficiary.objects.current().filter(pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError({"beneficiaries": _("A person selected is not in this structure's registry.")})
    return found


def _resolve_referents(referents: Iterable) -> list[Referent]:
    ids = {r.pk if isinstance(r, Referent) else int(r) for r in referents}
    found = list(Referent.objects.filter(pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError({"referents": _("A referent selected does not belong to this structure.")})
    return found


def _snapshot(activity: Activity) -> dict:
    data = {
        f.name: getattr(activity, f.attname)
        for f in Activity._meta.concrete_fields
        if f.name not in {"id", "created_at", "updated_at", "created_by_id"}
    }
    data["beneficiaries"] = sorted(activity.participations.values_list("beneficiary_id", flat=True))
    data["referents"] = sorted(activity.referents.values_list("pk", flat=True))
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


def _record_change(activity_id: int, user, action: str, before: dict, after: dict) -> None:
    changes = {k: [before.get(k), after.get(k)] for k in set(before) | set(after) if before.get(k) != after.get(k)}
    ActivityChange.objects.create(
        activity_id=activity_id, user_id=getattr(user, "pk", None), action=action, changes=changes
    )


def activity_create(
    *,
    structure,
    user,
    kind: str,
    date: datetime.date,
    duration_minutes: int,
    beneficiaries: Iterable = (),
    referents: Iterable = (),
    anonymous_total: int = 0,
    anonymous_already_seen: int = 0,
    anonymous_breakdown: dict | None = None,
    **fields,
) -> Activity:
    with in_structure(structure), transaction.atomic():
        people = _resolve_beneficiaries(beneficiaries)
        staff = _resolve_referents(referents)
        activity = Activity(
            kind=kind,
            date=date,
            duration_minutes=duration_minutes,
            anonymous_total=anonymous_total or 0,
            anonymous_already_seen=anonymous_already_seen or 0,
            created_by_id=getattr(user, "pk", None),
            **fields,
        )
        _validate_activity(activity, len(people))
        activity.anonymous_breakdown = normalise_breakdown(activity.anonymous_total, anonymous_breakdown)
        activity.save()
        Participation.objects.bulk_create(Participation(activity=activity, beneficiary=p) for p in people)
        activity.referents.set(staff)
        _record_change(activity.pk, user, "created", {}, _snapshot(activity))
        facts.facts_sync_activity(structure, activity)
    return activity


def activity_update(
    *, structure, user, activity: Activity, beneficiaries: Iterable | None = None, referents=None, **fields
) -> Activity:
    with in_structure(structure), transaction.atomic():
        before = _snapshot(activity)
        breakdown = fields.pop("anonymous_breakdown", activity.anonymous_breakdown)
        for name, value in fields.items():
            setattr(activity, name, value)
        people = (
            _resolve_beneficiaries(beneficiaries)
            if beneficiaries is not None
            else list(Beneficiary.objects.filter(participations__activity=activity))
        )
        _validate_activity(activity, len(people))
        if "anonymous_total" in fields or "anonymous_breakdown" in fields or breakdown != activity.anonymous_breakdown:
            activity.anonymous_breakdown = normalise_breakdown(activity.anonymous_total, breakdown)
        activity.save()
        if beneficiaries is not None:
            activity.participations.exclude(beneficiary__in=people).delete()
            existing = set(activity.participations.values_list("beneficiary_id", flat=True))
            Participation.objects.bulk_create(
                Participation(activity=activity, beneficiary=p) for p in people if p.pk not in existing
            )
        if referents is not None:
            activity.referents.set(_resolve_referents(referents))
        _record_change(activity.pk, user, "updated", before, _snapshot(activity))
        facts.facts_sync_activity(structure, activity)
        if activity.course_id:
            _refresh_completion(activity.course, structure)
    return activity


def activity_delete(*, structure, user, activity: Activity) -> None:
    with in_structure(structure), transaction.atomic():
        before = _snapshot(activity)
        activity_id, course = activity.pk, activity.course
        activity.delete()
        _record_change(activity_id, user, "deleted", before, {})
        facts.facts_delete_activity(structure, activity_id)
        if course is not None:
            _refresh_completion(course, structure)


# Courses -------------------------------------------------------------------------------


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
        _full_clean(course)
        course.save()
        course.referents.set(_resolve_referents(referents))
        facts.facts_sync_course(structure, course)
    return course


def course_update(*, structure, course: Course, referents=None, **fields) -> Course:
    with in_structure(structure), transaction.atomic():
        for name, value in fields.items():
            setattr(course, name, value)
        if course.end_date and course.start_date and course.end_date < course.start_date:
            raise ValidationError({"end_date": _("The end date must be on or after the start date.")})
        _full_clean(course)
        course.save()
        if referents is not None:
            course.referents.set(_resolve_referents(referents))
        facts.facts_sync_course(structure, course)
        _refresh_completion(course, structure)
    return course


def enrolment_create(*, structure, course: Course, beneficiary: Beneficiary) -> Enrolment:
    with in_structure(structure), transaction.atomic():
        (person,) = _resolve_beneficiaries([beneficiary])
        if course.capacity and course.enrolments.exclude(status=EnrolmentStatus.DROPPED).count() >= course.capacity:
            raise ValidationError({"beneficiary": _("The course is full (%(n)s places).") % {"n": course.capacity}})
        try:
            with transaction.atomic():
                enrolment = Enrolment.objects.create(course=course, beneficiary=person)
        except IntegrityError as error:
            raise ValidationError({"beneficiary": _("This person is already enrolled in this course.")}) from error
        facts.facts_sync_enrolment(structure, enrolment)
    return enrolment


def enrolment_set_status(*, structure, enrolment: Enrolment, status: str) -> Enrolment:
    if status not in EnrolmentStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    with in_structure(structure), transaction.atomic():
        enrolment.status = status
        enrolment.save(update_fields=["status"])
        facts.facts_sync_enrolment(structure, enrolment)
    return enrolment


def enrolment_hours(enrolment: Enrolment) -> Decimal:
    minutes = (
        Participation.objects.filter(
            beneficiary_id=enrolment.beneficiary_id, activity__course_id=enrolment.course_id
        ).aggregate(total=Sum("activity__duration_minutes"))["total"]
        or 0
    )
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"))


def _refresh_completion(course: Course, structure) -> None:
    """Completed when the hours attended reach 80 % of the planned hours; dropped-out stay so."""
    threshold = course.planned_hours * Decimal(str(Enrolment.COMPLETION_SHARE))
    for enrolment in course.enrolments.exclude(status=EnrolmentStatus.DROPPED):
        status = EnrolmentStatus.COMPLETED if enrolment_hours(enrolment) >= threshold else EnrolmentStatus.ENROLLED
        if status != enrolment.status:
            enrolment.status = status
            enrolment.save(update_fields=["status"])
            facts.facts_sync_enrolment(structure, enrolment)


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
    """Create (or update) a session of a course with its attendance; only enrolled people can attend."""
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
            )
        _refresh_completion(course, structure)
    return activity


def assessment_record(
    *, structure, beneficiary: Beneficiary, moment: str, date: datetime.date, course: Course | None = None, levels: dict
) -> SkillAssessment:
    errors = {}
    for area in SkillAssessment.AREAS:
        value = levels.get(area)
        if value in (None, "") or not str(value).isdigit() or not 0 <= int(value) <= 3:
            errors[area] = _("Give a level from 0 to 3.")
    if errors:
        raise ValidationError(errors)
    with in_structure(structure), transaction.atomic():
        assessment, _created = SkillAssessment.objects.update_or_create(
            beneficiary=beneficiary,
            course=course,
            moment=moment,
            defaults={"date": date, **{area: int(levels[area]) for area in SkillAssessment.AREAS}},
        )
    return assessment
