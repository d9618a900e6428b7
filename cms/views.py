"""Kits on a structure's site: browse, read, print, and rate after a workshop."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from cms.filters import KitFilterForm
from cms.forms import KitFeedbackForm
from cms.models import KitFeedback, KitPage
from cms.policies import CHANGE_FEEDBACK, can_change_kit_feedback
from cms.selectors import kit_feedback_of_structure
from cms.services import kit_feedback_create, kit_feedback_update
from tenants.access import StructureRoleRequiredMixin


def _published_kit(pk: int) -> KitPage:
    return get_object_or_404(KitPage.objects.published(), pk=pk)


class KitListView(StructureRoleRequiredMixin, TemplateView):
    template_name = "cms/kit_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = KitFilterForm(self.request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        context.update(form=form, kits=KitPage.objects.matching(**filters))
        return context


class KitDetailView(StructureRoleRequiredMixin, FormView):
    template_name = "cms/kit_detail.html"
    form_class = KitFeedbackForm

    def dispatch(self, request, *args, **kwargs):
        self.kit = _published_kit(kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = context["kit"] = self.kit
        context["own_feedback"] = kit_feedback_of_structure(kit=self.kit, structure=self.request.tenant)
        return context

    def form_valid(self, form):
        try:
            kit_feedback_create(
                kit=self.kit,
                structure=self.request.tenant,
                author=self.request.user,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Thank you! Your feedback was sent to the trainers."))
        return redirect("kits:detail", pk=self.kit.pk)


class KitPrintView(StructureRoleRequiredMixin, TemplateView):
    template_name = "cms/kit_print.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = _published_kit(kwargs["pk"])
        context["print_mode"] = True
        return context


class KitFeedbackUpdateView(StructureRoleRequiredMixin, FormView):
    """A structure edits its own feedback only: another structure's is not found."""

    template_name = "cms/kit_feedback_form.html"
    form_class = KitFeedbackForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.feedback = get_object_or_404(
            KitFeedback.objects.select_related("kit").filter(structure=request.tenant), pk=kwargs["pk"]
        )
        if not can_change_kit_feedback(user=request.user, structure=request.tenant, feedback=self.feedback):
            raise PermissionDenied(CHANGE_FEEDBACK)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.feedback}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "kit": self.feedback.kit, "feedback": self.feedback}

    def form_valid(self, form):
        if not self.feedback.kit.live:
            raise Http404
        kit_feedback_update(
            feedback=KitFeedback.objects.get(pk=self.feedback.pk),
            structure=self.request.tenant,
            by=self.request.user,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
        messages.success(self.request, _("Your feedback was updated."))
        return redirect("kits:detail", pk=self.feedback.kit_id)
