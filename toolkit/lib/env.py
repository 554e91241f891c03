"""Typed readers for deployment settings: a bad value stops the app at start-up."""

import os
import re
from email.utils import parseaddr
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be {minimum} or more, not {value}")
    return value


# Other names logging accepts for its levels, which a deployment may already use.
_LOG_LEVEL_ALIASES = {"WARN": "WARNING", "FATAL": "CRITICAL"}


def env_log_level(name: str) -> str:
    """A logging level; logging itself refuses an unknown one without naming the variable."""
    level = env_str(name, "INFO").upper()
    level = _LOG_LEVEL_ALIASES.get(level, level)
    levels = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
    if level not in levels:
        raise ImproperlyConfigured(
            f"{name} must be one of {', '.join(levels)}, not {env_str(name)!r}"
        )
    return level


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_origin(name: str, default: str) -> str:
    """The site's own address, which links in emails start with: a scheme and a host, and no
    path, since every link adds its own from the root."""
    raw = env_str(name) or default
    parts = urlsplit(raw)
    try:
        parts.port  # noqa: B018 - refuses a port that is not a number
        whole = parts.scheme in ("http", "https") and parts.hostname and "@" not in parts.netloc
    except ValueError:
        whole = False
    if not whole or parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"{name} must be the site's address with its scheme and nothing after the host, "
            f"such as https://toolkit.example.org, not {raw!r}"
        )
    return raw.rstrip("/")


_HOST_NAME = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*")


def env_hosts(name: str) -> list[str]:
    """Host names alone: the CSP gets each with https:// in front, and an image's address is
    matched by its host, which a URL gives in small letters."""
    hosts = [host.lower() for host in env_list(name, [])]
    for host in hosts:
        if not _HOST_NAME.fullmatch(host):
            raise ImproperlyConfigured(
                f"{name} must list host names only, such as img.example.org, not {host!r}"
            )
    return hosts


def env_url(name: str, schemes: tuple[str, ...], example: str) -> str:
    """A URL with one of these schemes, or "" when unset. Only its scheme is named when it is
    wrong: the rest may hold a password."""
    raw = env_str(name)
    scheme, found, _ = raw.partition("://")
    if raw and (not found or scheme.lower() not in schemes):
        allowed = ", ".join(f"{known}://" for known in schemes[:-1]) + f" or {schemes[-1]}://"
        given = f"{scheme}://" if found else "with no scheme"
        raise ImproperlyConfigured(
            f"{name} must start with {allowed}, such as {example}, not {given}"
        )
    return raw


def env_email(name: str, default: str = "", *, with_name: bool = False) -> str:
    """An email address; with_name also allows `Name <address>`, as a sender is written."""
    raw = env_str(name) or default
    address = parseaddr(raw)[1]
    written = raw == address or (with_name and raw.endswith(f"<{address}>"))
    if raw and not (written and _is_email(address)):
        should = (
            "alone or as Parkinson's Toolkit <toolkit@example.org>"
            if with_name
            else "such as help@example.org"
        )
        raise ImproperlyConfigured(f"{name} must be an email address, {should}, not {raw!r}")
    return raw


def _is_email(address: str) -> bool:
    try:
        validate_email(address)
    except ValidationError:
        return False
    return True


_EMAIL_SCHEMES = {
    "smtp": ("django.core.mail.backends.smtp.EmailBackend", False, False),
    "smtp+tls": ("django.core.mail.backends.smtp.EmailBackend", True, False),
    "smtps": ("django.core.mail.backends.smtp.EmailBackend", False, True),
    "console": ("django.core.mail.backends.console.EmailBackend", False, False),
}
SMTP = "django.core.mail.backends.smtp.EmailBackend"


def parse_email_url(url: str) -> dict:
    """Turn `smtp+tls://user:password@host:587` into one entry of Django's MAILERS."""
    parts = urlsplit(url)
    if parts.scheme not in _EMAIL_SCHEMES:
        known = ", ".join(sorted(_EMAIL_SCHEMES))
        raise ImproperlyConfigured(f"EMAIL_URL scheme must be one of {known}, not {parts.scheme!r}")
    backend, use_tls, use_ssl = _EMAIL_SCHEMES[parts.scheme]
    if backend != SMTP:
        return {"BACKEND": backend}
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured("EMAIL_URL has an invalid port") from None
    return smtp_mailer(
        host=parts.hostname or "localhost",
        port=port or (465 if use_ssl else 587 if use_tls else 25),
        username=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=use_tls,
        use_ssl=use_ssl,
    )


def smtp_mailer(**options) -> dict:
    if options["use_tls"] and options["use_ssl"]:
        raise ImproperlyConfigured("Email can use TLS or SSL, not both")
    return {"BACKEND": SMTP, "OPTIONS": {**options, "timeout": 20}}


def require_secret_key() -> str:
    """Stop a server or sender at start-up, not at its first signature, without SECRET_KEY.

    The settings leave it empty when it is unset with DEBUG off, so that commands which sign
    nothing (makemigrations, check) still run; Django refuses to read an empty one.
    """
    from django.conf import settings

    return settings.SECRET_KEY
