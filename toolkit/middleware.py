from django.utils import timezone


class TimezoneMiddleware:
    """Show times in the signed-in person's own zone; UTC stays in the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(user.zone)
        else:
            timezone.deactivate()
        return self.get_response(request)
