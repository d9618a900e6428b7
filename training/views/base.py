"""Shared pieces of the workspace's views."""

from django.core.exceptions import ValidationError

from tenants.access import ManagerRequiredMixin, StructureRoleRequiredMixin, has_structure_role
from tenants.enums import MembershipRole


class MemberMixin(StructureRoleRequiredMixin):
    """Any member of the structure (manager or referent)."""


class ManagerMixin(ManagerRequiredMixin):
    """The structure's managers only."""


def is_manager(request) -> bool:
    return has_structure_role(request, MembershipRole.MANAGER)


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where the form has it, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
