"""Keyed hashes (HMACs under SECRET_KEY) that the app makes and compares itself.

Django checks what it signs against SECRET_KEY_FALLBACKS too, but not an HMAC made with
salted_hmac and compared by the app: those are compared here with one made under each key, so
that a new key brought in with the old one kept as a fallback leaves them working.
"""

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac


def keyed_hashes(key_salt: str, value: str) -> list[str]:
    """The value's hash under SECRET_KEY, then under each of SECRET_KEY_FALLBACKS."""
    return [
        salted_hmac(key_salt, value, secret=secret, algorithm="sha256").hexdigest()
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    ]


def made_with_a_key(given: str, key_salt: str, value: str, length: int | None = None) -> bool:
    """Whether `given` is the value's hash (its first `length` characters) under SECRET_KEY or
    one of SECRET_KEY_FALLBACKS."""
    return any(
        constant_time_compare(given, digest[:length]) for digest in keyed_hashes(key_salt, value)
    )
