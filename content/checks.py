"""The content checker: what an editor should fix before (or after) publishing.

Errors: links to pages that do not exist, in-page links to headings that do not
exist, links not made for their address's scheme (`javascript:` and the like: the
reader sees the markdown as written), HTML the sanitiser removes, images missing from
the images folder (or the folder itself), image addresses the site does not serve,
pages without a title, files that are not UTF-8, front matter (shown on the page as
text), a git merge left unfinished, pages too large to serve, links to files outside
the content folder, markdown files whose names the site does not serve, and lines of
search's words file (`pages.SEARCH_WORDS`) that search cannot read, so leaves out.
Warnings: links to parts of the toolkit that are not built yet, links that reach
their page only by its name (the reader is sent on to it), remote images that
are not loaded, `**` shown as written (bold not closed), images described by a
placeholder (which screen readers read out), and words the words file gives for lay words
that no page uses (the lay words find nothing through them).
"""

import re
from dataclasses import dataclass, replace
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import Resolver404, resolve

from content.pages import (
    HOME_SCREENS,
    MAX_PAGE_BYTES,
    SEARCH_WORDS,
    URL_PREFIX,
    address,
    content_dir,
    elsewhere,
    image_file,
    images_dir,
    list_pages,
    named_like,
    page_file,
    title_from_name,
    too_large,
    valid_path,
)
from content.render import refused_addresses, render
from content.sanitise import GITHUB_IMAGE, IMAGE_URL_PREFIX, ImagePolicy
from content.search import read_words_file, stem, words

# Parts of the toolkit the content links to, whether or not this deployment has them yet.
APP_AREAS = {"my-tracker", "my-reminders-and-notes", "my-wellbeing", "symptom-review", "auth"}
EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel"}
_HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')
_ID = re.compile(r'\sid="([^"]+)"')
_IMG = re.compile(r"<img\s[^>]*>")
_ATTRIBUTE = re.compile(r'\s(src|alt)="([^"]*)"')
# Descriptions a template or an editor leaves to be written later.
PLACEHOLDER_ALTS = {"example-alt-text", "example alt text", "alt text", "image", "picture", "photo"}
# The lines git writes around a conflict it left to be resolved ("=======" alone is also a
# heading's underline).
_MERGE_MARKER = re.compile(r"^(<{7}|>{7})(?= |$)", re.MULTILINE)


@dataclass(frozen=True)
class Finding:
    page: str
    kind: str  # link, anchor, unsafe, image, title
    target: str
    message: str
    error: bool = True
    line: int | None = None  # of the page's file, where what it names is found there


def check(root: Path | None = None, images: Path | None = None) -> list[Finding]:
    root = Path(root or content_dir()).resolve()
    images = Path(images or images_dir()).resolve()
    paths = list_pages(root)
    rendered, sources, findings = {}, {}, []
    folder_found = images.is_dir()
    if not folder_found:
        message = f"images folder not found: {images}; pass --images-dir"
        findings.append(Finding("", "images", str(images), message))
    for path in paths:
        policy = _CheckedImages(
            local_image_exists=lambda name: image_file(name, images) is not None,
            allowed_hosts=settings.CONTENT_IMAGE_HOSTS,
        )
        file = root / f"{path}.md"
        if too_large(file.stat()):
            message = f"larger than {MAX_PAGE_BYTES // 2**20} MB, so not served: split it up"
            findings.append(Finding(path, "size", "", message))
            continue
        raw = file.read_bytes()
        source = raw.decode("utf-8", errors="replace")
        sources[path] = source
        findings += _check_text(path, raw, source)
        page = render(source, policy, title_from_name(path.rsplit("/", 1)[-1]), audit_html=True)
        rendered[path] = page
        if page.untitled:
            findings.append(Finding(path, "title", "", "the page has no `# ` title"))
        if "**" in re.sub(r"<[^>]+>", "", page.html):
            message = "`**` shown as written: a bold part not closed, or closed after a space"
            findings.append(Finding(path, "markdown", "**", message, error=False))
        findings += [Finding(path, "unsafe", item, f"removed: {item}") for item in page.removed]
        findings += _undescribed_images(path, page.html)
        findings += _refused_links(path, source)
        for src in page.missing_images:
            if finding := _check_image(path, src, images, folder_found):
                findings.append(finding)
    findings += _unserved_names(root, set(paths))
    findings += _check_search_words(root, rendered)
    ids = {path: set(_ID.findall(page.html)) for path, page in rendered.items()}
    for path, page in rendered.items():
        for href in dict.fromkeys(unescape(h) for h in _HREF.findall(page.html)):
            if finding := _check_link(path, href, root, ids):
                findings.append(finding)
    return [_with_line(finding, sources.get(finding.page)) for finding in findings]


