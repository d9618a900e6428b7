"""Writes of the network layer: programmes, applications, coaching, trainings and targets."""

import datetime
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from figures import seats
from figures.enums import RegistrationStatus
from figures.reference import Competence, ordered
from network.enums import ApplicationStatus
from network.models import (
    Application,
    Call,
    CoachingMeeting,
    CoachingPlan,
    Milestone,
    MilestoneTemplate,
    Programme,
    Target,
    TrainingModule,
    TrainingRegistration,
    TrainingSession,
)
from network.validators import normalise_siret, validate_siret
from tenants.enums import MembershipRole, StructureStatus
from tenants.models import Structure
from tenants.services import RESERVED_SLUGS, invitation_create, structure_create
from training import gateway


def _clean(instance, exclude=None) -> None:
    instance.full_clean(exclude=exclude)


# Programmes and calls ----------------------------------------------------------------------


def parse_funders(text: str) -> list[dict]:
    """One funder a line, "Name" or "Name: 50" (share in percent)."""
    funders = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        name, _sep, share = line.rpartition(":") if ":" in line else (line, "", "")
        share = share.strip().rstrip("%").strip()
        if share:
            try:
                share_value = int(share)
            except ValueError as error:
                raise ValidationError(
                    {"funders": _("The share of “%(name)s” must be a whole percentage.") % {"name": name.strip()}}
                ) from error
            if not 0 <= share_value <= 100:
                raise ValidationError({"funders": _("A share is between 0 and 100 %.")})
        else:
            share_value = None
        funders.append({"name": name.strip(), "share": share_value})
    if sum(f["share"] or 0 for f in funders) > 100:
        raise ValidationError({"funders": _("The funders' shares add up to more than 100 %.")})
    return funders


