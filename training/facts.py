"""Keep the public anonymous facts in step with a structure's records.

Called by ``training.services`` inside the same transaction as each write, so that the
network's figures never drift from the structures' data. Each write also refreshes the
rollups it touches (the activities of its month, the yearly rows of its people), which the
figures read for whole months. ``facts_rebuild`` recomputes a structure's facts and rollups
from its schema and reports every difference.
"""

import datetime
from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction
from django_tenants.utils import schema_context

from figures.models import (
    ActivityFact,
    ActivityMonthBreakdownFact,
    ActivityMonthFact,
    AttendanceFact,
    BeneficiaryFact,
    CourseFact,
    DeskVisitFact,
    EnrolmentFact,
    EquipmentFact,
    MentorshipFact,
    PersonYearFact,
)
from training.models import (
    Activity,
    Beneficiary,
    Course,
    DeskVisit,
    Enrolment,
    EquipmentGift,
    Mentorship,
    Participation,
)


def activity_fact_values(activity: Activity, followed_count: int) -> dict:
    return {
        "kind": activity.kind,
        "date": activity.date,
        "duration_minutes": activity.duration_minutes,
        "themes": list(activity.themes or []),
        "equipment": list(activity.equipment or []),
        "place_type": activity.place_type or "",
        "level": activity.level or "",
        "kit_id": activity.kit_id,
        "course_id": activity.course_id,
        "followed_count": followed_count,
        "anonymous_total": activity.anonymous_total,
        "anonymous_already_seen": activity.anonymous_already_seen,
        "anonymous_breakdown": activity.anonymous_breakdown or {},
        "invited_count": activity.invited_count,
        "followup_course_count": activity.followup_course_count,
        "followup_individual_count": activity.followup_individual_count,
        "mentor_count": activity.mentorships.values("mentor_id").distinct().count() if activity.pk else 0,
    }


def facts_sync_activity(structure, activity: Activity) -> None:
    """The activity's facts, then the rollups of its month (old and new) and of its people (old and new)."""
    before = _activity_scope(structure, activity.pk)
    beneficiary_ids = _write_activity_facts(structure, activity)
    rollups_refresh_months([structure.pk], before["months"] | {_month(activity.date)})
    rollups_refresh_people([structure.pk], before["people"] | set(beneficiary_ids))


def _activity_scope(structure, activity_id: int) -> dict[str, set]:
    """The month and the people of an activity's current facts: the rollups to refresh after a change."""
    dates = ActivityFact.objects.filter(structure=structure, activity_id=activity_id).values_list("date", flat=True)
    people = AttendanceFact.objects.filter(structure=structure, activity_id=activity_id)
    return {"months": {_month(d) for d in dates}, "people": set(people.values_list("beneficiary_id", flat=True))}


def _month(date: datetime.date) -> datetime.date:
    return date.replace(day=1)


def _write_activity_facts(structure, activity: Activity) -> list[int]:
    """The activity's fact and attendance facts (without the rollups); returns its followed people."""
    beneficiary_ids = list(activity.participations.values_list("beneficiary_id", flat=True))
    ActivityFact.objects.update_or_create(
        structure=structure,
        activity_id=activity.pk,
        defaults=activity_fact_values(activity, len(beneficiary_ids)),
    )
    AttendanceFact.objects.filter(structure=structure, activity_id=activity.pk).delete()
    AttendanceFact.objects.bulk_create(
        AttendanceFact(
            structure=structure,
            activity_id=activity.pk,
            beneficiary_id=beneficiary_id,
            date=activity.date,
            kind=activity.kind,
            course_id=activity.course_id,
            duration_minutes=activity.duration_minutes,
        )
        for beneficiary_id in beneficiary_ids
    )
    return beneficiary_ids


def facts_delete_activity(structure, activity_id: int) -> None:
    before = _activity_scope(structure, activity_id)
    ActivityFact.objects.filter(structure=structure, activity_id=activity_id).delete()
    AttendanceFact.objects.filter(structure=structure, activity_id=activity_id).delete()
    rollups_refresh_months([structure.pk], before["months"])
    rollups_refresh_people([structure.pk], before["people"])


def facts_sync_beneficiary(structure, beneficiary: Beneficiary) -> None:
    BeneficiaryFact.objects.update_or_create(
        structure=structure,
        beneficiary_id=beneficiary.pk,
        defaults={
            "gender": beneficiary.gender,
            "birth_year": beneficiary.birth_year,
            "social_status": beneficiary.social_status,
        },
    )
    # The person's yearly rollups carry their gender, status and birth year.
    PersonYearFact.objects.filter(structure=structure, beneficiary_id=beneficiary.pk).update(
        gender=beneficiary.gender, birth_year=beneficiary.birth_year, social_status=beneficiary.social_status
    )


