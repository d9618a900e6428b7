"""Writes on the people accompanied: create, update, merge, erase, anonymise."""

import datetime
import re

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from figures.enums import (
    ActivityKind,
    Answer,
    EducationLevel,
    EmploymentSituation,
    EnrolmentStatus,
    ExitSituation,
    Gender,
    ReferralSource,
    RegistrationStatus,
    SocialStatus,
)
from tenants.audit import audit_record
from tenants.models import AuditAction
from tenants.policies import ensure_structure_manager
from training import facts
from training.models import (
    Activity,
    ActivityChange,
    Beneficiary,
    DeskVisit,
    Enrolment,
    EquipmentGift,
    Participation,
    SkillAssessment,
    WorkshopRegistration,
)
from training.services.common import full_clean, in_structure
from training.services.enrolments import completion_refresh
from training.services.workshops import workshop_promote_waiting, workshop_publish

# The journey's answers recorded at the exit: only with an exit date.
EXIT_ANSWERS = ("exit_autonomous", "exit_situation", "exit_minimum_income")
JOURNEY_DATES = ("referral_date", "evaluation_date", "exit_date")
# Every coded answer of the journey and the FSE participant data, with its "not given" default.
JOURNEY_CODES = {
    "referral_source": ReferralSource.UNKNOWN,
    "exit_autonomous": Answer.UNKNOWN,
    "exit_situation": ExitSituation.UNKNOWN,
    "exit_minimum_income": Answer.UNKNOWN,
    "qpv": Answer.UNKNOWN,
    "employment_situation": EmploymentSituation.UNKNOWN,
    "education_level": EducationLevel.UNKNOWN,
    "minimum_income": Answer.UNKNOWN,
    "single_parent": Answer.UNKNOWN,
    "disability": Answer.UNKNOWN,
}
RULE_FIELDS = ("birth_year", "consent_date", *JOURNEY_DATES, *EXIT_ANSWERS)


def person_rule_errors(
    *,
    birth_year=None,
    consent_date=None,
    referral_date=None,
    evaluation_date=None,
    exit_date=None,
    exit_autonomous=None,
    exit_situation=None,
    exit_minimum_income=None,
) -> dict[str, str]:
    """The rules of a person's record, without database work (the import checks each row with them).

    The journey's dates are in the past, the evaluation and the exit not before the referral, and
    the answers recorded at the exit only with an exit date."""
    errors = {}
    today = timezone.localdate()
    this_year = today.year
    if birth_year is not None and not 1900 <= int(birth_year) <= this_year:
        errors["birth_year"] = _("The birth year must be between 1900 and %(year)s.") % {"year": this_year}
    dates = {"consent_date": consent_date, "referral_date": referral_date, "evaluation_date": evaluation_date,
             "exit_date": exit_date}  # fmt: skip
    for name, value in dates.items():
        if value is not None and value > today:
            errors[name] = _("The date cannot be in the future.")
    if referral_date is not None:
        if evaluation_date is not None and evaluation_date < referral_date and "evaluation_date" not in errors:
            errors["evaluation_date"] = _("The evaluation cannot be before the referral (%(date)s).") % {
                "date": date_format(referral_date, "SHORT_DATE_FORMAT")
            }
        if exit_date is not None and exit_date < referral_date and "exit_date" not in errors:
            errors["exit_date"] = _("The exit cannot be before the referral (%(date)s).") % {
                "date": date_format(referral_date, "SHORT_DATE_FORMAT")
            }
    if exit_date is None:
        answers = {"exit_autonomous": exit_autonomous, "exit_situation": exit_situation,
                   "exit_minimum_income": exit_minimum_income}  # fmt: skip
        for name, value in answers.items():
            if value and value != "non_communique":
                errors[name] = _("This answer is recorded at the exit: give the exit date first.")
    return errors


def _check_person(**fields) -> None:
    if errors := person_rule_errors(**{k: v for k, v in fields.items() if k in RULE_FIELDS}):
        raise ValidationError(errors)


