from django.utils import timezone

from toolkit.access import acting_for


class TimezoneMiddleware:
    """Show times in the zone of the person whose records these are; UTC stays in the database.

    That is the signed-in person's own zone, or, for a carer working on someone's
    records, that person's zone: a dose taken at 08:00 in London reads 08:00.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            grant = acting_for(request)
            timezone.activate(grant.patient.zone if grant else user.zone)
        else:
            timezone.deactivate()
        return self.get_response(request)
