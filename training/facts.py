"""Keep the public anonymous facts in step with a structure's records.

Called by ``training.services`` inside the same transaction as each write, so that the
network's figures never drift from the structures' data. Each write also refreshes the
rollups it touches (the activities of its month, the yearly rows of its people), which the
figures read for whole months. ``facts_rebuild`` recomputes a structure's facts and rollups
from its schema and reports every difference.
"""

from collections import Counter
from collections.abc import Iterable

from django.db import transaction
from django_tenants.utils import schema_context

from figures.batch import WriteBatch
from figures.models import (
    ActivityFact,
    AssessmentFact,
    AttendanceFact,
    BeneficiaryFact,
    CourseFact,
    DeskVisitFact,
    EnrolmentFact,
    EquipmentFact,
    MentorshipFact,
    PersonYearFact,
)
from figures.reference import scores_by_area
from figures.rollups import (
    ROLLUPS_LOCK,
    _rollup_differences,
    rollups_apply,
    rollups_before,
    rollups_refresh,
    rollups_refresh_people,
    totals_add_sql,
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
    SkillAssessment,
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


# The facts of activities, written from the activities' rows in one statement with the advisory lock of
# the structure's rollups; the rollups they touch are then recomputed in a second one (its snapshot, taken
# once the lock is held, sees every other writer's facts). Followed people come from the caller, who may be
# writing the participations in the same statement (a statement never sees its own rows).
_ACTIVITY_FACT_COLUMNS = (
    "kind", "date", "duration_minutes", "themes", "equipment", "place_type", "level", "kit_id", "course_id",
    "followed_count", "anonymous_total", "anonymous_already_seen", "anonymous_breakdown", "invited_count",
    "followup_course_count", "followup_individual_count", "mentor_count",
)  # fmt: skip


def _activity_fact_upsert() -> str:
    mentorships = Mentorship.activities.through._meta.db_table
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in _ACTIVITY_FACT_COLUMNS)
    changed = f"({', '.join(f't.{c}' for c in _ACTIVITY_FACT_COLUMNS)}) IS DISTINCT FROM " \
              f"({', '.join(f'EXCLUDED.{c}' for c in _ACTIVITY_FACT_COLUMNS)})"  # fmt: skip
    return f"""
        INSERT INTO {ActivityFact._meta.db_table} AS t (structure_id, activity_id, {", ".join(_ACTIVITY_FACT_COLUMNS)})
        SELECT %s, a.id, a.kind, a.date, a.duration_minutes, a.themes, a.equipment, a.place_type, a.level,
               a.kit_id, a.course_id, f.followed, a.anonymous_total, a.anonymous_already_seen,
               a.anonymous_breakdown, a.invited_count, a.followup_course_count, a.followup_individual_count,
               (SELECT count(DISTINCT m.mentor_id) FROM {mentorships} ma
                JOIN {Mentorship._meta.db_table} m ON m.id = ma.mentorship_id WHERE ma.activity_id = a.id)
        FROM {Activity._meta.db_table} a JOIN unnest(%s::bigint[], %s::int[]) f(activity_id, followed)
          ON f.activity_id = a.id
        ON CONFLICT (structure_id, activity_id) DO UPDATE SET {updates} WHERE {changed}
    """


