"""What a new process would otherwise do on its first requests, done before it takes any.

A gunicorn worker, new after a deploy or recycled by `--max-requests`, spent its first
requests importing the views, building the URL resolver and compiling templates: its first
summary took about 400 ms instead of 50, and its first PDF also loaded WeasyPrint. The WSGI
module calls `warm_up` once the app is loaded; with `--preload` that is once, in the master,
and every worker starts from the result. Nothing here touches the database, whose
connections must not be shared across the fork.
"""

from pathlib import Path

from django.conf import settings
from django.template.loader import get_template
from django.urls import reverse


def warm_up() -> None:
    reverse("home")  # builds the resolver, importing every view
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(folder).rglob("*.html")):
            get_template(str(path.relative_to(folder)))  # compiled once, kept by the loader
    import weasyprint  # noqa: F401 - the PDF library: slow to import, needed later
