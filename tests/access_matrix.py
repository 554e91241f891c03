"""Every URL that names a record, and how to make a record for it.

Each app adds its record URLs to RECORD_URLS: the URL name, a function that makes a
record owned by the given patient and returns the URL's kwargs, and the methods the
URL accepts. `tests/toolkit/test_access_matrix.py` checks that every URL pattern
with arguments is listed here (or in NOT_RECORD_URLS), then checks each one:
anonymous people are sent to log in and strangers get 404.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

from toolkit.models import User


@dataclass(frozen=True)
class RecordUrl:
    name: str
    make: Callable[[User], dict]
    methods: tuple[str, ...] = ("GET",)
    # "tracker" or "notes"; "account" for what only the person themselves reaches (their
    # account, sharing settings, specialist links), whatever a carer may do elsewhere.
    section: str = "tracker"


RECORD_URLS: list[RecordUrl] = []

# URLs with arguments that name no one's records.
NOT_RECORD_URLS = {"password_reset_confirm", "sharing_accept", "confirm_email", "undo_email_change"}
# A signed link to confirm an account's address: works signed in or not
# (tests/toolkit/test_confirm_address.py).
NOT_RECORD_URLS |= {"confirm_address"}
# The link that creates an account: its secret is the key (tests/toolkit/test_signup.py).
NOT_RECORD_URLS |= {"finish_signup"}
# Information pages and their images are public: a path names a file, not a record.
NOT_RECORD_URLS |= {"information_page", "information_image"}
# A date names a day of whoever's records the request works on (tests/tracker/test_diary.py).
NOT_RECORD_URLS |= {"diary_day", "diary_run", "diary_slots", "tracker_day"}
# A specialist's link is opened without an account; the token is the key (test_summary_links.py).
NOT_RECORD_URLS |= {"specialist_summary", "specialist_summary_pdf"}
# A signed or secret token is the key: no sign-in (tests/notes/test_delivery.py, test_calendar.py).
NOT_RECORD_URLS |= {"notes_reminder_stop", "notes_reminder_restart", "notes_calendar_feed"}


def register(name: str, *, methods=("GET",), section="tracker"):
    def decorator(make):
        RECORD_URLS.append(RecordUrl(name, make, tuple(methods), section))
        return make

    return decorator


def url_names_with_arguments(resolver=None, prefix="") -> set[str]:
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            names |= url_names_with_arguments(pattern, prefix)
        elif isinstance(pattern, URLPattern) and pattern.pattern.regex.groups and pattern.name:
            names.add(pattern.name)
    return names
