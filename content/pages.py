"""Information pages: finding them under CONTENT_DIR, and rendering each once per version.

This is the content app's public interface: other apps call `get_page(path)`.
A page's path is its file's path under the content folder without `.md`
("managing-symptoms/cramps-and-spasms", "what-is-parkinsons").

Each rendered page is kept in memory with the modification time and size of the
file it came from. `get_page` checks the file (one `stat`), so an edited file shows
at once without a restart, and a file that has not changed is never rendered again
by this process. What depends on every page (the index, search, whole pages served
to anonymous readers) follows `version()`, which looks at the folder again at most
every CONTENT_RECHECK_SECONDS; it also changes when search's words file (SEARCH_WORDS) does.
"""

import difflib
import os
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from content.render import Heading, Organisation, inline_text, render
from content.sanitise import ImagePolicy

__all__ = ["Organisation", "Page", "get_page"]

URL_PREFIX = "/information/"
# Each part of a page path: lower-case words joined by hyphens. Anything else
# ("..", dots, encoded slashes, hidden folders) names no page.
SEGMENT = re.compile(r"[a-z0-9][a-z0-9_-]*")
IMAGE_NAME = re.compile(
    r"[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\.(?:jpe?g|png|gif|webp)", re.I
)
# Folders that hold something other than pages.
NOT_SECTIONS = {"images"}


@dataclass(frozen=True)
class Page:
    path: str
    title: str
    html: str
    headings: list[Heading]
    questions: list[str]
    organisations: list[Organisation]
    text: str
    untitled: bool
    missing_images: list[str]

    @property
    def url(self) -> str:
        return address(self.path)

    @property
    def url_path(self) -> str:
        return landing_url_path(self.path)

    @property
    def asks_to_track(self) -> bool:
        return 'href="/my-tracker"' in self.html or 'href="/information/my-tracker"' in self.html


def address(path: str) -> str:
    """Where the page at `path` is published ("/information/managing-symptoms" for its own page)."""
    return URL_PREFIX + landing_url_path(path)


def landing_url_path(path: str) -> str:
    """A section's own page ("a/b/b") is published at the section's address ("a/b")."""
    parts = path.split("/")
    if len(parts) > 1 and parts[-1] == parts[-2]:
        parts = parts[:-1]
    return "/".join(parts)


def content_dir() -> Path:
    return Path(settings.CONTENT_DIR).resolve()


def images_dir() -> Path:
    return Path(settings.CONTENT_IMAGES_DIR).resolve()


def valid_path(path: str) -> bool:
    parts = path.split("/")
    return bool(path) and all(SEGMENT.fullmatch(part) for part in parts)


def page_file(path: str, root: Path | None = None) -> Path | None:
    """The markdown file for a page path, only ever inside the content folder."""
    if not valid_path(path):
        return None
    root = root or content_dir()
    try:
        candidate = (root / f"{path}.md").resolve()
        found = candidate.is_relative_to(root) and candidate.is_file()
    except OSError:  # a name too long for the file system, a file vanishing, …
        return None
    return candidate if found else None


def image_file(name: str, root: Path | None = None) -> Path | None:
    if not IMAGE_NAME.fullmatch(name):
        return None
    root = root or images_dir()
    try:
        candidate = (root / name).resolve()
        found = candidate.parent == root and candidate.is_file()
    except OSError:
        return None
    return candidate if found else None


_cache: dict[Path, tuple[tuple[int, int], Page]] = {}
_lock = threading.Lock()


def get_page(path: str) -> Page | None:
    """The page at `path` ("section/page" or "page"), or None if there is none.

    A section's address ("managing-symptoms") gives its landing page
    ("managing-symptoms/managing-symptoms").
    """
    path = path.strip("/")
    file = page_file(path)
    if file is None and valid_path(path):
        path = f"{path}/{path.rsplit('/', 1)[-1]}"
        file = page_file(path)
    if file is None:
        return None
    return load(file, path)


# Twice the largest page of the content (1.7 MB): a file many times that, pasted or exported
# by mistake, took a worker a minute and 1.5 GB to render, and the checker says so instead.
MAX_PAGE_BYTES = 4 * 2**20


def too_large(stat: os.stat_result) -> bool:
    return stat.st_size > MAX_PAGE_BYTES


def load(file: Path, path: str) -> Page | None:
    try:
        stat = file.stat()
    except OSError:
        return None
    if too_large(stat):
        return None
    version = (stat.st_mtime_ns, stat.st_size)
    cached = _cache.get(file)
    if cached and cached[0] == version:
        return cached[1]
    try:
        source = file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    page = build(path, source)
    with _lock:
        _cache[file] = (version, page)
    return page


