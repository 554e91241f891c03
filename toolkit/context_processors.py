from dataclasses import dataclass

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme

from toolkit.access import acting_for, care_ended
from toolkit.models import CareGrant


def site(request):
    """What every page's header and footer need."""
    return {
        "site_name": settings.SITE_NAME,
        "support_email": settings.SUPPORT_EMAIL,
        "return_to": return_to(request),
    }


@dataclass(frozen=True)
class Who:
    """The words a page uses for the person whose records they are: the reader themselves,
    or, for a carer, that person by name ("My Tracker" or "Mary's Tracker", "I ate" or
    "Mary ate", "Remind me" or "Remind Mary")."""

    I: str  # noqa: E741 - the pronoun
    me: str
    my: str
    My: str
    you: str
    your: str
    Your: str
    you_were: str


YOURSELF = Who(
    I="I", me="me", my="my", My="My", you="you", your="your", Your="Your", you_were="you were"
)


def who(grant: CareGrant | None) -> Who:
    if grant is None:
        return YOURSELF
    name = grant.patient.name
    return Who(
        I=name,
        me=name,
        my=f"{name}'s",
        My=f"{name}'s",
        you=name,
        your=f"{name}'s",
        Your=f"{name}'s",
        you_were=f"{name} was",
    )


def care(request):
    """Whose records the signed-in person is working on, when they are someone else's, and
    whether this page is about their own account instead (`own_account_page`); on their own
    records, whose access ended lately (`care_ended`), which an account page need not say."""
    grant = acting_for(request) if hasattr(request, "user") else None
    match = getattr(request, "resolver_match", None)
    account_page = getattr(match and match.func, "own_account", False)
    # Asked on an account page too, which shows the message but no banner.
    ended = care_ended(request) if grant is None and hasattr(request, "session") else None
    return {
        "acting_for": grant,
        "who": who(grant),
        "own_account": grant is not None and account_page,
        "care_ended": None if account_page else ended,
    }


# Pages there is no sense coming back to after logging in or creating an account; from
# home, where each leads without one serves as well.
NOT_RETURNED_TO = frozenset(
    {
        "home",
        "login",
        "signup",
        "signup_sent",
        "finish_signup",
        "logout",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
    }
)


def return_to(request) -> str:
    """The page the header's "Log in" and "Create an account" bring the person back to (an
    invitation they were reading, say); "" for none."""
    match = getattr(request, "resolver_match", None)
    path = request.path
    if (
        not hasattr(request, "user")
        or request.user.is_authenticated
        or match is None
        or match.url_name in NOT_RETURNED_TO
        or not url_has_allowed_host_and_scheme(path, allowed_hosts=None)
    ):
        return ""
    return path
