"""Coordinators: programmes, calls, applications, targets and the funder report."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import DetailView, FormView, ListView, TemplateView

from figures.compare import compared_rows
from figures.compute import DEFINITIONS
from figures.periods import CompareMode, comparison_period
from figures.reference import Competence, area_rows
from network import services
from network.enums import ApplicationStatus
from network.figures import network_figures
from network.forms import (
    ApplicationFilterForm,
    CallForm,
    CompareForm,
    FundingForm,
    ProgrammeForm,
    RejectForm,
    SelectForm,
    TargetForm,
)
from network.models import Application, Call, Milestone, Programme, Target, TrainingModule
from network.selectors import (
    journey_report,
    programme_funding,
    recorded_indicators,
    target_progress,
    trained_by_structure,
    without_journeys,
)
from network.views.base import CoordinatorRequiredMixin, TableExportMixin
from network.views.dashboard import compared_table
from network.views.funding import funding_post, funding_table
from tenants.models import Structure

COST_DEFINITION = _lazy(
    "Cost per person accompanied: the programme's budget divided by the people accompanied (see above), "
    "whatever the funder."
)


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class ProgrammeListView(CoordinatorRequiredMixin, TableExportMixin, ListView):
    template_name = "network/programme_list.html"
    context_object_name = "programmes"
    export_filename = "programmes"

    def get_queryset(self):
        return Programme.objects.annotate(
            structure_count=Count("plans", distinct=True), call_count=Count("calls", distinct=True)
        ).prefetch_related("fundings")

    def get_tables(self):
        headers = [_("Programme"), _("Territory"), _("Start"), _("End"), _("Funders"), _("Structures"), _("Calls")]
        rows = (
            (p.name, p.territory, p.start, p.end, p.funders_display, p.structure_count, p.call_count)
            for p in self.get_queryset()
        )
        return {"programmes": (headers, rows)}


class ProgrammeFormMixin:
    form_class = ProgrammeForm
    template_name = "network/programme_form.html"

    def form_valid(self, form):
        try:
            names = ("name", "territory", "start", "end", "description", "competences", "budget", "report_notes")
            fields = {k: form.cleaned_data[k] for k in names}
            fields["age_bands"] = services.parse_age_bands(form.cleaned_data["age_bands_text"])
            if form.instance.pk:
                programme = services.programme_update(programme=form.instance, **fields)
            else:
                # A new programme without a choice assesses the reference's beginner set.
                fields["competences"] = fields["competences"] or None
                programme = services.programme_create(**fields)
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Programme saved."))
        return redirect("network:programme_detail", pk=programme.pk)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class ProgrammeCreateView(CoordinatorRequiredMixin, ProgrammeFormMixin, FormView):
    pass


class ProgrammeUpdateView(CoordinatorRequiredMixin, ProgrammeFormMixin, FormView):
    def get_form_kwargs(self):
        self.programme = get_object_or_404(Programme, pk=self.kwargs["pk"])
        return {**super().get_form_kwargs(), "instance": self.programme}


class ProgrammeDetailView(CoordinatorRequiredMixin, TableExportMixin, DetailView):
    model = Programme
    template_name = "network/programme_detail.html"
    context_object_name = "programme"
    export_filename = "programme"

    def structures(self):
        plans = self.object.plans.select_related("structure").order_by("structure__name")
        trained = trained_by_structure(p.structure_id for p in plans)
        return [(p, trained.get(p.structure_id, 0)) for p in plans]

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().get(request, *args, **kwargs)

    def get_tables(self):
        headers = [_("Structure"), _("Kind"), _("Commune"), _("Coaching start"), _("Referents trained")]
        rows = (
            (p.structure.name, p.structure.get_kind_display(), p.structure.commune, p.start, n)
            for p, n in self.structures()
        )
        return {"structures": (headers, rows), "funding": funding_table(self.object)}

    def post(self, request, *args, **kwargs):
        """The funding section: add or remove a funder."""
        self.object = self.get_object()
        form = funding_post(request, self.object)
        if form is None:
            return redirect(f"{reverse('network:programme_detail', args=[self.object.pk])}#funding")
        return self.render_to_response(self.get_context_data(funding_form=form), status=400)

    def get_context_data(self, **kwargs):
        calls = self.object.calls.annotate(
            received=Count("applications"),
            selected=Count("applications", filter=Q(applications__status=ApplicationStatus.SELECTED)),
        )
        structures = self.structures()
        return {
            **super().get_context_data(**kwargs),
            "calls": calls,
            "structures": structures,
            "trained_total": sum(n for _p, n in structures),
            "funding": programme_funding(self.object),
            "funding_form": kwargs.get("funding_form") or FundingForm(prefix="funding"),
        }


class CallCreateView(CoordinatorRequiredMixin, FormView):
    form_class = CallForm
    template_name = "network/call_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.programme = get_object_or_404(Programme, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "programme": self.programme}

    def form_valid(self, form):
        try:
            call = services.call_create(programme=self.programme, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Call for applications created."))
        return redirect("network:call_review", pk=call.pk)

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class CallReviewView(CoordinatorRequiredMixin, TableExportMixin, TemplateView):
    """A call's applications, with the funnel: received, shortlisted, selected."""

    template_name = "network/call_review.html"
    export_filename = "candidatures"

    def dispatch(self, request, *args, **kwargs):
        self.call = get_object_or_404(Call.objects.select_related("programme"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def applications(self):
        self.filter_form = ApplicationFilterForm(self.request.GET or None)
        qs = self.call.applications.select_related("structure").order_by("-submitted_at")
        if self.filter_form.is_valid() and self.filter_form.cleaned_data["status"]:
            qs = qs.filter(status=self.filter_form.cleaned_data["status"])
        return qs

    def get_tables(self):
        headers = [
            _("Structure"), _("Kind"), _("SIRET"), _("Commune"), _("Postcode"), _("Contact"), _("E-mail"),
            _("Publics"), _("Submitted"), _("Status"),
        ]  # fmt: skip
        rows = (
            (a.structure_name, a.get_kind_display(), a.siret, a.commune, a.postcode, a.contact_name,
             a.contact_email, a.publics_display(), a.submitted_at, a.get_status_display())
            for a in self.applications()
        )  # fmt: skip
        return {"applications": (headers, rows)}

    def get_context_data(self, **kwargs):
        funnel = self.call.applications.funnel()
        return {
            **super().get_context_data(**kwargs),
            "call": self.call,
            "applications": self.applications(),
            "filter_form": self.filter_form,
            "funnel": funnel,
        }


class ApplicationDetailView(CoordinatorRequiredMixin, TemplateView):
    template_name = "network/application_detail.html"

    def dispatch(self, request, *args, **kwargs):
        self.application = get_object_or_404(
            Application.objects.select_related("call__programme", "structure", "decided_by"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "application": self.application,
            "reject_form": kwargs.get("reject_form") or RejectForm(),
            "select_form": kwargs.get("select_form") or SelectForm(),
        }

    def post(self, request, pk):
        action = request.POST.get("action")
        application = self.application
        try:
            if action == "shortlist":
                services.application_shortlist(application=application, by=request.user)
                messages.success(request, _("Application shortlisted."))
            elif action == "reject":
                form = RejectForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(reject_form=form), status=400)
                services.application_reject(
                    application=application, by=request.user, message=form.cleaned_data["message"]
                )
                messages.success(request, _("Application rejected; the applicant has been informed."))
            elif action == "select":
                form = SelectForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(select_form=form), status=400)
                try:
                    structure = services.application_select(
                        application=application, by=request.user, slug=form.cleaned_data["slug"] or None
                    )
                except ValidationError as error:
                    _apply_errors(form, error)
                    return self.render_to_response(self.get_context_data(select_form=form), status=400)
                messages.success(
                    request,
                    _("%(name)s is selected: its site %(url)s is ready and its contact has been invited.")
                    % {"name": structure.name, "url": structure.url},
                )
            else:
                messages.error(request, _("Unknown action."))
                return redirect("network:application_detail", pk=pk)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return self.render_to_response(self.get_context_data(), status=400)
        return redirect("network:application_detail", pk=pk)


class TargetsView(CoordinatorRequiredMixin, TableExportMixin, TemplateView):
    """Targets of a programme and progress: reached, share, on track for the time elapsed."""

    template_name = "network/targets.html"
    export_filename = "objectifs"

    def dispatch(self, request, *args, **kwargs):
        self.programme = get_object_or_404(Programme, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_tables(self):
        headers = [_("Structure"), _("Indicator"), _("Target"), _("Reached"), _("Share (%)"), _("On track"), _("Unit")]
        rows = (
            (r["target"].structure.name if r["target"].structure else _("Whole programme"),
             r["target"].get_indicator_display(), r["target"].value, r["reached"], r["percent"], r["on_track"],
             r["unit"])
            for r in target_progress(self.programme)
        )  # fmt: skip
        return {"targets": (headers, rows)}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "programme": self.programme,
            "rows": target_progress(self.programme),
            "elapsed": round(100 * self.programme.elapsed_share()),
            "form": kwargs.get("form") or TargetForm(programme=self.programme),
        }

    def post(self, request, pk):
        if request.POST.get("delete"):
            target = get_object_or_404(Target, pk=request.POST["delete"], programme=self.programme)
            services.target_delete(target=target)
            messages.success(request, _("Target removed."))
            return redirect("network:targets", pk=pk)
        form = TargetForm(request.POST, programme=self.programme)
        if form.is_valid():
            try:
                services.target_set(programme=self.programme, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Target saved."))
                return redirect("network:targets", pk=pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class FunderReportView(CoordinatorRequiredMixin, TableExportMixin, TemplateView):
    """The programme's report for its funders, printable, in the shape of the pilot's published report."""

    template_name = "network/report.html"
    export_filename = "bilan"

    def dispatch(self, request, *args, **kwargs):
        self.programme = get_object_or_404(Programme.objects.prefetch_related("fundings"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def report(self) -> dict:
        programme = self.programme
        plans = list(programme.plans.select_related("structure").order_by("structure__name"))
        ids = [p.structure_id for p in plans]
        figures = network_figures(structure_ids=ids, start=programme.start, end=programme.end, by_structure=True)
        names = {p.structure_id: p.structure for p in plans}
        per_structure = [(names[i], f) for i, f in figures.by_structure.items()]
        funnel = Application.objects.filter(call__programme=programme).funnel()
        closing = Milestone.objects.filter(plan__programme=programme, code="closing-committee").aggregate(
            d=Max("completed_on")
        )["d"]
        months = (programme.end.year - programme.start.year) * 12 + programme.end.month - programme.start.month + 1
        return {
            "figures": figures,
            "per_structure": per_structure,
            "funnel": funnel,
            "structures": [p.structure for p in plans],
            "kinds": Structure.objects.filter(pk__in=ids).values("kind").annotate(n=Count("id")).order_by("-n"),
            "closing": closing,
            "months": months,
            "modules": list(TrainingModule.objects.filter(required=True)),
            "women_percent": round(100 * figures.women_share) if figures.women_share is not None else None,
            "men_percent": 100 - round(100 * figures.women_share) if figures.women_share is not None else None,
            "workshops_dropins": figures.activities["workshop"] + figures.activities["dropin"],
            "assessment_rows": area_rows(figures.assessments),
            "assessed": any(a.get("entry_people") or a.get("exit_people") for a in figures.assessments.values()),
            "equipment_months": [
                (datetime.date(int(month[:4]), int(month[5:]), 1), row)
                for month, row in sorted(figures.equipment["by_month"].items())
            ],
            "competences": [(code, Competence(code).label) for code in programme.competences],
            # Funding, targets, recorded indicators and notes: each section shown only with something to show.
            "funding": programme_funding(programme, people=figures.people),
            "target_rows": target_progress(programme, figures=figures, whole_programme=True),
            "recorded_indicators": list(recorded_indicators(programme)),
            "report_notes": programme.report_notes,
            "cost_definition": COST_DEFINITION,
            **(journey := journey_report(figures, programme)),
            "definitions": DEFINITIONS if journey["journey_shown"] else without_journeys(DEFINITIONS),
        }

    def compare_form(self) -> CompareForm:
        if not hasattr(self, "_compare_form"):
            self._compare_form = CompareForm(self.request.GET if "compare" in self.request.GET else None)
        return self._compare_form

    def comparison(self, figures) -> dict | None:
        """The key figures side by side with the period compared with (``?compare=previous|year``)."""
        form = self.compare_form()
        if not form.is_valid() or not form.cleaned_data["compare"]:
            return None
        mode = form.cleaned_data["compare"]
        programme = self.programme
        start, end = comparison_period(programme.start, programme.end, mode)
        ids = list(programme.plans.values_list("structure_id", flat=True))
        previous = network_figures(structure_ids=ids, start=start, end=end)
        items = [
            ("structures", _("Structures")), ("sessions", _("Sessions")),
            ("workshops_and_dropins", _("Workshops and drop-ins")), ("courses", _("Courses")),
            ("people", _("People accompanied")), ("people_in_courses", _("People in courses")),
            ("women_share", _("Women")), ("mean_age", _("Mean age")), ("hours", _("Hours delivered")),
            ("journeys_autonomous_share", _("Share autonomous at exit")), ("journeys_exits", _("Exits in the period")),
            ("profile_qpv_share", _("Share living in a priority neighbourhood (QPV)")),
        ]  # fmt: skip
        return {
            "mode": mode,
            "label": CompareMode(mode).label,
            "start": start,
            "end": end,
            "rows": compared_rows(figures, previous, items),
        }

    def get_tables(self):
        report = self.report()
        headers = [
            _("Structure"), _("Referents trained"), _("Sessions"), _("Workshops and drop-ins"), _("Courses"),
            _("People accompanied"), _("People in courses"), _("Women (%)"), _("Mean age"), _("Hours"),
        ]  # fmt: skip
        rows = [
            (s.name, f.referents_trained, f.sessions, f.activities["workshop"] + f.activities["dropin"],
             f.courses["total"], f.people, f.people_in_courses,
             round(100 * f.women_share) if f.women_share is not None else None, f.mean_age, f.hours)
            for s, f in report["per_structure"]
        ]  # fmt: skip
        f = report["figures"]
        rows.append(
            (_("Network"), f.referents_trained, f.sessions, report["workshops_dropins"], f.courses["total"],
             f.people, f.people_in_courses, report["women_percent"], f.mean_age, f.hours)
        )  # fmt: skip
        cost = report["funding"]["cost_per_person"]
        if report["funding"]["budget"] is not None:
            # The cost per person is the whole programme's (its budget): the network's row only.
            headers.append(_("Cost per person accompanied (€)"))
            rows = [(*row, None) for row in rows[:-1]] + [(*rows[-1], cost)]
        tables = {"structures": (headers, rows)}
        comparison = self.comparison(f)
        if comparison:
            tables["comparison"] = compared_table(comparison)
        return tables

    def get_context_data(self, **kwargs):
        report = self.report()
        return {
            **super().get_context_data(**kwargs),
            "programme": self.programme,
            **report,
            "compare_form": self.compare_form(),
            "comparison": self.comparison(report["figures"]),
        }
