"""Search over every page's title, headings and text.

The index holds each page's words with their counts, rebuilt when any page file
changes. A query's words match the start of words on a page ("tremor" finds
"tremors"); a page must contain every word. Pages whose title, then headings,
match come first. A query that matches nothing may be a typo: `did_you_mean` offers
the nearest words the pages use.
"""

import bisect
import difflib
import re
import threading
from collections import Counter
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from content.pages import HOME_SCREENS, Page, get_page, version

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
SNIPPET_RADIUS = 90
_WORD = re.compile(r"\w+")
APOSTROPHE = "\u2019"  # curly, as the content writes it


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace(APOSTROPHE, "'"))


@dataclass
class Entry:
    page: Page
    title_words: list[str]
    heading_words: list[str]
    body_words: list[str]
    body_counts: Counter

    @classmethod
    def build(cls, page: Page) -> "Entry":
        counts = Counter(words(page.text))
        return cls(
            page=page,
            title_words=sorted(set(words(page.title))),
            heading_words=sorted({w for h in page.headings for w in words(h.text)}),
            body_words=sorted(counts),
            body_counts=counts,
        )


def _prefixed(sorted_words: list[str], term: str) -> list[str]:
    start = bisect.bisect_left(sorted_words, term)
    end = bisect.bisect_left(sorted_words, term + "\uffff")
    return sorted_words[start:end]


@dataclass
class Result:
    page: Page
    score: tuple[int, int, int]
    snippet: SafeString
    headings: list

    @property
    def title(self) -> str:
        return self.page.title


_index: tuple[tuple, list[Entry], list[str]] = ((), [], [])
_lock = threading.Lock()


def _current() -> tuple[tuple, list[Entry], list[str]]:
    """The index of the pages as they are, and every word they use, sorted."""
    global _index
    signature = version()
    if _index[0] != signature:
        entries = [
            Entry.build(page)
            for path, *_ in signature[1:]
            if path not in HOME_SCREENS and (page := get_page(path))
        ]
        vocabulary = sorted(
            {w for e in entries for w in (*e.title_words, *e.heading_words, *e.body_words)}
        )
        with _lock:
            _index = (signature, entries, vocabulary)
    return _index


def index() -> list[Entry]:
    return _current()[1]


# How alike a typed word and a word of the pages must be to be offered for it (difflib's ratio:
# "dystnia" and "dystonia" are 0.93, "tremer" and "tremor" 0.83).
LIKENESS = 0.8


def did_you_mean(query: str) -> str:
    """The query with each word that starts no word of the pages replaced by the nearest word
    they use, when that finds pages; else "". Asked only when nothing matched, so the cost of
    comparing with every word is paid by a search that found nothing anyway."""
    vocabulary = _current()[2]
    typed = [w for w in dict.fromkeys(words(query[:MAX_QUERY_LENGTH])) if len(w) > 1]
    fixed = []
    for word in typed:
        if _prefixed(vocabulary, word):
            fixed.append(word)
            continue
        near = difflib.get_close_matches(word, vocabulary, n=1, cutoff=LIKENESS)
        if not near:
            return ""
        fixed.append(near[0])
    suggestion = " ".join(fixed)
    return suggestion if fixed != typed and search(suggestion, limit=0)[1] else ""


def terms_of(query: str) -> list[str]:
    """The distinct words of a query, longest first, at most MAX_TERMS of them."""
    found = [w for w in dict.fromkeys(words(query[:MAX_QUERY_LENGTH])) if len(w) > 1 or w.isdigit()]
    return sorted(found, key=len, reverse=True)[:MAX_TERMS]


RESULTS_PER_PAGE = 20


def search(query: str, limit: int = RESULTS_PER_PAGE, start: int = 0) -> tuple[list[Result], int]:
    """`limit` results from the `start`-th best on, and how many pages matched."""
    terms = terms_of(query)
    if not terms:
        return [], 0
    scored = []
    for entry in index():
        title = heading = body = 0
        for term in terms:
            in_title = bool(_prefixed(entry.title_words, term))
            in_headings = bool(_prefixed(entry.heading_words, term))
            count = sum(entry.body_counts[w] for w in _prefixed(entry.body_words, term))
            if not (in_title or in_headings or count):
                break
            title += in_title
            heading += in_headings
            body += min(count, 50)
        else:
            scored.append(((title, heading, body), entry))
    scored.sort(key=lambda item: (item[0], -len(item[1].page.path)), reverse=True)
    results = [
        Result(entry.page, score, snippet(entry, terms), matching_headings(entry, terms))
        for score, entry in scored[start : start + limit]
    ]
    return results, len(scored)


def _term_pattern(terms: list[str]) -> re.Pattern:
    return re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")\w*", re.I)


def matching_headings(entry: Entry, terms: list[str]) -> list:
    pattern = _term_pattern(terms)
    return [h for h in entry.page.headings if h.level > 1 and pattern.search(h.text)][:3]


def snippet(entry: Entry, terms: list[str]) -> SafeString:
    """Some text around the first match, with the matched words marked."""
    text = entry.page.text
    pattern = _term_pattern(terms)
    match = pattern.search(text.replace(APOSTROPHE, "'"))
    if match is None:
        return SafeString("")
    start = max(0, match.start() - SNIPPET_RADIUS)
    end = min(len(text), match.end() + SNIPPET_RADIUS * 2)
    window = " ".join(text[start:end].split())
    pieces, last = [], 0
    for found in pattern.finditer(window.replace(APOSTROPHE, "'")):
        pieces.append(escape(window[last : found.start()]))
        pieces.append(f"<mark>{escape(window[found.start() : found.end()])}</mark>")
        last = found.end()
    pieces.append(escape(window[last:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every piece is escaped
