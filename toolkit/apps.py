from django.apps import AppConfig
from django.core import checks


class ToolkitConfig(AppConfig):
    name = "toolkit"
    verbose_name = "Parkinson's Toolkit"

    def ready(self):
        from toolkit import (
            deploy_checks,
            portability,
            reauth,  # noqa: F401  connects the signal: a password login confirms the password
        )

        checks.register(deploy_checks.site_url, deploy=True)
        checks.register(deploy_checks.database_url, deploy=True)

        # The person's own keys of the data document: their name and their time zones.
        portability.register(
            portability.PERSON_KEYS, portability.export_person, portability.load_person
        )
