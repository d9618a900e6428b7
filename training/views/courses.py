from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from figures.enums import ActivityKind, EnrolmentStatus
from figures.reference import ordered
from training import selectors
from training.competences import assessed_competences
from training.forms import AssessmentForm, CourseForm, CourseSessionForm, EnrolForm, today
from training.models import Activity, Course, Enrolment, SkillAssessment
from training.policies import ensure_can_change_activity
from training.services.courses import assessment_record, course_create, course_session_record, course_update
from training.services.enrolments import enrolment_create, enrolment_set_status
from training.views.base import MemberMixin, apply_errors

PAGE_SIZE = 50


class CourseListView(MemberMixin, TemplateView):
    template_name = "training/course_list.html"

    def get_context_data(self, **kwargs):
        page = Paginator(selectors.courses_for_list(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        return {**super().get_context_data(**kwargs), "page": page}


class CourseFormView(MemberMixin, TemplateView):
    template_name = "training/course_form.html"

    def get_course(self):
        return get_object_or_404(Course, pk=self.kwargs["pk"]) if "pk" in self.kwargs else None

    def get(self, request, *args, **kwargs):
        course = self.get_course()
        if course:
            initial = {
                f: getattr(course, f)
                for f in ("title", "device", "planned_hours", "start_date", "end_date", "capacity")
            }
            initial["referents"] = list(course.referents.values_list("pk", flat=True))
        else:
            me = selectors.referent_of_user(request.user)
            initial = {"start_date": today(), "referents": [me.pk] if me else []}
        return self.render_to_response(self.get_context_data(form=CourseForm(initial=initial), course=course))

    def post(self, request, *args, **kwargs):
        course = self.get_course()
        form = CourseForm(request.POST)
        if form.is_valid():
            try:
                if course:
                    course_update(structure=request.tenant, course=course, **form.cleaned_data)
                else:
                    course = course_create(structure=request.tenant, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Course saved."))
                return redirect("course_detail", pk=course.pk)
        return self.render_to_response(self.get_context_data(form=form, course=course), status=400)


class CourseDetailView(MemberMixin, TemplateView):
    """Who is enrolled, the attendance grid, hours, who is on track, and the assessments' progress."""

    template_name = "training/course_detail.html"

    def get_context_data(self, **kwargs):
        course = get_object_or_404(Course.objects.prefetch_related("referents"), pk=kwargs["pk"])
        return {
            **super().get_context_data(**kwargs),
            "course": course,
            **selectors.course_overview(course),
            "enrol_form": kwargs.get("enrol_form") or EnrolForm(),
            "statuses": EnrolmentStatus.choices,
        }


class EnrolView(MemberMixin, TemplateView):
    template_name = "training/course_detail.html"

    def post(self, request, pk):
        course = get_object_or_404(Course, pk=pk)
        form = EnrolForm(request.POST)
        if form.is_valid():
            try:
                enrolment_create(
                    structure=request.tenant,
                    course=course,
                    beneficiary=form.cleaned_data["beneficiary"],
                    user=request.user,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Person enrolled."))
                return redirect("course_detail", pk=course.pk)
        view = CourseDetailView(request=request, kwargs={"pk": pk})
        return view.render_to_response(view.get_context_data(pk=pk, enrol_form=form), status=400)


class EnrolmentStatusView(MemberMixin, View):
    def post(self, request, pk, enrolment):
        enrolment = get_object_or_404(Enrolment, pk=enrolment, course_id=pk)
        try:
            enrolment_set_status(
                structure=request.tenant, enrolment=enrolment, status=request.POST.get("status", ""), user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Status updated."))
        return redirect("course_detail", pk=pk)


class CourseSessionView(MemberMixin, TemplateView):
    """A session of the course and its attendance, on one screen."""

    template_name = "training/course_session.html"

    def setup_objects(self):
        course = get_object_or_404(Course, pk=self.kwargs["pk"])
        session = None
        if "session" in self.kwargs:
            session = get_object_or_404(
                Activity, pk=self.kwargs["session"], course=course, kind=ActivityKind.COURSE_SESSION
            )
            ensure_can_change_activity(user=self.request.user, structure=self.request.tenant, activity=session)
        enrolled = [
            e.beneficiary
            for e in course.enrolments.select_related("beneficiary").order_by("beneficiary__code")
            if e.status != EnrolmentStatus.DROPPED
            or (session and session.participations.filter(beneficiary_id=e.beneficiary_id).exists())
        ]
        return course, session, enrolled

    def get(self, request, *args, **kwargs):
        course, session, enrolled = self.setup_objects()
        if session:
            initial = {
                "date": session.date,
                "start_time": session.start_time,
                "duration_minutes": session.duration_minutes,
                "referents": list(session.referents.values_list("pk", flat=True)),
                "attendees": list(session.beneficiaries.values_list("code", flat=True)),
            }
        else:
            last = course.sessions.order_by("-date").first()
            initial = {
                "date": today(),
                "duration_minutes": last.duration_minutes if last else 120,
                "start_time": last.start_time if last else None,
                "referents": list(course.referents.values_list("pk", flat=True)),
                # Nobody ticked: a hurried save must not record everyone present.
                "attendees": [],
            }
        form = CourseSessionForm(initial=initial, course=course, enrolled=enrolled)
        return self.render_to_response(self.get_context_data(form=form, course=course, session=session))

    def post(self, request, *args, **kwargs):
        course, session, enrolled = self.setup_objects()
        form = CourseSessionForm(request.POST, course=course, enrolled=enrolled)
        if form.is_valid():
            by_code = {b.code: b for b in enrolled}
            try:
                course_session_record(
                    structure=request.tenant,
                    user=request.user,
                    course=course,
                    activity=session,
                    date=form.cleaned_data["date"],
                    start_time=form.cleaned_data["start_time"],
                    duration_minutes=form.cleaned_data["duration_minutes"],
                    attendees=[by_code[c] for c in form.cleaned_data["attendees"]],
                    referents=form.cleaned_data["referents"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Attendance saved."))
                return redirect("course_detail", pk=course.pk)
        return self.render_to_response(self.get_context_data(form=form, course=course, session=session), status=400)


class AssessmentView(MemberMixin, TemplateView):
    """Entry or exit assessment of an enrolled person on the competences of the structure's programmes
    (shared reference, levels 0 to 3)."""

    template_name = "training/assessment_form.html"

    def setup_objects(self):
        course = get_object_or_404(Course, pk=self.kwargs["pk"])
        enrolment = get_object_or_404(
            Enrolment.objects.select_related("beneficiary"), course=course, beneficiary__code=self.kwargs["code"]
        )
        return course, enrolment.beneficiary

    def competences(self, existing=None) -> list[str]:
        """The structure's competences, and any an earlier assessment scored (so that nothing is hidden)."""
        codes = set(assessed_competences(self.request.tenant)) | set(existing.scores if existing else ())
        return ordered(codes)

    def get(self, request, *args, **kwargs):
        course, person = self.setup_objects()
        moment = request.GET.get("moment", "entry")
        existing = SkillAssessment.objects.filter(course=course, beneficiary=person, moment=moment).first()
        initial = {"moment": moment, "date": today()}
        if existing:
            initial.update(AssessmentForm.initial_scores(existing.scores), date=existing.date)
        form = AssessmentForm(initial=initial, competences=self.competences(existing))
        return self.render_to_response(self.get_context_data(form=form, course=course, person=person))

    def post(self, request, *args, **kwargs):
        course, person = self.setup_objects()
        existing = SkillAssessment.objects.filter(
            course=course, beneficiary=person, moment=request.POST.get("moment")
        ).first()
        form = AssessmentForm(request.POST, competences=self.competences(existing))
        if form.is_valid():
            try:
                assessment_record(
                    structure=request.tenant,
                    beneficiary=person,
                    course=course,
                    moment=form.cleaned_data["moment"],
                    date=form.cleaned_data["date"],
                    scores=form.scores(),
                    user=request.user,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("Assessment saved."))
                return redirect("course_detail", pk=course.pk)
        return self.render_to_response(self.get_context_data(form=form, course=course, person=person), status=400)
