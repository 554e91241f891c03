"""A question asked before saving is answered by a person, not by the second tap of a double tap.

"Record another dose?" and "Replace 28 half-hours already recorded?" are asked because a press
may have been a slip. A shaky double tap on "Taken" sent the press, and its second tap landed
on "Yes", where the question had put it, half a second later: the question was answered before
it could have been read, and the dose it was there to stop was recorded. Each such question now
carries when it was asked, signed; an answer sooner than `READING_TIME` after it, or without it,
is not taken, and the question is asked again, saying why.
"""

from datetime import datetime, timedelta

from django.core import signing
from django.http import HttpRequest
from django.utils import timezone

ASKED = "asked"  # the field the question's form carries its time in
READING_TIME = timedelta(seconds=1)
SALT = "toolkit.read_first"


def asked_at(instant: datetime) -> str:
    # A signer made when asked, not on import: it reads SECRET_KEY, which a command that
    # signs nothing (`migrate`) need not have.
    return signing.Signer(salt=SALT).sign(f"{instant.timestamp():.3f}")


def question_context(request: HttpRequest, yes: str) -> dict:
    """What a question's template needs: its time, whether it is asked again because the
    answer to it came too soon (`too_soon`, said on the page), and the words of the button
    that answers it (`yes`), which that saying names."""
    return {
        "yes": yes,
        "asked_field": ASKED,
        "asked": asked_at(timezone.now()),
        "too_soon": ASKED in request.POST,
    }


def answered_in_time(request: HttpRequest) -> bool:
    """Whether the answer sent came at least `READING_TIME` after its question was shown."""
    try:
        asked = float(signing.Signer(salt=SALT).unsign(request.POST.get(ASKED, "")))
    except (signing.BadSignature, ValueError):
        return False
    return timezone.now().timestamp() - asked >= READING_TIME.total_seconds()
