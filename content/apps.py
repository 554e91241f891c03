from django.apps import AppConfig
from django.conf import settings
from django.core import checks


class ContentConfig(AppConfig):
    name = "content"

    def ready(self):
        checks.register(content_folders)


def content_folders(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """A mistyped CONTENT_DIR served "There are no information pages yet" and a 404 for every
    page, and a mistyped CONTENT_IMAGES_DIR every image as its alt text, with nothing said:
    `migrate` and `check`, which a deployment runs, now stop or warn."""
    pages, images = settings.CONTENT_DIR, settings.CONTENT_IMAGES_DIR
    found = []
    if not pages.is_dir() or not any(pages.rglob("*.md")):
        found.append(
            checks.Error(
                f"CONTENT_DIR ({pages}) is not a folder of markdown pages.",
                hint="Point it at the content's pages folder (its pages-content).",
                id="content.E001",
            )
        )
    # Only when set apart from the pages: the default, a folder inside them, may not exist.
    if images != pages / "images" and not images.is_dir():
        found.append(
            checks.Warning(
                f"CONTENT_IMAGES_DIR ({images}) is not a folder: every image will show as its "
                "description.",
                id="content.W001",
            )
        )
    return found
