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
        from toolkit.sharing import portability as sharing_part

        checks.register(deploy_checks.site_url, deploy=True)
        checks.register(deploy_checks.database_url, deploy=True)

        # The person's own keys of the data document: their name and their time zones.
        portability.register(
            portability.PERSON_KEYS, portability.export_person, portability.load_person
        )
        # Whom they share with and help, their specialist links and access log: downloaded,
        # never imported.
        portability.register(sharing_part.KEYS, sharing_part.export, portability.not_imported)
