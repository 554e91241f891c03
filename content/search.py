"""Search over every page's title, headings and text.

Words are compared as a reader means them rather than as they are spelled: without case,
without a possessive ("Parkinson's" is "parkinson") and without an ending, by the Snowball
English stemmer ("tremors" is "tremor"; "constipated" and "constipation" are both "constip").
A query's word matches a word of a page that is the same, or that starts with it, as typed or
so reduced ("trem" finds "tremor"); a page must match every word.

The index holds every word the pages use with the pages that use it, and how (in the title, in
a heading, how often in the text); it is rebuilt when any page file changes. A page's score
adds up, for each word of the query, a match in its title, in its headings and in its text (by
how often the word is used there for the page's length), the title counting most; pages that
hold the words themselves come before those that only hold longer words starting with them
("wee" before "weeks"). A query that matches nothing may be a typo: `did_you_mean` offers the
nearest words the pages use.

Readers type lay words the pages do not use ("shaky" where they say "tremor"). The editors keep
a list of them with the pages, in the content folder's words file (`pages.SEARCH_WORDS`), a line
a meaning:

    # Lay words, then `=`, then the words the pages use.
    shaky, shaking, trembling = tremor
    bad dreams, nightmares = dreams

A typed word on the left of `=` (compared as words are: "shakes" is "shaking") also matches
the pages that use a word on the right, compared so too, but never as the start of a longer
word: the editor wrote it whole. So does each word of a lay phrase typed whole, in its order
(small words left out of both). A page that holds the typed words themselves still comes
first. The file is read with the index, which `version()` rebuilds when the file changes; a
line that cannot be read is left out, and `checkcontent` names it.
"""

import bisect
import difflib
import functools
import math
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from content.pages import (
    HOME_SCREENS,
    MAX_PAGE_BYTES,
    SEARCH_WORDS,
    Page,
    content_dir,
    get_page,
    too_large,
    version,
)
from content.render import Heading

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
SNIPPET_RADIUS = 90
APOSTROPHE = "\u2019"  # curly, as the content writes it
# A word, with what an apostrophe joins to it: "Parkinson's", "don't" (either apostrophe), or
# an ampersand: "A&E", whose letters alone are too short to be searched for.
_TOKEN = re.compile(r"\w+(?:['\u2019&]\w+)*")
_IN_WORD = re.compile(r"\w")
_SPACE = re.compile(r"\s")
_LAST_SPACE = re.compile(r"\s\S*\Z")


@functools.lru_cache(maxsize=1 << 15)  # the pages' words as written, and some more
def normal(token: str) -> str:
    """A word as it is compared: lower case, without a possessive or an apostrophe."""
    word = token.lower().replace(APOSTROPHE, "'")
    return word.removesuffix("'s").replace("'", "")


def words(text: str) -> list[str]:
    return [normal(token) for token in _TOKEN.findall(text)]


_stemmer = snowballstemmer.stemmer("english")
_stemming = threading.Lock()  # a stemmer holds the word it works on
# The stems of the pages' words and the words file's lay words, kept from one index to the
# next: stemming all of them takes about half a second, and an edit changes few.
_stems: dict[str, str] = {}


def stem(word: str, keep: bool = False) -> str:
    found = _stems.get(word)
    if found is None:
        with _stemming:
            found = _stemmer.stemWord(word)
        if keep:
            _stems[word] = found
    return found


@dataclass
class Entry:
    page: Page
    length: int  # how many words its text has
    headings: list[tuple[Heading, set[str]]]  # those under the title, with their words
    first: dict[str, int] = field(default_factory=dict)  # where a word is first used, once asked


def _read(page: Page, written: dict[str, set[str]]) -> tuple[Entry, dict[str, int], set, set]:
    """The page's entry, how often its text uses each word, and its title's and headings'
    words; adds to `written` how the page writes each word."""
    counts: dict[str, int] = defaultdict(int)
    for token, times in Counter(_TOKEN.findall(page.text)).items():
        word = normal(token)
        counts[word] += times
        written[word].add(token)
    headings = [(h, set(words(h.text))) for h in page.headings if h.level > 1]
    entry = Entry(page, sum(counts.values()), headings)
    return entry, counts, set(words(page.title)), set().union(*(ws for _, ws in headings))


