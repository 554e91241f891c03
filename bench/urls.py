from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from toolkit.records_version import current_version


@login_not_required
def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


def one_query(request):
    """The least a page of someone's records can do: the session and person, then one
    query of one row (their records version), and a few bytes back."""
    return HttpResponse(current_version(request.user), content_type="text/plain")


# The site's own page around a heading: its header (the person, the menu, "Log out"),
# footer, styles and scripts, as every page has them.
EMPTY_PAGE = engines["django"].from_string(
    "{% extends 'base.html' %}{% block title %}Empty{% endblock %}"
    "{% block content %}<h1>Empty</h1>{% endblock %}"
)


def empty_page(request):
    """What every page of someone's records pays before its own content: the one query,
    and the site's page around a heading."""
    return HttpResponse(EMPTY_PAGE.render({"version": current_version(request.user)}, request))


urlpatterns = [
    path("bench/trivial", trivial),
    path("bench/one-query", one_query),
    path("bench/empty-page", empty_page),
    path("", include("toolkit.urls")),
]