def programme_competences_clean(codes) -> list[str]:
    """The competences a programme assesses: at least one, all of the shared reference (Pix / DigComp)."""
    codes = list(codes or [])
    unknown = [str(code) for code in codes if code not in Competence.values]
    if unknown:
        raise ValidationError(
            {"competences": _("Not competences of the reference: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    if not codes:
        raise ValidationError({"competences": _("Choose at least one competence to assess.")})
    return ordered(codes)


def programme_create(
    *, name: str, start, end, territory: str = "", description: str = "", funders=(), competences=None
) -> Programme:
    programme = Programme(
        name=name.strip(), start=start, end=end, territory=territory, description=description, funders=list(funders)
    )
    if competences is not None:
        programme.competences = programme_competences_clean(competences)
    _clean(programme)
    programme.save()
    return programme


def programme_update(*, programme: Programme, **fields) -> Programme:
    if "competences" in fields:
        fields["competences"] = programme_competences_clean(fields["competences"])
    for name, value in fields.items():
        setattr(programme, name, value)
    _clean(programme)
    programme.save()
    return programme


def call_create(*, programme: Programme, title: str, opens, closes, description: str = "") -> Call:
    call = Call(programme=programme, title=title.strip(), opens=opens, closes=closes, description=description)
    _clean(call)
    call.save()
    return call


def call_update(*, call: Call, **fields) -> Call:
    for name, value in fields.items():
        setattr(call, name, value)
    _clean(call)
    call.save()
    return call


# Applications --------------------------------------------------------------------------------


def application_submit(*, call: Call, today: datetime.date | None = None, **fields) -> Application:
    """An application from the public form; only while the call is open."""
    if not call.is_open(today):
        raise ValidationError(_("This call for applications is closed."))
    fields["siret"] = normalise_siret(fields.get("siret", ""))
    validate_siret(fields["siret"])
    application = Application(call=call, **fields)
    _clean(application, exclude=["structure", "decided_by"])
    application.save()
    return application


def _decidable(application: Application) -> None:
    if application.status in (ApplicationStatus.SELECTED, ApplicationStatus.REJECTED):
        raise ValidationError(_("This application has already been decided."))


def application_shortlist(*, application: Application, by) -> Application:
    _decidable(application)
    application.status = ApplicationStatus.SHORTLISTED
    application.shortlisted_at = application.shortlisted_at or timezone.now()
    application.save(update_fields=["status", "shortlisted_at"])
    return application


def application_reject(*, application: Application, by, message: str, notify: bool = True) -> Application:
    """Reject with a message; the message is e-mailed to the applicant's contact."""
    _decidable(application)
    if not (message or "").strip():
        raise ValidationError({"message": _("Write a message to the applicant explaining the decision.")})
    application.status = ApplicationStatus.REJECTED
    application.decision_message = message.strip()
    application.decided_at = timezone.now()
    application.decided_by = by
    application.save(update_fields=["status", "decision_message", "decided_at", "decided_by"])
    if notify:
        context = {"application": application, "call": application.call, "message": application.decision_message}
        transaction.on_commit(
            lambda: send_mail(
                subject=_("Your application to “%(call)s”") % {"call": application.call.title},
                message=render_to_string("network/email/application_rejected.txt", context),
                from_email=None,
                recipient_list=[application.contact_email],
            )
        )
    return application


def structure_slug_for(name: str) -> str:
    """A free, valid subdomain from a structure's name."""
    base = slugify(name)[:44].strip("-") or "structure"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or slug.startswith("pg-") or Structure.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def application_select(*, application: Application, by, slug: str | None = None, start=None) -> Structure:
    """Select an application: provision the structure, open its coaching plan, invite its contact as manager."""
    application = Application.objects.select_for_update().select_related("call__programme").get(pk=application.pk)
    _decidable(application)
    structure = structure_create(
        name=application.structure_name,
        slug=slug or structure_slug_for(application.structure_name),
        kind=application.kind,
        status=StructureStatus.COACHING,
        siret=application.siret,
        address=application.address,
        postcode=application.postcode,
        commune=application.commune,
    )
    programme = application.call.programme
    coaching_plan_create(
        programme=programme,
        structure=structure,
        start=start or max(timezone.localdate(), programme.start),
        needs="",
    )
    invitation_create(structure=structure, email=application.contact_email, role=MembershipRole.MANAGER, invited_by=by)
    application.status = ApplicationStatus.SELECTED
    application.structure = structure
    application.decided_at = timezone.now()
    application.decided_by = by
    application.save(update_fields=["status", "structure", "decided_at", "decided_by"])
    return structure


# Coaching ------------------------------------------------------------------------------------


@transaction.atomic
def coaching_plan_create(*, programme: Programme, structure: Structure, start, needs: str = "", end=None):
    """A plan with one milestone per active template step, due ``offset_days`` after the start."""
    plan = CoachingPlan(programme=programme, structure=structure, start=start, needs=needs, end=end or programme.end)
    _clean(plan)
    plan.save()
    Milestone.objects.bulk_create(
        Milestone(
            plan=plan, code=step.code, title=step.title, order=step.order, due_date=start + timedelta(step.offset_days)
        )
        for step in MilestoneTemplate.objects.filter(active=True)
    )
    return plan


def coaching_plan_update(*, plan: CoachingPlan, **fields) -> CoachingPlan:
    for name, value in fields.items():
        setattr(plan, name, value)
    _clean(plan)
    plan.save()
    return plan


def milestone_update(*, milestone: Milestone, due_date, completed_on=None) -> Milestone:
    if completed_on and completed_on > timezone.localdate():
        raise ValidationError({"completed_on": _("A milestone cannot be completed in the future.")})
    milestone.due_date = due_date
    milestone.completed_on = completed_on
    _clean(milestone)
    milestone.save(update_fields=["due_date", "completed_on"])
    return milestone


def milestone_template_save(*, code: str, title: str, order: int, offset_days: int, active: bool = True):
    step, _created = MilestoneTemplate.objects.update_or_create(
        code=code, defaults={"title": title.strip(), "order": order, "offset_days": offset_days, "active": active}
    )
    return step


def meeting_create(*, plan: CoachingPlan, date, kind: str, notes: str = "", by=None) -> CoachingMeeting:
    meeting = CoachingMeeting(plan=plan, date=date, kind=kind, notes=notes, created_by=by)
    _clean(meeting, exclude=["created_by"])
    meeting.save()
    return meeting


# Referent trainings --------------------------------------------------------------------------


def training_session_create(
    *, module: TrainingModule, date, capacity: int = 12, remote: bool = False, place: str = "", trainer=None,
    programme: Programme | None = None,
) -> TrainingSession:  # fmt: skip
    if not remote and not (place or "").strip():
        raise ValidationError({"place": _("Give the place of the session, or tick “remote”.")})
    session = TrainingSession(
        module=module, date=date, capacity=capacity, remote=remote, place=place, trainer=trainer, programme=programme
    )
    _clean(session)
    session.save()
    return session


def structure_referents(structure: Structure):
    """The structure's active referents, read from its own schema."""
    return gateway.referents_active(structure)


# The tenant's record keeps registered / attended / absent; a waiting-list place counts as registered.
TENANT_STATUS = {
    RegistrationStatus.REGISTERED: "registered",
    RegistrationStatus.WAITING: "registered",
    RegistrationStatus.ATTENDED: "attended",
    RegistrationStatus.ABSENT: "absent",
}


def _sync_referent_training(registration: TrainingRegistration) -> None:
    structure, ids = (
        registration.structure,
        {"referent_id": registration.referent_id, "session_id": registration.session_id},
    )
    if registration.status == RegistrationStatus.CANCELLED:
        gateway.referent_training_remove(structure, **ids)
        return
    gateway.referent_training_record(
        structure, **ids, module_id=registration.session.module_id, status=TENANT_STATUS[registration.status]
    )


@transaction.atomic
def registration_create(*, session: TrainingSession, structure: Structure, referent_id: int) -> TrainingRegistration:
    """Register a referent; beyond the capacity, on the waiting list. Written in the structure too."""
    referent = gateway.referent_active(structure, referent_id)
    if referent is None:
        raise ValidationError({"referent": _("This referent does not exist in this structure.")})
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    existing = TrainingRegistration.objects.filter(
        session=session, structure=structure, referent_id=referent.pk
    ).first()
    if existing and existing.status != RegistrationStatus.CANCELLED:
        raise ValidationError({"referent": _("This referent is already registered to this session.")})
    status = seats.status_for_new(session.registrations.all(), session.capacity)
    registration = existing or TrainingRegistration(session=session, structure=structure, referent_id=referent.pk)
    registration.referent_name = str(referent)
    registration.status = status
    registration.save()
    _sync_referent_training(registration)
    return registration


@transaction.atomic
def registration_set_status(*, registration: TrainingRegistration, status: str) -> TrainingRegistration:
    """Change a registration (attendance included) in public and in the referent's structure."""
    if status not in RegistrationStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    if status in (RegistrationStatus.ATTENDED, RegistrationStatus.ABSENT) and (
        registration.session.date > timezone.localdate()
    ):
        raise ValidationError({"status": _("Attendance can be recorded only once the session has taken place.")})
    registration.status = status
    registration.save(update_fields=["status", "updated_at"])
    _sync_referent_training(registration)
    if status == RegistrationStatus.CANCELLED:
        _promote_waiting(registration.session)
    return registration


def _promote_waiting(session: TrainingSession) -> None:
    for waiting in seats.to_promote(session.registrations.all(), session.capacity):
        waiting.status = RegistrationStatus.REGISTERED
        waiting.save(update_fields=["status", "updated_at"])
        _sync_referent_training(waiting)


# Targets -------------------------------------------------------------------------------------


def target_set(*, programme: Programme, indicator: str, value: int, structure: Structure | None = None) -> Target:
    if structure is not None and not CoachingPlan.objects.filter(programme=programme, structure=structure).exists():
        raise ValidationError({"structure": _("This structure does not take part in this programme.")})
    target = Target.objects.filter(programme=programme, structure=structure, indicator=indicator).first()
    target = target or Target(programme=programme, structure=structure, indicator=indicator)
    target.value = value
    _clean(target, exclude=["structure"] if structure is None else None)
    target.save()
    return target


def target_delete(*, target: Target) -> None:
    target.delete()