def beneficiary_create(
    *,
    structure,
    label: str = "",
    gender: str = Gender.UNKNOWN,
    birth_year: int | None = None,
    social_status: str = SocialStatus.UNKNOWN,
    commune: str = "",
    consent_date: datetime.date | None = None,
    referral_source: str = ReferralSource.UNKNOWN,
    referral_partner: str = "",
    referral_date: datetime.date | None = None,
    evaluation_date: datetime.date | None = None,
    exit_date: datetime.date | None = None,
    exit_autonomous: str = Answer.UNKNOWN,
    exit_situation: str = ExitSituation.UNKNOWN,
    exit_minimum_income: str = Answer.UNKNOWN,
    qpv: str = Answer.UNKNOWN,
    employment_situation: str = EmploymentSituation.UNKNOWN,
    education_level: str = EducationLevel.UNKNOWN,
    minimum_income: str = Answer.UNKNOWN,
    single_parent: str = Answer.UNKNOWN,
    disability: str = Answer.UNKNOWN,
    user=None,
) -> Beneficiary:
    codes = {
        "referral_source": referral_source, "exit_autonomous": exit_autonomous, "exit_situation": exit_situation,
        "exit_minimum_income": exit_minimum_income, "qpv": qpv, "employment_situation": employment_situation,
        "education_level": education_level, "minimum_income": minimum_income, "single_parent": single_parent,
        "disability": disability,
    }  # fmt: skip
    codes = {name: value or JOURNEY_CODES[name] for name, value in codes.items()}
    dates = {"referral_date": referral_date, "evaluation_date": evaluation_date, "exit_date": exit_date}
    _check_person(birth_year=birth_year, consent_date=consent_date, **dates, **codes)
    with in_structure(structure), transaction.atomic():
        beneficiary = Beneficiary(
            label=(label or "").strip(),
            gender=gender or Gender.UNKNOWN,
            birth_year=birth_year,
            social_status=social_status or SocialStatus.UNKNOWN,
            commune=commune or "",
            consent_date=consent_date,
            referral_partner=(referral_partner or "").strip(),
            **dates,
            **codes,
        )
        full_clean(beneficiary, exclude=["code"])
        beneficiary.save()
        facts.facts_sync_beneficiary(structure, beneficiary)
        _audit(structure, user, AuditAction.PERSON_CREATED, beneficiary)
    return beneficiary


def _audit(structure, user, action: str, beneficiary: Beneficiary, **details) -> None:
    audit_record(
        structure=structure, user=user, action=action, target_type="person", target_id=beneficiary.pk,
        target_code=beneficiary.code, details=details,
    )  # fmt: skip


def beneficiary_update(*, structure, beneficiary: Beneficiary, user=None, **fields) -> Beneficiary:
    """Change some fields of a person's record; the rules are checked on the record as it will be."""
    for name, unknown in JOURNEY_CODES.items():
        if name in fields and not fields[name]:
            fields[name] = unknown
    if "referral_partner" in fields:
        fields["referral_partner"] = (fields["referral_partner"] or "").strip()
    _check_person(**{name: fields.get(name, getattr(beneficiary, name)) for name in RULE_FIELDS})
    with in_structure(structure), transaction.atomic():
        changed = sorted(name for name, value in fields.items() if getattr(beneficiary, name) != value)
        for name, value in fields.items():
            setattr(beneficiary, name, value)
        full_clean(beneficiary, exclude=["code"])
        beneficiary.save()
        facts.facts_sync_beneficiary(structure, beneficiary)
        if changed:
            _audit(structure, user, AuditAction.PERSON_UPDATED, beneficiary, fields=changed)
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


