from django.apps import AppConfig


class OpsConfig(AppConfig):
    """The platform's operations: commands that work across every app (setup, demo, checks).

    The top layer: it may import any app, and no app imports it.
    """

    name = "ops"
    verbose_name = "Operations"
