"""Typed readers for deployment settings: a bad value stops the app at start-up."""

import os
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

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


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


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
