from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from training import exports, selectors
from training.forms import BeneficiaryForm, BeneficiaryMergeForm
from training.models import Beneficiary
from training.services.people import (
    beneficiary_create,
    beneficiary_erase,
    beneficiary_merge,
    beneficiary_similar,
    beneficiary_update,
)
from training.views.base import ManagerMixin, MemberMixin, apply_errors, is_manager

PAGE_SIZE = 50
SEARCH_LIMIT = 10


def get_person(code: str) -> Beneficiary:
    return get_object_or_404(Beneficiary.objects.current(), code=code)


class PeopleListView(MemberMixin, TemplateView):
    template_name = "training/people_list.html"

    def get_context_data(self, **kwargs):
        q = self.request.GET.get("q", "")[:50]
        qs = (
            Beneficiary.objects.current()
            .search(q)
            .annotate(attendance_count=Count("participations"), last_seen=Max("participations__activity__date"))
            .order_by("code")
        )
        page = Paginator(qs, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = urlencode({"q": q}) if q else ""
        return {**super().get_context_data(**kwargs), "page": page, "q": q, "query": query}


class PeopleSearchView(MemberMixin, View):
    """For the session screen's picker: code and initials only, of this structure's current records."""

    def get(self, request):
        q = request.GET.get("q", "").strip()[:50]
        if not q:
            return JsonResponse({"results": []})
        people = Beneficiary.objects.current().search(q).order_by("code").values("code", "label")[:SEARCH_LIMIT]
        return JsonResponse({"results": list(people)})


class PersonCreateView(MemberMixin, TemplateView):
    """A new record; if it looks like an existing one, say so and ask for confirmation."""

    template_name = "training/person_form.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=BeneficiaryForm()))

    def post(self, request, *args, **kwargs):
        form = BeneficiaryForm(request.POST)
        similar = []
        if form.is_valid():
            data = form.cleaned_data
            similar = list(
                beneficiary_similar(label=data["label"], birth_year=data["birth_year"], gender=data["gender"])[:10]
            )
            if not similar or request.POST.get("confirm"):
                try:
                    person = beneficiary_create(structure=request.tenant, user=request.user, **data)
                except ValidationError as error:
                    apply_errors(form, error)
                else:
                    messages.success(request, _("Record %(code)s created.") % {"code": person.code})
                    return redirect("person_detail", code=person.code)
        return self.render_to_response(self.get_context_data(form=form, similar=similar), status=400)


class PersonDetailView(MemberMixin, TemplateView):
    template_name = "training/person_detail.html"

    def get_context_data(self, **kwargs):
        person = get_person(kwargs["code"])
        record = selectors.person_record(person)
        return {
            **super().get_context_data(**kwargs),
            **record,
            "journey": selectors.person_journey(record),
            "person": person,
            "is_manager": is_manager(self.request),
        }


class PersonUpdateView(MemberMixin, TemplateView):
    template_name = "training/person_form.html"

    def get(self, request, code):
        person = get_person(code)
        form = BeneficiaryForm(initial={f: getattr(person, f) for f in BeneficiaryForm.base_fields})
        return self.render_to_response(self.get_context_data(form=form, person=person))

    def post(self, request, code):
        person = get_person(code)
        form = BeneficiaryForm(request.POST)
        if form.is_valid():
            try:
                beneficiary_update(structure=request.tenant, beneficiary=person, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Record updated."))
                return redirect("person_detail", code=person.code)
        return self.render_to_response(self.get_context_data(form=form, person=person), status=400)


class PersonMergeView(ManagerMixin, TemplateView):
    template_name = "training/person_merge.html"

    def get(self, request, code):
        person = get_person(code)
        return self.render_to_response(self.get_context_data(person=person, form=BeneficiaryMergeForm(keep=person)))

    def post(self, request, code):
        person = get_person(code)
        form = BeneficiaryMergeForm(request.POST, keep=person)
        if form.is_valid():
            duplicate = form.cleaned_data["duplicate"]
            try:
                beneficiary_merge(structure=request.tenant, user=request.user, keep=person, duplicate=duplicate)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Record %(duplicate)s merged into %(code)s.")
                    % {"duplicate": duplicate.code, "code": person.code},
                )
                return redirect("person_detail", code=person.code)
        return self.render_to_response(self.get_context_data(person=person, form=form), status=400)


class PersonDataView(MemberMixin, TemplateView):
    """Everything held on one person, on screen or as a download (right of access)."""

    template_name = "training/person_data.html"

    def get(self, request, code):
        person = get_person(code)
        file_format = request.GET.get("format")
        if file_format in ("json", "csv", "xlsx"):
            return exports.person_data_response(
                structure=request.tenant, user=request.user, beneficiary=person, file_format=file_format
            )
        record = selectors.person_data(person)
        return self.render_to_response(self.get_context_data(**record, person=person))


class PersonEraseView(ManagerMixin, TemplateView):
    template_name = "training/person_erase.html"

    def get(self, request, code):
        return self.render_to_response(self.get_context_data(person=get_person(code)))

    def post(self, request, code):
        person = get_person(code)
        beneficiary_erase(structure=request.tenant, beneficiary=person, user=request.user)
        messages.success(
            request,
            _("The record %(code)s was erased. Its attendances stay, anonymous, in the figures.")
            % {"code": person.code},
        )
        return redirect("people_list")
