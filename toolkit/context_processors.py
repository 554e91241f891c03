from django.conf import settings

from toolkit.access import acting_for


def site(request):
    return {"site_name": settings.SITE_NAME}


def care(request):
    """Whose records the signed-in person is working on, when they are someone else's."""
    grant = acting_for(request) if hasattr(request, "user") else None
    # Headings name whose records these are: "My Tracker" and "Your medicines", or "Mary's
    # Tracker" and "Mary's medicines" for a carer.
    whose = f"{grant.patient.name}'s" if grant else None
    # Buttons say whom a reminder goes to: "Remind me", or "Remind Mary" for a carer.
    me = grant.patient.name if grant else "me"
    return {"acting_for": grant, "whose": whose or "My", "your": whose or "Your", "me": me}
