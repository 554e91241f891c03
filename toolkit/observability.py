"""Request logs, the health check, and the page people see when the database is down.

Logs name the route pattern (`my-tracker/day/<date:day>`), never the path or query
string, so no record's date, id or search words reach the logs.
"""

import json
import logging
import sys
import time

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache

logger = logging.getLogger("toolkit.requests")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = request.resolver_match
        logger.info(
            json.dumps(
                {
                    "method": request.method,
                    "route": match.route if match else None,
                    "view": match.view_name if match else None,
                    "status": response.status_code,
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                }
            )
        )
        return response


@login_not_required
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def server_error(request):
    """The 500 handler: a database outage is a 503 that says to try again soon.

    Rendered without the request context: that would need the database too.
    """
    if isinstance(sys.exc_info()[1], DatabaseError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(render_to_string("500.html"))
