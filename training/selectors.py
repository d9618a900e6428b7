"""Reads of the workspace that span models or depend on the user."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from figures.enums import ActivityKind, EnrolmentStatus
from figures.reference import Competence, ordered
from training import catalogue
from training.enums import AssessmentMoment, TrainingStatus
from training.models import (
    Activity,
    ActivityChange,
    Beneficiary,
    Course,
    DeskVisit,
    Enrolment,
    EquipmentGift,
    Mentorship,
    Participation,
    Referent,
    ReferentTraining,
    SkillAssessment,
    WorkshopRegistration,
)

REQUIRED_MODULES_FALLBACK = 2


def activities_for_list():
    """Activities with what a list shows, in a fixed number of queries."""
    return (
        Activity.objects.select_related("course")
        .annotate(followed_count=Count("participations", distinct=True))
        .prefetch_related(Prefetch("referents", queryset=Referent.objects.only("first_name", "last_name")))
        .order_by("-date", "-start_time", "-id")
    )


def filter_activities(qs, data: dict):
    qs = qs.between(data.get("start"), data.get("end"))
    if data.get("kind"):
        qs = qs.of_kind(data["kind"])
    if data.get("theme"):
        qs = qs.filter(themes__contains=[data["theme"]])
    if data.get("referent"):
        qs = qs.filter(referents=data["referent"])
    if data.get("q"):
        qs = qs.filter(title__icontains=data["q"])
    return qs


def referent_of_user(user) -> Referent | None:
    if not user.is_authenticated:
        return None
    return Referent.objects.filter(user_id=user.pk, active=True).first()


def last_place_type(request) -> str | None:
    """The place type this user used last: this session's, else their last logged activity's."""
    remembered = request.session.get("training_last_place_type")
    if remembered:
        return remembered
    return (
        Activity.objects.filter(created_by_id=request.user.pk)
        .order_by("-created_at")
        .values_list("place_type", flat=True)
        .first()
    )


# --- referents' trainings ----------------------------------------------------------------


@dataclass
class ReferentRecord:
    referent: Referent
    trainings: list = field(default_factory=list)
    attended_modules: set = field(default_factory=set)
    trained: bool = False


def referent_records(referents) -> list[ReferentRecord]:
    """Each referent with their network trainings; trained = every required module attended."""
    referents = list(referents)
    modules_catalogue = catalogue.training_modules()
    modules = {pk: title for pk, (title, _required) in modules_catalogue.items()}
    required = (
        {pk for pk, (_title, is_required) in modules_catalogue.items() if is_required} if modules_catalogue else None
    )
    by_referent = defaultdict(list)
    trainings = list(ReferentTraining.objects.filter(referent__in=referents).order_by("updated_at"))
    sessions = catalogue.training_session_labels({t.session_id for t in trainings})
    for training in trainings:
        training.module_name = modules.get(training.module_id) or f"#{training.module_id}"
        training.session_label = sessions.get(training.session_id, "")
        by_referent[training.referent_id].append(training)
    records = []
    for referent in referents:
        record = ReferentRecord(referent=referent, trainings=by_referent[referent.pk])
        record.attended_modules = {t.module_id for t in record.trainings if t.status == TrainingStatus.ATTENDED}
        if required is not None:
            record.trained = bool(required) and required <= record.attended_modules
        else:
            record.trained = len(record.attended_modules) >= REQUIRED_MODULES_FALLBACK
        records.append(record)
    return records


# --- courses -----------------------------------------------------------------------------


@dataclass
class EnrolmentRow:
    enrolment: Enrolment
    hours: Decimal
    share: int
    state: str
    attended: set
    entry: SkillAssessment | None = None
    exit: SkillAssessment | None = None

    pairs: list = field(default_factory=list)  # (entry level, exit level) per competence of the progress table

    @property
    def progress(self) -> int | None:
        """The change of the total over the competences scored at both entry and exit."""
        if self.entry and self.exit:
            common = set(self.entry.scores) & set(self.exit.scores)
            return sum(self.exit.scores[c] - self.entry.scores[c] for c in common)
        return None


def course_overview(course: Course) -> dict:
    """A course's attendance grid, hours per person, on-track state and assessments (5 queries)."""
    sessions = list(course.sessions.order_by("date", "start_time", "id"))
    enrolments = list(course.enrolments.select_related("beneficiary").order_by("beneficiary__code"))
    attended = defaultdict(set)
    minutes = defaultdict(int)
    for beneficiary_id, activity_id, duration in Participation.objects.filter(activity__course=course).values_list(
        "beneficiary_id", "activity_id", "activity__duration_minutes"
    ):
        attended[beneficiary_id].add(activity_id)
        minutes[beneficiary_id] += duration
    assessments = defaultdict(dict)
    for assessment in SkillAssessment.objects.filter(course=course):
        assessments[assessment.beneficiary_id][assessment.moment] = assessment
    planned_minutes = course.planned_hours * 60
    delivered = sum(s.duration_minutes for s in sessions)
    remaining = max(planned_minutes - delivered, 0)
    target = planned_minutes * Decimal(str(Enrolment.COMPLETION_SHARE))
    rows = []
    for enrolment in enrolments:
        done = minutes[enrolment.beneficiary_id]
        if enrolment.status == EnrolmentStatus.DROPPED:
            state = "dropped"
        elif enrolment.status == EnrolmentStatus.COMPLETED or done >= target:
            state = "completed"
        elif done + remaining >= target:
            state = "on_track"
        else:
            state = "late"
        rows.append(
            EnrolmentRow(
                enrolment=enrolment,
                hours=(Decimal(done) / 60).quantize(Decimal("0.1")),
                share=int(done * 100 / planned_minutes) if planned_minutes else 0,
                state=state,
                attended=attended[enrolment.beneficiary_id],
                entry=assessments[enrolment.beneficiary_id].get(AssessmentMoment.ENTRY),
                exit=assessments[enrolment.beneficiary_id].get(AssessmentMoment.EXIT),
            )
        )
    for session in sessions:
        session.present = sum(1 for row in rows if session.pk in row.attended)
    progress_rows = [r for r in rows if r.progress is not None]
    progress_competences = ordered({code for r in progress_rows for code in (*r.entry.scores, *r.exit.scores)})
    for row in progress_rows:
        row.pairs = [(row.entry.level(code), row.exit.level(code)) for code in progress_competences]
    return {
        "sessions": sessions,
        "rows": rows,
        "delivered_hours": (Decimal(delivered) / 60).quantize(Decimal("0.1")),
        "completed": sum(1 for r in rows if r.state == "completed"),
        "dropped": sum(1 for r in rows if r.state == "dropped"),
        "progress_rows": progress_rows,
        "progress_competences": [(code, Competence(code).label) for code in progress_competences],
    }


