from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from cms import selectors as kit_selectors
from figures.enums import ActivityKind, Equipment, Theme
from tenants.models import User
from training import selectors
from training.forms import DURATION_PRESETS, ActivityFilterForm, ActivityForm, today
from training.models import Activity, Beneficiary, Referent
from training.policies import CHANGE_ACTIVITY, can_change_activity
from training.services.activities import activity_create, activity_delete, activity_update
from training.views.base import MemberMixin, apply_errors

PAGE_SIZE = 50


class ActivityListView(MemberMixin, TemplateView):
    template_name = "training/activity_list.html"

    def get_context_data(self, **kwargs):
        form = ActivityFilterForm(self.request.GET or None)
        qs = selectors.activities_for_list()
        if form.is_bound and form.is_valid():
            qs = selectors.filter_activities(qs, form.cleaned_data)
        page = Paginator(qs, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return {
            **super().get_context_data(**kwargs),
            "form": form,
            "page": page,
            "query": query.urlencode(),
        }


class ActivityFormMixin(MemberMixin):
    template_name = "training/activity_form.html"

    def kits(self):
        return kit_selectors.kit_choices()

    def top_themes(self, chosen=()) -> list[str]:
        """The themes already chosen, then this structure's most used."""
        return list(dict.fromkeys([*(chosen or []), *selectors.most_used_themes()]))

    def render_form(self, form, status=200, **extra):
        context = {
            "form": form,
            "duration_presets": DURATION_PRESETS,
            "picked": form["beneficiaries"].value() and self.picked(form),
            **extra,
        }
        return self.render_to_response(self.get_context_data(**context), status=status)

    def picked(self, form):
        """The people already chosen (for re-display after an error), by their codes."""
        codes = form["beneficiaries"].value() or []
        if isinstance(codes, str):
            codes = [codes]
        codes = [c.code if hasattr(c, "code") else str(c) for c in codes]
        return list(selectors.Beneficiary.objects.current().filter(code__in=codes).values("code", "label"))


class ActivityCreateView(ActivityFormMixin, TemplateView):
    """Log a workshop, drop-in or awareness meeting in one screen."""

    def get(self, request, *args, **kwargs):
        me = selectors.referent_of_user(request.user)
        initial = {
            "date": today(),
            "kind": request.GET.get("kind") if request.GET.get("kind") in ActivityKind.values else "workshop",
            "referents": [me.pk] if me else [],
            "duration_minutes": 60,
            "anonymous_total": 0,
            "anonymous_already_seen": 0,
        }
        place = selectors.last_place_type(request)
        if place:
            initial["place_type"] = place
        kits = self.kits()
        initial.update(self.repeat_initial(request.GET.get("repeat")))
        initial.update(self.kit_initial(request.GET.get("kit"), kits))
        form = ActivityForm(initial=initial, kits=kits, top_themes=self.top_themes(initial.get("themes")))
        return self.render_form(form, recent=selectors.recent_sessions_to_repeat(request.user))

    @staticmethod
    def repeat_initial(activity_id) -> dict:
        """ "Log again": the same kind, title, themes, kit, duration and place as an earlier session, dated today."""
        if not (activity_id or "").isdigit():
            return {}
        activity = Activity.objects.exclude(kind=ActivityKind.COURSE_SESSION).filter(pk=int(activity_id)).first()
        if activity is None:
            return {}
        return {
            "kind": activity.kind,
            "title": activity.title,
            "level": activity.level,
            "themes": list(activity.themes),
            "equipment": list(activity.equipment),
            "duration_minutes": activity.duration_minutes,
            "start_time": activity.start_time,
            "place_type": activity.place_type,
            "place_name": activity.place_name,
            "kit_id": activity.kit_id,
            "referents": list(activity.referents.values_list("pk", flat=True)),
        }

    @staticmethod
    def kit_initial(kit_id, kits) -> dict:
        """Coming from a kit's page: the kit, its title, its themes and its duration are filled in."""
        titles = dict(kits)
        if not (kit_id or "").isdigit() or int(kit_id) not in titles:
            return {}
        from cms.models import KitPage

        kit = KitPage.objects.published().filter(pk=int(kit_id)).first()
        initial = {"kit_id": int(kit_id), "title": titles[int(kit_id)], "themes": list(kit.themes) if kit else []}
        if kit and kit.duration_minutes:
            initial["duration_minutes"] = kit.duration_minutes
        return initial

    def post(self, request, *args, **kwargs):
        form = ActivityForm(request.POST, kits=self.kits(), top_themes=self.top_themes(request.POST.getlist("themes")))
        if form.is_valid():
            try:
                activity = activity_create(
                    structure=request.tenant,
                    user=request.user,
                    kind=form.cleaned_data["kind"],
                    beneficiaries=form.cleaned_data["beneficiaries"],
                    referents=form.cleaned_data["referents"],
                    **form.service_fields(),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                request.session["training_last_place_type"] = activity.place_type
                messages.success(request, _("Session logged: %(activity)s.") % {"activity": activity})
                if request.POST.get("again"):
                    return redirect("activity_create")
                return redirect("activity_detail", pk=activity.pk)
        return self.render_form(form, status=400)


class ActivityDetailView(MemberMixin, TemplateView):
    template_name = "training/activity_detail.html"

    def get_context_data(self, **kwargs):
        activity = get_object_or_404(
            Activity.objects.select_related("course").prefetch_related("referents"), pk=kwargs["pk"]
        )
        participations = activity.participations.select_related("beneficiary").order_by("beneficiary__code")
        return {
            **super().get_context_data(**kwargs),
            "activity": activity,
            "participations": participations,
            "can_change": can_change_activity(
                user=self.request.user, membership=self.request.membership, activity=activity
            ),
            "kit_title": kit_selectors.kit_titles([activity.kit_id]).get(activity.kit_id),
            "theme_labels": [dict(Theme.choices).get(code, code) for code in activity.themes],
            "equipment_labels": [dict(Equipment.choices).get(code, code) for code in activity.equipment],
        }


class ActivityChangeMixin(ActivityFormMixin):
    def get_activity(self):
        activity = get_object_or_404(Activity, pk=self.kwargs["pk"])
        if not can_change_activity(user=self.request.user, membership=self.request.membership, activity=activity):
            raise PermissionDenied(CHANGE_ACTIVITY)
        return activity


class ActivityUpdateView(ActivityChangeMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        activity = self.get_activity()
        if activity.kind == ActivityKind.COURSE_SESSION:
            return redirect("course_session_update", pk=activity.course_id, session=activity.pk)
        initial = {
            name: getattr(activity, name)
            for name in (
                "kind",
                "date",
                "start_time",
                "duration_minutes",
                "title",
                "level",
                "themes",
                "equipment",
                "place_type",
                "place_name",
                "kit_id",
                "autonomy",
                "referral",
                "notes",
                "anonymous_total",
                "anonymous_already_seen",
            )
        }
        initial["referents"] = list(activity.referents.values_list("pk", flat=True))
        initial["beneficiaries"] = list(activity.beneficiaries.values_list("code", flat=True))
        for dimension, counts in (activity.anonymous_breakdown or {}).items():
            for code, number in counts.items():
                initial[f"anon_{dimension}_{code}"] = number
        form = ActivityForm(initial=initial, kits=self.kits(), top_themes=self.top_themes(activity.themes))
        return self.render_form(form, activity=activity)

    def post(self, request, *args, **kwargs):
        activity = self.get_activity()
        form = ActivityForm(request.POST, kits=self.kits(), top_themes=self.top_themes(request.POST.getlist("themes")))
        if form.is_valid():
            try:
                activity_update(
                    structure=request.tenant,
                    user=request.user,
                    activity=activity,
                    kind=form.cleaned_data["kind"],
                    beneficiaries=form.cleaned_data["beneficiaries"],
                    referents=form.cleaned_data["referents"],
                    **form.service_fields(),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Session updated."))
                return redirect("activity_detail", pk=activity.pk)
        return self.render_form(form, status=400, activity=activity)


class ActivityDeleteView(ActivityChangeMixin, TemplateView):
    template_name = "training/activity_delete.html"

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(activity=self.get_activity()))

    def post(self, request, *args, **kwargs):
        activity = self.get_activity()
        activity_delete(structure=request.tenant, user=request.user, activity=activity)
        messages.success(request, _("Session deleted."))
        return redirect("activity_list")


class ActivityHistoryView(MemberMixin, TemplateView):
    """Who changed a session, when, and what (kept after a deletion)."""

    template_name = "training/activity_history.html"

    def get_context_data(self, **kwargs):
        changes = list(selectors.activity_history(kwargs["pk"]))
        activity = Activity.objects.filter(pk=kwargs["pk"]).first()
        if activity is None and not changes:
            from django.http import Http404

            raise Http404
        users = {u.pk: u for u in User.objects.filter(pk__in={c.user_id for c in changes if c.user_id})}
        referents = {r.pk: str(r) for r in Referent.objects.all()}
        people_ids = {
            i
            for c in changes
            for pair in [c.changes.get("beneficiaries") or [[], []]]
            for i in (pair[0] or []) + (pair[1] or [])
        }
        codes = dict(Beneficiary.objects.filter(pk__in=people_ids).values_list("pk", "code"))
        for change in changes:
            change.user = users.get(change.user_id)
            change.lines = []
            for name, value in sorted(change.changes.items()):
                # Edits keep [before, after]; an import keeps a single value (its file's name).
                before, after = value if isinstance(value, list | tuple) and len(value) == 2 else (None, value)
                if name == "referents":
                    before = ", ".join(referents.get(i, "?") for i in before or [])
                    after = ", ".join(referents.get(i, "?") for i in after or [])
                if name == "beneficiaries":
                    before = ", ".join(codes.get(i, "?") for i in before or [])
                    after = ", ".join(codes.get(i, "?") for i in after or [])
                change.lines.append((name, before, after))
        return {**super().get_context_data(**kwargs), "activity": activity, "changes": changes, "pk": kwargs["pk"]}
