"""Import of past activities, with their participants, facts and rollups, in one transaction."""

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from figures import rollups
from figures.enums import ActivityKind, Equipment, Gender, Level, PlaceType, Theme
from figures.models import ActivityFact, AttendanceFact
from tenants.audit import audit_record
from tenants.models import AuditAction
from training import facts
from training.enums import Autonomy, Referral
from training.imports.columns import ACTIVITY_COLUMNS, KIND_ALIASES
from training.imports.files import MAX_ERRORS, ImportRejected, Result, bulk_copy, read_table
from training.imports.parsers import (
    MULTI_SEPARATOR,
    check_headers,
    parse_choice,
    parse_choices,
    parse_date,
    parse_int,
    parse_text,
    vocabulary,
)
from training.models import (
    Activity,
    ActivityChange,
    Beneficiary,
    Participation,
    Referent,
)
from training.services.activities import activity_rule_errors, normalise_breakdown
from training.services.common import in_structure


def _error_column(field: str) -> str:
    return {
        "date": "date",
        "duration_minutes": "duree_minutes",
        "themes": "thematiques",
        "beneficiaries": "personnes",
        "anonymous_total": "anonymes",
        "anonymous_already_seen": "anonymes_deja_vus",
        "anonymous_gender": "anonymes_femmes",
        "equipment": "materiel",
        "place_type": "lieu",
        "level": "niveau",
        "autonomy": "autonomie",
        "referral": "orientation",
        "title": "titre",
        "place_name": "lieu_nom",
    }.get(field, field)


def _check_activity(activity: Activity, followed: int) -> list[tuple[str, str]]:
    """The rules of ``activity_create``, without its per-row database round trips."""
    return list(activity_rule_errors(activity, followed).items())


def import_activities(*, structure, user, uploaded) -> Result:
    headers, rows = read_table(uploaded)
    check_headers(headers, ACTIVITY_COLUMNS)
    lookups = {
        "type": {**vocabulary(ActivityKind), **KIND_ALIASES},
        "niveau": vocabulary(Level),
        "thematiques": vocabulary(Theme),
        "materiel": vocabulary(Equipment),
        "lieu": vocabulary(PlaceType),
        "autonomie": vocabulary(Autonomy),
        "orientation": vocabulary(Referral),
    }
    errors = []
    with in_structure(structure):
        people = dict(Beneficiary.objects.current().values_list("code", "pk"))
        referents = {str(r).lower(): r.pk for r in Referent.objects.all()}
    parsed = []
    for row in rows:
        line = row["__line__"]
        row_errors = []

        def parse(column, function, row=row, row_errors=row_errors, line=line):
            try:
                return function(row.get(column))
            except ValueError as error:
                row_errors.append((line, column, str(error)))
                return None

        kind = parse("type", lambda v: parse_choice(v, lookups["type"]))
        if kind == ActivityKind.COURSE_SESSION:
            row_errors.append((line, "type", _("Course sessions are recorded from the course's page, not imported.")))
        elif not kind and not any(e[1] == "type" for e in row_errors):
            row_errors.append((line, "type", _("This value is required.")))
        when = parse("date", parse_date)
        duration = parse("duree_minutes", lambda v: parse_int(v, minimum=1))
        if duration is None and not any(e[1] == "duree_minutes" for e in row_errors):
            row_errors.append((line, "duree_minutes", _("This value is required.")))
        anonymous = parse("anonymes", parse_int) or 0
        already = parse("anonymes_deja_vus", parse_int) or 0
        women = parse("anonymes_femmes", parse_int) or 0
        men = parse("anonymes_hommes", parse_int) or 0
        codes = [c.strip().upper() for c in parse_text(row.get("personnes")).split(MULTI_SEPARATOR) if c.strip()]
        unknown = [c for c in codes if c not in people]
        if unknown:
            row_errors.append(
                (
                    line,
                    "personnes",
                    _("Not in this structure's registry: %(codes)s.") % {"codes": ", ".join(unknown[:5])},
                )
            )
        names = [n.strip().lower() for n in parse_text(row.get("referents")).split(MULTI_SEPARATOR) if n.strip()]
        missing = [n for n in names if n not in referents]
        if missing:
            row_errors.append(
                (line, "referents", _("Unknown referent: %(names)s.") % {"names": ", ".join(missing[:3])})
            )
        activity = Activity(
            kind=kind or ActivityKind.WORKSHOP,
            date=when,
            duration_minutes=duration or 1,
            title=parse_text(row.get("titre"))[:200],
            level=parse("niveau", lambda v: parse_choice(v, lookups["niveau"])) or "",
            themes=parse("thematiques", lambda v: parse_choices(v, lookups["thematiques"])) or [],
            equipment=parse("materiel", lambda v: parse_choices(v, lookups["materiel"])) or [],
            place_type=parse("lieu", lambda v: parse_choice(v, lookups["lieu"])) or PlaceType.SITE,
            place_name=parse_text(row.get("lieu_nom"))[:150],
            autonomy=parse("autonomie", lambda v: parse_choice(v, lookups["autonomie"])) or "",
            referral=parse("orientation", lambda v: parse_choice(v, lookups["orientation"])) or "",
            notes=parse_text(row.get("notes"))[:5000],
            anonymous_total=anonymous,
            anonymous_already_seen=already,
            created_by_id=user.pk,
        )
        if not row_errors:
            row_errors += [(line, _error_column(f), m) for f, m in _check_activity(activity, len(set(codes)))]
        if not row_errors:
            try:
                gender = {k: v for k, v in (("feminin", women), ("masculin", men)) if v}
                if gender and sum(gender.values()) < anonymous:
                    gender[Gender.UNKNOWN] = anonymous - sum(gender.values())
                activity.anonymous_breakdown = normalise_breakdown(anonymous, {"gender": gender})
            except ValidationError as error:
                for name, messages in error.message_dict.items():
                    row_errors.extend((line, _error_column(name), m) for m in messages)
        errors.extend(row_errors)
        if len(errors) >= MAX_ERRORS:
            break
        person_ids = sorted({people[c] for c in codes if c in people})
        # Computed before the insert: a new row has no mentorships, so no query per row.
        fact_values = facts.activity_fact_values(activity, len(person_ids)) if not row_errors else None
        parsed.append((activity, person_ids, {referents[n] for n in names if n in referents}, fact_values))
    if errors:
        raise ImportRejected(errors[:MAX_ERRORS])
    with in_structure(structure), transaction.atomic():
        activities_bulk_write(structure=structure, user=user, parsed=parsed, source=uploaded.name)
    return Result(created=len(parsed))


