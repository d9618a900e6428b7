from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Choice sets that share a field name with another in the schema ("kind" of a structure and
# of a coaching meeting): each gets its own enum name. Kept here, beside the endpoints that
# need them, and added to SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] without replacing it.
API_ENUM_NAMES = {
    "StructureKindEnum": "tenants.enums.StructureKind",
    "MeetingKindEnum": "network.enums.MeetingKind",
}


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self):
        from drf_spectacular.settings import spectacular_settings

        overrides = spectacular_settings.ENUM_NAME_OVERRIDES
        for name, choices in API_ENUM_NAMES.items():
            overrides.setdefault(name, choices)
