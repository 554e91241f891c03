from pathlib import Path

import pytest

from content import pages, search, whole_pages

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "content-corpus"


@pytest.fixture(autouse=True)
def _fresh_caches():
    # Files written by a test can share a modification time with the last test's.
    pages._cache.clear()
    pages._titles.clear()
    pages._catalogue = ((), None)
    search._index = ((), [])
    pages._version = (float("-inf"), None, ())
    whole_pages._pages.clear()


@pytest.fixture
def corpus(settings):
    """The toolkit's real published content, with its images."""
    if not (CORPUS / "pages-content").is_dir():
        pytest.skip(f"the content corpus is not at {CORPUS}")
    settings.CONTENT_DIR = CORPUS / "pages-content"
    settings.CONTENT_IMAGES_DIR = CORPUS / "images"
    return CORPUS


@pytest.fixture
def content(settings, tmp_path):
    """An empty content folder; `content.write("a/b", "# Title")` adds a page."""

    class Folder:
        root = tmp_path / "pages"
        images = tmp_path / "images"

        def write(self, path: str, text: str) -> Path:
            file = self.root / f"{path}.md"
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(text, encoding="utf-8")
            return file

    folder = Folder()
    folder.root.mkdir()
    folder.images.mkdir()
    settings.CONTENT_DIR = folder.root
    settings.CONTENT_IMAGES_DIR = folder.images
    return folder