@dataclass
class Index:
    signature: tuple
    entries: list[Entry]
    # word -> (the entry's place in `entries`, in its title, in a heading, times in its text)
    postings: dict[str, list[tuple[int, bool, bool, int]]]
    written: dict[str, set[str]]  # word -> how the pages' texts write it ("Parkinson\u2019s")
    vocabulary: list[str]  # every word the pages use, sorted
    by_length: dict[int, list[str]]  # the same, by length
    stem_of: dict[str, str]
    words_of_stem: dict[str, list[str]]
    stems: list[str]  # sorted
    average_length: float
    # The words file's lay words and phrases, as compared -> the pages' words they mean
    meant: dict[tuple[str, ...], frozenset[str]] = field(default_factory=dict)
    meant_lengths: tuple[int, ...] = ()  # of those lay words and phrases, in words
    nearest: dict[str, str] = field(default_factory=dict)  # typed -> the nearest word, or ""

    @classmethod
    def build(cls, signature: tuple, pages: list[Page], lay: Sequence["LayWords"] = ()) -> "Index":
        entries = []
        postings: dict[str, list] = defaultdict(list)
        written: dict[str, set[str]] = defaultdict(set)
        for place, page in enumerate(pages):
            entry, counts, title, headings = _read(page, written)
            entries.append(entry)
            for word in counts.keys() | title | headings:
                postings[word].append((place, word in title, word in headings, counts.get(word, 0)))
        stem_of = {word: stem(word, keep=True) for word in postings}
        words_of_stem = defaultdict(list)
        by_length = defaultdict(list)
        for word, its_stem in stem_of.items():
            words_of_stem[its_stem].append(word)
            by_length[len(word)].append(word)
        lengths = sum(entry.length for entry in entries)
        meant = defaultdict(set)
        for line in lay:
            its_words = set().union(*(words_of_stem.get(stem(w), ()) for w in line.meant))
            for phrase in line.lay if its_words else ():
                meant[_compared(phrase)] |= its_words
        return cls(
            signature=signature,
            entries=entries,
            postings=dict(postings),
            written=dict(written),
            vocabulary=sorted(postings),
            by_length=dict(by_length),
            stem_of=stem_of,
            words_of_stem=dict(words_of_stem),
            stems=sorted(words_of_stem),
            average_length=max(1.0, lengths / len(entries)) if entries else 1.0,
            meant={phrase: frozenset(its_words) for phrase, its_words in meant.items()},
            meant_lengths=tuple(sorted({len(phrase) for phrase in meant})),
        )

    def stem(self, word: str) -> str:
        return self.stem_of.get(word) or stem(word)

    def matches(self, term: str, its_stem: str = "") -> tuple[set[str], set[str]]:
        """The words of the pages that `term` matches: those that are it or have its stem,
        and those that only start with it (or with its stem)."""
        its_stem = its_stem or self.stem(term)
        exact = set(self.words_of_stem.get(its_stem, ()))
        if term in self.postings:
            exact.add(term)
        starting = set(_prefixed(self.vocabulary, term))
        for each in _prefixed(self.stems, its_stem):
            starting.update(self.words_of_stem[each])
        return exact, starting - exact

    def meanings(self, typed: list[str], stems: dict[str, str]) -> dict[str, frozenset[str]]:
        """The pages' words the words file says each of the query's words (`typed`, in the
        order typed, with their stems) means: a lay word's, and a lay phrase's for each of its
        words when they are typed together."""
        found: dict[str, frozenset[str]] = {}
        if not self.meant:
            return found
        compared = [stems[word] for word in typed]
        for length in self.meant_lengths:
            for at in range(len(typed) - length + 1):
                if its_words := self.meant.get(tuple(compared[at : at + length])):
                    for word in typed[at : at + length]:
                        found[word] = found.get(word, frozenset()) | its_words
        return found

    def first_use(self, entry: Entry, word: str) -> int:
        """Where the entry's text first uses the word, as the page writes it; -1 if nowhere."""
        at = entry.first.get(word)
        if at is None:
            text, at = entry.page.text, -1
            for form in self.written.get(word, ()):
                found = text.find(form)
                while found != -1 and (at == -1 or found < at):
                    if _starts_word(text, found) and _TOKEN.match(text, found).group() == form:
                        at = found
                        break
                    found = text.find(form, found + 1)
            entry.first[word] = at
        return at