def beneficiary_merge(*, structure, keep: Beneficiary, duplicate: Beneficiary, user=None) -> Beneficiary:
    """Merge a duplicate record into ``keep``: every attendance, enrolment and assessment is kept.

    Where both records hold the same thing, one stays: one attendance per session; the keeper's
    enrolment in a course (its status then follows the merged attendance: completed at 80 % of the
    planned hours); for an assessment of the same course and moment, the most recent one (the
    keeper's on the same date)."""
    ensure_structure_manager(user=user, structure=structure)
    if keep.pk == duplicate.pk:
        raise ValidationError({"duplicate": _("Choose two different records to merge.")})
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
        kept = {(a.course_id, a.moment): a for a in SkillAssessment.objects.filter(beneficiary=keep)}
        for assessment in SkillAssessment.objects.filter(beneficiary=duplicate):
            other = kept.get((assessment.course_id, assessment.moment))
            if other is not None and other.date >= assessment.date:
                facts.facts_delete_assessment(structure, assessment.pk)
                assessment.delete()
                continue
            if other is not None:
                facts.facts_delete_assessment(structure, other.pk)
                other.delete()
            assessment.beneficiary = keep
            assessment.save(update_fields=["beneficiary"])
            facts.facts_sync_assessment(structure, assessment)
        for field in ("label", "birth_year", "commune", "consent_date", "referral_partner", *JOURNEY_DATES):
            if not getattr(keep, field) and getattr(duplicate, field):
                setattr(keep, field, getattr(duplicate, field))
        unknowns = {"gender": Gender.UNKNOWN, "social_status": SocialStatus.UNKNOWN, **JOURNEY_CODES}
        for field, unknown in unknowns.items():
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
        for enrolment in Enrolment.objects.filter(beneficiary=keep).select_related("course"):
            facts.facts_sync_enrolment(structure, enrolment)
            completion_refresh(enrolment.course, structure)
        facts.facts_sync_beneficiary(structure, keep)
        _audit(structure, user, AuditAction.PERSON_MERGED, keep, merged_code=duplicate.code)
    return keep


def _redact(text: str, labels: set[str]) -> str:
    """The text without any whole-word occurrence of the person's initials or first name."""
    for label in labels:
        text = re.sub(rf"(?<!\w){re.escape(label)}(?!\w)", "…", text or "", flags=re.IGNORECASE)
    return text


def _scrub_change(changes: dict, labels: set[str], personal: bool) -> dict:
    """An activity change-log entry without the person's free text (blank if the session was theirs alone)."""
    for name in PERSONAL_TEXT_FIELDS:
        if name in changes:
            changes[name] = ["" if personal else _redact(v, labels) if isinstance(v, str) else v for v in changes[name]]
    return changes


PERSONAL_TEXT_FIELDS = ("notes", "title")


def _erase_records(structure, family: list[Beneficiary], labels: set[str]) -> None:
    """Remove the free text and contacts linked to these records; keep what the figures count.

    Attendances, enrolments, assessments, equipment and mentorships stay, linked to the erased
    (now anonymous) record, so the network's facts stay exact. Free text goes: registrations'
    names and contacts, the notes and title of their drop-ins (in the sessions and in the
    activity change log, including deleted sessions), the condition attached to equipment; in
    other sessions, and their change log, their name is cut out of the text. Upcoming workshop
    seats are cancelled and given to the waiting list; desk visits are unlinked (they are counted
    without a person).
    """
    ids = [b.pk for b in family]
    today = timezone.localdate()
    registrations = WorkshopRegistration.objects.filter(beneficiary_id__in=ids).select_related("workshop")
    labels |= {r.label.strip() for r in registrations if r.label.strip()}
    labels = {label for label in labels if len(label) >= 2}
    touched_workshops = {}
    for registration in registrations:
        workshop = registration.workshop
        upcoming = workshop.activity_id is None and workshop.date >= today
        if upcoming and registration.status in (RegistrationStatus.REGISTERED, RegistrationStatus.WAITING):
            registration.status = RegistrationStatus.CANCELLED
            touched_workshops[workshop.pk] = workshop
        registration.label = registration.contact = ""
        registration.beneficiary = None
        registration.save(update_fields=["status", "label", "contact", "beneficiary"])
    for workshop in touched_workshops.values():
        workshop_promote_waiting(workshop)
        workshop_publish(structure, workshop)

    # Sessions they attend, and sessions they once attended (the change log keeps their ids).
    activities = list(Activity.objects.filter(participations__beneficiary_id__in=ids).distinct())
    ever_in = Q()
    for pk in ids:
        ever_in |= Q(changes__contains={"beneficiaries": [[pk]]})
    activity_ids = {a.pk for a in activities} | set(
        ActivityChange.objects.filter(ever_in).values_list("activity_id", flat=True)
    )
    changes = list(ActivityChange.objects.filter(activity_id__in=activity_ids))
    # A drop-in is one person's session: its notes and title are theirs alone.
    dropins = {a.pk for a in activities if a.kind == ActivityKind.DROPIN} | {
        c.activity_id for c in changes if ActivityKind.DROPIN in (c.changes.get("kind") or [])
    }
    for activity in activities:
        personal = activity.pk in dropins
        Activity.objects.filter(pk=activity.pk).update(
            notes="" if personal else _redact(activity.notes, labels),
            title="" if personal else _redact(activity.title, labels),
        )
    for change in changes:
        change.changes = _scrub_change(change.changes, labels, personal=change.activity_id in dropins)
        change.save(update_fields=["changes"])

    for gift in EquipmentGift.objects.filter(beneficiary_id__in=ids):
        gift.requirement = ""
        gift.partner = _redact(gift.partner, labels)
        gift.save(update_fields=["requirement", "partner"])
    DeskVisit.objects.filter(beneficiary_id__in=ids).update(beneficiary=None)


