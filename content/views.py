"""Information pages are public: anyone may read them without an account."""

import mimetypes

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from content import pages, search
from content.whole_pages import kept_for_anonymous_readers

# Long enough that a reader's browser does not ask again on every page,
# short enough that a replaced picture shows within the day.
IMAGE_MAX_AGE = 24 * 60 * 60


@login_not_required
@require_safe
@kept_for_anonymous_readers
def index(request: HttpRequest):
    return render(request, "content/index.html", {"catalogue": pages.catalogue()})


@login_not_required
@require_safe
@kept_for_anonymous_readers
def page(request: HttpRequest, path: str):
    found = None if path.endswith("/") else pages.get_page(path)
    if found is not None:
        return render(
            request,
            "content/page.html",
            {"page": found, "breadcrumbs": pages.breadcrumbs(found.url_path)},
        )
    section = pages.find_section(path) if pages.valid_path(path) else None
    if section is None:
        # Capitals from a printed leaflet, or a slash typed at the end: the page, for good.
        if named := pages.address_named(path):
            return redirect(named, permanent=True)
        # Not permanent: the page may yet be written at the address the link gives.
        if moved_to := pages.elsewhere(path.rstrip("/")):
            return redirect(moved_to)
        return not_found(request, path)
    return render(
        request,
        "content/section.html",
        {"section": section, "breadcrumbs": pages.breadcrumbs(path)},
    )


def not_found(request: HttpRequest, path: str):
    """The 404 page, offering the pages a mistyped address may have meant."""
    likely = [
        pages.Link(pages.page_title(page), pages.address(page)) for page in pages.named_like(path)
    ]
    return render(request, "404.html", {"likely_pages": likely}, status=404)


def result_page(text: str) -> int:
    """The page of results asked for; 1 for anything but a whole number from 1."""
    return int(text) if text.isdecimal() and len(text) < 6 and int(text) > 0 else 1


@login_not_required
@require_safe
def search_view(request: HttpRequest):
    query = request.GET.get("q", "")
    too_long = len(query) > search.MAX_QUERY_LENGTH
    per_page = search.RESULTS_PER_PAGE

    def results_on(page: int) -> tuple[list[search.Result], int]:
        return search.search(query, start=(page - 1) * per_page)

    page = result_page(request.GET.get("page", ""))
    results, total = results_on(page)
    if total and not results:  # past the last page: show the last one
        page = (total - 1) // per_page + 1
        results, total = results_on(page)
    first = (page - 1) * per_page + 1
    has_terms = bool(search.terms_of(query))
    return render(
        request,
        "content/search.html",
        {
            "query": query[: search.MAX_QUERY_LENGTH],
            "searched": bool(query.strip()),
            "has_terms": has_terms,
            # A typo ("dystnia") finds nothing: the words the pages use that it may have meant.
            "did_you_mean": search.did_you_mean(query) if has_terms and not total else "",
            "too_long": too_long,
            "results": results,
            "total": total,
            "first": first,
            "last": first + len(results) - 1,
            "previous_page": page - 1 if page > 1 else None,
            "next_page": page + 1 if first + len(results) <= total else None,
            "breadcrumbs": pages.breadcrumbs("search"),
        },
    )


@login_not_required
@require_safe
def image(request: HttpRequest, name: str):
    file = pages.image_file(name)
    if file is None:
        raise Http404("No such image")
    try:
        opened = file.open("rb")
    except OSError:  # removed or unreadable since it was found
        raise Http404("No such image") from None
    content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    response = FileResponse(opened, content_type=content_type)
    response["Cache-Control"] = f"public, max-age={IMAGE_MAX_AGE}"
    return response
