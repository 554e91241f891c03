"""What `manage.py check --deploy` adds for this app: defaults that serve a local run, which
needs no setting, and are wrong for the public. Only --deploy looks, so the tests and
`make run` keep them."""

from ipaddress import ip_address
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks


def site_url(app_configs, **kwargs) -> list[checks.CheckMessage]:
    if not _this_machine(urlsplit(settings.SITE_URL).hostname or ""):
        return []
    return [
        checks.Error(
            f"SITE_URL ({settings.SITE_URL}) is this machine's own address: the links in emails "
            "(password resets, invitations, reminders' stop links) would lead nowhere.",
            hint="Set it to the site's public address, such as https://toolkit.example.org.",
            id="toolkit.E001",
        )
    ]


def database_url(app_configs, **kwargs) -> list[checks.CheckMessage]:
    if settings.DATABASE_URL:
        return []
    return [
        checks.Error(
            "DATABASE_URL is not set: everyone's records would be kept in the SQLite file "
            "beside the code.",
            hint="Point it at PostgreSQL, such as "
            "postgres://toolkit:<password>@db.internal:5432/toolkit.",
            id="toolkit.E002",
        )
    ]


def _this_machine(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified
