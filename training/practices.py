"""Writes for the practices of the other programmes: equipment aid (Bagnolet), the open-access
desk (BGE Indre), the public workshop calendar, mentors and awareness meetings (Charente).

Like ``training.services``, each write keeps the public anonymous facts in step.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from figures import seats
from figures.enums import ActivityKind, DeskPurpose, EnrolmentStatus, EquipmentKind, RegistrationStatus, SocialStatus
from figures.models import DeskVisitFact, EquipmentFact, MentorshipFact, PublishedWorkshop
from training.models import (
    Activity,
    Beneficiary,
    DeskVisit,
    Enrolment,
    EquipmentGift,
    Mentorship,
    ScheduledWorkshop,
    WorkshopRegistration,
)
from training.services.activities import activity_create
from training.services.common import in_structure
from training.services.workshops import workshop_promote_waiting, workshop_publish


def _current(beneficiary) -> Beneficiary:
    pk = beneficiary.pk if isinstance(beneficiary, Beneficiary) else int(beneficiary)
    found = Beneficiary.objects.current().filter(pk=pk).first()
    if found is None:
        raise ValidationError({"beneficiary": _("This person is not in this structure's registry.")})
    return found


# Equipment and connectivity aid -------------------------------------------------------


def equipment_give(
    *,
    structure,
    beneficiary,
    kind: str,
    date: datetime.date,
    condition: str = "",
    partner: str = "",
    amount=None,
    duration_months: int | None = None,
    requirement: str = "",
) -> EquipmentGift:
    errors = {}
    if kind not in EquipmentKind.values:
        errors["kind"] = _("Choose what was given.")
    if amount not in (None, ""):
        try:
            amount = Decimal(str(amount))
        except InvalidOperation:
            errors["amount"] = _("Give the amount in euros, for example 150.")
        else:
            if amount < 0:
                errors["amount"] = _("The amount cannot be negative.")
    else:
        amount = None
    if kind == EquipmentKind.CONNECTIVITY and amount is None:
        errors["amount"] = _("Give the amount of the connectivity subsidy.")
    if date and date > timezone.localdate():
        errors["date"] = _("This date is in the future.")
    if errors:
        raise ValidationError(errors)
    with in_structure(structure), transaction.atomic():
        gift = EquipmentGift(
            beneficiary=_current(beneficiary),
            kind=kind,
            date=date,
            condition="" if kind == EquipmentKind.CONNECTIVITY else condition,
            partner=partner,
            amount=amount,
            duration_months=duration_months if kind == EquipmentKind.CONNECTIVITY else None,
            requirement=requirement,
        )
        gift.full_clean()
        gift.save()
        EquipmentFact.objects.create(
            structure=structure,
            gift_id=gift.pk,
            beneficiary_id=gift.beneficiary_id,
            kind=gift.kind,
            condition=gift.condition,
            date=gift.date,
            amount=gift.amount,
        )
    return gift


def equipment_delete(*, structure, gift: EquipmentGift) -> None:
    with in_structure(structure), transaction.atomic():
        EquipmentFact.objects.filter(structure=structure, gift_id=gift.pk).delete()
        gift.delete()


# Open-access desk ---------------------------------------------------------------------


def desk_visit_record(
    *,
    structure,
    date: datetime.date,
    purpose: str,
    count: int = 1,
    social_status: str = SocialStatus.UNKNOWN,
    beneficiary=None,
) -> DeskVisit:
    errors = {}
    if purpose not in DeskPurpose.values:
        errors["purpose"] = _("Choose the purpose of the visit.")
    try:
        count = int(count)
    except (TypeError, ValueError):
        count = 0
    if count < 1:
        errors["count"] = _("Count at least one visit.")
    if count > 500:
        errors["count"] = _("More than 500 visits in one line: check the number.")
    if date is None or date > timezone.localdate():
        errors["date"] = _("Give today's date or a past one.")
    if social_status not in SocialStatus.values:
        errors["social_status"] = _("Choose a valid status.")
    if errors:
        raise ValidationError(errors)
    with in_structure(structure), transaction.atomic():
        visit = DeskVisit.objects.create(
            date=date,
            purpose=purpose,
            count=count,
            social_status=social_status,
            beneficiary=_current(beneficiary) if beneficiary else None,
        )
        DeskVisitFact.objects.create(
            structure=structure,
            visit_id=visit.pk,
            date=date,
            purpose=purpose,
            count=count,
            social_status=social_status,
        )
    return visit


def desk_visit_delete(*, structure, visit: DeskVisit) -> None:
    with in_structure(structure), transaction.atomic():
        DeskVisitFact.objects.filter(structure=structure, visit_id=visit.pk).delete()
        visit.delete()


# Workshop calendar with registration ----------------------------------------------------


def _validate_workshop(workshop: ScheduledWorkshop) -> None:
    errors = {}
    if not (workshop.title or "").strip():
        errors["title"] = _("Give the workshop a title.")
    if workshop.seats is None or workshop.seats < 1:
        errors["seats"] = _("A workshop needs at least one seat.")
    if not workshop.duration_minutes or not 0 < workshop.duration_minutes <= 24 * 60:
        errors["duration_minutes"] = _("The duration must be between 1 minute and 24 hours.")
    if errors:
        raise ValidationError(errors)
    workshop.full_clean(exclude=["referents", "activity"])


def workshop_schedule(*, structure, referents=(), **fields) -> ScheduledWorkshop:
    with in_structure(structure), transaction.atomic():
        workshop = ScheduledWorkshop(**fields)
        if workshop.date and workshop.date < timezone.localdate():
            raise ValidationError({"date": _("A workshop is scheduled today or later.")})
        _validate_workshop(workshop)
        workshop.save()
        workshop.referents.set(referents)
        workshop_publish(structure, workshop)
    return workshop


def workshop_delete(*, structure, workshop: ScheduledWorkshop) -> None:
    with in_structure(structure), transaction.atomic():
        PublishedWorkshop.objects.filter(structure=structure, workshop_id=workshop.pk).delete()
        workshop.delete()


def workshop_register(
    *, structure, workshop: ScheduledWorkshop, beneficiary=None, label: str = "", contact: str = ""
) -> WorkshopRegistration:
    """A seat if one is free, else a place on the waiting list."""
    label = (label or "").strip()
    if beneficiary is None and not label:
        raise ValidationError({"label": _("Give a first name or initials.")})
    with in_structure(structure), transaction.atomic():
        workshop = ScheduledWorkshop.objects.select_for_update().get(pk=workshop.pk)
        if workshop.activity_id or workshop.date < timezone.localdate():
            raise ValidationError(_("Registration for this workshop is closed."))
        person = _current(beneficiary) if beneficiary else None
        if (
            person
            and workshop.registrations.filter(beneficiary=person).exclude(status=RegistrationStatus.CANCELLED).exists()
        ):
            raise ValidationError({"beneficiary": _("This person is already registered.")})
        status = seats.status_for_new(workshop.registrations.all(), workshop.seats)
        registration = WorkshopRegistration.objects.create(
            workshop=workshop,
            beneficiary=person,
            label=label or (person.label if person else ""),
            contact=(contact or "").strip()[:120],
            status=status,
        )
        workshop_publish(structure, workshop)
    return registration


def registration_cancel(*, structure, registration: WorkshopRegistration) -> None:
    with in_structure(structure), transaction.atomic():
        registration.status = RegistrationStatus.CANCELLED
        registration.save(update_fields=["status"])
        workshop_promote_waiting(registration.workshop)
        workshop_publish(structure, registration.workshop)


def workshop_to_activity(
    *, structure, user, workshop: ScheduledWorkshop, present: list[int], extra_anonymous: int = 0
) -> Activity:
    """The attendance list becomes the activity log in one step.

    Present people with a record are followed participants; people who registered
    themselves without a record are counted as anonymous participants. Contacts given
    for reminders are erased.
    """
    with in_structure(structure), transaction.atomic():
        if workshop.activity_id:
            raise ValidationError(_("This workshop has already been logged."))
        if workshop.date > timezone.localdate():
            raise ValidationError(_("The workshop has not taken place yet."))
        registrations = list(workshop.registrations.exclude(status=RegistrationStatus.CANCELLED))
        present_ids = {int(p) for p in present}
        unknown = present_ids - {r.pk for r in registrations}
        if unknown:
            raise ValidationError({"present": _("A person marked present is not registered for this workshop.")})
        followed = [r.beneficiary_id for r in registrations if r.pk in present_ids and r.beneficiary_id]
        anonymous = sum(1 for r in registrations if r.pk in present_ids and not r.beneficiary_id)
        activity = activity_create(
            structure=structure,
            user=user,
            kind=ActivityKind.WORKSHOP,
            date=workshop.date,
            start_time=workshop.start_time,
            duration_minutes=workshop.duration_minutes,
            title=workshop.title,
            level=workshop.level,
            themes=list(workshop.themes) or ["culture_numerique"],
            kit_id=workshop.kit_id,
            place_name=workshop.place,
            beneficiaries=followed,
            referents=list(workshop.referents.all()),
            anonymous_total=anonymous + max(int(extra_anonymous or 0), 0),
        )
        for registration in registrations:
            registration.status = (
                RegistrationStatus.ATTENDED if registration.pk in present_ids else RegistrationStatus.ABSENT
            )
            registration.contact = ""
            registration.save(update_fields=["status", "contact"])
        workshop.activity = activity
        workshop.save(update_fields=["activity"])
        workshop_publish(structure, workshop)
    return activity


# Mentors --------------------------------------------------------------------------------


def mentorship_create(*, structure, mentor, mentee, start_date: datetime.date) -> Mentorship:
    """Only a person who completed a course can mentor a newcomer."""
    with in_structure(structure), transaction.atomic():
        mentor, mentee = _current(mentor), _current(mentee)
        if mentor.pk == mentee.pk:
            raise ValidationError({"mentee": _("A person cannot mentor themself.")})
        if not Enrolment.objects.filter(beneficiary=mentor, status=EnrolmentStatus.COMPLETED).exists():
            raise ValidationError({"mentor": _("A mentor must have completed a course.")})
        if Mentorship.objects.filter(mentor=mentor, mentee=mentee).exists():
            raise ValidationError({"mentee": _("This mentorship already exists.")})
        mentorship = Mentorship.objects.create(mentor=mentor, mentee=mentee, start_date=start_date)
        MentorshipFact.objects.create(
            structure=structure,
            mentorship_id=mentorship.pk,
            mentor_id=mentor.pk,
            mentee_id=mentee.pk,
            start_date=start_date,
        )
    return mentorship


def mentorship_add_activity(*, structure, mentorship: Mentorship, activity: Activity) -> None:
    from training.facts import facts_sync_activity

    with in_structure(structure), transaction.atomic():
        mentorship.activities.add(activity)
        facts_sync_activity(structure, activity)
