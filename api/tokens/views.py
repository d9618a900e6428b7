"""The personal API tokens page, on the network host and on the hosts of the user's structures."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from api.models import ApiToken
from api.services import api_token_create, api_token_revoke
from tenants.access import is_network_host


class TokenPageMixin(LoginRequiredMixin):
    """Logged-in users; on a structure's host, its members only (the middleware lets ``/api/`` through)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not is_network_host(request) and not request.user.is_superuser and request.membership is None:
            raise PermissionDenied(_("Your account has no access to this structure."))
        return super().dispatch(request, *args, **kwargs)


class TokenListView(TokenPageMixin, TemplateView):
    """Create (the key is shown once), list and revoke one's own tokens."""

    template_name = "api/tokens.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "tokens": ApiToken.objects.filter(user=self.request.user).order_by("-created_at"),
            "is_network_host": is_network_host(self.request),
        }

    def post(self, request, *args, **kwargs):
        name = request.POST.get("name", "")
        try:
            token, raw = api_token_create(user=request.user, name=name)
        except ValidationError as error:
            context = self.get_context_data(error=" ".join(error.messages), name=name)
            return self.render_to_response(context, status=400)
        response = self.render_to_response(self.get_context_data(new_token=token, raw_key=raw))
        response["Cache-Control"] = "no-store"
        return response


class TokenRevokeView(TokenPageMixin, View):
    def post(self, request, pk):
        token = get_object_or_404(ApiToken, pk=pk, user=request.user)
        api_token_revoke(token=token)
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
        return redirect("api_tokens")
