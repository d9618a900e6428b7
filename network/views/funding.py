"""Coordinators: a programme's funders and the indicators it records by hand (figures from elsewhere)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from network import services
from network.forms import FundingForm, RecordedIndicatorForm
from network.models import Funding, Programme, RecordedIndicator
from network.selectors import programme_funding, recorded_indicators
from network.views.base import CoordinatorRequiredMixin, TableExportMixin


def apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def funding_table(programme: Programme) -> tuple:
    """The funders as exported: amount, share as given, share computed from the amount."""
    funding = programme_funding(programme)
    headers = [_("Funder"), _("Kind of funder"), _("Amount (€)"), _("Share (%)"), _("Share computed (%)")]
    rows = [
        (r["funding"].funder, r["funding"].get_kind_display(), r["funding"].amount, r["share"], r["computed_share"])
        for r in funding["rows"]
    ]
    if funding["budget"] is not None:
        rows.append((_("Budget"), "", funding["budget"], None, None))
    return headers, rows


def funding_post(request, programme: Programme):
    """The funding section of the programme's page: add a funder, or remove one. ``None`` when done,
    else the bound form with its errors."""
    if request.POST.get("delete_funding"):
        funding = get_object_or_404(Funding, pk=request.POST["delete_funding"], programme=programme)
        services.funding_delete(funding=funding)
        messages.success(request, _("Funder removed."))
        return None
    form = FundingForm(request.POST, prefix="funding")
    if form.is_valid():
        try:
            services.funding_create(programme=programme, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Funder saved."))
            return None
    return form


class EditOneMixin(CoordinatorRequiredMixin):
    """A page that edits one record of a programme with ``form_class`` through ``update``."""

    template_name = "network/programme_item_form.html"
    model = None
    form_class = None
    back = ""
    title = ""

    def dispatch(self, request, *args, **kwargs):
        self.programme = get_object_or_404(Programme, pk=kwargs["pk"])
        self.item = get_object_or_404(self.model, pk=kwargs["item"], programme=self.programme)
        return super().dispatch(request, *args, **kwargs)

    def form_kwargs(self) -> dict:
        return {}

    def get(self, request, *args, **kwargs):
        form = self.form_class(initial=model_to_dict(self.item), **self.form_kwargs())
        return self.render(form)

    def render(self, form, status=200):
        context = {"programme": self.programme, "form": form, "title": self.title, "back": self.back_url()}
        return self.response_class(request=self.request, template=[self.template_name], context=context,
                                   status=status)  # fmt: skip

    def back_url(self) -> str:
        return reverse(self.back, args=[self.programme.pk])

    def post(self, request, *args, **kwargs):
        form = self.form_class(request.POST, **self.form_kwargs())
        if form.is_valid():
            try:
                self.update(form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect(self.back_url())
        return self.render(form, status=400)


class FundingUpdateView(EditOneMixin, TemplateView):
    model = Funding
    form_class = FundingForm
    back = "network:programme_detail"

    @property
    def title(self):
        return _("Edit a funder")

    def update(self, data):
        services.funding_update(funding=self.item, **data)


class RecordedIndicatorUpdateView(EditOneMixin, TemplateView):
    model = RecordedIndicator
    form_class = RecordedIndicatorForm
    back = "network:recorded_indicators"

    @property
    def title(self):
        return _("Edit a recorded indicator")

    def form_kwargs(self) -> dict:
        return {"programme": self.programme}

    def update(self, data):
        services.recorded_indicator_update(indicator=self.item, **data)


class RecordedIndicatorsView(CoordinatorRequiredMixin, TableExportMixin, TemplateView):
    """Indicators a programme records by hand when they come from elsewhere, with their source."""

    template_name = "network/recorded_indicators.html"
    export_filename = "indicateurs"

    def dispatch(self, request, *args, **kwargs):
        self.programme = get_object_or_404(Programme, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_tables(self):
        headers = [_("Indicator"), _("Value"), _("Unit"), _("As of"), _("Source"), _("Target"), _("Structure")]
        rows = (
            (i.label, i.value, i.unit, i.date, i.source, i.target,
             i.structure.name if i.structure else _("Whole programme"))
            for i in recorded_indicators(self.programme)
        )  # fmt: skip
        return {"indicators": (headers, rows)}

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "programme": self.programme,
            "indicators": recorded_indicators(self.programme),
            "form": kwargs.get("form") or RecordedIndicatorForm(programme=self.programme),
        }

    def post(self, request, pk):
        if request.POST.get("delete"):
            indicator = get_object_or_404(RecordedIndicator, pk=request.POST["delete"], programme=self.programme)
            services.recorded_indicator_delete(indicator=indicator)
            messages.success(request, _("Indicator removed."))
            return redirect("network:recorded_indicators", pk=pk)
        form = RecordedIndicatorForm(request.POST, programme=self.programme)
        if form.is_valid():
            try:
                services.recorded_indicator_create(programme=self.programme, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Indicator saved."))
                return redirect("network:recorded_indicators", pk=pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)
