from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from tenants.models import User
from training import selectors
from training.forms import ReferentForm
from training.models import Referent
from training.services.referents import referent_create, referent_update
from training.views.base import ManagerMixin, MemberMixin, apply_errors, is_manager


def structure_members(structure):
    return User.objects.filter(memberships__structure=structure).order_by("last_name", "first_name", "email")


class ReferentListView(MemberMixin, TemplateView):
    """The structure's referents and whether each is trained (both network trainings attended)."""

    template_name = "training/referent_list.html"

    def get_context_data(self, **kwargs):
        referents = Referent.objects.order_by("-active", "last_name", "first_name")
        records = selectors.referent_records(referents)
        users = {
            u.pk: u for u in User.objects.filter(pk__in={r.referent.user_id for r in records if r.referent.user_id})
        }
        for record in records:
            record.account = users.get(record.referent.user_id)
        return {
            **super().get_context_data(**kwargs),
            "records": records,
            "is_manager": is_manager(self.request),
        }


class ReferentDetailView(MemberMixin, TemplateView):
    template_name = "training/referent_detail.html"

    def get_context_data(self, **kwargs):
        referent = get_object_or_404(Referent, pk=kwargs["pk"])
        (record,) = selectors.referent_records([referent])
        return {
            **super().get_context_data(**kwargs),
            "record": record,
            "referent": referent,
            "account": User.objects.filter(pk=referent.user_id).first() if referent.user_id else None,
            "is_manager": is_manager(self.request),
            "activity_count": referent.activities.count(),
        }


class ReferentFormView(ManagerMixin, TemplateView):
    template_name = "training/referent_form.html"

    def get_referent(self):
        return get_object_or_404(Referent, pk=self.kwargs["pk"]) if "pk" in self.kwargs else None

    def get(self, request, *args, **kwargs):
        referent = self.get_referent()
        initial = {"active": True}
        if referent:
            initial = {f: getattr(referent, f) for f in ("first_name", "last_name", "job_title", "active")}
            initial["user"] = referent.user_id
        form = ReferentForm(initial=initial, members=structure_members(request.tenant))
        return self.render_to_response(self.get_context_data(form=form, referent=referent))

    def post(self, request, *args, **kwargs):
        referent = self.get_referent()
        members = list(structure_members(request.tenant))
        form = ReferentForm(request.POST, members=members)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["user"] = next((u for u in members if u.pk == data["user"]), None)
            try:
                if referent:
                    referent_update(referent=referent, **data)
                else:
                    referent = referent_create(**data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Referent %(name)s saved.") % {"name": referent})
                return redirect("referent_detail", pk=referent.pk)
        return self.render_to_response(self.get_context_data(form=form, referent=referent), status=400)
