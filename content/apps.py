from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.core import checks

# The sample pages that come with the code, the default CONTENT_DIR: they have no images folder.
SAMPLE_PAGES = Path(__file__).resolve().parent / "pages"


class ContentConfig(AppConfig):
    name = "content"

    def ready(self):
        # A deployment check: `check --deploy`, which every installation and upgrade runs,
        # looks at the content folders; nothing else does. The reminder sender, clearsessions
        # and migrate need no content, and were stopped by a content folder gone missing after
        # a restart, while the site itself was up.
        checks.register(content_folders, deploy=True)


def content_folders(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """A mistyped CONTENT_DIR served "There are no information pages yet" and a 404 for every
    page, and a mistyped CONTENT_IMAGES_DIR every image as its alt text, with nothing said:
    `check --deploy`, which a deployment runs, now stops or warns."""
    pages, images = settings.CONTENT_DIR, settings.CONTENT_IMAGES_DIR
    found = []
    pages_found = pages.is_dir() and any(pages.rglob("*.md"))
    if not pages_found:
        found.append(
            checks.Error(
                f"CONTENT_DIR ({pages}) is not a folder of markdown pages.",
                hint="Point it at the content's pages folder (its pages-content).",
                id="content.E001",
            )
        )
    if images.is_dir():
        return found
    if images != pages / "images":
        found.append(
            checks.Warning(
                f"CONTENT_IMAGES_DIR ({images}) is not a folder: every image will show as its "
                "description.",
                id="content.W001",
            )
        )
    elif pages_found and pages.resolve() != SAMPLE_PAGES:
        # The default, a folder inside the pages, where the content repository has none: it
        # keeps its images beside its pages folder.
        beside = pages.parent / "images"
        found.append(
            checks.Warning(
                f"CONTENT_IMAGES_DIR ({images}, the default: CONTENT_DIR/images) is not a "
                "folder: every image will show as its description.",
                hint=(
                    f"Set CONTENT_IMAGES_DIR={beside}, the images folder beside the pages."
                    if beside.is_dir()
                    else "Set CONTENT_IMAGES_DIR to the content's images folder."
                ),
                id="content.W002",
            )
        )
    return found
