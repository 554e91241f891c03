"""Path traversal in every address that names a file: information pages, their images and
static files. Whatever the path, a 404 or a page of ours, never a file from elsewhere."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from content import pages
from tests.hostile.conftest import HOSTILE

SECRET = "TOP-SECRET-MARKER"
SEGMENTS = [
    "..",
    "%2e%2e",
    "%252e%252e",
    ".%2e",
    "%2f",
    "%5c",
    "..\\..",
    "%00",
    "%c0%ae%c0%ae",
    "~",
    ".git",
    ".hidden",
    "secret.md",
    "secret",
    "secret.jpg",
    "settings.py",
    "toolkit",
    "etc",
    "passwd",
    "pages",
    "images",
    "page",
    "photo.jpg",
    "",
]
paths = st.lists(st.sampled_from(SEGMENTS), min_size=1, max_size=7).map("/".join)


@pytest.fixture
def content(settings, tmp_path):
    """A content folder with a page and an image, and secrets next to it."""
    root, images = tmp_path / "site" / "pages", tmp_path / "site" / "images"
    root.mkdir(parents=True)
    images.mkdir()
    (root / "page.md").write_text("# Page\n")
    (root / ".hidden.md").write_text(f"# {SECRET}\n")
    (images / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    for folder in (tmp_path, tmp_path / "site"):
        (folder / "secret.md").write_text(f"# {SECRET}\n")
        (folder / "secret.jpg").write_text(SECRET)
    settings.CONTENT_DIR, settings.CONTENT_IMAGES_DIR = root, images
    pages._cache.clear()
    pages._catalogue = ((), None)


@pytest.mark.parametrize("prefix", ["/information/", "/information/images/", "/static/"])
def test_no_path_reaches_a_file_outside_its_folder(client, db, content, prefix):
    @HOSTILE
    @given(path=paths)
    def check(path):
        response = client.get(prefix + path)
        assert response.status_code in (200, 301, 302, 404)
        if response.status_code == 302:  # an address ending in a page's name: to that page
            assert response["Location"] == "/information/page"
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert SECRET.encode() not in body
        assert b"SECRET_KEY" not in body

    check()


@pytest.mark.parametrize(
    "url",
    [
        "/static/../toolkit/settings.py",
        "/static/%2e%2e/manage.py",
        "/static/css/..%2f..%2fpyproject.toml",
        "/static/..%5c..%5cpyproject.toml",
        "/static/js/%00.js",
        "/information/images/%2e%2e%2fsecret.jpg",
        "/information/images/photo.jpg%00.md",
        "/information/page%00",
        "/information/page.md",
    ],
)
def test_known_traversal_paths_are_404(client, db, content, url):
    assert client.get(url).status_code == 404


def test_the_files_in_those_folders_are_served(client, db, content):
    assert client.get("/information/page").status_code == 200
    image = client.get("/information/images/photo.jpg")
    assert image.status_code == 200
    assert b"".join(image.streaming_content) == b"\xff\xd8\xff"
