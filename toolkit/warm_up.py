"""What a new process would otherwise do on its first requests, done before it takes any.

A gunicorn worker, new after a deploy or recycled by `--max-requests`, spent its first
requests importing the views, building the URL resolver and compiling templates: its first
summary took about 400 ms instead of 50, and its first PDF also loaded WeasyPrint. The WSGI
module calls `warm_up` once the app is loaded; with `--preload` that is once, in the master,
and every worker starts from the result. Nothing here touches the database, whose
connections must not be shared across the fork.

What it leaves behind lives as long as the process, so it is frozen out of the garbage
collector's reach: a full collection walked all of it again, and paused the request that
set it off for about 100 ms (`python -m bench.gc_pauses`). Frozen, a worker
also keeps sharing those pages of memory with the master instead of copying them.
"""

import gc
from pathlib import Path

from django.conf import settings
from django.template.loader import get_template
from django.urls import reverse

from content import search


def warm_up() -> None:
    reverse("home")  # builds the resolver, importing every view
    for folder in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(folder).rglob("*.html")):
            get_template(str(path.relative_to(folder)))  # compiled once, kept by the loader
    search.index()  # every information page read and rendered, as the first search would
    import weasyprint  # noqa: F401 - the PDF library: slow to import, needed later

    gc.collect()  # nothing that is already garbage frozen with the rest
    gc.freeze()
