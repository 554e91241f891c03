"""The allowlist every content page passes through, and what we put in place of media.

Content files are written by editors, not by us, so their HTML is untrusted: nothing
in them may run script or make the browser fetch from another site on page load.
nh3 does the sanitising; an attribute filter validates the few URLs we accept.
After sanitising, the (now well-formed) output gets our own markup for videos and
missing images.
"""

import re
from collections.abc import Callable
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
from django.utils.html import format_html

TAGS = {
    *("a", "abbr", "b", "blockquote", "br", "caption", "code", "del", "div", "em", "hr"),
    *("h1", "h2", "h3", "h4", "h5", "h6", "i", "iframe", "img", "ins", "li", "mark"),
    *("nav", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "sup", "table"),
    *("tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul"),
}
# Removed together with everything inside them.
DROP_WITH_CONTENT = {"script", "style", "template", "noscript", "textarea", "select", "title"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
ATTRIBUTES = {
    "a": {"href", "class", "target"},
    "div": {"class"},
    # aria-hidden: a table cell's column name, which screen readers have from the header row.
    "span": {"class", "aria-hidden"},
    "img": {"src", "alt", "class"},
    "nav": {"class", "aria-label"},
    "ol": {"start"},
    # Tables become the design system's responsive table (see render.py).
    "table": {"class", "role"},
    "thead": {"class", "role"},
    "tbody": {"class"},
    "tr": {"class", "role"},
    "td": {"class", "colspan", "rowspan", "role"},
    "th": {"class", "colspan", "rowspan", "role", "scope"},
    # The editors' YouTube embed snippet carries these; the iframe itself is replaced.
    "iframe": {"src", "title", "width", "height", "frameborder", "allow", "allowfullscreen"},
    **{h: {"id"} for h in HEADINGS},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
TABLE_ROLES = {"table", "rowgroup", "row", "columnheader", "rowheader", "cell"}

YOUTUBE_EMBED = re.compile(
    r"https://www\.youtube-nocookie\.com/embed/([A-Za-z0-9_-]{6,20})/?(?:\?.*)?"
)
GITHUB_IMAGE = re.compile(
    r"https://raw\.githubusercontent\.com/parkinsons-toolkit/app-content/"
    r"refs/heads/(?:dev|main)/images/([A-Za-z0-9][A-Za-z0-9._-]*)"
)
SAFE_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
IMAGE_URL_PREFIX = "/information/images/"


class ImagePolicy:
    """Decides where an image may be loaded from, and remembers the ones it refused."""

    def __init__(self, local_image_exists: Callable[[str], bool], allowed_hosts=()):
        self.local_image_exists = local_image_exists
        self.allowed_hosts = set(allowed_hosts)
        self.missing: list[str] = []

    def source(self, src: str) -> str | None:
        if match := GITHUB_IMAGE.fullmatch(src):
            name = match.group(1)
            if self.local_image_exists(name):
                return IMAGE_URL_PREFIX + name
            self.missing.append(src)
            return None
        if src.startswith(IMAGE_URL_PREFIX):
            name = src.removeprefix(IMAGE_URL_PREFIX)
            return src if self.local_image_exists(name) else None
        parts = urlsplit(src)
        if parts.scheme == "https" and parts.hostname in self.allowed_hosts:
            return src
        self.missing.append(src)
        return None


# How a browser finds an address's scheme: with the tabs and line breaks anywhere in it and
# the spaces and control characters before it ignored, whatever the letters' case.
_IGNORED_IN_URL = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"[\x00-\x20]*([A-Za-z][A-Za-z0-9+.-]*):")


def _scheme_allowed(url: str) -> bool:
    """Whether a browser following the address uses one of URL_SCHEMES (or none: a
    relative address)."""
    scheme = _SCHEME.match(_IGNORED_IN_URL.sub("", url))
    return not scheme or scheme.group(1).lower() in URL_SCHEMES


def allowed_value(tag: str, attribute: str, value: str, images: ImagePolicy | None) -> str | None:
    """The value to keep for an attribute nh3 already allows, or None to drop it."""
    if tag == "iframe" and attribute == "src":
        match = YOUTUBE_EMBED.fullmatch(value.strip())
        return f"https://www.youtube-nocookie.com/embed/{match.group(1)}" if match else None
    if tag == "img" and attribute == "src":
        return images.source(value.strip()) if images else None
    if tag == "a" and attribute == "href":
        # Editors sometimes wrap a long href over two lines. nh3 has checked the scheme
        # of the href as written, not of the one joined up here: "java\n script:" is
        # no scheme to it, but joins up to one.
        href = re.sub(r"\s*\n\s*", "", value).strip()
        return href if _scheme_allowed(href) else None
    if tag == "a" and attribute == "target":
        return value if value == "_blank" else None
    if attribute == "id":
        return value if SAFE_ID.fullmatch(value) else None
    if attribute == "role":
        return value if value in TABLE_ROLES else None
    if attribute == "scope":
        return value if value in {"col", "row"} else None
    if attribute == "aria-hidden":
        return value if value == "true" else None
    return value


def _sanitise(html: str, images: ImagePolicy | None) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags=DROP_WITH_CONTENT,
        attributes=ATTRIBUTES,
        attribute_filter=lambda tag, attribute, value: allowed_value(tag, attribute, value, images),
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def clean(html: str, images: ImagePolicy) -> str:
    return _replace_media(_sanitise(html, images))


# nh3's output is well formed: double-quoted attributes, no quote inside a value.
_ATTRS = r"((?:\s+[\w-]+(?:=\"[^\"]*\")?)*)\s*/?"
_MEDIA = re.compile(
    rf"<(h[1-6]){_ATTRS}>(.*?)</\1>|<iframe{_ATTRS}>.*?</iframe>|<img{_ATTRS}>", re.S
)
_IFRAME = re.compile(rf"<iframe{_ATTRS}>.*?</iframe>", re.S)
_ATTR = re.compile(r"([\w-]+)(?:=\"([^\"]*)\")?")
_TAG = re.compile(r"<[^>]*>")
GENERIC_VIDEO_TITLES = {"", "youtube video player", "youtube video"}


def _attributes(text: str) -> dict[str, str]:
    return {name: unescape(value or "") for name, value in _ATTR.findall(text)}


def _replace_media(html: str) -> str:
    """Turn each YouTube iframe into a click-to-load placeholder, and each refused
    image into its alt text. A video is named after its own title or the heading above it;
    the second video under one heading is "(video 2)", so no two buttons read the same."""
    heading = ""
    under_heading = 0  # videos so far under this heading
    seen_h1 = False

    def video(attributes: str) -> str:
        nonlocal under_heading
        under_heading += 1
        named = heading
        if under_heading > 1:
            named = f"{heading} (video {under_heading})" if heading else f"Video {under_heading}"
        return _video(_attributes(attributes), named)

    def replace(match: re.Match) -> str:
        nonlocal heading, seen_h1, under_heading
        if tag := match.group(1):
            attributes, inner = match.group(2), match.group(3)
            if 'id="table-of-contents"' not in attributes:
                heading = unescape(_TAG.sub("", inner)).strip()
                under_heading = 0
            if tag == "h1":
                if seen_h1:  # a page has one h1, its title; any other becomes a section heading
                    tag = "h2"
                seen_h1 = True
            # A video written inside the heading goes after it, as a placeholder like any
            # other: nothing may load from elsewhere before the reader asks.
            videos = []

            def take(iframe: re.Match) -> str:
                videos.append(video(iframe.group(1)))
                return ""

            inner = _IFRAME.sub(take, inner)
            return f"<{tag}{attributes}>{inner}</{tag}>" + "".join(videos)
        if match.group(4) is not None:
            return video(match.group(4))
        attributes = _attributes(match.group(5))
        if attributes.get("src"):
            return match.group(0).replace("<img", '<img loading="lazy"', 1)
        alt = attributes.get("alt", "").strip()
        return format_html('<span class="app-image-missing">[Image: {}]</span>', alt) if alt else ""

    return _MEDIA.sub(replace, html)


def _video(attributes: dict[str, str], heading: str) -> str:
    match = YOUTUBE_EMBED.fullmatch(attributes.get("src", ""))
    if not match:
        return ""  # an iframe from any other site is removed
    video_id = match.group(1)
    title = attributes.get("title", "").strip()
    if title.lower() in GENERIC_VIDEO_TITLES:
        title = heading or "Video"
    return format_html(
        '<div class="app-video">'
        '<p class="app-video__title">Video: {title}</p>'
        '<button type="button" class="nhsuk-button app-video__play" hidden'
        ' data-embed="https://www.youtube-nocookie.com/embed/{id}?autoplay=1" data-title="{title}">'
        'Play video<span class="nhsuk-u-visually-hidden"> “{title}”</span></button>'
        '<p class="app-video__link"><a href="https://www.youtube.com/watch?v={id}"'
        ' target="_blank" rel="noopener noreferrer">Watch this video on YouTube'
        '<span class="nhsuk-u-visually-hidden"> “{title}” (opens in a new tab)</span></a></p>'
        "</div>",
        id=video_id,
        title=title,
    )


class _Auditor(HTMLParser):
    """Lists what the allowlist takes out of a page, for the content checker."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.removed: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in DROP_WITH_CONTENT or tag not in TAGS:
            self.removed.append(f"<{tag}> element")
            return
        # nh3 sets every link's rel itself, so a rel in the content is replaced, not lost.
        allowed = ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        for name, value in attrs:
            value = value or ""
            if name not in allowed:
                self.removed.append(f'{name}="{value[:60]}" on <{tag}>')
            elif name in {"href", "src"} and not _url_allowed(tag, name, value):
                self.removed.append(f'{name}="{value[:80]}" on <{tag}>')
            elif name != "src" and allowed_value(tag, name, value, None) is None:
                self.removed.append(f'{name}="{value[:60]}" on <{tag}>')


def _url_allowed(tag: str, attribute: str, value: str) -> bool:
    if tag == "img":
        return True  # judged by the image check (missing or remote), not here
    # Asked of the sanitiser itself, which checks an address both before and after our
    # filter rewrites it: the checker then lists exactly the addresses readers lose.
    probe = format_html('<{0} {1}="{2}"></{0}>', tag, attribute, value)
    return f' {attribute}="' in _sanitise(probe, None)


def audit(html: str) -> list[str]:
    auditor = _Auditor()
    auditor.feed(html)
    auditor.close()
    return auditor.removed
