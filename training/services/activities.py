"""Writes on activities (workshops, drop-ins, course sessions...): their rules, their history,
their facts."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from figures.enums import ActivityKind, AgeBand, Gender, PlaceType, SocialStatus
from training import facts
from training.models import (
    Activity,
    ActivityChange,
    Beneficiary,
    Participation,
)
from training.policies import ensure_can_change_activity
from training.services.common import in_structure, kit_errors, resolve_beneficiaries, resolve_referents
from training.services.enrolments import completion_refresh

MAX_DURATION_MINUTES = 24 * 60
TOO_MANY_ANONYMOUS = format_lazy(
    gettext_lazy("A session counts at most {max} anonymous participants: log a bigger event as several sessions."),
    max=Activity.MAX_ANONYMOUS,
)
TOO_MANY_INVITED = format_lazy(gettext_lazy("At most {max} people invited."), max=Activity.MAX_INVITED)


BREAKDOWNS = {"gender": Gender, "age_band": AgeBand, "status": SocialStatus}


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
    elif activity.anonymous_total > Activity.MAX_ANONYMOUS:
        errors["anonymous_total"] = str(TOO_MANY_ANONYMOUS)
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
        if activity.invited_count is not None and activity.invited_count > Activity.MAX_INVITED:
            errors["invited_count"] = str(TOO_MANY_INVITED)
        elif activity.invited_count is not None and activity.invited_count < activity.anonymous_total:
            errors["invited_count"] = _("Fewer people invited than attendees: check the numbers.")
    if activity.place_type in (PlaceType.HOME, PlaceType.OTHER) and not (activity.place_name or "").strip():
        errors["place_name"] = _("Give the commune for a session at home or elsewhere.")
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
    if errors := kit_errors(fields.get("kit_id")):
        raise ValidationError(errors)
    with in_structure(structure), transaction.atomic():
        people = resolve_beneficiaries(beneficiaries)
        staff = resolve_referents(referents)
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
        ensure_can_change_activity(user=user, structure=structure, activity=activity)
        if fields.get("kit_id") != activity.kit_id and (errors := kit_errors(fields.get("kit_id"))):
            raise ValidationError(errors)
        before = _snapshot(activity)
        breakdown = fields.pop("anonymous_breakdown", activity.anonymous_breakdown)
        for name, value in fields.items():
            setattr(activity, name, value)
        people = (
            resolve_beneficiaries(beneficiaries)
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
            activity.referents.set(resolve_referents(referents))
        _record_change(activity.pk, user, "updated", before, _snapshot(activity))
        facts.facts_sync_activity(structure, activity)
        if activity.course_id:
            completion_refresh(activity.course, structure)
    return activity


def activity_delete(*, structure, user, activity: Activity) -> None:
    with in_structure(structure), transaction.atomic():
        ensure_can_change_activity(user=user, structure=structure, activity=activity)
        before = _snapshot(activity)
        activity_id, course = activity.pk, activity.course
        activity.delete()
        _record_change(activity_id, user, "deleted", before, {})
        facts.facts_delete_activity(structure, activity_id)
        if course is not None:
            completion_refresh(course, structure)
