from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_tenants.admin import TenantAdminMixin

from tenants import services
from tenants.models import Domain, Invitation, Membership, Structure, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "network_role", "is_superuser", "last_login"]
    list_filter = ["network_role", "is_superuser", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Identity"), {"fields": ["first_name", "last_name"]}),
        (_("Roles"), {"fields": ["network_role", "is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2", "network_role"]})]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class StructureAdminForm(forms.ModelForm):
    class Meta:
        model = Structure
        fields = [
            "name", "slug", "kind", "status", "siret", "address", "postcode", "commune", "insee_code", "latitude",
            "longitude", "phone", "email", "website", "opening_hours", "summary",
        ]  # fmt: skip

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if self.instance.pk is None:
            try:
                services.structure_validate_slug(slug)
            except ValidationError as error:
                raise forms.ValidationError(error.message_dict["slug"]) from error
        return slug


@admin.register(Structure)
class StructureAdmin(TenantAdminMixin, admin.ModelAdmin):
    form = StructureAdminForm
    list_display = ["name", "slug", "kind", "status", "commune"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "slug", "commune", "siret"]
    inlines = [MembershipInline]
    exclude = ["schema_name"]

    def get_queryset(self, request):
        return super().get_queryset(request).relays()

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        memberships = formset.save(commit=False)
        for membership in formset.deleted_objects:
            _membership_delete(request, membership)
        for membership in memberships:
            old = Membership.objects.filter(pk=membership.pk).first() if membership.pk else None
            _membership_save(request, membership, old)

    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        data = {f: form.cleaned_data[f] for f in form.cleaned_data if f not in {"name", "slug", "kind", "status"}}
        try:
            created = services.structure_create(name=obj.name, slug=obj.slug, kind=obj.kind, status=obj.status, **data)
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        obj.pk = created.pk
        obj.schema_name = created.schema_name


def _membership_save(request, membership: Membership, old: Membership | None) -> Membership:
    """A membership written in the admin goes through the services, like the team page (audit log included)."""
    if old is not None and (old.user_id, old.structure_id) != (membership.user_id, membership.structure_id):
        services.membership_remove(membership=old, by=request.user)
    return services.membership_set(user=membership.user, structure=membership.structure, role=membership.role,
                                   by=request.user)  # fmt: skip


def _membership_delete(request, membership: Membership) -> bool:
    try:
        services.membership_remove(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    return True


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "structure", "role"]
    list_filter = ["role", "structure"]
    autocomplete_fields = ["user", "structure"]

    def save_model(self, request, obj, form, change):
        old = Membership.objects.get(pk=obj.pk) if change else None
        saved = _membership_save(request, obj, old)
        obj.pk = saved.pk

    def delete_model(self, request, obj):
        _membership_delete(request, obj)

    def delete_queryset(self, request, queryset):
        for membership in queryset:
            _membership_delete(request, membership)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "structure", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email"]


admin.site.register(Domain)