def facts_drop_beneficiary(structure, *, old_id: int) -> None:
    """After a merge, drop the duplicate's facts; the caller resyncs the kept record's activities."""
    AttendanceFact.objects.filter(structure=structure, beneficiary_id=old_id).delete()
    EnrolmentFact.objects.filter(structure=structure, beneficiary_id=old_id).delete()
    BeneficiaryFact.objects.filter(structure=structure, beneficiary_id=old_id).delete()
    rollups_refresh_people([structure.pk], [old_id])


def facts_sync_course(structure, course: Course) -> None:
    CourseFact.objects.update_or_create(
        structure=structure,
        course_id=course.pk,
        defaults={
            "device": course.device,
            "planned_hours": course.planned_hours,
            "start_date": course.start_date,
            "end_date": course.end_date,
        },
    )


def facts_delete_course(structure, course_id: int, activity_ids) -> None:
    CourseFact.objects.filter(structure=structure, course_id=course_id).delete()
    EnrolmentFact.objects.filter(structure=structure, course_id=course_id).delete()
    for activity_id in activity_ids:
        facts_delete_activity(structure, activity_id)


def facts_sync_enrolment(structure, enrolment: Enrolment) -> None:
    EnrolmentFact.objects.update_or_create(
        structure=structure,
        course_id=enrolment.course_id,
        beneficiary_id=enrolment.beneficiary_id,
        defaults={"status": enrolment.status},
    )


def facts_delete_enrolment(structure, enrolment: Enrolment) -> None:
    EnrolmentFact.objects.filter(
        structure=structure, course_id=enrolment.course_id, beneficiary_id=enrolment.beneficiary_id
    ).delete()


def _expected(structure) -> dict[str, set]:
    """The facts a structure's records imply, as comparable tuples."""
    with schema_context(structure.schema_name):
        followed = Counter(Participation.objects.values_list("activity_id", flat=True))
        activities = {(a.pk, *_freeze(activity_fact_values(a, followed.get(a.pk, 0)))) for a in Activity.objects.all()}
        attendances = {
            (p.activity_id, p.beneficiary_id, p.activity.date, p.activity.kind, p.activity.course_id,
             p.activity.duration_minutes)
            for p in Participation.objects.select_related("activity")
        }  # fmt: skip
        beneficiaries = {
            (b.pk, b.gender, b.birth_year, b.social_status) for b in Beneficiary.objects.filter(merged_into=None)
        }
        courses = {(c.pk, c.device, c.planned_hours, c.start_date, c.end_date) for c in Course.objects.all()}
        enrolments = {(e.course_id, e.beneficiary_id, e.status) for e in Enrolment.objects.all()}
        equipment = {
            (g.pk, g.beneficiary_id, g.kind, g.condition, g.date, g.amount) for g in EquipmentGift.objects.all()
        }
        desk = {(v.pk, v.date, v.purpose, v.count, v.social_status) for v in DeskVisit.objects.all()}
        mentorships = {(m.pk, m.mentor_id, m.mentee_id, m.start_date) for m in Mentorship.objects.all()}
    return {
        "equipment": equipment,
        "desk": desk,
        "mentorships": mentorships,
        "activities": activities,
        "attendances": attendances,
        "beneficiaries": beneficiaries,
        "courses": courses,
        "enrolments": enrolments,
    }


def _freeze(values: dict) -> tuple:
    return tuple(
        tuple(v) if isinstance(v, list) else (repr(sorted(v.items())) if isinstance(v, dict) else v)
        for v in values.values()
    )


