"""Trainers and coordinators: the training catalogue, sessions, registrations and attendance."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from figures import seats
from figures.enums import RegistrationStatus
from network import services
from network.forms import RegistrationForm, TrainingSessionForm
from network.models import TrainingModule, TrainingSession
from network.selectors import trained_by_structure
from network.views.base import NetworkStaffRequiredMixin, TableExportMixin
from tenants.models import Structure


class TrainingListView(NetworkStaffRequiredMixin, TableExportMixin, TemplateView):
    template_name = "network/training_list.html"
    export_filename = "formations"

    def sessions(self):
        return (
            TrainingSession.objects.select_related("module", "trainer", "programme")
            .annotate(
                seats=Count("registrations", filter=Q(registrations__status__in=seats.SEAT_HOLDING)),
                attended=Count("registrations", filter=Q(registrations__status=RegistrationStatus.ATTENDED)),
                waiting=Count("registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)),
            )
            .order_by("date", "id")
        )

    def trained(self):
        structures = list(Structure.objects.active().order_by("name"))
        counts = trained_by_structure(s.pk for s in structures)
        return [(s, counts.get(s.pk, 0)) for s in structures]

    def get_tables(self):
        sessions = (
            (s.module.title, s.date, s.where, str(s.trainer or ""), s.capacity, s.seats, s.waiting, s.attended)
            for s in self.sessions()
        )
        return {
            "sessions": (
                [
                    _("Training"),
                    _("Date"),
                    _("Place"),
                    _("Trainer"),
                    _("Capacity"),
                    _("Registered"),
                    _("Waiting list"),
                    _("Attended"),
                ],  # fmt: skip
                sessions,
            ),
            "trained": ([_("Structure"), _("Referents trained")], ((s.name, n) for s, n in self.trained())),
        }

    def get_context_data(self, **kwargs):
        trained = self.trained()
        return {
            **super().get_context_data(**kwargs),
            "modules": TrainingModule.objects.all(),
            "sessions": self.sessions(),
            "trained": trained,
            "trained_total": sum(n for _s, n in trained),
        }


class TrainingSessionCreateView(NetworkStaffRequiredMixin, FormView):
    form_class = TrainingSessionForm
    template_name = "network/training_session_form.html"

    def get_initial(self):
        return {"trainer": self.request.user if self.request.user.is_trainer else None}

    def form_valid(self, form):
        try:
            session = services.training_session_create(**form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
            return self.form_invalid(form)
        messages.success(self.request, _("Training session created."))
        return redirect("network:training_session", pk=session.pk)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class TrainingSessionView(NetworkStaffRequiredMixin, TableExportMixin, TemplateView):
    """A session: register referents of a structure (read from its schema), record attendance."""

    template_name = "network/training_session.html"
    export_filename = "session"

    def dispatch(self, request, *args, **kwargs):
        self.session = get_object_or_404(
            TrainingSession.objects.select_related("module", "trainer", "programme"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def registrations(self):
        return self.session.registrations.select_related("structure").order_by("structure__name", "referent_name")

    def get_tables(self):
        headers = [_("Structure"), _("Referent"), _("Status")]
        rows = ((r.structure.name, r.referent_name, r.get_status_display()) for r in self.registrations())
        return {"registrations": (headers, rows)}

    def selected_structure(self, data):
        value = data.get("structure")
        if value and str(value).isdigit():
            return Structure.objects.active().filter(pk=value).first()
        return None

    def get_context_data(self, **kwargs):
        form = kwargs.get("form")
        if form is None:
            structure = self.selected_structure(self.request.GET)
            referents = services.structure_referents(structure) if structure else []
            form = RegistrationForm(initial={"structure": structure}, referents=referents)
            form.structure_chosen = structure
        return {
            **super().get_context_data(**kwargs),
            "session": self.session,
            "registrations": self.registrations(),
            "statuses": RegistrationStatus.choices,
            "form": form,
        }

    def post(self, request, pk):
        if request.POST.get("action") == "attendance":
            return self.record_attendance(request)
        structure = self.selected_structure(request.POST)
        referents = services.structure_referents(structure) if structure else []
        form = RegistrationForm(request.POST, referents=referents)
        form.structure_chosen = structure
        if form.is_valid():
            try:
                registration = services.registration_create(
                    session=self.session, structure=form.cleaned_data["structure"],
                    referent_id=form.cleaned_data["referent"],
                )  # fmt: skip
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                if registration.status == RegistrationStatus.WAITING:
                    messages.warning(request, _("The session is full: the referent is on the waiting list."))
                else:
                    messages.success(request, _("Referent registered."))
                return redirect("network:training_session", pk=pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def record_attendance(self, request):
        changed, errors = 0, []
        for registration in self.registrations():
            status = request.POST.get(f"status-{registration.pk}")
            if not status or status == registration.status:
                continue
            try:
                services.registration_set_status(registration=registration, status=status)
                changed += 1
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            messages.error(request, " ".join(dict.fromkeys(errors)))
            return self.render_to_response(self.get_context_data(), status=400)
        messages.success(request, _("%(n)s registration(s) updated.") % {"n": changed})
        return redirect("network:training_session", pk=self.session.pk)
