"""Writes on activities (workshops, drop-ins, course sessions...): their rules, their history,
their facts."""

import datetime
import json
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import signals
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from figures.batch import WriteBatch
from figures.enums import ActivityKind, AgeBand, Gender, PlaceType, SocialStatus
from training import facts
from training.models import (
    Activity,
    ActivityChange,
    Participation,
    Referent,
)
from training.policies import ensure_can_change_activity
from training.services.common import in_structure, kit_errors, resolve_participants
from training.services.enrolments import completion_refresh
from training.tombstones import tombstone_statements

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
    # The rules above cover the table's check constraints; a course given as a record exists.
    exclude = ["beneficiaries", "referents"]
    if activity.course_id is None or Activity._meta.get_field("course").is_cached(activity):
        exclude.append("course")
    try:
        activity.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error


def _snapshot(activity: Activity, beneficiary_ids: Iterable[int], referent_ids: Iterable[int]) -> dict:
    data = {
        f.name: getattr(activity, f.attname)
        for f in Activity._meta.concrete_fields
        if f.name not in {"id", "created_at", "updated_at", "created_by_id"}
    }
    data["beneficiaries"] = sorted(beneficiary_ids)
    data["referents"] = sorted(referent_ids)
    return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}


def _changes(before: dict, after: dict) -> dict:
    return {k: [before.get(k), after.get(k)] for k in set(before) | set(after) if before.get(k) != after.get(k)}


_PARTICIPATIONS = Participation._meta.db_table
_REFERENTS = Activity.referents.through._meta.db_table


def _write_relations(batch: WriteBatch, activity_id: int, people: list[int] | None, staff: list[int] | None,
                     replace: bool) -> None:  # fmt: skip
    """The activity's participations and referents (replacing the current ones when ``replace``)."""
    for table, column, ids in ((_PARTICIPATIONS, "beneficiary_id", people), (_REFERENTS, "referent_id", staff)):
        if ids is None:
            continue
        if replace:
            batch.write(
                f"DELETE FROM {table} WHERE activity_id = %s AND {column} <> ALL(%s::bigint[])", [activity_id, ids]
            )
        if ids:
            batch.write(
                f"INSERT INTO {table} (activity_id, {column}) SELECT %s, unnest(%s::bigint[]) ON CONFLICT DO NOTHING",
                [activity_id, ids],
            )


def _write_change(batch: WriteBatch, activity_id: int, user, action: str, changes: dict) -> None:
    batch.write(
        f"INSERT INTO {ActivityChange._meta.db_table} (activity_id, user_id, at, action, changes) "
        "VALUES (%s, %s, %s, %s, %s::jsonb)",
        [activity_id, getattr(user, "pk", None), timezone.now(), action, json.dumps(changes, cls=DjangoJSONEncoder)],
    )


def _remember_relations(activity: Activity, people: list[int], staff: list[int]) -> None:
    """What was just written, as the activity's loaded relations (the response shows them unread)."""
    for name, rows in (
        ("participations", [Participation(activity=activity, beneficiary_id=b) for b in people]),
        ("referents", [Referent(pk=r) for r in staff]),
    ):
        queryset = getattr(activity, name).all()
        queryset._result_cache, queryset._prefetch_done = rows, True
        activity.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def _delete_parts(batch: WriteBatch, activity: Activity) -> bool:
    """The activity's deletion as parts of the batch: its rows that cascade deleted, those that keep it
    nulled, read from the models (no collector's reads). False when a cascade goes further than one level,
    or a signal listens to activities' deletion: the ORM's delete then."""
    parts = []
    for relation in Activity._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and relation.one_to_many or relation.one_to_one):
            continue
        model, column = relation.related_model, relation.field.column
        if relation.on_delete is models.CASCADE and not model._meta.related_objects:
            parts.append((f"DELETE FROM {model._meta.db_table} WHERE {column} = %s", [activity.pk]))
        elif relation.on_delete is models.SET_NULL:
            parts.append((f"UPDATE {model._meta.db_table} SET {column} = NULL WHERE {column} = %s", [activity.pk]))
        else:
            return False
    if any(sender == id(Activity) for signal in (signals.pre_delete, signals.post_delete)
           for (_receiver, sender), *_rest in signal.receivers):  # fmt: skip
        return False
    for sql, params in parts:
        batch.write(sql, params)
    batch.write(f"DELETE FROM {Activity._meta.db_table} WHERE id = %s", [activity.pk])
    return True


