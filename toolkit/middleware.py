from django.http import HttpResponsePermanentRedirect
from django.urls import is_valid_path
from django.utils import timezone

from toolkit.access import acting_for


class TimezoneMiddleware:
    """Show times in the zone of the person whose records these are; UTC stays in the database.

    That is the signed-in person's own zone, or, for a carer working on someone's
    records, that person's zone: a dose taken at 08:00 in London reads 08:00. A page about
    the carer's own account (`own_account_page`) is on their own clock.
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

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "own_account", False) and request.user.is_authenticated:
            timezone.activate(request.user.zone)


class TrailingSlashMiddleware:
    """ "/my-tracker/" is "/my-tracker": people type addresses with a slash at the end.

    The reverse of Django's APPEND_SLASH, and like it, looked at only when no address was
    found: a 404 from a view whose address takes the slash (an information page, which
    handles its own) is that view's answer, and the address without it would be no better.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        path = request.path_info
        if (
            response.status_code == 404
            and request.method in ("GET", "HEAD")
            and path.endswith("/")
            and not path.startswith("//")  # a path that would leave the site
            and not is_valid_path(path, urlconf := getattr(request, "urlconf", None))
            and is_valid_path(path[:-1], urlconf)
        ):
            target = request.path[:-1]
            query = request.META.get("QUERY_STRING", "")
            return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
        return response


class PrivateByDefaultMiddleware:
    """`Cache-Control: private, no-store` on every response that sets none, except the
    information pages read without signing in.

    A signed-in page, a download, or a page opened with a token in its address can show
    someone's records: no shared cache may keep it, nor the browser on disk, where the next
    person at a shared computer could open it. Information pages are the same for every
    anonymous reader and keep the caching they had. A view that knows better sets its own.
    """

    PUBLIC = frozenset({"home", "information", "information_search", "information_page"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = request.resolver_match
        if response.has_header("Cache-Control") or (
            match is not None
            and match.url_name in self.PUBLIC
            and not request.user.is_authenticated
        ):
            return response
        response["Cache-Control"] = "private, no-store"
        return response