def build(path: str, source: str) -> Page:
    images = ImagePolicy(
        local_image_exists=lambda name: image_file(name) is not None,
        allowed_hosts=settings.CONTENT_IMAGE_HOSTS,
    )
    rendered = render(source, images, fallback_title=title_from_name(path.rsplit("/", 1)[-1]))
    return Page(
        path=path,
        title=rendered.title,
        html=rendered.html,
        headings=rendered.headings,
        questions=rendered.questions,
        organisations=rendered.organisations,
        text=rendered.text,
        untitled=rendered.untitled,
        missing_images=rendered.missing_images,
    )


def title_from_name(name: str) -> str:
    return name.replace("-", " ").replace("_", " ").capitalize()


def snapshot(root: Path | None = None) -> tuple[tuple[str, int, int], ...]:
    """(page path, modification time, size) of every page: it changes when any page does."""
    root = root or content_dir()
    inside = os.path.join(os.path.realpath(root), "")
    found = []
    for folder, folders, files in os.walk(root):
        top = folder == str(root)
        # Hidden folders (.git), images, and names that are not page names are skipped.
        folders[:] = sorted(
            f for f in folders if SEGMENT.fullmatch(f) and not (top and f in NOT_SECTIONS)
        )
        prefix = "" if top else Path(folder).relative_to(root).as_posix() + "/"
        for name in sorted(files):
            stem, extension = os.path.splitext(name)
            if extension == ".md" and SEGMENT.fullmatch(stem):
                file = os.path.join(folder, name)
                # A link to a file outside the folder (git keeps links) is no page, as
                # page_file has it: its name is not listed nor its file read. Only a link is
                # resolved: this runs over every page every few seconds.
                if os.path.islink(file) and not os.path.realpath(file).startswith(inside):
                    continue
                try:
                    stat = os.stat(file)
                except OSError:  # removed since the folder was listed
                    continue
                found.append((prefix + stem, stat.st_mtime_ns, stat.st_size))
    return tuple(found)


# The lay words search also understands, kept by the editors beside the pages (not a page:
# its name does not end in .md). Search reads it when it builds its index.
SEARCH_WORDS = "search-words.txt"


def _file_state(file: Path) -> tuple[int, int] | None:
    """(mtime, size) of a file, or None when there is none."""
    try:
        stat = file.stat()
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size)


_version: tuple[float, object, tuple] = (float("-inf"), None, ())


def version() -> tuple:
    """The content folder with the state of its words file, then the (path, mtime, size) of
    each page, at most a few seconds old.

    Walking the folder costs a stat per page, and even resolving its path a stat per
    folder above it: a busy server does both once every CONTENT_RECHECK_SECONDS rather
    than on every request. A different CONTENT_DIR setting counts as a change at once.
    """
    global _version
    checked_at, configured, state = _version
    now = time.monotonic()
    if now - checked_at >= settings.CONTENT_RECHECK_SECONDS or configured != settings.CONTENT_DIR:
        root = content_dir()
        state = ((str(root), _file_state(root / SEARCH_WORDS)), *snapshot(root))
        _version = (now, settings.CONTENT_DIR, state)
    return state


def list_pages(root: Path | None = None) -> list[str]:
    """Every page path under the content folder."""
    return [path for path, *_ in snapshot(root)]


def address_named(path: str) -> str | None:
    """The address of the page or folder of pages that `path` names but for the case of its
    letters or a slash at its end ("Managing-Symptoms/Low-Mood/"), or None when it names none.

    Printed leaflets and their readers put capitals in addresses. Only an ASCII address is
    lowered: Python lowers a few other characters to ASCII letters (the Kelvin sign to "k"),
    and those differ from the page's address by more than the case of a letter.
    """
    wanted = path.strip("/").lower()
    if wanted == path or not path.isascii() or not valid_path(wanted):
        return None
    if (page := get_page(wanted)) is not None:
        return page.url
    return URL_PREFIX + wanted if find_section(wanted) else None


def elsewhere(path: str, paths: Iterable[str] | None = None) -> str | None:
    """The address of the one page (of `paths`, else all) named as `path` ends, or None if
    there are none or several.

    Some content links name a page under a section it is not in ("treatments-and-therapies/
    medications" for "treatments/medications"): its name alone still finds it.
    """
    found = named_like(path, paths, exactly=True)
    return address(found[0]) if len(found) == 1 else None