def courses_for_list():
    return (
        Course.objects.annotate(
            enrolled=Count("enrolments", distinct=True),
            completed=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.COMPLETED), distinct=True),
            session_count=Count("sessions", distinct=True),
        )
        .prefetch_related(Prefetch("referents", queryset=Referent.objects.only("first_name", "last_name")))
        .order_by("-start_date", "title")
    )


# --- one person's record -------------------------------------------------------------------


def person_record(beneficiary: Beneficiary) -> dict:
    """Everything the structure holds on one person (right of access)."""
    participations = list(
        Participation.objects.filter(beneficiary=beneficiary)
        .select_related("activity", "activity__course")
        .order_by("-activity__date")
    )
    return {
        "beneficiary": beneficiary,
        "participations": participations,
        "enrolments": list(beneficiary.enrolments.select_related("course")),
        "assessments": list(beneficiary.assessments.select_related("course")),
        "merged_from": list(beneficiary.merged_from.values_list("code", flat=True)),
        "minutes": sum(p.activity.duration_minutes for p in participations),
    }


def person_journey(record: dict, equipment=None) -> list[dict]:
    """A person's journey as dated steps, in order: referral, evaluation, courses, sessions, equipment
    received, exit (``record`` from ``person_record``; ``equipment``: their gifts, read when not given)."""
    b = record["beneficiary"]
    steps = []
    if b.referral_date or b.referral_source != "non_communique" or b.referral_partner:
        detail = ", ".join(x for x in (b.get_referral_source_display(), b.referral_partner) if x)
        steps.append({"step": "referral", "date": b.referral_date, "title": _("Referral"), "detail": detail})
    if b.evaluation_date:
        steps.append({"step": "evaluation", "date": b.evaluation_date, "title": _("Evaluation"), "detail": ""})
    for enrolment in record["enrolments"]:
        course = enrolment.course
        steps.append(
            {"step": "course", "date": course.start_date, "title": _("Course: %(title)s") % {"title": course.title},
             "detail": enrolment.get_status_display()}
        )  # fmt: skip
    sessions = [p.activity for p in record["participations"] if p.activity.kind != ActivityKind.COURSE_SESSION]
    if sessions:
        first, last = min(a.date for a in sessions), max(a.date for a in sessions)
        detail = ngettext("%(count)d session", "%(count)d sessions, the last on %(last)s", len(sessions)) % {
            "count": len(sessions), "last": date_format(last, "SHORT_DATE_FORMAT")
        }  # fmt: skip
        steps.append({"step": "sessions", "date": first, "title": _("First session"), "detail": detail})
    if equipment is None:
        equipment = EquipmentGift.objects.filter(beneficiary=b)
    for gift in equipment:
        amount = f" ({number_format(gift.amount, 2)} €)" if gift.amount is not None else ""
        steps.append({"step": "equipment", "date": gift.date, "title": gift.get_kind_display() + amount, "detail": ""})
    if b.exit_date:
        detail = []
        if b.exit_autonomous != "non_communique":
            detail.append(_("autonomous: %(answer)s") % {"answer": b.get_exit_autonomous_display().lower()})
        if b.exit_situation != "non_communique":
            detail.append(b.get_exit_situation_display())
        if b.exit_minimum_income != "non_communique":
            detail.append(_("minimum income: %(answer)s") % {"answer": b.get_exit_minimum_income_display().lower()})
        steps.append({"step": "exit", "date": b.exit_date, "title": _("Exit"), "detail": ", ".join(detail)})
    order = {"referral": 0, "evaluation": 1, "course": 2, "sessions": 2, "equipment": 3, "exit": 4}
    steps.sort(key=lambda s: (s["step"] != "referral", s["step"] == "exit", s["date"] or b.created_at.date(),
                              order[s["step"]]))  # fmt: skip
    return steps


