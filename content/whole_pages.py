"""Whole information pages kept in memory for readers who are not signed in.

Nearly every reader of an information page is anonymous, and to all of them the page
is the same bytes but for the CSP nonce. The page views keep those bytes per address
and per `pages.version()` (`kept_for_anonymous_readers`), and `KeptPagesMiddleware`
answers with them, this request's nonce put in, before the URL is even resolved.

Anything that could make a page personal is served the ordinary way: a signed-in
reader, a message waiting to be shown, a query string, or a response that sets the
CSRF cookie.
"""

import threading
from dataclasses import dataclass
from functools import wraps

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce
from django.urls import ResolverMatch

from content import pages

# Cannot occur in a rendered page: markdown turns NUL into U+FFFD.
NONCE_PLACEHOLDER = b"\x00csp-nonce\x00"


@dataclass(frozen=True)
class KeptPage:
    version: tuple
    content: bytes  # with NONCE_PLACEHOLDER where the nonce goes
    content_type: str
    match: ResolverMatch  # what the request log names: the route, never the path


_pages: dict[str, KeptPage] = {}
_lock = threading.Lock()


def kept_for_anonymous_readers(view):
    """Keep the view's page for the readers it cannot differ for."""

    @wraps(view)
    def keep(request: HttpRequest, *args, **kwargs):
        version = pages.version()  # before rendering: a page is never newer than its version
        response = view(request, *args, **kwargs)
        if _same_for_everyone(request) and _can_keep(request, response):
            nonce = str(get_nonce(request)).encode()
            with _lock:
                _pages[request.path] = KeptPage(
                    version,
                    response.content.replace(nonce, NONCE_PLACEHOLDER),
                    response["Content-Type"],
                    request.resolver_match,
                )
        return response

    return keep


class KeptPagesMiddleware:
    """Answer with a kept page before the URL is resolved and the view runs.

    It sits after the middleware whose work shows in every response (security headers,
    sessions, CSRF, messages, the CSP with its nonce), so a kept page gets all of it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        kept = _pages.get(request.path)
        if kept is not None and _same_for_everyone(request) and kept.version == pages.version():
            request.resolver_match = kept.match
            # Reading the nonce is what makes the CSP middleware put it in the header.
            return HttpResponse(
                kept.content.replace(NONCE_PLACEHOLDER, str(get_nonce(request)).encode()),
                content_type=kept.content_type,
            )
        return self.get_response(request)


def _same_for_everyone(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and not request.user.is_authenticated
        and not len(get_messages(request))
    )


def _can_keep(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )
