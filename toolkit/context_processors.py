from dataclasses import dataclass

from django.conf import settings

from toolkit.access import acting_for
from toolkit.models import CareGrant


def site(request):
    return {"site_name": settings.SITE_NAME}


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
    """Whose records the signed-in person is working on, when they are someone else's."""
    grant = acting_for(request) if hasattr(request, "user") else None
    return {"acting_for": grant, "who": who(grant)}