def person_data(beneficiary: Beneficiary) -> dict:
    """Everything the structure keeps about one person, for the right of access: the record and
    the records merged into it, attendances (with a drop-in's autonomy, referral and notes),
    enrolments, assessments, workshop registrations, equipment, desk visits and mentorships."""
    record = person_record(beneficiary)
    merged_ids = list(Beneficiary.objects.filter(merged_into=beneficiary).values_list("pk", flat=True))
    family = [beneficiary.pk, *merged_ids]
    return {
        **record,
        "merged_ids": merged_ids,
        "registrations": list(
            WorkshopRegistration.objects.filter(beneficiary_id__in=family)
            .select_related("workshop")
            .order_by("workshop__date", "created_at")
        ),
        "equipment": list(EquipmentGift.objects.filter(beneficiary_id__in=family).order_by("date")),
        "desk_visits": list(DeskVisit.objects.filter(beneficiary_id__in=family).order_by("date")),
        "mentorships": list(
            Mentorship.objects.filter(Q(mentor_id__in=family) | Q(mentee_id__in=family))
            .select_related("mentor", "mentee")
            .order_by("start_date")
        ),
    }


def _iso(value):
    return value.isoformat() if value is not None else None


def person_record_json(record: dict) -> dict:
    b = record["beneficiary"]
    data = {
        "code": b.code,
        "label": b.label,
        "gender": b.gender,
        "birth_year": b.birth_year,
        "social_status": b.social_status,
        "commune": b.commune,
        "consent_date": _iso(b.consent_date),
        "referral_source": b.referral_source,
        "referral_partner": b.referral_partner,
        "referral_date": _iso(b.referral_date),
        "evaluation_date": _iso(b.evaluation_date),
        "exit_date": _iso(b.exit_date),
        "exit_autonomous": b.exit_autonomous,
        "exit_situation": b.exit_situation,
        "exit_minimum_income": b.exit_minimum_income,
        "employment_situation": b.employment_situation,
        "education_level": b.education_level,
        "minimum_income": b.minimum_income,
        "single_parent": b.single_parent,
        "qpv": b.qpv,
        "disability": b.disability,
        "created_at": b.created_at.isoformat(),
        "merged_records": record["merged_from"],
        "attendances": [
            {
                "date": p.activity.date.isoformat(),
                "kind": p.activity.kind,
                "title": p.activity.title,
                "course": p.activity.course.title if p.activity.course else None,
                "duration_minutes": p.activity.duration_minutes,
                "themes": p.activity.themes,
                "place_name": p.activity.place_name,
                "autonomy": p.activity.autonomy,
                "referral": p.activity.referral,
                "notes": p.activity.notes,
            }
            for p in record["participations"]
        ],
        "enrolments": [
            {"course": e.course.title, "status": e.status, "enrolled_on": e.enrolled_at.isoformat()}
            for e in record["enrolments"]
        ],
        "assessments": [
            {
                "date": a.date.isoformat(),
                "moment": a.moment,
                "course": a.course.title if a.course else None,
                "scores": dict(a.scores),
            }
            for a in record["assessments"]
        ],
    }
    if "registrations" not in record:
        return data
    return {
        **data,
        "registrations": [
            {
                "workshop": r.workshop.title,
                "date": r.workshop.date.isoformat(),
                "status": r.status,
                "label": r.label,
                "contact": r.contact,
                "registered_at": r.created_at.isoformat(),
            }
            for r in record["registrations"]
        ],
        "equipment": [
            {
                "date": g.date.isoformat(),
                "kind": g.kind,
                "condition": g.condition,
                "partner": g.partner,
                "amount": str(g.amount) if g.amount is not None else None,
                "duration_months": g.duration_months,
                "requirement": g.requirement,
            }
            for g in record["equipment"]
        ],
        "desk_visits": [
            {"date": v.date.isoformat(), "purpose": v.purpose, "count": v.count} for v in record["desk_visits"]
        ],
        "mentorships": [
            {
                "role": "mentor" if m.mentor_id in (b.pk, *record["merged_ids"]) else "mentee",
                "mentor": m.mentor.code,
                "mentee": m.mentee.code,
                "since": m.start_date.isoformat(),
            }
            for m in record["mentorships"]
        ],
    }