def _merge_family(beneficiary: Beneficiary) -> list[Beneficiary]:
    """The record and every record merged into it, at any depth."""
    family, frontier = [beneficiary], [beneficiary.pk]
    while frontier:
        found = list(Beneficiary.objects.filter(merged_into_id__in=frontier))
        family += found
        frontier = [b.pk for b in found]
    return family


def beneficiary_erase(*, structure, beneficiary: Beneficiary, user=None, reason: str = "") -> None:
    """Erase what identifies a person in every table. Attendances stay, anonymous, so the figures do not change."""
    with in_structure(structure), transaction.atomic():
        family = _merge_family(beneficiary)
        labels = {b.label.strip() for b in family if b.label.strip()}
        _erase_records(structure, family, labels)
        now = timezone.now()
        for person in family:
            person.label = ""
            person.commune = ""
            person.consent_date = None
            # The referring partner is free text; the journey's codes and dates are anonymous facts and stay.
            person.referral_partner = ""
            person.erased_at = person.erased_at or now
            person.save(update_fields=["label", "commune", "consent_date", "referral_partner", "erased_at"])
        audit_record(
            structure=structure, user=user,
            action=AuditAction.PERSON_PURGED if reason == "retention" else AuditAction.PERSON_ERASED,
            target_type="person", target_id=beneficiary.pk, target_code=beneficiary.code,
            details={"records": len(family), **({"reason": reason} if reason else {})},
        )  # fmt: skip


def purge_candidates(*, limit: datetime.date, today: datetime.date):
    """People whose last trace (attendance, enrolment, assessment, equipment, desk visit; else the
    record's creation) is before ``limit``, except those with an upcoming workshop seat or an open
    enrolment (enrolled in a course that has not ended)."""
    person = OuterRef("pk")
    traces = (
        (Participation.objects.filter(beneficiary=person), "activity__date"),
        (Enrolment.objects.filter(beneficiary=person), "enrolled_at"),
        (SkillAssessment.objects.filter(beneficiary=person), "date"),
        (EquipmentGift.objects.filter(beneficiary=person), "date"),
        (DeskVisit.objects.filter(beneficiary=person), "date"),
    )
    recent = Q(created_at__date__gte=limit)
    for qs, _date in traces:
        recent &= ~Exists(qs)
    for qs, date in traces:
        recent |= Exists(qs.filter(**{f"{date}__gte": limit}))
    upcoming_seat = WorkshopRegistration.objects.filter(
        beneficiary=OuterRef("pk"),
        workshop__date__gte=today,
        workshop__activity__isnull=True,
        status__in=[RegistrationStatus.REGISTERED, RegistrationStatus.WAITING],
    )
    open_enrolment = Enrolment.objects.filter(beneficiary=OuterRef("pk"), status=EnrolmentStatus.ENROLLED).filter(
        Q(course__end_date__isnull=True) | Q(course__end_date__gte=today)
    )
    return (
        Beneficiary.objects.current()
        .exclude(recent)
        .exclude(Exists(upcoming_seat))
        .exclude(Exists(open_enrolment))
        .order_by("pk")
    )


def anonymise_inactive(*, structure, months: int = 24, today: datetime.date | None = None) -> int:
    """Erase the people with no trace for ``months`` months (never one with an upcoming seat or an open enrolment)."""
    today = today or timezone.localdate()
    limit = today - relativedelta(months=months)
    with in_structure(structure), transaction.atomic():
        count = 0
        for beneficiary in purge_candidates(limit=limit, today=today):
            beneficiary_erase(structure=structure, beneficiary=beneficiary, reason="retention")
            count += 1
    return count
