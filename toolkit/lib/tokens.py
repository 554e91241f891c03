"""Secret tokens for links sent outside the app (specialist links, invitations).

Only a hash is stored, so a database leak does not leak working links.
"""

import hashlib
import hmac
import secrets


def new_token() -> tuple[str, str]:
    """A fresh token (256 bits, URL-safe) and the hash to store for it."""
    raw = secrets.token_urlsafe(32)
    return raw, hash_token(raw)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def matches(raw: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_token(raw), stored_hash)
