"""Coordinators: the coaching board, each structure's plan, milestones and meetings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from network import services
from network.forms import MeetingForm, MilestoneForm, MilestoneTemplateForm, NeedsForm
from network.models import CoachingPlan, Milestone, MilestoneTemplate, Programme
from network.selectors import coaching_board, last_activity_by_structure
from network.views.base import CoordinatorRequiredMixin, TableExportMixin


class BoardView(CoordinatorRequiredMixin, TableExportMixin, TemplateView):
    """All structures of a programme × milestones: done, due, overdue; structures without recent activity."""

    template_name = "network/board.html"
    export_filename = "accompagnement"

    def programme(self):
        programmes = Programme.objects.all()
        selected = self.request.GET.get("programme")
        if selected and selected.isdigit():
            return programmes.filter(pk=selected).first(), programmes
        return programmes.first(), programmes

    def get_tables(self):
        programme, _programmes = self.programme()
        board = coaching_board(programme) if programme else {"columns": [], "rows": []}
        headers = [_("Structure"), *[title for _code, title in board["columns"]], _("Progress (%)"),
                   _("Last activity"), _("No activity for 30 days")]  # fmt: skip
        rows = (
            (row["structure"].name,
             *[(c["milestone"].completed_on or c["state"].label if c["milestone"] else "") for c in row["cells"]],
             row["progress"], row["last_activity"], row["inactive"])
            for row in board["rows"]
        )  # fmt: skip
        return {"board": (headers, rows)}

    def get_context_data(self, **kwargs):
        programme, programmes = self.programme()
        return {
            **super().get_context_data(**kwargs),
            "programme": programme,
            "programmes": programmes,
            "board": coaching_board(programme) if programme else None,
        }


class PlanDetailView(CoordinatorRequiredMixin, TemplateView):
    """A structure's plan: needs, milestones (due and completion dates) and meetings with notes."""

    template_name = "network/plan_detail.html"

    def dispatch(self, request, *args, **kwargs):
        self.plan = get_object_or_404(CoachingPlan.objects.select_related("programme", "structure"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        milestones = list(self.plan.milestones.all())
        last = last_activity_by_structure([self.plan.structure_id]).get(self.plan.structure_id)
        return {
            **super().get_context_data(**kwargs),
            "plan": self.plan,
            "milestones": [
                (
                    m,
                    MilestoneForm(
                        initial={"milestone": m.pk, "due_date": m.due_date, "completed_on": m.completed_on},
                        prefix=f"m{m.pk}",
                    ),
                )
                for m in milestones
            ],  # fmt: skip
            "meetings": self.plan.meetings.select_related("created_by"),
            "needs_form": kwargs.get("needs_form") or NeedsForm(initial={"needs": self.plan.needs}),
            "meeting_form": kwargs.get("meeting_form") or MeetingForm(),
            "last_activity": last,
        }

    def post(self, request, pk):
        action = request.POST.get("action")
        if action == "needs":
            form = NeedsForm(request.POST)
            if form.is_valid():
                services.coaching_plan_update(plan=self.plan, needs=form.cleaned_data["needs"])
                messages.success(request, _("Needs saved."))
                return redirect("network:plan_detail", pk=pk)
            return self.render_to_response(self.get_context_data(needs_form=form), status=400)
        if action == "meeting":
            form = MeetingForm(request.POST)
            if form.is_valid():
                services.meeting_create(plan=self.plan, by=request.user, **form.cleaned_data)
                messages.success(request, _("Meeting recorded."))
                return redirect("network:plan_detail", pk=pk)
            return self.render_to_response(self.get_context_data(meeting_form=form), status=400)
        if action == "milestone":
            milestone = get_object_or_404(Milestone, pk=request.POST.get("milestone"), plan=self.plan)
            form = MilestoneForm(request.POST, prefix=f"m{milestone.pk}")
            if form.is_valid():
                try:
                    services.milestone_update(
                        milestone=milestone,
                        due_date=form.cleaned_data["due_date"],
                        completed_on=form.cleaned_data["completed_on"],
                    )
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                    return self.render_to_response(self.get_context_data(), status=400)
                messages.success(request, _("Milestone updated."))
                return redirect("network:plan_detail", pk=pk)
            messages.error(request, _("Check the dates of the milestone."))
            return self.render_to_response(self.get_context_data(), status=400)
        messages.error(request, _("Unknown action."))
        return redirect("network:plan_detail", pk=pk)


class MilestoneTemplateView(CoordinatorRequiredMixin, TemplateView):
    """The steps every new coaching plan starts with."""

    template_name = "network/milestone_template.html"

    def get_context_data(self, **kwargs):
        steps = MilestoneTemplate.objects.all()
        return {
            **super().get_context_data(**kwargs),
            "steps": [(s, MilestoneTemplateForm(instance=s, prefix=f"s{s.pk}")) for s in steps],
            "form": kwargs.get("form") or MilestoneTemplateForm(prefix="new"),
        }

    def post(self, request):
        step_id = request.POST.get("step")
        instance = get_object_or_404(MilestoneTemplate, pk=step_id) if step_id else None
        prefix = f"s{instance.pk}" if instance else "new"
        form = MilestoneTemplateForm(request.POST, instance=instance, prefix=prefix)
        if form.is_valid():
            services.milestone_template_save(**form.cleaned_data)
            messages.success(request, _("Milestone template saved. It applies to new coaching plans."))
            return redirect("network:milestone_template")
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return self.render_to_response(self.get_context_data(form=form if not instance else None), status=400)