_ATTENDANCE_DELETE = """
    DELETE FROM network_attendancefact t WHERE t.structure_id = %s AND t.activity_id = ANY(%s)
      AND NOT EXISTS (SELECT 1 FROM unnest(%s::bigint[], %s::bigint[]) p(activity_id, beneficiary_id)
                      WHERE p.activity_id = t.activity_id AND p.beneficiary_id = t.beneficiary_id)
"""
_ATTENDANCE_UPSERT = f"""
    INSERT INTO network_attendancefact AS t
        (structure_id, activity_id, beneficiary_id, date, kind, course_id, duration_minutes)
    SELECT %s, a.id, p.beneficiary_id, a.date, a.kind, a.course_id, a.duration_minutes
    FROM unnest(%s::bigint[], %s::bigint[]) p(activity_id, beneficiary_id)
    JOIN {Activity._meta.db_table} a ON a.id = p.activity_id AND a.id = ANY(%s::bigint[])
    ON CONFLICT (structure_id, activity_id, beneficiary_id) DO UPDATE
       SET date = EXCLUDED.date, kind = EXCLUDED.kind, course_id = EXCLUDED.course_id,
           duration_minutes = EXCLUDED.duration_minutes
     WHERE (t.date, t.kind, t.course_id, t.duration_minutes)
           IS DISTINCT FROM (EXCLUDED.date, EXCLUDED.kind, EXCLUDED.course_id, EXCLUDED.duration_minutes)
"""


class ActivityFactsWrite:
    """The facts of some activities, as parts of the caller's ``WriteBatch`` (with the rollups' lock and what
    the activities contributed to the rollups before); ``finish`` with the batch's row then applies the
    difference to the rollups in a second statement (``figures.rollups.rollups_apply``)."""

    def __init__(self, batch: WriteBatch, structure, participants: dict[int, Iterable[int]] | None = None,
                 deleted: Iterable[int] = ()):  # fmt: skip
        self.structure_id = structure.pk
        participants = {int(a): sorted({int(b) for b in people}) for a, people in (participants or {}).items()}
        deleted = sorted({int(a) for a in deleted})
        self.ids = ids = sorted(participants) + deleted
        if not ids:
            self._positions = None
            return
        s = self.structure_id
        self._positions = (batch.select(ROLLUPS_LOCK, [s]), *rollups_before(batch, s, ids))
        pair_activities = [a for a, people in participants.items() for _b in people]
        pair_people = [b for people in participants.values() for b in people]
        if participants:
            batch.write(_activity_fact_upsert(), [s, list(participants), [len(p) for p in participants.values()]])
            # The activities' ids once more: their rows found by the primary key, not by a scan.
            batch.write(_ATTENDANCE_UPSERT, [s, pair_activities, pair_people, list(participants)])
        batch.write(_ATTENDANCE_DELETE, [s, ids, pair_activities, pair_people])
        if deleted:
            batch.write("DELETE FROM network_activityfact WHERE structure_id = %s AND activity_id = ANY(%s)",
                        [s, deleted])  # fmt: skip

    def finish(self, row: tuple) -> None:
        if self._positions is None:
            return
        _lock, *before = (row[i] for i in self._positions)
        batch = WriteBatch()
        rollups_apply(batch, self.structure_id, self.ids, *before)
        batch.execute()


def facts_write_activities(structure, participants: dict[int, Iterable[int]] | None = None,
                           deleted: Iterable[int] = ()) -> None:  # fmt: skip
    """The facts and rollups of these activities (their followed people given; read when None) and of
    these deleted activities: two statements."""
    if participants is not None and any(people is None for people in participants.values()):
        missing = [a for a, people in participants.items() if people is None]
        found: dict[int, list[int]] = {a: [] for a in missing}
        for activity_id, beneficiary_id in Participation.objects.filter(activity_id__in=missing).values_list(
            "activity_id", "beneficiary_id"
        ):
            found[activity_id].append(beneficiary_id)
        participants = {**participants, **found}
    batch = WriteBatch()
    write = ActivityFactsWrite(batch, structure, participants, deleted)
    write.finish(batch.execute())


def facts_sync_activity(structure, activity: Activity, beneficiary_ids: Iterable[int] | None = None) -> None:
    """The activity's facts, then the rollups of its month (old and new) and of its people (old and new)."""
    facts_write_activities(structure, {activity.pk: beneficiary_ids})


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
    facts_write_activities(structure, deleted=[activity_id])