def _stored(structure) -> dict[str, set]:
    activities = set()
    for fact in ActivityFact.objects.filter(structure=structure):
        activities.add(
            (
                fact.activity_id,
                *_freeze(
                    {
                        "kind": fact.kind,
                        "date": fact.date,
                        "duration_minutes": fact.duration_minutes,
                        "themes": list(fact.themes),
                        "equipment": list(fact.equipment),
                        "place_type": fact.place_type,
                        "level": fact.level,
                        "kit_id": fact.kit_id,
                        "course_id": fact.course_id,
                        "followed_count": fact.followed_count,
                        "anonymous_total": fact.anonymous_total,
                        "anonymous_already_seen": fact.anonymous_already_seen,
                        "anonymous_breakdown": fact.anonymous_breakdown,
                        "invited_count": fact.invited_count,
                        "followup_course_count": fact.followup_course_count,
                        "followup_individual_count": fact.followup_individual_count,
                        "mentor_count": fact.mentor_count,
                    }
                ),
            )
        )
    return {
        "equipment": set(
            EquipmentFact.objects.filter(structure=structure).values_list(
                "gift_id", "beneficiary_id", "kind", "condition", "date", "amount"
            )
        ),
        "desk": set(
            DeskVisitFact.objects.filter(structure=structure).values_list(
                "visit_id", "date", "purpose", "count", "social_status"
            )
        ),
        "mentorships": set(
            MentorshipFact.objects.filter(structure=structure).values_list(
                "mentorship_id", "mentor_id", "mentee_id", "start_date"
            )
        ),
        "activities": activities,
        "attendances": set(
            AttendanceFact.objects.filter(structure=structure).values_list(
                "activity_id", "beneficiary_id", "date", "kind", "course_id", "duration_minutes"
            )
        ),
        "beneficiaries": set(
            BeneficiaryFact.objects.filter(structure=structure).values_list(
                "beneficiary_id", "gender", "birth_year", "social_status"
            )
        ),
        "courses": set(
            CourseFact.objects.filter(structure=structure).values_list(
                "course_id", "device", "planned_hours", "start_date", "end_date"
            )
        ),
        "enrolments": set(
            EnrolmentFact.objects.filter(structure=structure).values_list("course_id", "beneficiary_id", "status")
        ),
    }


def facts_differences(structure) -> dict[str, dict[str, int]]:
    """Per table: rows missing from the facts and rows the facts have in excess."""
    expected, stored = _expected(structure), _stored(structure)
    differences = {
        table: {"missing": len(expected[table] - stored[table]), "extra": len(stored[table] - expected[table])}
        for table in expected
        if expected[table] != stored[table]
    }
    return differences | _rollup_differences(structure)


@transaction.atomic
def facts_rebuild(structure) -> dict[str, dict[str, int]]:
    """Recompute a structure's facts and their rollups from its schema; return the differences that were
    found."""
    differences = facts_differences(structure)
    fact_models = (ActivityFact, AttendanceFact, BeneficiaryFact, CourseFact, EnrolmentFact)
    rollup_models = (ActivityMonthFact, ActivityMonthBreakdownFact, PersonYearFact)
    for model in (*fact_models, EquipmentFact, DeskVisitFact, MentorshipFact, *rollup_models):
        model.objects.filter(structure=structure).delete()
    with schema_context(structure.schema_name):
        for beneficiary in Beneficiary.objects.filter(merged_into=None):
            facts_sync_beneficiary(structure, beneficiary)
        for course in Course.objects.all():
            facts_sync_course(structure, course)
        for enrolment in Enrolment.objects.all():
            facts_sync_enrolment(structure, enrolment)
        for activity in Activity.objects.all():
            _write_activity_facts(structure, activity)
        EquipmentFact.objects.bulk_create(
            EquipmentFact(structure=structure, gift_id=g.pk, beneficiary_id=g.beneficiary_id, kind=g.kind,
                          condition=g.condition, date=g.date, amount=g.amount)
            for g in EquipmentGift.objects.all()
        )  # fmt: skip
        DeskVisitFact.objects.bulk_create(
            DeskVisitFact(structure=structure, visit_id=v.pk, date=v.date, purpose=v.purpose, count=v.count,
                          social_status=v.social_status)
            for v in DeskVisit.objects.all()
        )  # fmt: skip
        MentorshipFact.objects.bulk_create(
            MentorshipFact(structure=structure, mentorship_id=m.pk, mentor_id=m.mentor_id, mentee_id=m.mentee_id,
                           start_date=m.start_date)
            for m in Mentorship.objects.all()
        )  # fmt: skip
    rollups_refresh([structure.pk])
    return differences


# --- Rollups: the facts summed per month (activities) and per year (people) ---------------------
# Each rollup is defined by one SELECT over the facts; refreshing a part of it deletes its rows and
# inserts that SELECT again, so the rollups can only differ from their definition if a fact is written
# without a refresh (``facts_differences`` reports it). The network's figures read the rollups for
# whole months and the same SELECTs over the facts for the days around them.

