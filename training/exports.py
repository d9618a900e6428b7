"""The structure's tables as CSV or XLSX (via ``tenants.exports``, which neutralises formulas).

People are exported pseudonymously: code, never the first name or initials (except in one
person's own right-of-access download). Every export is written to the structure's audit log.
"""

import json

from django.db.models import Count, Max, Q
from django.http import HttpResponse
from django.utils.translation import gettext as _

from cms.selectors import kit_titles
from figures.enums import ActivityKind, EnrolmentStatus, Equipment, Theme
from tenants.audit import audit_record
from tenants.exports import table_response
from tenants.models import AuditAction
from training import selectors
from training.models import Activity, Beneficiary, Course, DeskVisit, EquipmentGift, Participation

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
        _("Referred by"), _("Referring partner"), _("Referral date"), _("Evaluation date"), _("Exit date"),
        _("Autonomous at exit"), _("Situation at exit"), _("Receives a minimum income at exit"),
        _("Employment situation at entry"), _("Education level"), _("Receives a minimum income (RSA…) at entry"),
        _("Single adult with dependent children"), _("Lives in a priority neighbourhood (QPV)"),
        _("Recognised disability"),
    ]  # fmt: skip
    qs = (
        Beneficiary.objects.current()
        .annotate(attendance_count=Count("participations"), last_seen=Max("participations__activity__date"))
        .order_by("code")
    )
    rows = (
        [b.code, b.get_gender_display(), b.birth_year, b.get_social_status_display(), b.commune, b.consent_date,
         b.created_at, b.attendance_count, b.last_seen,
         b.get_referral_source_display(), b.referral_partner, b.referral_date, b.evaluation_date, b.exit_date,
         b.get_exit_autonomous_display(), b.get_exit_situation_display(), b.get_exit_minimum_income_display(),
         b.get_employment_situation_display(), b.get_education_level_display(), b.get_minimum_income_display(),
         b.get_single_parent_display(), b.get_qpv_display(), b.get_disability_display()]
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


class _Counted:
    """Rows passed through, counted for the audit log."""

    def __init__(self, rows):
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def _audited_response(*, structure, user, table: str, filename: str, headers, rows, file_format: str, **target):
    counted = _Counted(rows)
    response = table_response(filename=filename, headers=headers, rows=counted, file_format=file_format)
    audit_record(
        structure=structure, user=user, action=AuditAction.EXPORT, **target,
        details={"table": table, "format": file_format, "rows": counted.count},
    )  # fmt: skip
    return response


def export_response(*, structure, user, table: str, file_format: str):
    """One of the structure's tables as a download; the export is written to the audit log."""
    headers, rows = TABLES[table]()
    return _audited_response(
        structure=structure, user=user, table=table, filename=f"{structure.slug}-{FILENAMES[table]}",
        headers=headers, rows=rows, file_format=file_format,
    )  # fmt: skip


def equipment_table():
    headers = [_("Date"), _("Code"), _("What"), _("Condition"), _("Supplied by"), _("Amount (€)"),
               _("Duration (months)"), _("Condition attached")]  # fmt: skip
    rows = (
        (g.date, g.beneficiary.code, g.get_kind_display(), g.get_condition_display(), g.partner, g.amount,
         g.duration_months, g.requirement)
        for g in EquipmentGift.objects.select_related("beneficiary").order_by("date")
    )  # fmt: skip
    return headers, rows


def desk_table():
    headers = [_("Date"), _("Purpose"), _("Visits"), _("Visitors' status"), _("Code")]
    rows = (
        (v.date, v.get_purpose_display(), v.count, v.get_social_status_display(),
         v.beneficiary.code if v.beneficiary else "")
        for v in DeskVisit.objects.select_related("beneficiary").order_by("date")
    )  # fmt: skip
    return headers, rows


PRACTICE_TABLES = {"equipment": equipment_table, "desk": desk_table}


def practice_export_response(*, structure, user, table: str, file_format: str):
    headers, rows = PRACTICE_TABLES[table]()
    return _audited_response(
        structure=structure, user=user, table=table, filename=f"{table}-{structure.slug}", headers=headers,
        rows=rows, file_format=file_format,
    )  # fmt: skip


def person_data_export(*, structure, user, beneficiary: Beneficiary, file_format: str = "json") -> dict:
    """Everything the structure keeps about one person (right of access); the export is audited."""
    data = selectors.person_record_json(selectors.person_data(beneficiary))
    audit_record(
        structure=structure, user=user, action=AuditAction.EXPORT, target_type="person", target_id=beneficiary.pk,
        target_code=beneficiary.code,
        details={
            "table": "person_data", "format": file_format,
            "rows": 1 + sum(len(data[section]) for section in selectors.PERSON_DATA_SECTIONS),
        },
    )  # fmt: skip
    return data


def person_data_response(*, structure, user, beneficiary: Beneficiary, file_format: str):
    """The right-of-access download of one person (JSON, CSV or XLSX), written to the audit log."""
    if file_format == "json":
        data = person_data_export(structure=structure, user=user, beneficiary=beneficiary)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="donnees-{beneficiary.code}.json"'
        return response
    data = selectors.person_record_json(selectors.person_data(beneficiary))
    target = {"target_type": "person", "target_id": beneficiary.pk, "target_code": beneficiary.code}
    rows = [
        (_("record"), "", k, v if not isinstance(v, list) else "|".join(v))
        for k, v in data.items()
        if k not in selectors.PERSON_DATA_SECTIONS
    ]
    for section in selectors.PERSON_DATA_SECTIONS:
        for index, item in enumerate(data[section], start=1):
            rows += [(section, index, k, v) for k, v in item.items()]
    return _audited_response(
        structure=structure, user=user, table="person_data", filename=f"donnees-{beneficiary.code}",
        headers=[_("Section"), _("Line"), _("Field"), _("Value")], rows=rows, file_format=file_format, **target,
    )  # fmt: skip
