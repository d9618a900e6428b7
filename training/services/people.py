"""Writes on the people accompanied: create, update, merge, erase, anonymise."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from figures.enums import Gender, SocialStatus
from training import facts
from training.models import (
    Activity,
    Beneficiary,
    Enrolment,
    Participation,
    SkillAssessment,
)
from training.services.common import full_clean, in_structure


def _check_birth_year(birth_year) -> None:
    if birth_year is None:
        return
    this_year = timezone.localdate().year
    if not 1900 <= int(birth_year) <= this_year:
        raise ValidationError(
            {"birth_year": _("The birth year must be between 1900 and %(year)s.") % {"year": this_year}}
        )


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
    _check_birth_year(birth_year)
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
    if "birth_year" in fields:
        _check_birth_year(fields["birth_year"])
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


def beneficiary_merge(*, structure, keep: Beneficiary, duplicate: Beneficiary) -> Beneficiary:
    """Merge a duplicate record into ``keep``: every attendance, enrolment and assessment is kept."""
    if keep.pk == duplicate.pk:
        raise ValidationError(_("Choose two different records to merge."))
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
        for assessment in SkillAssessment.objects.filter(beneficiary=duplicate):
            if SkillAssessment.objects.filter(
                beneficiary=keep, course_id=assessment.course_id, moment=assessment.moment
            ).exists():
                facts.facts_delete_assessment(structure, assessment.pk)
                assessment.delete()
            else:
                assessment.beneficiary = keep
                assessment.save(update_fields=["beneficiary"])
                facts.facts_sync_assessment(structure, assessment)
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
        for enrolment in Enrolment.objects.filter(beneficiary=keep):
            facts.facts_sync_enrolment(structure, enrolment)
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