# Per structure × month × kind. {where} filters ``network_activityfact a``.
ACTIVITY_MONTHS_SQL = """
    SELECT a.structure_id, date_trunc('month', a.date)::date AS month, a.kind,
           count(*) AS activities, coalesce(sum(a.duration_minutes), 0) AS minutes,
           coalesce(sum(a.anonymous_total), 0) AS anonymous_total,
           coalesce(sum(a.anonymous_total - a.anonymous_already_seen) FILTER (WHERE a.anonymous_total > 0), 0)
               AS anonymous_new,
           coalesce(sum(a.invited_count), 0) AS invited,
           coalesce(sum(a.followup_course_count), 0) AS followup_course,
           coalesce(sum(a.followup_individual_count), 0) AS followup_individual
    FROM network_activityfact a WHERE {where} GROUP BY 1, 2, 3
"""
ACTIVITY_MONTHS_COLUMNS = (
    "structure_id, month, kind, activities, minutes, anonymous_total, anonymous_new, invited, followup_course, "
    "followup_individual"
)

# Per structure × month × kind × dimension × code: activities per theme and per kit; anonymous participants
# not already accompanied per gender, age band and status, each activity's breakdown weighted by its share
# (total − already seen) / total, to 15 decimals. {where} filters ``network_activityfact a``.
BREAKDOWN_DIMENSIONS = ("gender", "age_band", "status")
ACTIVITY_BREAKDOWNS_SQL = """
    SELECT a.structure_id, date_trunc('month', a.date)::date AS month, a.kind, 'theme' AS dimension, t.code,
           count(*)::numeric AS value
    FROM network_activityfact a, unnest(a.themes) t(code) WHERE {where} GROUP BY 1, 2, 3, 4, 5
    UNION ALL
    SELECT a.structure_id, date_trunc('month', a.date)::date, a.kind, 'kit', a.kit_id::text, count(*)::numeric
    FROM network_activityfact a WHERE {where} AND a.kit_id IS NOT NULL GROUP BY 1, 2, 3, 4, 5
    UNION ALL
    SELECT a.structure_id, date_trunc('month', a.date)::date, a.kind, d.key, c.key,
           sum(round(c.value::numeric * (a.anonymous_total - a.anonymous_already_seen) / a.anonymous_total, 15))
    FROM network_activityfact a, jsonb_each(a.anonymous_breakdown) d, jsonb_each_text(d.value) c
    WHERE {where} AND a.anonymous_total > 0 AND a.anonymous_total <> a.anonymous_already_seen
      AND d.key IN ('gender', 'age_band', 'status') AND jsonb_typeof(d.value) = 'object'
    GROUP BY 1, 2, 3, 4, 5
"""
ACTIVITY_BREAKDOWNS_COLUMNS = "structure_id, month, kind, dimension, code, value"

# Per structure × person × kind ('' for any kind) × year: the months attended (bit m − 1 for month m), the
# last month attended before that year (year × 12 + month − 1), and the person's gender, status and birth
# year. {where} filters ``network_attendancefact f``, always on whole people (the previous month needs
# their whole history).
PEOPLE_YEARS_SQL = """
    WITH years AS (
        SELECT f.structure_id, f.beneficiary_id, k.kind, extract(year FROM f.date)::int AS year,
               bit_or(1 << (extract(month FROM f.date)::int - 1)) AS months,
               max(extract(year FROM f.date)::int * 12 + extract(month FROM f.date)::int - 1) AS last_month
        FROM network_attendancefact f, LATERAL (VALUES (''), (f.kind)) k(kind)
        WHERE {where} GROUP BY 1, 2, 3, 4
    )
    SELECT y.structure_id, y.beneficiary_id, y.kind, y.year, y.months,
           lag(y.last_month) OVER (PARTITION BY y.structure_id, y.beneficiary_id, y.kind ORDER BY y.year),
           b.gender, b.social_status, b.birth_year
    FROM years y LEFT JOIN network_beneficiaryfact b
      ON b.structure_id = y.structure_id AND b.beneficiary_id = y.beneficiary_id
"""
PEOPLE_YEARS_COLUMNS = (
    "structure_id, beneficiary_id, kind, year, months, previous_month, gender, social_status, birth_year"
)


def _lock_rollups(structure_ids: Iterable[int] | None) -> None:
    """Serialise the refreshes of a structure's rollups until the end of the transaction, so that two
    concurrent writes cannot each replace the other's rows (each refresh then sees the other's facts)."""
    with connection.cursor() as cursor:
        if structure_ids is None:
            cursor.execute("LOCK TABLE network_activitymonthfact, network_activitymonthbreakdownfact, "
                           "network_personyearfact IN EXCLUSIVE MODE")  # fmt: skip
            return
        for structure_id in sorted(set(structure_ids)):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('network_rollups'), %s)", [int(structure_id)])


