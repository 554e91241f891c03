from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import include, path

from toolkit.records_version import current_version


@login_not_required
def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


def one_query(request):
    """The least a page of someone's records can do: the session and person, then one
    query of one row (their records version), and a few bytes back."""
    return HttpResponse(current_version(request.user), content_type="text/plain")


urlpatterns = [
    path("bench/trivial", trivial),
    path("bench/one-query", one_query),
    path("", include("toolkit.urls")),
]