def _starts_word(text: str, at: int) -> bool:
    before = text[at - 1] if at else " "
    joined = before in "'\u2019" and at > 1 and _IN_WORD.match(text[at - 2])
    return not _IN_WORD.match(before) and not joined


def _prefixed(sorted_words: list[str], term: str) -> list[str]:
    start = bisect.bisect_left(sorted_words, term)
    end = bisect.bisect_left(sorted_words, term + "\uffff")
    return sorted_words[start:end]


@dataclass(frozen=True)
class LayWords:
    """A line of the words file: its lay words and phrases, each as its words, and the words
    of the pages they mean."""

    line: int
    lay: tuple[tuple[str, ...], ...]
    meant: tuple[str, ...]


@dataclass(frozen=True)
class WordsProblem:
    line: int  # 0 for the file as a whole
    message: str


# A lay word or phrase: words, with spaces or hyphens between them ("dry-mouth").
_LAY = re.compile(rf"{_TOKEN.pattern}(?:[\s-]+{_TOKEN.pattern})*")
_FORMAT = "lay words, then `=`, then the words the pages use (`shaky, shaking = tremor`)"


def read_words_file(root: Path) -> tuple[list[LayWords], list[WordsProblem]]:
    """The lines of the content folder's words file that can be read, and what is wrong with
    the file or the other lines; nothing at all without a file."""
    file = root / SEARCH_WORDS
    try:
        if not file.exists():
            return [], []
        if not file.resolve().is_relative_to(root.resolve()):
            return [], [WordsProblem(0, "a link to a file outside the content folder: not read")]
        if too_large(file.stat()):
            limit = MAX_PAGE_BYTES // 2**20
            return [], [WordsProblem(0, f"larger than {limit} MB, so not read")]
        text = file.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError as error:  # unreadable, a folder, …
        return [], [WordsProblem(0, f"cannot be read: {error}")]
    lines, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        read = _read_line(number, line)
        if isinstance(read, LayWords):
            lines.append(read)
        elif read:
            problems.append(WordsProblem(number, read))
    return lines, problems


def _read_line(number: int, line: str) -> LayWords | str:
    """The line's lay words, or what is wrong with it ("" for a blank line or a comment)."""
    line = line.split("#", 1)[0].strip()
    if not line:
        return ""
    if "\ufffd" in line:
        return "not UTF-8: save the file as UTF-8"
    if line.count("=") != 1:
        return f"not read: write {_FORMAT}"
    left, right = (
        [item.strip() for item in side.split(",") if item.strip()] for side in line.split("=")
    )
    if not left or not right:
        return f"not read: write {_FORMAT}"
    if odd := next((item for item in left if not _LAY.fullmatch(item)), None):
        return f"not read: `{odd}` is not a word or words; separate lay words with commas"
    if odd := next((item for item in right if not _TOKEN.fullmatch(item)), None):
        return (
            f"not read: `{odd}`, right of `=`, is not one word; write each word the pages use "
            "on its own, with commas between"
        )
    return LayWords(number, tuple(tuple(words(item)) for item in left), tuple(map(normal, right)))


def _compared(phrase: tuple[str, ...]) -> tuple[str, ...]:
    """A lay word's or phrase's words as a query's are compared: stemmed, without its small
    words unless it has nothing else."""
    kept = [word for word in phrase if word not in SMALL_WORDS] or phrase
    return tuple(stem(word, keep=True) for word in kept)


@dataclass
class Result:
    page: Page
    score: float
    snippet: SafeString
    headings: list

    @property
    def title(self) -> str:
        return self.page.title


_index: tuple = ((), None)
_lock = threading.Lock()


def _current() -> Index:
    """The index of the pages as they are."""
    global _index
    signature = version()
    if _index[0] != signature:
        pages = [
            page
            for path, *_ in signature[1:]
            if path not in HOME_SCREENS and (page := get_page(path))
        ]
        lay, _ = read_words_file(content_dir())
        built = Index.build(signature, pages, lay)
        with _lock:
            _index = (signature, built)
    return _index[1]


def index() -> list[Entry]:
    return _current().entries


