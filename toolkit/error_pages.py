"""The pages for "Not allowed" (403) and "Page not found" (404).

Django's own views for them re-run the CSRF middleware's first step (`requires_csrf_token`),
which reads the CSRF secret back from the request's cookie: a new secret this request made
(`toolkit.access`, on finding a carer's access ended) would be undone, and the pages still
open for the patient would then save to the carer's own records. Here the secret the request
has is kept; the CSRF middleware has always run by the time a view raises.
"""

from django.shortcuts import render

from toolkit.access import SAFE_METHODS, AccessEnded, NotShared, ViewOnly, not_shared_page


def permission_denied(request, exception):
    if isinstance(exception, NotShared):
        return not_shared_page(request, exception)
    context = {
        "sent": request.method not in SAFE_METHODS,
        "view_only": exception if isinstance(exception, ViewOnly) else None,
        "ended": isinstance(exception, AccessEnded),
    }
    return render(request, "403.html", context, status=403)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)
