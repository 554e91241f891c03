"""Request logs, the health check, and the page people see when the database is down.

Logs name the route pattern (`my-tracker/day/<date:day>`), never the path or query
string, so no record's date, id or one-time token reaches the logs.
"""

import json
import logging
import os
import sys
import time

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.urls import Resolver404, ResolverMatch, resolve, reverse
from django.utils.log import log_response
from django.views.decorators.cache import never_cache

logger = logging.getLogger("toolkit.requests")


def resolved(request: HttpRequest) -> ResolverMatch | None:
    """What the request's path matched, also when a middleware answered before the URL was
    resolved (a redirect to https, a database outage while reading the session)."""
    if request.resolver_match is not None:
        return request.resolver_match
    try:
        return resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return None


# The database could not be reached or dropped the connection: trying again mends it.
OUTAGES = (OperationalError, InterfaceError)


def is_outage(error: BaseException | None) -> bool:
    """Whether the error is one of OUTAGES.

    Other database errors (a broken constraint, a column missing during an upgrade) are bugs:
    they keep their traceback and the 500 page.
    """
    return isinstance(error, OUTAGES)


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        status = response.status_code
        # Without a match, only a redirect or an error other than a 404 has a route to name: a
        # middleware answered before the URL was resolved (a redirect to https, a refused host,
        # an outage while reading the session). Static files (WhiteNoise's 200, 206 or 304) and
        # the resolver's own 404s have none: resolving them again made a static file a sixth
        # slower to serve, to log no route.
        unnamed = status < 300 or status in (304, 404)
        match = request.resolver_match if unnamed else resolved(request)
        logger.info(
            json.dumps(
                {
                    "method": request.method,
                    "route": match.route if match else None,
                    "view": match.view_name if match else None,
                    "status": status,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                }
            )
        )
        return response


def login_client(username, ip_address, user_agent, path_info, request) -> str:
    """How django-axes names a client in its log lines."""
    return f'{{ip_address: "{ip_address}"}}'


# The syslog priority journald files a line under, read from a `<N>` it starts with.
_PRIORITIES = {
    logging.CRITICAL: 2,
    logging.ERROR: 3,
    logging.WARNING: 4,
    logging.INFO: 6,
    logging.DEBUG: 7,
}


def stderr_is_the_journal() -> bool:
    """Whether stderr is systemd's journal, as systemd says to each service it connects to it:
    its device and inode in $JOURNAL_STREAM (systemd.exec(5))."""
    try:
        stream = os.fstat(2)
    except OSError:
        return False
    return os.environ.get("JOURNAL_STREAM") == f"{stream.st_dev}:{stream.st_ino}"


class LogLine(logging.Formatter):
    """A log line starting with its level's name, then its logger's: `WARNING notes.delivery:
    …`. The request log's lines are JSON, and stay only that.

    Under systemd each line also starts with its priority (`<4>` for a warning), which
    journald takes off and files the line under, so that `journalctl -p warning` finds it;
    so does each line of a traceback.
    """

    def __init__(self, fmt="%(levelname)s %(name)s: %(message)s", *args, **kwargs):
        super().__init__(fmt, *args, **kwargs)
        self.journal = stderr_is_the_journal()

    def format(self, record: logging.LogRecord) -> str:
        line = record.getMessage() if record.name == logger.name else super().format(record)
        if not self.journal:
            return line
        level = max((level for level in _PRIORITIES if level <= record.levelno), default=0)
        prefix = f"<{_PRIORITIES.get(level, 7)}>"
        return prefix + line.replace("\n", "\n" + prefix)


class RouteNotPath(logging.Filter):
    """Django's own lines about a request end with its path ("Forbidden (CSRF token missing.):
    /account/invitation/<its token>"): this puts the route in its place.

    A database outage is expected, and its 503 page says so: its line names the error, without
    a traceback, which holds nothing an operator needs and could hold a record's values.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if not isinstance(request, HttpRequest) or not isinstance(record.args, tuple):
            return True
        match = resolved(request)
        # The home page's route is the empty pattern, which named nothing.
        route = (match.route or "/") if match else "(no route)"
        # Django escapes each argument of these lines (django.utils.log.log_message).
        paths = (request.path, request.path.encode("unicode_escape").decode("ascii"))
        record.args = tuple(route if arg in paths else arg for arg in record.args)
        error = record.exc_info[1] if record.exc_info else None
        if is_outage(error):
            record.msg = f"{record.msg} (%s)"
            record.args = (*record.args, type(error).__name__)
            record.exc_info = None
        return True


class WithoutTraceback(logging.Filter):
    """For lines that say all there is to say: the traceback is Django's own code."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = record.exc_text = None
        return True


class HealthCheckMiddleware:
    """Answer the load balancer, which probes by address, whatever the Host header.

    It sits before the middleware that checks the host against ALLOWED_HOSTS (CommonMiddleware),
    and SECURE_REDIRECT_EXEMPT spares it the redirect to https: a probe over plain http to
    the machine's own address gets the answer, not a 301 or a 400.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.path = reverse("healthz")
        self.match = resolve(self.path)

    def __call__(self, request):
        if request.path_info != self.path:
            return self.get_response(request)
        request.resolver_match = self.match  # what the request log names
        return healthz(request)


@login_not_required
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        response = JsonResponse({"status": "error", "database": "unreachable"}, status=503)
        # Logged here, with the error, so that its line names it as a page's 503 does
        # (RouteNotPath); Django would log the response alone.
        log_response(
            "%s: %s",
            response.reason_phrase,
            request.path,
            response=response,
            request=request,
            exception=error,
        )
        return response
    return JsonResponse({"status": "ok", "database": "ok"})


def server_error(request):
    """The 500 handler: a database outage is a 503 that says to try again soon.

    Rendered without the request context: that would need the database too.
    """
    if is_outage(sys.exc_info()[1]):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(render_to_string("500.html"))
