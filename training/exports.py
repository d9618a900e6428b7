"""The structure's tables as CSV or XLSX (via ``tenants.exports``, which neutralises formulas).

People are exported pseudonymously: code, never the first name or initials.
"""

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from cms.selectors import kit_titles
from figures.enums import ActivityKind, EnrolmentStatus, Equipment, Theme
from tenants.exports import table_response
from training.models import Activity, Beneficiary, Course, Participation

EXPORTS = ("activities", "courses", "attendance", "people")


def _display(choices, code):
    return dict(choices.choices).get(code, code)


def activities_table():
    headers = [
        _("Id"), _("Date"), _("Start time"), _("Kind"), _("Title"), _("Duration (minutes)"), _("Place"),
        _("Place name or commune"), _("Level"), _("Themes"), _("Equipment"), _("Course"), _("Referents"),
        _("Followed people"), _("Codes of followed people"), _("Anonymous participants"),
        _("of whom already accompanied"), _("Anonymous women"), _("Anonymous men"), _("Autonomy"), _("Referred to"),
        _("Kit used"),
    ]  # fmt: skip
    qs = Activity.objects.select_related("course").prefetch_related("referents", "beneficiaries").order_by("date", "id")
    themes, equipment = dict(Theme.choices), dict(Equipment.choices)

    def rows():
        activities = list(qs)
        kits = kit_titles({a.kit_id for a in activities if a.kit_id})
        for a in activities:
            codes = [b.code for b in a.beneficiaries.all()]
            gender = (a.anonymous_breakdown or {}).get("gender", {})
            yield [
                a.pk, a.date, a.start_time.strftime("%H:%M") if a.start_time else "", a.get_kind_display(), a.title,
                a.duration_minutes, a.get_place_type_display(), a.place_name, a.get_level_display(),
                [str(themes.get(t, t)) for t in a.themes], [str(equipment.get(e, e)) for e in a.equipment],
                a.course.title if a.course else "", [str(r) for r in a.referents.all()], len(codes),
                codes, a.anonymous_total, a.anonymous_already_seen, gender.get("feminin", 0),
                gender.get("masculin", 0), a.get_autonomy_display(), a.get_referral_display(),
                kits.get(a.kit_id, a.kit_id or ""),
            ]  # fmt: skip

    return headers, rows()


def courses_table():
    headers = [
        _("Id"), _("Title"), _("Device"), _("Planned hours"), _("Start"), _("End"), _("Capacity"), _("Referents"),
        _("Enrolled"), _("Completed"), _("Dropped out"), _("Sessions"),
    ]  # fmt: skip
    qs = (
        Course.objects.annotate(
            enrolled=Count("enrolments", distinct=True),
            completed=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.COMPLETED), distinct=True),
            dropped=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.DROPPED), distinct=True),
            session_count=Count("sessions", distinct=True),
        )
        .prefetch_related("referents")
        .order_by("start_date", "id")
    )
    rows = (
        [c.pk, c.title, c.get_device_display(), c.planned_hours, c.start_date, c.end_date, c.capacity,
         [str(r) for r in c.referents.all()], c.enrolled, c.completed, c.dropped, c.session_count]
        for c in qs
    )  # fmt: skip
    return headers, rows


def attendance_table():
    headers = [_("Activity id"), _("Date"), _("Kind"), _("Course"), _("Person (code)"), _("Duration (minutes)")]
    qs = Participation.objects.order_by("activity__date", "activity_id", "beneficiary__code").values_list(
        "activity_id", "activity__date", "activity__kind", "activity__course__title", "beneficiary__code",
        "activity__duration_minutes",
    )  # fmt: skip
    rows = ([a, d, _display(ActivityKind, k), c or "", code, m] for a, d, k, c, code, m in qs.iterator())
    return headers, rows


def people_table():
    headers = [
        _("Code"), _("Gender"), _("Birth year"), _("Social status"), _("Commune"), _("Consent to the record"),
        _("Created"), _("Attendances"), _("Last attendance"),
    ]  # fmt: skip
    qs = (
        Beneficiary.objects.current()
        .annotate(attendance_count=Count("participations"), last_seen=Max("participations__activity__date"))
        .order_by("code")
    )
    rows = (
        [b.code, b.get_gender_display(), b.birth_year, b.get_social_status_display(), b.commune, b.consent_date,
         b.created_at, b.attendance_count, b.last_seen]
        for b in qs
    )  # fmt: skip
    return headers, rows


TABLES = {
    "activities": activities_table,
    "courses": courses_table,
    "attendance": attendance_table,
    "people": people_table,
}
FILENAMES = {"activities": "activites", "courses": "parcours", "attendance": "presences", "people": "personnes"}


def export_response(*, table: str, file_format: str, slug: str):
    headers, rows = TABLES[table]()
    return table_response(filename=f"{slug}-{FILENAMES[table]}", headers=headers, rows=rows, file_format=file_format)
