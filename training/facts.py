"""Keep the public anonymous facts in step with a structure's records.

Called by ``training.services`` inside the same transaction as each write, so that the
network's figures never drift from the structures' data. Each write also refreshes the
rollups it touches (the activities of its month, the yearly rows of its people), which the
figures read for whole months. ``facts_rebuild`` recomputes a structure's facts and rollups
from its schema and reports every difference.
"""

import datetime
from collections import Counter

from django.db import transaction
from django_tenants.utils import schema_context

from figures.models import (
    ActivityFact,
    ActivityMonthBreakdownFact,
    ActivityMonthFact,
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
from figures.rollups import _rollup_differences, rollups_refresh, rollups_refresh_months, rollups_refresh_people
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
            (b.pk, b.gender, b.birth_year, b.social_status) for b in Beneficiary.objects.filter(merged_into=None)
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
    for model in (*fact_models, EquipmentFact, DeskVisitFact, MentorshipFact, AssessmentFact, *rollup_models):
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