def activities_bulk_write(*, structure, user, parsed, source: str) -> None:
    """Insert checked activities with their participants, referents, history, facts and rollups.

    ``parsed`` holds (activity, person ids, referent ids, fact values) for rows that passed
    ``activity_rule_errors``; runs in the caller's transaction, in the structure's schema.
    """
    if not parsed:
        return
    activities = [a for a, _p, _r, _f in parsed]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [Activity._meta.db_table, len(activities)],
        )
        for activity, (pk,) in zip(activities, cursor.fetchall(), strict=True):
            activity.pk = pk
    participations, links, changes, activity_facts, attendance_facts = [], [], [], [], []
    through = Activity.referents.through
    source = {"source": (source or "")[:100]}
    for activity, person_ids, referent_ids, fact_values in parsed:
        participations += [Participation(activity_id=activity.pk, beneficiary_id=pid) for pid in person_ids]
        links += [through(activity_id=activity.pk, referent_id=rid) for rid in referent_ids]
        changes.append(ActivityChange(activity_id=activity.pk, user_id=user.pk, action="imported", changes=source))
        activity_facts.append(ActivityFact(structure=structure, activity_id=activity.pk, **fact_values))
        attendance_facts += [
            AttendanceFact(
                structure=structure,
                activity_id=activity.pk,
                beneficiary_id=pid,
                date=activity.date,
                kind=activity.kind,
                course_id=None,
                duration_minutes=activity.duration_minutes,
            )
            for pid in person_ids
        ]
    bulk_copy(Activity, activities, with_pk=True)
    bulk_copy(Participation, participations)
    bulk_copy(through, links)
    bulk_copy(ActivityChange, changes)
    bulk_copy(ActivityFact, activity_facts)
    bulk_copy(AttendanceFact, attendance_facts)
    rollups.rollups_refresh_months([structure.pk], {a.date.replace(day=1) for a in activities})
    rollups.rollups_refresh_people([structure.pk], {p.beneficiary_id for p in participations})
    audit_record(
        structure=structure, user=user, action=AuditAction.IMPORT,
        details={"kind": "activities", "rows": len(activities)},
    )  # fmt: skip