PERSON_DATA_SECTIONS = (
    "attendances", "enrolments", "assessments", "registrations", "equipment", "desk_visits", "mentorships",
)  # fmt: skip


def activity_history(activity_id: int):
    return ActivityChange.objects.filter(activity_id=activity_id)


# --- logging a session quickly -------------------------------------------------------------

TOP_THEMES = 6


def most_used_themes(limit: int = TOP_THEMES) -> list[str]:
    """This structure's most-used theme codes (its own schema's sessions), most used first."""
    from django.db import connection

    table = connection.ops.quote_name(Activity._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT theme FROM {table}, unnest(themes) AS theme GROUP BY theme ORDER BY count(*) DESC, theme LIMIT %s",
            [limit],
        )
        return [row[0] for row in cursor.fetchall()]


def recent_sessions_to_repeat(user, limit: int = 3):
    """The user's last logged workshops and meetings, distinct by title and kind, to log the same again."""
    seen, picked = set(), []
    rows = (
        Activity.objects.filter(created_by_id=user.pk)
        .exclude(kind=ActivityKind.COURSE_SESSION)
        .order_by("-date", "-created_at")[:30]
    )
    for activity in rows:
        key = (activity.kind, activity.title, tuple(activity.themes), activity.kit_id)
        if key in seen:
            continue
        seen.add(key)
        picked.append(activity)
        if len(picked) == limit:
            break
    return picked
