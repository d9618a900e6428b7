from urllib.parse import urlencode

from allauth.account.utils import perform_login
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from tenants import audit, services
from tenants.access import ManagerRequiredMixin
from tenants.forms import AccountFromInvitationForm, InvitationForm, MembershipRoleForm
from tenants.models import AuditAction, Invitation, Membership, User


class TeamView(ManagerRequiredMixin, TemplateView):
    """A manager sees who has access to the structure, and invites colleagues."""

    template_name = "tenants/team.html"

    def get_context_data(self, **kwargs):
        structure = self.request.tenant
        return {
            **super().get_context_data(**kwargs),
            "memberships": Membership.objects.filter(structure=structure)
            .select_related("user")
            .order_by("user__email"),
            "invitations": Invitation.objects.filter(structure=structure).select_related("invited_by")[:50],
            "form": kwargs.get("form") or InvitationForm(),
            "role_form": MembershipRoleForm(),
        }

    def post(self, request, *args, **kwargs):
        form = InvitationForm(request.POST)
        if form.is_valid():
            try:
                invitation = services.invitation_create(
                    structure=request.tenant,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    invited_by=request.user,
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
                return redirect("team")
        return self.render_to_response(self.get_context_data(form=form), status=400)


class AuditLogView(ManagerRequiredMixin, TemplateView):
    """The structure's audit log, newest first, filtered by action (managers)."""

    template_name = "tenants/audit_log.html"

    def get_context_data(self, **kwargs):
        action = self.request.GET.get("action", "")
        if action not in AuditAction.values:
            action = ""
        page = audit.audit_page(self.request.tenant, action=action, page=self.request.GET.get("page"))
        return {
            **super().get_context_data(**kwargs),
            "page": page,
            "action": action,
            "actions": AuditAction.choices,
            "query": urlencode({"action": action}) if action else "",
        }


class InvitationRevokeView(ManagerRequiredMixin, View):
    def post(self, request, pk):
        invitation = get_object_or_404(Invitation, pk=pk, structure=request.tenant)
        try:
            services.invitation_revoke(invitation=invitation, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Invitation revoked."))
        return redirect("team")


class MembershipUpdateView(ManagerRequiredMixin, View):
    def post(self, request, pk):
        membership = get_object_or_404(Membership, pk=pk, structure=request.tenant)
        if request.POST.get("action") == "remove":
            try:
                services.membership_remove(membership=membership, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Access removed."))
            return redirect("team")
        form = MembershipRoleForm(request.POST)
        if form.is_valid():
            services.membership_set(
                user=membership.user, structure=request.tenant, role=form.cleaned_data["role"], by=request.user
            )
            messages.success(request, _("Role updated."))
        return redirect("team")


class InvitationAcceptView(View):
    """The link of an invitation: create an account or use one, then join the structure."""

    template_name = "tenants/invitation_accept.html"

    def get_invitation(self, token):
        return Invitation.objects.select_related("structure").filter(token=token, structure=self.request.tenant).first()

    def render_page(self, invitation, form=None, status=200):
        existing = invitation is not None and User.objects.filter(email__iexact=invitation.email).exists()
        if form is None and invitation is not None and not existing:
            form = AccountFromInvitationForm(email=invitation.email)
        user = self.request.user
        wrong_account = (
            services.wrong_account_message(invitation)
            if invitation is not None
            and user.is_authenticated
            and not services.invitation_is_for(invitation=invitation, user=user)
            else None
        )
        return render(
            self.request,
            self.template_name,
            {"invitation": invitation, "form": form, "account_exists": existing, "wrong_account": wrong_account},
            status=403 if wrong_account and status == 200 else status,
        )

    def get(self, request, token):
        invitation = self.get_invitation(token)
        if invitation is None or not invitation.is_pending:
            return self.render_page(None, status=404 if invitation is None else 410)
        return self.render_page(invitation)

    def post(self, request, token):
        invitation = self.get_invitation(token)
        if invitation is None or not invitation.is_pending:
            return self.render_page(None, status=404 if invitation is None else 410)
        if request.user.is_authenticated:
            user = request.user
        else:
            if User.objects.filter(email__iexact=invitation.email).exists():
                return self.render_page(invitation)
            form = AccountFromInvitationForm(request.POST, email=invitation.email)
            if not form.is_valid():
                return self.render_page(invitation, form=form, status=400)
            user = services.user_create(
                email=invitation.email,
                password=form.cleaned_data["password1"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
            )
        try:
            services.invitation_accept(invitation=invitation, user=user)
        except ValidationError:
            return self.render_page(invitation, status=403)
        if not request.user.is_authenticated:
            perform_login(request, user, email_verification="none")
        messages.success(request, _("Welcome to %(structure)s!") % {"structure": invitation.structure.name})
        return redirect("/")


def unknown_host(request):
    """No structure answers on this address (a typo, or a structure that left)."""
    return render(request, "tenants/unknown_host.html", status=404)


def login_door(request):
    """Wagtail's and Django admin's login pages: allauth's login, with its rate limits and MFA."""
    target = reverse("account_login")
    next_url = request.GET.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        target = f"{target}?{urlencode({'next': next_url})}"
    return redirect(target)
