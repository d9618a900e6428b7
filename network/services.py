"""Writes of the network layer: programmes, applications, coaching, trainings and targets."""

import datetime
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from figures import seats
from figures.enums import RegistrationStatus
from figures.reference import Competence, ordered
from network.enums import SHARE_INDICATORS, ApplicationStatus, FunderKind
from network.models import (
    Application,
    Call,
    CoachingMeeting,
    CoachingPlan,
    Funding,
    Milestone,
    MilestoneTemplate,
    Programme,
    RecordedIndicator,
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


def parse_age_bands(text: str) -> list[int]:
    """ "25, 45" → [25, 45], the lower bounds of the bands after the first (see ``programme_age_bands_clean``)."""
    parts = [part.strip() for part in (text or "").replace(";", ",").split(",") if part.strip()]
    try:
        return programme_age_bands_clean([int(part) for part in parts])
    except ValueError as error:
        raise ValidationError(
            {"age_bands": _("Age bands: whole numbers separated by commas, e.g. “25, 45”.")}
        ) from error


def programme_age_bands_clean(bands) -> list[int]:
    """Lower bounds of the age bands a funder asks for: rising, each between 1 and 120."""
    bands = list(bands or [])
    if any(not isinstance(n, int) or not 1 <= n <= 120 for n in bands) or bands != sorted(set(bands)):
        raise ValidationError({"age_bands": _("The age bands' bounds rise, each between 1 and 120.")})
    return bands


def _budget_check(budget, amounts_total) -> None:
    if budget is None:
        return
    if budget < 0:
        raise ValidationError({"budget": _("A budget cannot be negative.")})
    if amounts_total > budget:
        raise ValidationError(
            {
                "budget": _("The budget is less than the funders' amounts (%(total)s €).")
                % {"total": number_format(amounts_total, decimal_pos=2, force_grouping=True)}
            }
        )


@transaction.atomic
def programme_create(
    *, name: str, start, end, territory: str = "", description: str = "", competences=None, budget=None,
    report_notes: str = "", age_bands=(), funders=(),
) -> Programme:  # fmt: skip
    """A programme; ``funders``: its fundings, [{"funder" (or "name"), "kind", "amount", "share"}]."""
    programme = Programme(
        name=name.strip(), start=start, end=end, territory=territory, description=description, budget=budget,
        report_notes=report_notes, age_bands=programme_age_bands_clean(age_bands),
    )  # fmt: skip
    if competences is not None:
        programme.competences = programme_competences_clean(competences)
    _budget_check(budget, Decimal(0))
    _clean(programme)
    programme.save()
    for funder in funders:
        funder = dict(funder)
        funding_create(programme=programme, funder=funder.pop("funder", None) or funder.pop("name", ""), **funder)
    return programme


@transaction.atomic
def programme_update(*, programme: Programme, **fields) -> Programme:
    if "competences" in fields:
        fields["competences"] = programme_competences_clean(fields["competences"])
    if "age_bands" in fields:
        fields["age_bands"] = programme_age_bands_clean(fields["age_bands"])
    if "budget" in fields:
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        _budget_check(fields["budget"], _amounts_total(programme))
    for name, value in fields.items():
        setattr(programme, name, value)
    _clean(programme)
    programme.save()
    return programme


# Funding: a programme's funders, with their amounts and shares -------------------------------------


def _amounts_total(programme: Programme, exclude=None) -> Decimal:
    fundings = Funding.objects.filter(programme=programme).exclude(pk=exclude)
    return fundings.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def _funding_check(funding: Funding) -> None:
    """One funder: its share between 0 and 100 %, its amount not negative; with the others, shares of at most
    100 % and amounts within the budget (when one is set). The programme's row is locked by the caller."""
    if not (funding.funder or "").strip():
        raise ValidationError({"funder": _("Give the funder's name.")})
    funding.funder = funding.funder.strip()
    funding.amount, funding.share = _decimal(funding.amount, "amount"), _decimal(funding.share, "share")
    if funding.share is not None and not 0 <= funding.share <= 100:
        raise ValidationError({"share": _("A share is between 0 and 100 %.")})
    if funding.amount is not None and funding.amount < 0:
        raise ValidationError({"amount": _("An amount cannot be negative.")})
    others = Funding.objects.filter(programme=funding.programme).exclude(pk=funding.pk)
    if funding.share is not None and (others.aggregate(total=Sum("share"))["total"] or 0) + funding.share > 100:
        raise ValidationError({"share": _("The funders' shares add up to more than 100 %.")})
    budget = funding.programme.budget
    if funding.amount is not None and budget is not None:
        total = (others.aggregate(total=Sum("amount"))["total"] or 0) + funding.amount
        if total > budget:
            raise ValidationError(
                {
                    "amount": _("The funders' amounts (%(total)s €) exceed the programme's budget (%(budget)s €).")
                    % {
                        "total": number_format(total, decimal_pos=2, force_grouping=True),
                        "budget": number_format(budget, decimal_pos=2, force_grouping=True),
                    }
                }
            )
    _clean(funding)


def _decimal(value, field: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError as error:
        raise ValidationError({field: _("Enter a number.")}) from error


def _locked(programme: Programme) -> Programme:
    """The programme's row locked for the transaction: two funders added at once cannot pass 100 % together."""
    return Programme.objects.select_for_update().get(pk=programme.pk)


@transaction.atomic
def funding_create(
    *, programme: Programme, funder: str, kind: str = FunderKind.AUTRE, amount=None, share=None
) -> Funding:
    funding = Funding(programme=_locked(programme), funder=funder, kind=kind, amount=amount, share=share)
    _funding_check(funding)
    funding.save()
    return funding


@transaction.atomic
def funding_update(*, funding: Funding, **fields) -> Funding:
    funding.programme = _locked(funding.programme)
    for name, value in fields.items():
        setattr(funding, name, value)
    _funding_check(funding)
    funding.save()
    return funding


def funding_delete(*, funding: Funding) -> None:
    funding.delete()


# Indicators recorded by hand (figures that come from elsewhere) ------------------------------------

# How far from the programme's period a figure "as of" a date may be (e.g. counted a few months after its end).
RECORDED_MARGIN = timedelta(days=366)


def _recorded_check(indicator: RecordedIndicator) -> None:
    """Its name and source given, its date not in the future and near the programme's period, its structure
    one of the programme's, its target positive."""
    programme = indicator.programme
    indicator.label = (indicator.label or "").strip()
    indicator.source = (indicator.source or "").strip()
    indicator.unit = (indicator.unit or "").strip()
    if not indicator.label:
        raise ValidationError({"label": _("Give the indicator's name, e.g. “Invitation letters sent”.")})
    if not indicator.source:
        raise ValidationError(
            {"source": _("Give the source of this figure: where it comes from (a partner service, an export…).")}
        )
    if indicator.date is not None:
        if indicator.date > timezone.localdate():
            raise ValidationError({"date": _("A figure is recorded as of a date that has passed.")})
        if not programme.start - RECORDED_MARGIN <= indicator.date <= programme.end + RECORDED_MARGIN:
            raise ValidationError(
                {
                    "date": _("The date must be within a year of the programme's period (%(start)s – %(end)s).")
                    % {"start": date_format(programme.start, "SHORT_DATE_FORMAT"),
                       "end": date_format(programme.end, "SHORT_DATE_FORMAT")}
                }
            )  # fmt: skip
    if indicator.target is not None and indicator.target <= 0:
        raise ValidationError({"target": _("A target must be positive.")})
    if (
        indicator.structure_id is not None
        and not CoachingPlan.objects.filter(programme=programme, structure_id=indicator.structure_id).exists()
    ):
        raise ValidationError({"structure": _("This structure does not take part in this programme.")})
    _clean(indicator, exclude=["structure"] if indicator.structure_id is None else None)


def recorded_indicator_create(
    *, programme: Programme, label: str, value, date, source: str, unit: str = "", target=None,
    structure: Structure | None = None,
) -> RecordedIndicator:  # fmt: skip
    indicator = RecordedIndicator(
        programme=programme, structure=structure, label=label, value=value, unit=unit, date=date, source=source,
        target=target,
    )  # fmt: skip
    _recorded_check(indicator)
    indicator.save()
    return indicator


def recorded_indicator_update(*, indicator: RecordedIndicator, **fields) -> RecordedIndicator:
    for name, value in fields.items():
        setattr(indicator, name, value)
    _recorded_check(indicator)
    indicator.save()
    return indicator


def recorded_indicator_delete(*, indicator: RecordedIndicator) -> None:
    indicator.delete()


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
    if indicator in SHARE_INDICATORS and not 1 <= value <= 100:
        raise ValidationError({"value": _("The target of a share is a percentage between 1 and 100.")})
    target = Target.objects.filter(programme=programme, structure=structure, indicator=indicator).first()
    target = target or Target(programme=programme, structure=structure, indicator=indicator)
    target.value = value
    _clean(target, exclude=["structure"] if structure is None else None)
    target.save()
    return target


def target_delete(*, target: Target) -> None:
    target.delete()
