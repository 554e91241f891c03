from django.apps import AppConfig


class ToolkitConfig(AppConfig):
    name = "toolkit"
    verbose_name = "Parkinson's Toolkit"

    def ready(self):
        from toolkit import (
            portability,
            reauth,  # noqa: F401  connects the signal: a password login confirms the password
        )

        # The person's own keys of the data document: their name and their time zones.
        portability.register(
            portability.PERSON_KEYS, portability.export_person, portability.load_person
        )
