"""Pages for the practices of the other programmes: equipment aid, open-access desk,
workshop calendar with registration, mentors and awareness meetings."""

import datetime

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from figures import seats
from figures.compute import (
    awareness_figures,
    desk_figures,
    equipment_figures,
    mentor_figures,
    practice_figures,
)
from figures.enums import ActivityKind, DeskPurpose, RegistrationStatus, SocialStatus
from tenants.client import client_ip
from tenants.exports import requested_format
from training import exports, practices
from training.forms_practices import (
    AwarenessForm,
    DeskVisitForm,
    EquipmentForm,
    MentorshipForm,
    PublicRegistrationForm,
    RegistrationForm,
    WorkshopForm,
)
from training.models import (
    Activity,
    DeskVisit,
    EquipmentGift,
    Mentorship,
    ScheduledWorkshop,
    WorkshopRegistration,
)
from training.services.activities import activity_create
from training.views.base import MemberMixin, apply_errors


class FormListView(MemberMixin, View):
    """A page with a form to record something and the list of what was recorded."""

    form_class = None
    template_name = ""
    success_message = ""

    def get_list_context(self) -> dict:
        return {}

    def render_page(self, form, status=200):
        context = {"form": form, **self.get_list_context()}
        return render(self.request, self.template_name, context, status=status)

    def get(self, request):
        return self.render_page(self.form_class())

    def post(self, request):
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.save(form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, self.success_message)
                return redirect(request.path)
        return self.render_page(form, status=400)

    def save(self, data):
        raise NotImplementedError


class EquipmentView(FormListView):
    form_class = EquipmentForm
    template_name = "training/practices/equipment.html"

    @property
    def success_message(self):
        return _("Equipment recorded.")

    def get_list_context(self):
        return {
            "gifts": EquipmentGift.objects.select_related("beneficiary")[:200],
            "figures": equipment_figures(structure_ids=[self.request.tenant.pk]),
        }

    def save(self, data):
        practices.equipment_give(structure=self.request.tenant, **data)


class EquipmentDeleteView(MemberMixin, View):
    def post(self, request, pk):
        gift = get_object_or_404(EquipmentGift, pk=pk)
        practices.equipment_delete(structure=request.tenant, gift=gift)
        messages.success(request, _("Equipment record deleted."))
        return redirect("equipment")


class DeskView(FormListView):
    """The open-access desk: a counter per day and purpose, quick to tap on a phone."""

    form_class = DeskVisitForm
    template_name = "training/practices/desk.html"

    @property
    def success_message(self):
        return _("Visits counted.")

    def get_list_context(self):
        today = timezone.localdate()
        figures = desk_figures(
            structure_ids=[self.request.tenant.pk], start=today.replace(day=1) - datetime.timedelta(days=365)
        )
        return {
            "today": [
                (DeskPurpose(line["purpose"]).label, line["total"])
                for line in DeskVisit.objects.filter(date=today)
                .values("purpose")
                .annotate(total=Sum("count"))
                .order_by("purpose")
            ],
            "status_shares": [(SocialStatus(code).label, share) for code, share in figures["status_shares"].items()],
            "recent": DeskVisit.objects.select_related("beneficiary")[:50],
            "figures": figures,
        }

    def save(self, data):
        practices.desk_visit_record(structure=self.request.tenant, **data)


class DeskDeleteView(MemberMixin, View):
    def post(self, request, pk):
        visit = get_object_or_404(DeskVisit, pk=pk)
        practices.desk_visit_delete(structure=request.tenant, visit=visit)
        messages.success(request, _("Line deleted."))
        return redirect("desk")


class CalendarView(FormListView):
    form_class = WorkshopForm
    template_name = "training/practices/calendar.html"

    @property
    def success_message(self):
        return _("Workshop scheduled.")

    def get_list_context(self):
        workshops = ScheduledWorkshop.objects.annotate(
            registered=Count("registrations", filter=Q(registrations__status__in=seats.SEAT_HOLDING)),
            waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
        ).order_by("date", "start_time")
        today = timezone.localdate()
        return {
            "upcoming": workshops.filter(date__gte=today, activity__isnull=True),
            "to_log": workshops.filter(date__lt=today, activity__isnull=True),
            "public_url": "/public/calendar/",
        }

    def save(self, data):
        practices.workshop_schedule(structure=self.request.tenant, **data)


class WorkshopDetailView(MemberMixin, View):
    template_name = "training/practices/workshop_detail.html"

    def render_page(self, workshop, form=None, status=200):
        registrations = workshop.registrations.select_related("beneficiary").exclude(
            status=RegistrationStatus.CANCELLED
        )
        return render(
            self.request,
            self.template_name,
            {
                "workshop": workshop,
                "registrations": registrations,
                "form": form or RegistrationForm(),
                "can_log": workshop.activity_id is None and workshop.date <= timezone.localdate(),
            },
            status=status,
        )

    def get(self, request, pk):
        return self.render_page(get_object_or_404(ScheduledWorkshop, pk=pk))

    def post(self, request, pk):
        workshop = get_object_or_404(ScheduledWorkshop, pk=pk)
        action = request.POST.get("action")
        try:
            if action == "cancel":
                registration_id = request.POST.get("registration", "")
                registration = get_object_or_404(
                    WorkshopRegistration, pk=int(registration_id) if registration_id.isdigit() else 0, workshop=workshop
                )
                practices.registration_cancel(structure=request.tenant, registration=registration)
                messages.success(request, _("Registration cancelled."))
            elif action == "log":
                activity = practices.workshop_to_activity(
                    structure=request.tenant,
                    user=request.user,
                    workshop=workshop,
                    present=[int(p) for p in request.POST.getlist("present") if p.isdigit()],
                    extra_anonymous=int(request.POST.get("extra_anonymous") or 0)
                    if (request.POST.get("extra_anonymous") or "0").isdigit()
                    else 0,
                )
                messages.success(request, _("The workshop is logged with its attendance list."))
                return redirect("activity_detail", pk=activity.pk)
            elif action == "delete":
                practices.workshop_delete(structure=request.tenant, workshop=workshop)
                messages.success(request, _("Workshop removed from the calendar."))
                return redirect("calendar")
            else:
                form = RegistrationForm(request.POST)
                if not form.is_valid():
                    return self.render_page(workshop, form, status=400)
                registration = practices.workshop_register(
                    structure=request.tenant, workshop=workshop, **form.cleaned_data
                )
                if registration.status == RegistrationStatus.WAITING:
                    messages.warning(request, _("The workshop is full: the person is on the waiting list."))
                else:
                    messages.success(request, _("Registration recorded."))
        except ValidationError as error:
            form = RegistrationForm(request.POST)
            form.is_valid()
            apply_errors(form, error)
            return self.render_page(workshop, form, status=400)
        return redirect("workshop_detail", pk=workshop.pk)