# What a finding names, as the page's file has it: a link's address or an image's, or the
# attribute or element the sanitiser removed ('onerror="y" on <img>', "<script> element").
_LOCATED = {"link", "anchor", "image", "unsafe", "alt"}
_REMOVED_PART = re.compile(r"^(?:<(\w+)> element|(.+?) on <\w+>)$")


def _with_line(finding: Finding, source: str | None) -> Finding:
    """The finding, with the first line of the page's file that holds what it names: on a
    long page the editor would otherwise hunt for it."""
    if source is None or finding.kind not in _LOCATED or not finding.target:
        return finding
    needle = finding.target
    if finding.kind == "unsafe" and (part := _REMOVED_PART.match(needle)):
        needle = f"<{part.group(1)}" if part.group(1) else part.group(2)
    at = source.find(needle)
    if at < 0:
        return finding
    return replace(finding, line=source.count("\n", 0, at) + 1)


def _check_text(path: str, raw: bytes, source: str) -> list[Finding]:
    found = []
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = f"not UTF-8 (line {line}): shown with \ufffd in places; save it as UTF-8"
        found.append(Finding(path, "encoding", "", message))
    if source.startswith("---\n"):
        message = "front matter is shown on the page as text: remove it"
        found.append(Finding(path, "markdown", "---", message))
    if marker := _MERGE_MARKER.search(source):
        line = source[: marker.start()].count("\n") + 1
        message = (
            f"a git merge left unfinished (line {line}): both versions would be shown, with "
            "the marker lines; keep one and remove the `<<<<<<<`, `=======` and `>>>>>>>` lines"
        )
        found.append(Finding(path, "markdown", marker.group(), message))
    return found


def _refused_links(path: str, source: str) -> list[Finding]:
    """Links markdown makes nothing of for their scheme (`[click](javascript:…)`): the
    reader sees the markdown as written, and the sanitiser, which never sees them, tells
    the editor nothing."""
    found = []
    for written in refused_addresses(source):
        scheme = written.strip().split(":", 1)[0].lower()
        shown = written if len(written) <= 80 else f"{written[:80]}\u2026"
        message = (
            f"a link to a `{scheme}:` address is not made: the reader sees the markdown as "
            f"written ({shown}); link to a page or an http(s), mailto or tel address"
        )
        found.append(Finding(path, "link", written, message))
    return found


def _unserved_names(root: Path, served: set[str]) -> list[Finding]:
    """Markdown files the site does not serve for their names ("Bad_Name.md", "with
    space.md"): an editor expects them to be pages."""
    found = []
    for file in sorted(root.rglob("*.md")):
        relative = file.relative_to(root).with_suffix("").as_posix()
        if relative in served or any(part.startswith(".") for part in file.parts):
            continue
        if not file.resolve().is_relative_to(root):
            message = "a link to a file outside the content folder: not served, and not read"
            found.append(Finding(relative, "outside", file.name, message))
            continue
        message = (
            "not served: a page's file and folder names have only small letters, digits, "
            "hyphens and underscores"
        )
        found.append(Finding(relative, "name", file.name, message))
    return found


def _check_search_words(root: Path, rendered: dict) -> list[Finding]:
    """The lines of the words file search leaves out, and the words it gives for lay words
    that no page searched uses (as search compares them: by their stems)."""
    lines, problems = read_words_file(root)
    found = [
        Finding(SEARCH_WORDS, "words", "", problem.message, line=problem.line or None)
        for problem in problems
    ]
    if not lines:
        return found
    used = {
        stem(word, keep=True)
        for path, page in rendered.items()
        if path not in HOME_SCREENS
        for text in (page.title, page.text, *(h.text for h in page.headings))
        for word in words(text)
    }
    for line in lines:
        for word in line.meant:
            if stem(word) not in used:
                message = f"no page uses `{word}`: its lay words find nothing through it"
                found.append(Finding(SEARCH_WORDS, "words", word, message, False, line.line))
    return sorted(found, key=lambda finding: finding.line or 0)