def _upsert(batch: WriteBatch, table: str, keys: dict, values: dict) -> None:
    """One fact row inserted or changed (left alone when unchanged)."""
    columns = [*keys, *values]
    batch.write(
        f"INSERT INTO {table} AS t ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {', '.join(f'{c} = EXCLUDED.{c}' for c in values)} "
        f"WHERE ({', '.join(f't.{c}' for c in values)}) IS DISTINCT FROM "
        f"({', '.join(f'EXCLUDED.{c}' for c in values)})",
        [*keys.values(), *values.values()],
    )


# What a person's fact copies: codes and dates only (never the initials, commune or referring partner).
BENEFICIARY_FACT_FIELDS = (
    "gender",
    "birth_year",
    "social_status",
    "referral_source",
    "referral_date",
    "evaluation_date",
    "exit_date",
    "exit_autonomous",
    "exit_situation",
    "exit_minimum_income",
    "qpv",
    "employment_situation",
    "education_level",
    "minimum_income",
    "single_parent",
    "disability",
)


def beneficiary_fact_values(beneficiary: Beneficiary) -> dict:
    return {name: getattr(beneficiary, name) for name in BENEFICIARY_FACT_FIELDS}


def beneficiary_fact(structure, beneficiary: Beneficiary) -> BeneficiaryFact:
    """The unsaved fact of a person (for the imports' bulk writes)."""
    return BeneficiaryFact(structure=structure, beneficiary_id=beneficiary.pk, **beneficiary_fact_values(beneficiary))


def facts_sync_beneficiary(structure, beneficiary: Beneficiary) -> None:
    """The person's fact and the gender, status and birth year their yearly rollups carry: one statement."""
    values = beneficiary_fact_values(beneficiary)
    rollup = [values["gender"], values["birth_year"], values["social_status"]]
    batch = WriteBatch()
    _upsert(batch, BeneficiaryFact._meta.db_table, {"structure_id": structure.pk, "beneficiary_id": beneficiary.pk},
            values)  # fmt: skip
    # The old values from the rows the update locks (RETURNING gives only the new ones), so that the network's
    # total moves the rows it changes from their old values to the new ones.
    table = PersonYearFact._meta.db_table
    batch.write(
        f"UPDATE {table} t SET gender = %s, birth_year = %s, social_status = %s "
        f"FROM (SELECT id, gender, birth_year, social_status FROM {table} "
        "WHERE structure_id = %s AND beneficiary_id = %s "
        "AND (gender, birth_year, social_status) IS DISTINCT FROM (%s, %s, %s) FOR UPDATE) old WHERE t.id = old.id "
        "RETURNING t.kind, t.year, t.months, t.previous_month, t.gender, t.birth_year, t.social_status, "
        "old.gender AS old_gender, old.birth_year AS old_birth_year, old.social_status AS old_social_status",
        [*rollup, structure.pk, beneficiary.pk, *rollup],
        name="people_renamed",
    )
    batch.write(
        totals_add_sql(table, [
            ("SELECT * FROM people_renamed", 1),
            ("SELECT kind, year, months, previous_month, old_gender AS gender, old_birth_year AS birth_year, "
             "old_social_status AS social_status FROM people_renamed", -1),
        ])
    )  # fmt: skip
    batch.execute()


def facts_drop_beneficiary(structure, *, old_id: int) -> None:
    """After a merge, drop the duplicate's facts; the caller resyncs the kept record's activities."""
    AttendanceFact.objects.filter(structure=structure, beneficiary_id=old_id).delete()
    EnrolmentFact.objects.filter(structure=structure, beneficiary_id=old_id).delete()
    BeneficiaryFact.objects.filter(structure=structure, beneficiary_id=old_id).delete()
    rollups_refresh_people([structure.pk], [old_id])


def facts_sync_course(structure, course: Course) -> None:
    batch = WriteBatch()
    _upsert(
        batch, CourseFact._meta.db_table, {"structure_id": structure.pk, "course_id": course.pk},
        {"device": course.device, "planned_hours": course.planned_hours, "start_date": course.start_date,
         "end_date": course.end_date},
    )  # fmt: skip
    batch.execute()