class PublicCalendarView(View):
    """The structure's upcoming workshops, open to all; people register themselves."""

    template_name = "training/practices/public_calendar.html"
    MAX_PER_HOUR = 20

    def workshops(self):
        return (
            ScheduledWorkshop.objects.filter(published=True, activity__isnull=True, date__gte=timezone.localdate())
            .annotate(registered=Count("registrations", filter=Q(registrations__status__in=seats.SEAT_HOLDING)))
            .annotate(seats_left=F("seats") - F("registered"))
            .order_by("date", "start_time")
        )

    def render_page(self, form=None, selected=None, status=200):
        return render(
            self.request,
            self.template_name,
            {"workshops": self.workshops(), "form": form or PublicRegistrationForm(), "selected": selected},
            status=status,
        )

    def get(self, request):
        return self.render_page()

    def post(self, request):
        workshop = ScheduledWorkshop.objects.filter(
            pk=request.POST.get("workshop") if (request.POST.get("workshop") or "").isdigit() else 0,
            published=True,
            activity__isnull=True,
        ).first()
        form = PublicRegistrationForm(request.POST)
        if workshop is None:
            messages.error(request, _("This workshop is no longer open for registration."))
            return self.render_page(form, status=400)
        if not form.is_valid():
            return self.render_page(form, selected=workshop.pk, status=400)
        if form.cleaned_data.get("website"):
            return redirect(request.path)  # a robot: say nothing
        key = f"ratelimit:public-registration:{request.tenant.schema_name}:{client_ip(request)}"
        if cache.get(key, 0) >= self.MAX_PER_HOUR:
            messages.error(request, _("Too many registrations from this connection; try again later."))
            return self.render_page(form, selected=workshop.pk, status=429)
        cache.set(key, cache.get(key, 0) + 1, 3600)
        try:
            registration = practices.workshop_register(
                structure=request.tenant,
                workshop=workshop,
                label=form.cleaned_data["label"],
                contact=form.cleaned_data["contact"],
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.render_page(form, selected=workshop.pk, status=400)
        what = {
            "title": workshop.title,
            "date": date_format(workshop.date, "l j F Y"),
            "time": time_format(workshop.start_time, "H:i") if workshop.start_time else "",
        }
        if registration.status == RegistrationStatus.WAITING:
            messages.warning(
                request,
                _("“%(title)s” on %(date)s at %(time)s is full: you are on the waiting list; we will call you.") % what,
            )
        else:
            messages.success(
                request, _("You are registered for “%(title)s” on %(date)s at %(time)s. See you there!") % what
            )
        return redirect(request.path)


class MentorsView(FormListView):
    form_class = MentorshipForm
    template_name = "training/practices/mentors.html"

    @property
    def success_message(self):
        return _("Mentorship recorded.")

    def get_list_context(self):
        return {
            "mentorships": Mentorship.objects.select_related("mentor", "mentee").annotate(
                activity_count=Count("activities")
            ),
            "figures": mentor_figures(structure_ids=[self.request.tenant.pk]),
        }

    def save(self, data):
        practices.mentorship_create(structure=self.request.tenant, **data)


class AwarenessView(FormListView):
    form_class = AwarenessForm
    template_name = "training/practices/awareness.html"

    @property
    def success_message(self):
        return _("Awareness meeting logged.")

    def get_list_context(self):
        return {
            "meetings": Activity.objects.filter(kind=ActivityKind.AWARENESS).order_by("-date")[:100],
            "figures": awareness_figures(structure_ids=[self.request.tenant.pk]),
        }

    def save(self, data):
        activity_create(
            structure=self.request.tenant,
            user=self.request.user,
            kind=ActivityKind.AWARENESS,
            date=data.pop("date"),
            duration_minutes=data.pop("duration_minutes"),
            themes=data.pop("themes") or ["culture_numerique"],
            **data,
        )


class PracticesExportView(MemberMixin, View):
    """CSV/XLSX of equipment given and desk visits (pseudonymous codes only)."""

    def get(self, request, table):
        if table not in exports.PRACTICE_TABLES:
            return render(request, "404.html", status=404)
        return exports.practice_export_response(
            structure=request.tenant, user=request.user, table=table, file_format=requested_format(request)
        )


class PracticesSummaryView(MemberMixin, TemplateView):
    template_name = "training/practices/summary.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "figures": practice_figures(structure_ids=[self.request.tenant.pk]),
        }