def _loaded_ids(activity: Activity, name: str, attname: str) -> list[int]:
    return [getattr(row, attname) for row in getattr(activity, name).all()]


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
        people, staff = resolve_participants(beneficiaries, referents)
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
        # Participations, referents, change record, facts and the rollups' lock: one statement; rollups: one.
        batch = WriteBatch()
        _write_relations(batch, activity.pk, people, staff, replace=False)
        _write_change(batch, activity.pk, user, "created", _changes({}, _snapshot(activity, people, staff)))
        write = facts.ActivityFactsWrite(batch, structure, {activity.pk: people})
        write.finish(batch.execute())
        _remember_relations(activity, people, staff)
    return activity


def activity_update(
    *, structure, user, activity: Activity, beneficiaries: Iterable | None = None, referents=None, **fields
) -> Activity:
    with in_structure(structure), transaction.atomic():
        ensure_can_change_activity(user=user, structure=structure, activity=activity)
        if fields.get("kit_id") != activity.kit_id and (errors := kit_errors(fields.get("kit_id"))):
            raise ValidationError(errors)
        old_people = _loaded_ids(activity, "participations", "beneficiary_id")
        old_staff = _loaded_ids(activity, "referents", "pk")
        before = _snapshot(activity, old_people, old_staff)
        breakdown = fields.pop("anonymous_breakdown", activity.anonymous_breakdown)
        for name, value in fields.items():
            setattr(activity, name, value)
        people, staff = resolve_participants(
            beneficiaries if beneficiaries is not None else (), referents if referents is not None else ()
        )
        people = people if beneficiaries is not None else old_people
        staff = staff if referents is not None else old_staff
        _validate_activity(activity, len(people))
        if "anonymous_total" in fields or "anonymous_breakdown" in fields or breakdown != activity.anonymous_breakdown:
            activity.anonymous_breakdown = normalise_breakdown(activity.anonymous_total, breakdown)
        activity.save()
        batch = WriteBatch()
        _write_relations(
            batch, activity.pk, people if beneficiaries is not None else None,
            staff if referents is not None else None, replace=True,
        )  # fmt: skip
        _write_change(batch, activity.pk, user, "updated", _changes(before, _snapshot(activity, people, staff)))
        write = facts.ActivityFactsWrite(batch, structure, {activity.pk: people})
        write.finish(batch.execute())
        _remember_relations(activity, people, staff)
        if activity.course_id:
            completion_refresh(activity.course, structure)
    return activity


def activity_delete(*, structure, user, activity: Activity) -> None:
    with in_structure(structure), transaction.atomic():
        ensure_can_change_activity(user=user, structure=structure, activity=activity)
        before = _snapshot(
            activity,
            _loaded_ids(activity, "participations", "beneficiary_id"),
            _loaded_ids(activity, "referents", "pk"),
        )
        activity_id, course = activity.pk, activity.course
        batch = WriteBatch()
        if not _delete_parts(batch, activity):
            activity.delete()
        for sql, params in tombstone_statements("activity", activity_id):
            batch.write(sql, params)
        _write_change(batch, activity_id, user, "deleted", _changes(before, {}))
        write = facts.ActivityFactsWrite(batch, structure, deleted=[activity_id])
        write.finish(batch.execute())
        if course is not None:
            completion_refresh(course, structure)