def _undescribed_images(path: str, html: str) -> list[Finding]:
    """Images whose text alternative is a placeholder left to be written: a screen reader
    reads "example alt text, graphic" in place of what the picture shows."""
    found = []
    for tag in _IMG.findall(html):
        attributes = {name: unescape(value) for name, value in _ATTRIBUTE.findall(tag)}
        if attributes.get("alt", "").strip().lower() not in PLACEHOLDER_ALTS:
            continue
        # Named by its file's name, which the page's file has on the image's line.
        name = urlsplit(attributes.get("src", "")).path.rsplit("/", 1)[-1]
        message = (
            f"image {name} described by a placeholder: screen readers read that out; "
            'describe what it shows, or write alt="" if it is only decoration'
        )
        found.append(Finding(path, "alt", name, message, error=False))
    return found


class _CheckedImages(ImagePolicy):
    """The site's image policy, also remembering the images it refuses from the images folder."""

    def source(self, src: str) -> str | None:
        shown = super().source(src)
        if shown is None and src.startswith(IMAGE_URL_PREFIX):
            self.missing.append(src)
        return shown


def _check_image(path: str, src: str, images: Path, folder_found: bool) -> Finding | None:
    """What an editor is told about an image the site does not show.

    Without the images folder every local image would be missing: the one error
    about the folder says it all.
    """
    parts = urlsplit(src)
    local = GITHUB_IMAGE.fullmatch(src) or src.startswith(IMAGE_URL_PREFIX)
    if not local and (parts.scheme or parts.netloc):
        return Finding(path, "image", src, f"remote image not loaded: {src}", error=False)
    if not folder_found:
        return None
    # A relative address ("images/brain.png"): the site serves images only from
    # IMAGE_URL_PREFIX, so even a file that is there is not shown.
    name = parts.path.rsplit("/", 1)[-1]
    if not local and image_file(name, images):
        message = f"image not shown: write its address as {IMAGE_URL_PREFIX}{name}"
        return Finding(path, "image", src, message)
    return Finding(path, "image", src, f"image missing locally: {src}")


def _target_page(url_path: str, root: Path) -> str | None:
    """The page path an /information/... address serves, if any."""
    rest = url_path.removeprefix(URL_PREFIX).strip("/")
    if not valid_path(rest):
        return None
    if page_file(rest, root):
        return rest
    landing = f"{rest}/{rest.rsplit('/', 1)[-1]}"
    return landing if page_file(landing, root) else None


def _folder_exists(url_path: str, root: Path) -> bool:
    rest = url_path.removeprefix(URL_PREFIX).strip("/")
    return not rest or (valid_path(rest) and (root / rest).is_dir())


def _check_link(path: str, href: str, root: Path, ids: dict) -> Finding | None:
    parts = urlsplit(href)
    if parts.scheme in EXTERNAL_SCHEMES:
        return None
    if parts.scheme or parts.netloc:
        return Finding(path, "link", href, f"link with an unexpected scheme: {href}")
    if not parts.path:
        if parts.fragment and parts.fragment not in ids[path]:
            return Finding(path, "anchor", href, f"no heading for in-page link {href}")
        return None
    if not parts.path.startswith("/"):
        return Finding(path, "link", href, f"relative link (missing https://?): {href}")
    if parts.path.startswith(URL_PREFIX) or parts.path == URL_PREFIX.rstrip("/"):
        target = _target_page(parts.path, root)
        if target:
            if parts.fragment and parts.fragment not in ids.get(target, set()):
                return Finding(path, "anchor", href, f"no heading for link {href}")
            return None
        if _folder_exists(parts.path, root):
            return None
    if _served_by_another_app(parts.path):
        return None
    rest = parts.path.removeprefix(URL_PREFIX).strip("/")
    if rest.split("/")[0] in APP_AREAS:
        return Finding(path, "link", href, f"links to {href}, not built yet", error=False)
    if parts.path.startswith(URL_PREFIX) and (found := elsewhere(rest, list_pages(root))):
        message = f"links to {href}, which has no page: readers are sent on to {found}"
        return Finding(path, "link", href, message, error=False)
    message = f"broken link: no page at {href}"
    if parts.path.startswith(URL_PREFIX) and (likely := named_like(rest, list_pages(root))):
        message += " (did you mean " + " or ".join(address(p) for p in likely) + "?)"
    return Finding(path, "link", href, message)


def _served_by_another_app(url_path: str) -> bool:
    try:
        match = resolve(url_path)
    except Resolver404:
        return False
    return match.url_name not in {"information_page", "information_image"}