def enrolment_fact_parts(batch: WriteBatch, structure, enrolments: Iterable[Enrolment]) -> None:
    """The facts of these enrolments (their current status), as parts of the caller's batch."""
    rows = [(e.course_id, e.beneficiary_id, e.status) for e in enrolments]
    if not rows:
        return
    courses, people, statuses = (list(column) for column in zip(*rows, strict=True))
    batch.write(
        f"INSERT INTO {EnrolmentFact._meta.db_table} AS t (structure_id, course_id, beneficiary_id, status) "
        "SELECT %s, c, b, s FROM unnest(%s::bigint[], %s::bigint[], %s::varchar[]) e(c, b, s) "
        "ON CONFLICT (structure_id, course_id, beneficiary_id) DO UPDATE SET status = EXCLUDED.status "
        "WHERE t.status IS DISTINCT FROM EXCLUDED.status",
        [structure.pk, courses, people, statuses],
    )


def facts_sync_enrolment(structure, enrolment: Enrolment) -> None:
    batch = WriteBatch()
    enrolment_fact_parts(batch, structure, [enrolment])
    batch.execute()


def facts_delete_enrolment(structure, enrolment: Enrolment) -> None:
    EnrolmentFact.objects.filter(
        structure=structure, course_id=enrolment.course_id, beneficiary_id=enrolment.beneficiary_id
    ).delete()


def assessment_fact_values(assessment: SkillAssessment) -> dict:
    scores = dict(assessment.scores or {})
    return {
        "beneficiary_id": assessment.beneficiary_id,
        "course_id": assessment.course_id,
        "moment": assessment.moment,
        "date": assessment.date,
        "scores": scores,
        "areas": scores_by_area(scores),
    }


ASSESSMENT_FIELDS = ("beneficiary_id", "course_id", "moment", "date", "scores", "areas")


def facts_sync_assessment(structure, assessment: SkillAssessment) -> None:
    AssessmentFact.objects.update_or_create(
        structure=structure, assessment_id=assessment.pk, defaults=assessment_fact_values(assessment)
    )


def facts_delete_assessment(structure, assessment_id: int) -> None:
    AssessmentFact.objects.filter(structure=structure, assessment_id=assessment_id).delete()


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
            (b.pk, *beneficiary_fact_values(b).values()) for b in Beneficiary.objects.filter(merged_into=None)
        }
        courses = {(c.pk, c.device, c.planned_hours, c.start_date, c.end_date) for c in Course.objects.all()}
        enrolments = {(e.course_id, e.beneficiary_id, e.status) for e in Enrolment.objects.all()}
        equipment = {
            (g.pk, g.beneficiary_id, g.kind, g.condition, g.date, g.amount) for g in EquipmentGift.objects.all()
        }
        desk = {(v.pk, v.date, v.purpose, v.count, v.social_status) for v in DeskVisit.objects.all()}
        mentorships = {(m.pk, m.mentor_id, m.mentee_id, m.start_date) for m in Mentorship.objects.all()}
        assessments = {(a.pk, *_freeze(assessment_fact_values(a))) for a in SkillAssessment.objects.all()}
    return {
        "assessments": assessments,
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
    assessments = {
        (f.assessment_id, *_freeze({name: getattr(f, name) for name in ASSESSMENT_FIELDS}))
        for f in AssessmentFact.objects.filter(structure=structure)
    }
    return {
        "assessments": assessments,
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
            BeneficiaryFact.objects.filter(structure=structure).values_list("beneficiary_id", *BENEFICIARY_FACT_FIELDS)
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
    # The rollups are left to ``rollups_refresh``, which replaces them and moves the network's totals with them.
    for model in (*fact_models, EquipmentFact, DeskVisitFact, MentorshipFact, AssessmentFact):
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
        for assessment in SkillAssessment.objects.all():
            facts_sync_assessment(structure, assessment)
    rollups_refresh([structure.pk])
    return differences
