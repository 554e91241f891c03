"""Markdown to safe HTML, plus what other parts of the toolkit read from a page.

One pass over markdown-it's tokens gives the heading ids (the rule the content's
own tables of contents use), the title, the specialist's questions, the
organisations tables and the plain text that search uses.
"""

import re
from dataclasses import dataclass, field
from html import escape, unescape

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from markdown_it import MarkdownIt
from markdown_it.token import Token

from content.sanitise import ImagePolicy, audit, clean


def _parser() -> MarkdownIt:
    """Pages are rendered with this, and the checker asks one like it what it refuses."""
    return MarkdownIt("commonmark", {"html": True, "typographer": True}).enable(
        ["table", "strikethrough", "smartquotes"]
    )


_markdown = _parser()


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    id: str


@dataclass(frozen=True)
class Organisation:
    name: str
    phone: str
    website: str


@dataclass
class Rendered:
    html: str
    title: str
    headings: list[Heading]
    questions: list[str]
    organisations: list[Organisation]
    text: str
    untitled: bool
    missing_images: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def slugify(text: str) -> str:
    """Lower case, punctuation dropped, spaces to hyphens, repeated hyphens collapsed."""
    text = re.sub(r"[^\w\s-]|_", "", text.lower()).strip()
    return re.sub(r"-+", "-", re.sub(r"\s", "-", text))


_TAG = re.compile(r"<[^>]*>")
_HREF = re.compile(r"""href\s*=\s*["']([^"']*)["']""")
# "They may ask about:" and its variants lead the lists of what a specialist may ask. Without
# "about" the words can lead something else: one page's "They might ask:" lists treatments.
_QUESTIONS_LEAD = re.compile(r"they (?:may|might) ask about\b", re.I)
_NO_VALUE = {"", "-", "--", "n/a", "none"}
_ADDRESS_IN_TEXT = re.compile(r"(?:https?://|www\.)\S+")
_TAG_LINE = re.compile(r"[ \t]*</?([A-Za-z][A-Za-z0-9-]*)\b[^<>]*>[ \t]*")
# As a website typed into the contact form is read ("www.…" is taken to be https), but
# only a web address: the contact's link must never run script or leave the web.
_WEBSITE = forms.URLField(required=False, validators=[URLValidator(schemes=["http", "https"])])


def _prepare(source: str) -> str:
    """Smooth over editing slips so the markdown next to raw HTML renders.

    A line that is one HTML tag starts a raw HTML block that runs to the next blank line
    (CommonMark), so markdown straight after a `<div>`, a `</div>` or a lone `<img>`
    would be shown as its raw text: a list of when to go to A&E, say. A blank line is
    put between them, as is one between markdown and a `</div>` straight after it. One
    page closes a block with `</div` and no `>`.
    """
    source = re.sub(r"^([ \t]{0,3}</div)[ \t]*$", r"\1>", source, flags=re.M)
    lines = source.split("\n")
    prepared = []
    for before, line, after in zip(["", *lines[:-1]], lines, [*lines[1:], ""], strict=True):
        prepared.append(line)
        if _opens_raw_block(line, before) and after.strip() and not after.lstrip().startswith("<"):
            prepared.append("")
    source = "\n".join(prepared)
    return re.sub(r"^([ \t]*[^\s<][^\n]*\n)(?=[ \t]{0,3}</div>)", r"\1\n", source, flags=re.M)


def refused_addresses(source: str) -> list[str]:
    """The addresses, as written, of the links, images and link definitions markdown-it
    makes nothing of for their scheme (`javascript:`, `vbscript:`, `file:`, `data:` but
    for an image's): the page shows their markdown as written. For the content checker.

    Asked of the parser itself, so code spans and code blocks, where an editor may show
    such a link, are left out exactly as the page leaves them.
    """
    parser = _parser()
    written: dict[str, str] = {}  # markdown-it judges an address once it has encoded it
    refused: list[str] = []

    def normalise(url: str) -> str:
        normalised = _markdown.normalizeLink(url)
        written[normalised] = url
        return normalised

    def validate(url: str) -> bool:
        if _markdown.validateLink(url):
            return True
        refused.append(written.get(url, url))
        return False

    parser.normalizeLink = normalise
    parser.validateLink = validate
    parser.parse(_prepare(source))
    return list(dict.fromkeys(refused))


def _opens_raw_block(line: str, before: str) -> bool:
    """Whether a line that is one HTML tag starts a raw HTML block: a `div` always does,
    any other tag only where a paragraph is not going on (after a blank line)."""
    tag = _TAG_LINE.fullmatch(line)
    return bool(tag) and (tag.group(1).lower() == "div" or not before.strip())


def _plain(inline: Token) -> str:
    parts = []
    for child in inline.children or []:
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
        elif child.type == "html_inline" and child.content.lower().startswith("<br"):
            parts.append("\n")
    return unescape("".join(parts))


