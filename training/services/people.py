"""Writes on the people accompanied: create, update, merge, erase, anonymise."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from figures.enums import Gender, SocialStatus
from tenants.policies import ensure_structure_manager
from training import facts
from training.models import (
    Activity,
    Beneficiary,
    Enrolment,
    Participation,
    SkillAssessment,
)
from training.services.common import full_clean, in_structure
from training.services.enrolments import completion_refresh


def person_rule_errors(*, birth_year=None, consent_date=None) -> dict[str, str]:
    """The rules of a person's record, without database work (the import checks each row with them)."""
    errors = {}
    this_year = timezone.localdate().year
    if birth_year is not None and not 1900 <= int(birth_year) <= this_year:
        errors["birth_year"] = _("The birth year must be between 1900 and %(year)s.") % {"year": this_year}
    if consent_date is not None and consent_date > timezone.localdate():
        errors["consent_date"] = _("The date cannot be in the future.")
    return errors


def _check_person(**fields) -> None:
    names = ("birth_year", "consent_date")
    if errors := person_rule_errors(**{k: v for k, v in fields.items() if k in names}):
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
) -> Beneficiary:
    _check_person(birth_year=birth_year, consent_date=consent_date)
    with in_structure(structure), transaction.atomic():
        beneficiary = Beneficiary(
            label=(label or "").strip(),
            gender=gender or Gender.UNKNOWN,
            birth_year=birth_year,
            social_status=social_status or SocialStatus.UNKNOWN,
            commune=commune or "",
            consent_date=consent_date,
        )
        full_clean(beneficiary, exclude=["code"])
        beneficiary.save()
        facts.facts_sync_beneficiary(structure, beneficiary)
    return beneficiary


def beneficiary_update(*, structure, beneficiary: Beneficiary, **fields) -> Beneficiary:
    _check_person(**fields)
    with in_structure(structure), transaction.atomic():
        for name, value in fields.items():
            setattr(beneficiary, name, value)
        full_clean(beneficiary, exclude=["code"])
        beneficiary.save()
        facts.facts_sync_beneficiary(structure, beneficiary)
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
                assessment.delete()
                continue
            if other is not None:
                other.delete()
            assessment.beneficiary = keep
            assessment.save(update_fields=["beneficiary"])
        for field in ("label", "birth_year", "commune", "consent_date"):
            if not getattr(keep, field) and getattr(duplicate, field):
                setattr(keep, field, getattr(duplicate, field))
        for field, unknown in (("gender", Gender.UNKNOWN), ("social_status", SocialStatus.UNKNOWN)):
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
    return keep


def beneficiary_erase(*, structure, beneficiary: Beneficiary) -> None:
    """Erase what identifies a person. Attendances stay, anonymous, so the figures do not change."""
    with in_structure(structure), transaction.atomic():
        beneficiary.label = ""
        beneficiary.commune = ""
        beneficiary.consent_date = None
        beneficiary.erased_at = timezone.now()
        beneficiary.save(update_fields=["label", "commune", "consent_date", "erased_at"])


def anonymise_inactive(*, structure, months: int = 24, today: datetime.date | None = None) -> int:
    """Erase the people with no attendance (and no record activity) for ``months`` months."""
    today = today or timezone.localdate()
    limit = today - relativedelta(months=months)
    with in_structure(structure), transaction.atomic():
        stale = (
            Beneficiary.objects.current()
            .annotate(last_seen=Max("participations__activity__date"))
            .filter(Q(last_seen__lt=limit) | Q(last_seen__isnull=True, created_at__date__lt=limit))
        )
        count = 0
        for beneficiary in stale:
            beneficiary_erase(structure=structure, beneficiary=beneficiary)
            count += 1
    return count
