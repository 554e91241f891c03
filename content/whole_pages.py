"""Whole information pages kept in memory for readers who are not signed in.

Nearly every reader of an information page is anonymous, and to all of them the page
is the same bytes but for the CSP nonce. Those bytes are kept per address and per
`pages.version()`, so a page is built once per version of the content, and each
response is the stored page with this request's nonce put in.

Anything that could make a page personal is served the ordinary way: a signed-in
reader, a message waiting to be shown, a query string, or a response that sets the
CSRF cookie.
"""

import threading
from functools import wraps

from django.contrib.messages import get_messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csp import get_nonce

from content import pages

# Cannot occur in a rendered page: markdown turns NUL into U+FFFD.
NONCE_PLACEHOLDER = b"\x00csp-nonce\x00"

_pages: dict[str, tuple[tuple, bytes, str]] = {}
_lock = threading.Lock()


def shared_with_anonymous_readers(view):
    """Serve the view's page from memory to readers it cannot differ for."""

    @wraps(view)
    def serve(request: HttpRequest, *args, **kwargs):
        if not _same_for_everyone(request):
            return view(request, *args, **kwargs)
        state = pages.version()
        kept = _pages.get(request.path)
        if kept is not None and kept[0] == state:
            return _with_nonce(request, kept[1], kept[2])
        response = view(request, *args, **kwargs)
        if _can_keep(request, response):
            nonce = str(get_nonce(request)).encode()
            with _lock:
                _pages[request.path] = (
                    state,
                    response.content.replace(nonce, NONCE_PLACEHOLDER),
                    response["Content-Type"],
                )
        return response

    return serve


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


def _with_nonce(request: HttpRequest, content: bytes, content_type: str) -> HttpResponse:
    # Reading the nonce is what makes the CSP middleware put it in this response's header.
    return HttpResponse(
        content.replace(NONCE_PLACEHOLDER, str(get_nonce(request)).encode()),
        content_type=content_type,
    )