def inline_text(source: str) -> str:
    """The words of one line of markdown as a page shows them: curly quotes, no markup."""
    (inline,) = _markdown.parseInline(source)
    return " ".join(_plain(inline).split())


def _cell(inline: Token) -> tuple[str, str]:
    """A table cell's text (line breaks kept) and the first link in it."""
    href = ""
    for child in inline.children or []:
        if child.type == "link_open" and not href:
            href = child.attrGet("href") or ""
        elif child.type == "html_inline" and not href and (m := _HREF.search(child.content)):
            href = unescape(m.group(1))
    return _plain(inline).strip(), re.sub(r"\s+", "", href)


def _organisations(tokens: list[Token], start: int) -> tuple[list[Organisation], int]:
    """Rows of an "Organisation | About | Phone Number | Website" table."""
    rows: list[list[tuple[str, str]]] = []
    row: list[tuple[str, str]] = []
    i = start
    while tokens[i].type != "table_close":
        token = tokens[i]
        if token.type == "tr_open":
            row = []
        elif token.type == "inline":
            row.append(_cell(token))
        elif token.type == "tr_close":
            rows.append(row)
        i += 1
    if not rows:
        return [], i
    header = [text.lower() for text, _ in rows[0]]
    if not header or not header[0].startswith("organisation"):
        return [], i
    phone_col = next((n for n, h in enumerate(header) if "phone" in h), None)
    web_col = next((n for n, h in enumerate(header) if "website" in h), None)
    found = []
    for cells in rows[1:]:
        name = cells[0][0] if cells else ""
        if not name:
            continue
        phone = cells[phone_col][0] if phone_col is not None and phone_col < len(cells) else ""
        phone = phone.split("\n")[0].strip().rstrip("*").strip()
        website = ""
        if web_col is not None and web_col < len(cells):
            text, href = cells[web_col]
            website = _website(href or text.split("\n")[0].strip())
            if not website and (named := _ADDRESS_IN_TEXT.search(text)):
                # "Depression: www.mind.org.uk/…": addresses each after what they are for.
                website = _website(named.group().rstrip(".,;)"))
        found.append(
            Organisation(
                name=" ".join(name.split()),
                phone="" if phone.lower() in _NO_VALUE else phone,
                website=website,
            )
        )
    return found, i


def _website(address: str) -> str:
    """The address as a contact's website, or "" when it is not one."""
    try:
        return _WEBSITE.clean(address)
    except ValidationError:
        return ""


def _add_class(token: Token, name: str) -> None:
    token.attrSet("class", " ".join(filter(None, [token.attrGet("class"), name])))


def _html(content: str) -> Token:
    return Token("html_inline", "", 0, content=content)


def _reflowing(tokens: list[Token], start: int) -> None:
    """Mark up the table opening at tokens[start] as the design system's responsive table.

    Below desktop width each row becomes a block of lines, each cell led by its column's
    name, so a wide table never scrolls sideways. The name is hidden from screen readers,
    which read the header row; the roles keep the table a table for them once the blocks
    are no longer laid out as one.
    """
    structure = {
        "table_open": ("nhsuk-table nhsuk-table--responsive", "table"),
        "thead_open": ("nhsuk-table__head", "rowgroup"),
        "tbody_open": ("nhsuk-table__body", None),
        "tr_open": ("nhsuk-table__row", "row"),
    }
    names: list[str] = []
    column = 0
    i = start
    while tokens[i].type != "table_close":
        token = tokens[i]
        if token.type in structure:
            name, role = structure[token.type]
            _add_class(token, name)
            if role:
                token.attrSet("role", role)
            column = 0
        elif token.type in {"th_open", "td_open"}:
            if style := token.attrGet("style"):
                # Column alignment arrives as an inline style, which the CSP would block.
                token.attrs.pop("style")
                _add_class(token, "app-align-" + style.split(":")[-1].strip())
            inline = tokens[i + 1]
            if token.type == "th_open":
                _add_class(token, "nhsuk-table__header")
                token.attrSet("role", "columnheader")
                token.attrSet("scope", "col")
                names.append(" ".join(_plain(inline).split()))
            else:
                _add_class(token, "nhsuk-table__cell")
                token.attrSet("role", "cell")
                name = escape(names[column] if column < len(names) else "")
                # Two children side by side on narrow screens: the name, then the value.
                inline.children = [
                    _html(f'<span class="nhsuk-table__heading" aria-hidden="true">{name} </span>'),
                    _html("<span>"),
                    *(inline.children or []),
                    _html("</span>"),
                ]
            column += 1
        i += 1


# A point listed under a question, kept in the question's plain text: on a line of its own
# where line breaks show (the questions list, the box to change it, the downloaded data), and
# still set apart by its dash where the question runs on one line (the summary, an appointment).
SUB_POINT = "\n\u2013 "


