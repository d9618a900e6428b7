from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network")

    def ready(self):
        from network import selectors
        from training import gateway

        # The structures' workspaces show their referents' network trainings by name.
        gateway.register_training_catalogue(
            modules=selectors.training_modules_catalogue, session_labels=selectors.training_session_labels
        )
        # Their assessments score the competences their programmes chose.
        gateway.register_assessed_competences(competences=selectors.assessed_competences)