# How alike a typed word and a word of the pages must be to be offered for it (difflib's ratio:
# "dystnia" and "dystonia" are 0.93, "tremer" and "tremor" 0.83).
LIKENESS = 0.8
# At most this many words of a query are compared with every word of the pages (about 7,000,
# some 10 ms each); a query with more words that match nothing is not a slip or two.
MAX_MENDED = 2
NEAREST_KEPT = 1000


def _nearest(found: Index, word: str) -> str:
    near = found.nearest.get(word)
    if near is None:
        # difflib's ratio is at most twice the shorter length over both lengths: at LIKENESS 0.8,
        # only words from 2/3 to 3/2 of the typed word's length can be near it.
        low, high = math.floor(len(word) * 2 / 3), math.ceil(len(word) * 3 / 2)
        candidates = [w for n in range(low, high + 1) for w in found.by_length.get(n, ())]
        near = next(iter(difflib.get_close_matches(word, candidates, n=1, cutoff=LIKENESS)), "")
        if len(found.nearest) >= NEAREST_KEPT:
            found.nearest.clear()
        found.nearest[word] = near
    return near


def did_you_mean(query: str) -> str:
    """The query with each word that matches no word of the pages replaced by the nearest word
    they use, when that finds pages; else "". Asked only when nothing matched, of the words
    the search looked for; gives up at the (MAX_MENDED + 1)th word that matches nothing."""
    found = _current()
    typed = _query_words(query)
    meant = found.meanings(typed, {word: found.stem(word) for word in typed})
    fixed, mended = [], 0
    for word in typed:
        if word in meant or any(found.matches(word)):
            fixed.append(word)
            continue
        mended += 1
        if mended > MAX_MENDED or not (near := _nearest(found, word)):
            return ""
        fixed.append(near)
    suggestion = " ".join(fixed)
    return suggestion if fixed != typed and search(suggestion, limit=0)[1] else ""


# The small words of a question typed as it is said ("I can't sleep", "what can I do about
# my tremor", "dyskinesia vs dystonia"): every word must be on a page, and a page about sleep
# need not say "can't". Left out when the query has other words. Not "on" nor "off": they are
# the diary's states.
SMALL_WORDS = frozenset(
    words(
        "a about am an and are at be can can't cannot could did do does don't for get got has "
        "have how I I'm in is it its me my of or should the this to versus vs was what when "
        "where which why will with would"
    )
)


def _query_words(query: str) -> list[str]:
    """The distinct words of a query in the order typed, without its small words when it has
    others: the MAX_TERMS longest of them."""
    found = [w for w in dict.fromkeys(words(query[:MAX_QUERY_LENGTH])) if len(w) > 1 or w.isdigit()]
    found = [w for w in found if w not in SMALL_WORDS] or found
    kept = set(sorted(found, key=len, reverse=True)[:MAX_TERMS])
    return [w for w in found if w in kept]


def terms_of(query: str) -> list[str]:
    """The distinct words of a query, longest first, at most MAX_TERMS of them."""
    return sorted(_query_words(query), key=len, reverse=True)


RESULTS_PER_PAGE = 20

# What a word found in each part of a page adds to its score. The text's part grows with how
# often the word is used there for the page's length, and never reaches TEXT: a page using it
# TEXT_HALF times in a text of average length gets half. So a page about the word comes before
# one with a heading about it and a mention or two ("exercise": Keeping Active, 20 times,
# before Urination's "Pelvic floor exercises", 8).
TITLE, HEADINGS, TEXT = 2.0, 0.5, 3.0
TEXT_HALF = 16.0
# How much a word of a page counts when it is not the query's word but has its stem ("drive"
# for "driving"), when the words file says the query's word means it ("tremor" for "shaky"),
# and when it only starts with the query's word ("weeks" for "wee").
SAME_STEM, MEANT, STARTING = 0.8, 0.8, 0.5