def _asked_about(lead: str) -> str:
    """What a list's lead says it asks about: "They may ask about any changes in vision:" is
    "Changes in vision"; "" when it names nothing ("They may ask about:")."""
    about = _QUESTIONS_LEAD.sub("", " ".join(lead.split()), count=1)
    about = re.sub(r"^\W*(?:any\s+)?", "", about).rstrip(" :.")
    return about[:1].upper() + about[1:]


def _questions(asked: list[tuple[str, list[str]]]) -> list[str]:
    """Every list's questions. Where a page has several lists, each about something it names,
    their questions say it ("Changes in sense of touch: Which parts of the body are
    affected?"): kept in the patient's notes, apart from the page, they would not."""
    topics = [about for about, _ in asked]
    if len(asked) < 2 or not all(topics):
        return [question for _, questions in asked for question in questions]
    return [f"{about}: {question}" for about, questions in asked for question in questions]


def _list_items(tokens: list[Token], start: int) -> list[str]:
    """The text of each top-level item of the list opening at tokens[start], followed by
    the items of any list inside it (at any depth), each as a `SUB_POINT`."""
    level = tokens[start].level
    items: list[list[str]] = []  # an item's own words, then each point under it
    for token in tokens[start + 1 :]:
        if token.type == "bullet_list_close" and token.level == level:
            break
        if token.type == "list_item_open":
            if token.level == level + 1:
                items.append([""])
            else:
                items[-1].append("")
        elif token.type == "inline":
            # The item's own paragraphs, even one after its sub-list; the rest are its points'.
            part = 0 if token.level == level + 3 else -1
            items[-1][part] = f"{items[-1][part]} {_plain(token)}"
    found = []
    for own, *points in ([" ".join(part.split()) for part in item] for item in items):
        text = own + "".join(SUB_POINT + point for point in points if point)
        if text := text.strip():
            found.append(text)
    return found


def _title_tokens(title: str) -> list[Token]:
    text = Token("text", "", 0, content=title)
    return [
        Token("heading_open", "h1", 1, block=True),
        Token("inline", "", 0, content=title, children=[text], block=True),
        Token("heading_close", "h1", -1, block=True),
    ]


def render(
    source: str, images: ImagePolicy, fallback_title: str, audit_html: bool = False
) -> Rendered:
    """Render a page; one without a `# ` title gets `fallback_title` as its h1.

    With `audit_html`, also list what the sanitiser takes out (for the content checker).
    """
    tokens = _markdown.parse(_prepare(source))
    untitled = not any(t.type == "heading_open" and t.tag == "h1" for t in tokens)
    if untitled:
        tokens[:0] = _title_tokens(fallback_title)
    title, headings, organisations, text = "", [], [], []
    asked: list[tuple[str, list[str]]] = []  # what each list of questions is about, and them
    used_ids: set[str] = set()
    in_toc = False
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            heading_text = " ".join(_plain(tokens[i + 1]).split())
            if token.tag == "h1" and title:
                # One h1 per page: a second top-level heading is a section heading.
                token.tag = tokens[i + 2].tag = "h2"
            elif token.tag == "h1":
                title = heading_text
            slug = base = slugify(heading_text) or "section"
            n = 0
            while slug in used_ids:
                n += 1
                slug = f"{base}-{n}"
            used_ids.add(slug)
            token.attrSet("id", slug)
            headings.append(Heading(int(token.tag[1]), heading_text, slug))
        elif token.type == "inline":
            plain = _plain(token)
            # Search's text is what the page says: its title and table of contents only
            # repeat it, and a snippet from them reads "Tremor Table of Contents What…".
            if not in_toc and tokens[i - 1].tag != "h1":
                text.append(plain)
            if (
                tokens[i - 1].type == "paragraph_open"
                and _QUESTIONS_LEAD.match(plain.strip())
                and i + 2 < len(tokens)
                and tokens[i + 2].type == "bullet_list_open"
            ):
                asked.append((_asked_about(plain), _list_items(tokens, i + 2)))
        elif token.type == "table_open":
            found, _ = _organisations(tokens, i)
            organisations += found
            _reflowing(tokens, i)
        elif token.type == "html_block":
            stripped = token.content.strip()
            if re.fullmatch(r'<div\s+class="table-of-contents"\s*>', stripped):
                token.content = '<nav class="table-of-contents" aria-label="Table of contents">\n'
                in_toc = True
            elif in_toc and stripped == "</div>":
                token.content = "</nav>\n"
                in_toc = False
    raw = _markdown.renderer.render(tokens, _markdown.options, {})
    html = clean(raw, images)
    return Rendered(
        html=html,
        title=title,
        headings=headings,
        questions=_questions(asked),
        organisations=organisations,
        text="\n".join(text),
        untitled=untitled,
        missing_images=images.missing,
        removed=audit(raw) if audit_html else [],
    )
