from django.apps import AppConfig


class ToolkitConfig(AppConfig):
    name = "toolkit"
    verbose_name = "Parkinson's Toolkit"

    def ready(self):
        # Logging in with a password counts as confirming it (connects the signal).
        from toolkit import reauth  # noqa: F401