def _structure_filter(prefix: str, structure_ids) -> tuple[str, list]:
    if structure_ids is None:
        return "TRUE", []
    return f"{prefix}structure_id = ANY(%s)", [list(structure_ids)]


def rollups_refresh_months(structure_ids: Iterable[int] | None, months: Iterable[datetime.date] | None = None):
    """Recompute the monthly rollups of these structures (all when None) for these months (first days; all
    when None) from ``ActivityFact``."""
    structure_ids = list(structure_ids) if structure_ids is not None else None
    months = sorted(set(months)) if months is not None else None
    if months == [] or structure_ids == []:
        return
    _lock_rollups(structure_ids)
    where, params = _structure_filter("a.", structure_ids)
    rollup_where, rollup_params = _structure_filter("", structure_ids)
    if months is not None:
        where += " AND date_trunc('month', a.date)::date = ANY(%s)"
        params.append(months)
        rollup_where += " AND month = ANY(%s)"
        rollup_params.append(months)
    with connection.cursor() as cursor:
        for table, columns, sql in (
            ("network_activitymonthfact", ACTIVITY_MONTHS_COLUMNS, ACTIVITY_MONTHS_SQL),
            ("network_activitymonthbreakdownfact", ACTIVITY_BREAKDOWNS_COLUMNS, ACTIVITY_BREAKDOWNS_SQL),
        ):
            cursor.execute(f"DELETE FROM {table} WHERE {rollup_where}", rollup_params)
            cursor.execute(f"INSERT INTO {table} ({columns}) {sql.format(where=where)}", params * sql.count("{where}"))


def rollups_refresh_people(structure_ids: Iterable[int] | None, beneficiary_ids: Iterable[int] | None = None):
    """Recompute the yearly rollups of these structures' people (all when None) from ``AttendanceFact``."""
    structure_ids = list(structure_ids) if structure_ids is not None else None
    beneficiary_ids = sorted(set(beneficiary_ids)) if beneficiary_ids is not None else None
    if beneficiary_ids == [] or structure_ids == []:
        return
    _lock_rollups(structure_ids)
    where, params = _structure_filter("f.", structure_ids)
    rollup_where, rollup_params = _structure_filter("", structure_ids)
    if beneficiary_ids is not None:
        where += " AND f.beneficiary_id = ANY(%s)"
        params.append(beneficiary_ids)
        rollup_where += " AND beneficiary_id = ANY(%s)"
        rollup_params.append(beneficiary_ids)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM network_personyearfact WHERE {rollup_where}", rollup_params)
        cursor.execute(
            f"INSERT INTO network_personyearfact ({PEOPLE_YEARS_COLUMNS}) {PEOPLE_YEARS_SQL.format(where=where)}",
            params,
        )


def rollups_refresh(structure_ids: Iterable[int] | None = None) -> None:
    """Recompute every rollup of these structures (all when None), e.g. after facts written in bulk."""
    structure_ids = list(structure_ids) if structure_ids is not None else None
    rollups_refresh_months(structure_ids)
    rollups_refresh_people(structure_ids)


def _rollup_differences(structure) -> dict[str, dict[str, int]]:
    """Per rollup: rows its definition implies that are missing, and rows in excess."""
    differences = {}
    with connection.cursor() as cursor:
        for name, table, columns, sql, prefix in (
            ("activity_months", "network_activitymonthfact", ACTIVITY_MONTHS_COLUMNS, ACTIVITY_MONTHS_SQL, "a."),
            ("activity_breakdowns", "network_activitymonthbreakdownfact", ACTIVITY_BREAKDOWNS_COLUMNS,
             ACTIVITY_BREAKDOWNS_SQL, "a."),
            ("people_years", "network_personyearfact", PEOPLE_YEARS_COLUMNS, PEOPLE_YEARS_SQL, "f."),
        ):  # fmt: skip
            expected = sql.format(where=f"{prefix}structure_id = %(s)s")
            stored = f"SELECT {columns} FROM {table} WHERE structure_id = %(s)s"
            cursor.execute(
                f"SELECT (SELECT count(*) FROM (({expected}) EXCEPT ALL ({stored})) x), "
                f"(SELECT count(*) FROM (({stored}) EXCEPT ALL ({expected})) y)",
                {"s": structure.pk},
            )
            missing, extra = cursor.fetchone()
            if missing or extra:
                differences[name] = {"missing": missing, "extra": extra}
    return differences