def search(query: str, limit: int = RESULTS_PER_PAGE, start: int = 0) -> tuple[list[Result], int]:
    """`limit` results from the `start`-th best on, and how many pages matched."""
    typed = _query_words(query)
    if not typed:
        return [], 0
    terms = sorted(typed, key=len, reverse=True)
    found = _current()
    stems = {term: found.stem(term) for term in terms}
    meant = found.meanings(typed, stems)
    pages = len(found.entries)
    score: dict[int, float] = defaultdict(float)
    held: dict[int, set[str]] = defaultdict(set)  # the words a page holds that match as such
    started: dict[int, set[str]] = defaultdict(set)  # and those that only start with a term
    as_such: dict[int, int] = defaultdict(int)  # how many of the terms a page holds as such
    as_meant: dict[int, int] = defaultdict(int)  # or holds what the words file says they mean
    candidates: set[int] | None = None
    for term in terms:
        exact, starting = found.matches(term, stems[term])
        also = meant.get(term, frozenset()) - exact
        title: dict[int, float] = defaultdict(float)
        headings: dict[int, float] = defaultdict(float)
        text: dict[int, float] = defaultdict(float)
        holding: set[int] = set()
        meaning: set[int] = set()
        for weight, matched, holders in (
            (1.0, exact & {term}, holding),
            (SAME_STEM, exact - {term}, holding),
            (MEANT, also, meaning),
            (STARTING, starting - also, None),
        ):
            for word in sorted(matched):  # the same sums, so the same order, in every process
                for place, in_title, in_headings, count in found.postings[word]:
                    if holders is None:
                        started[place].add(word)
                    else:
                        held[place].add(word)
                        holders.add(place)
                    if in_title:
                        title[place] = max(title[place], weight)
                    if in_headings:
                        headings[place] = max(headings[place], weight)
                    text[place] += weight * count
        having = text.keys()  # every page that holds the term
        candidates = set(having) if candidates is None else candidates & having
        if not candidates:
            return [], 0
        rarity = math.log(1 + pages / len(having))
        for place in candidates:
            as_such[place] += place in holding
            as_meant[place] += place in holding or place in meaning
            # As in BM25: a longer text is expected to use a word more, if not in proportion.
            length = 0.25 + 0.75 * found.entries[place].length / found.average_length
            used = text.get(place, 0.0)
            score[place] += rarity * (
                TITLE * title.get(place, 0.0)
                + HEADINGS * headings.get(place, 0.0)
                + TEXT * used / (used + TEXT_HALF * length)
            )

    # Pages holding more of the words themselves first, then more of them or what they mean,
    # then by score; a tie goes to the page nearer the top of the contents, then to the first
    # listed.
    ranked = sorted(
        sorted(candidates),
        key=lambda p: (as_such[p], as_meant[p], score[p], -len(found.entries[p].page.path)),
        reverse=True,
    )
    results = []
    for place in ranked[start : start + limit]:
        entry = found.entries[place]
        words_there = held[place] | started[place]
        results.append(
            Result(
                entry.page,
                score[place],
                snippet(found, entry, words_there, (held[place], started[place])),
                matching_headings(entry, words_there),
            )
        )
    return results, len(ranked)


def _marks(text: str, marked: set[str]) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text) if normal(m.group()) in marked]


def matching_headings(entry: Entry, marked: set[str]) -> list[Heading]:
    return [heading for heading, its_words in entry.headings if its_words & marked][:3]


def snippet(
    found: Index, entry: Entry, marked: set[str], first_of: tuple[set[str], ...]
) -> SafeString:
    """Some text around the first use of a word of the first of `first_of` that the text uses,
    from the start of a word to the end of one, with the words of `marked` marked."""
    text = entry.page.text
    for words_first in first_of:
        at = min((a for w in words_first if (a := found.first_use(entry, w)) >= 0), default=-1)
        if at >= 0:
            break
    else:
        return SafeString("")
    start = max(0, at - SNIPPET_RADIUS)
    if start and not text[start - 1].isspace():  # in a word: from the next one
        space = _SPACE.search(text, start, at)
        start = space.end() if space else at
    end = min(len(text), at + SNIPPET_RADIUS * 3)
    if end < len(text) and not text[end].isspace():  # in a word: to the end of the one before
        space = _LAST_SPACE.search(text, at, end)
        end = space.start() if space else end
    window = " ".join(text[start:end].split())
    pieces, last = [], 0
    for begins, ends in _marks(window, marked):
        pieces.append(escape(window[last:begins]))
        pieces.append(f"<mark>{escape(window[begins:ends])}</mark>")
        last = ends
    pieces.append(escape(window[last:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every piece is escaped