def named_like(path: str, paths: Iterable[str] | None = None, exactly: bool = False) -> list[str]:
    """The pages (of `paths`, else all) named as `path` ends or, unless `exactly`, named
    nearly so (a slip of the keyboard: "hobbiess-and-pets"), closest first. None when the page
    at `path` itself is among them: it is there, only unreadable."""
    if not valid_path(path):
        return []
    by_name: dict[str, list[str]] = {}
    for page in (page for page, *_ in version()[1:]) if paths is None else paths:
        by_name.setdefault(page.rsplit("/", 1)[-1], []).append(page)
    name = path.rsplit("/", 1)[-1]
    names = [name] if exactly else difflib.get_close_matches(name, by_name, n=3, cutoff=0.7)
    found = [page for n in names for page in by_name.get(n, [])]
    here = landing_url_path(path)
    return [] if any(landing_url_path(page) == here for page in found) else found


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass
class Section:
    """A folder of pages: its own pages, and the folders inside it."""

    path: str
    title: str
    url: str
    landing: str | None = None
    pages: list[Link] = field(default_factory=list)
    sections: list["Section"] = field(default_factory=list)


_titles: dict[Path, tuple[tuple[int, int], str]] = {}
_FIRST_TITLE = re.compile(r"^# +(.+?)[ #]*$", re.M)


def page_title(path: str) -> str:
    """A page's title without rendering it: its first `# ` heading."""
    file = page_file(path)
    fallback = title_from_name(path.rsplit("/", 1)[-1])
    if file is None:
        return fallback
    try:
        stat = file.stat()
        version = (stat.st_mtime_ns, stat.st_size)
        cached = _titles.get(file)
        if cached and cached[0] == version:
            return cached[1]
        source = file.read_text(encoding="utf-8", errors="replace")
    except OSError:  # removed or unreadable since it was found: the page itself is a 404
        return fallback
    match = _FIRST_TITLE.search(source)
    title = inline_text(match.group(1)) if match else fallback
    with _lock:
        _titles[file] = (version, title)
    return title


def folder_title(folder: str) -> str:
    """Its landing page's title; without one, the folder's name (as the landing's would be)."""
    return page_title(f"{folder}/{folder.rsplit('/', 1)[-1]}")


_catalogue: tuple[tuple, Section | None] = ((), None)
# The content repository's home screens (signed in, signed out), written for the app it was
# made for: not information pages. Still served at their addresses, they are neither listed
# nor searched.
HOME_SCREENS = {"home", "home-logged-out"}


def catalogue() -> Section:
    """Every page but the home screens, grouped by folder; the root holds the top-level pages.

    Built again only when a page file is added, removed or changed.
    """
    global _catalogue
    state = version()
    if _catalogue[0] != state or _catalogue[1] is None:
        built = _build_catalogue([path for path, *_ in state[1:] if path not in HOME_SCREENS])
        with _lock:
            _catalogue = (state, built)
    return _catalogue[1]


def _build_catalogue(paths: list[str]) -> Section:
    root = Section(path="", title="Information", url=URL_PREFIX)
    folders = {"": root}
    for path in paths:
        *parents, name = path.split("/")
        for depth in range(1, len(parents) + 1):
            folder = "/".join(parents[:depth])
            if folder not in folders:
                section = Section(folder, folder_title(folder), URL_PREFIX + folder)
                folders["/".join(parents[: depth - 1])].sections.append(section)
                folders[folder] = section
        parent = folders["/".join(parents)]
        if parents and name == parents[-1]:
            parent.landing = path
        else:
            parent.pages.append(Link(page_title(path), URL_PREFIX + path))
    return root


def find_section(path: str) -> Section | None:
    section: Section | None = catalogue()
    parts = path.split("/")
    for depth in range(1, len(parts) + 1):
        wanted = "/".join(parts[:depth])
        section = next((s for s in section.sections if s.path == wanted), None)
        if section is None:
            return None
    return section


def breadcrumbs(url_path: str) -> list[Link]:
    """Home, Information, then each folder above what is shown at /information/<url_path>."""
    crumbs = [Link("Home", "/"), Link("Information", URL_PREFIX)]
    parts = url_path.split("/")[:-1]
    for depth in range(1, len(parts) + 1):
        folder = "/".join(parts[:depth])
        crumbs.append(Link(folder_title(folder), URL_PREFIX + folder))
    return crumbs
