"""The words file: lay words readers type ("shaky") find the pages that use the clinicians'
words ("tremor")."""

import shutil

import pytest

from content import pages as content_pages
from content.search import search


@pytest.fixture
def pages(content):
    content.write(
        "managing-symptoms/tremor",
        "# Tremor\n\nA tremor is an involuntary movement. Tremor is often worse at rest.\n",
    )
    content.write(
        "managing-symptoms/dreams",
        "# Dreams\n\nMany people with Parkinson\u2019s have vivid dreams.\n",
    )
    content.write(
        "managing-symptoms/urination",
        "# Urination\n\nUrinary problems are common: an overactive bladder, getting up at night.\n",
    )
    content.write("keeping-active", "# Keeping active\n\nShake out your arms before a walk.\n")
    return content


def words_file(content, text: str):
    file = content.root / content_pages.SEARCH_WORDS
    file.write_text(text, encoding="utf-8")
    return file


def found(query: str) -> list[str]:
    return [result.page.path for result in search(query)[0]]


LAY_WORDS = """\
# Words readers type, then =, then the words the pages use.
shaky, shaking, trembling = tremor

nightmares, bad dreams = dreams   # the pages say "vivid dreams"
peeing, wee = urinary, bladder
"""


def test_without_a_words_file_lay_words_find_nothing(pages):
    assert found("shaky") == []
    assert found("nightmares") == []
    assert found("tremor") == ["managing-symptoms/tremor"]


@pytest.mark.parametrize(
    ("query", "paths"),
    [
        ("shaky", ["managing-symptoms/tremor"]),
        ("Shaky hands at rest", []),  # every word must still be found
        ("shaky at rest", ["managing-symptoms/tremor"]),
        # Compared as any word: "shakes" is "shaking", and "Shake" on a page is "shakes".
        ("shakes", ["keeping-active", "managing-symptoms/tremor"]),
        ("I get nightmares", ["managing-symptoms/dreams"]),
        ("peeing at night", ["managing-symptoms/urination"]),
        ("wee", ["managing-symptoms/urination"]),
    ],
)
def test_a_lay_word_finds_the_pages_using_the_words_it_means(pages, query, paths):
    words_file(pages, LAY_WORDS)
    assert found(query) == paths


def test_the_words_it_means_are_marked_in_the_snippet(pages):
    words_file(pages, LAY_WORDS)
    [result] = search("shaky")[0]
    assert "A <mark>tremor</mark> is an involuntary movement." in str(result.snippet)


def test_the_words_meant_are_compared_as_any_word_but_not_as_a_start(content):
    content.write("a/dreams", "# Sleep\n\nSome people dream vividly.\n")
    content.write("a/dreamer", "# Daydreaming\n\nA dreamer.\n")
    words_file(content, "nightmares = dreams\nwee = urine\n")
    content.write("a/urinalysis", "# Tests\n\nA urinalysis.\n")
    assert found("nightmares") == ["a/dreams"]  # "dream" has the stem of "dreams"
    assert found("wee") == []  # "urine" does not start "urinalysis" for it


def test_a_lay_phrase_finds_what_it_means_only_when_typed_whole(pages):
    words_file(pages, LAY_WORDS)
    pages.write("living/stress", "# Stress\n\nA bad day is not a bad week.\n")
    assert found("bad dreams") == ["managing-symptoms/dreams"]
    assert found("I have bad dreams") == ["managing-symptoms/dreams"]
    assert found("bad") == ["living/stress"]
    assert found("dreams bad") == []


def test_a_page_holding_the_lay_word_itself_comes_first(content):
    # The tremor page would win on score alone: "tremor" in its title and all through it.
    content.write("managing-symptoms/tremor", "# Tremor\n\n" + "Tremor at rest. " * 20)
    content.write(
        "managing-symptoms/bowels",
        "# Bowels\n\n" + "Constipation is common. " * 20 + "The shaking upsets my bowels.\n",
    )
    words_file(content, "shaky, shaking = tremor\n")
    assert found("shaking") == ["managing-symptoms/bowels", "managing-symptoms/tremor"]
    # With another word, pages holding more of the words as typed still come first.
    content.write("managing-symptoms/sleep", "# Sleep\n\nA tremor at night.\n")
    content.write("living/nights", "# Nights\n\nShaking at night.\n")
    assert found("shaking night") == ["living/nights", "managing-symptoms/sleep"]


def test_did_you_mean_is_not_offered_when_the_words_file_finds_pages(client, pages, db):
    html = client.get("/information/search", {"q": "shaky"}).content.decode()
    assert "No pages match" in html and 'href="?q=shake"' in html  # "shake" is on a page
    words_file(pages, LAY_WORDS)
    html = client.get("/information/search", {"q": "shaky"}).content.decode()
    assert "Did you mean" not in html
    assert 'href="/information/managing-symptoms/tremor">Tremor</a>' in html


def test_did_you_mean_keeps_the_lay_words_and_mends_the_typo(client, pages, db):
    words_file(pages, LAY_WORDS)
    html = client.get("/information/search", {"q": "shaky restt"}).content.decode()
    assert "No pages match" in html
    assert 'Did you mean <a class="app-standalone-link" href="?q=shaky%20rest">' in html


MALFORMED = (
    "shaky = tremor\n"
    "toilet (loo) = bladder\n"
    "nightmares dreams\n"
    "peeing = urinary bladder\n"
    "wee = = bladder\n"
    " = tremor\n"
)


def test_lines_search_cannot_read_are_left_out_and_the_rest_still_work(client, pages, db):
    file = words_file(pages, MALFORMED)
    file.write_bytes(file.read_bytes() + b"trembl\xe9 = tremor\n")
    response = client.get("/information/search", {"q": "shaky"})
    assert response.status_code == 200
    assert found("shaky") == ["managing-symptoms/tremor"]
    for query in ("toilet", "loo", "nightmares", "peeing", "wee", "trembl\xe9"):
        assert found(query) == [], query


def test_a_words_file_that_cannot_be_read_leaves_search_as_it_was(client, pages, db):
    (pages.root / content_pages.SEARCH_WORDS).mkdir()
    response = client.get("/information/search", {"q": "tremor"})
    assert response.status_code == 200
    assert found("tremor") == ["managing-symptoms/tremor"]
    assert found("shaky") == []


def test_a_words_file_saved_with_a_byte_order_mark_is_read(pages):
    (pages.root / content_pages.SEARCH_WORDS).write_bytes(b"\xef\xbb\xbfshaky = tremor\r\n")
    assert found("shaky") == ["managing-symptoms/tremor"]


def test_the_words_file_is_no_page(client, pages, db):
    words_file(pages, LAY_WORDS)
    assert client.get("/information/search-words").status_code == 404
    assert "search-words" not in client.get("/information/").content.decode()


def test_an_edited_words_file_is_used_once_the_content_is_looked_at_again(
    pages, settings, monkeypatch
):
    settings.CONTENT_RECHECK_SECONDS = 60
    now = [1000.0]
    monkeypatch.setattr(content_pages.time, "monotonic", lambda: now[0])
    assert found("shaky") == []
    file = words_file(pages, "shaky = tremor\n")
    now[0] += 59
    assert found("shaky") == []  # not looked for on every search
    now[0] += 1
    assert found("shaky") == ["managing-symptoms/tremor"]

    file.write_text("shaky = tremor\nnightmares = dreams\n", encoding="utf-8")
    now[0] += 60
    assert found("nightmares") == ["managing-symptoms/dreams"]

    file.unlink()
    now[0] += 60
    assert found("shaky") == found("nightmares") == []


# Lay words readers type, and a page of the published content they should find first, or
# among the first few.
CORPUS_LAY_WORDS = """\
shaky, shaking, trembling = tremor
nightmares, bad dreams = dreams
peeing, wee = urinary, bladder
drooling, dribbling = saliva
"""
CORPUS_QUERIES = [
    ("shaky", "managing-symptoms/tremor", 1),
    ("shaky hands", "managing-symptoms/tremor", 1),
    ("nightmares", "managing-symptoms/dreams", 1),
    # Dealing with Stress, which says "bad" and links to Dreams, holds both words as typed.
    ("bad dreams", "managing-symptoms/dreams", 2),
    ("peeing at night", "managing-symptoms/urination", 1),
    ("drooling", "managing-symptoms/saliva", 1),
]


@pytest.fixture
def corpus_with_words(corpus, settings, tmp_path):
    """A copy of the published content, with a words file."""
    root = tmp_path / "pages-content"
    shutil.copytree(corpus / "pages-content", root)
    (root / content_pages.SEARCH_WORDS).write_text(CORPUS_LAY_WORDS, encoding="utf-8")
    settings.CONTENT_DIR = root
    return root


@pytest.mark.parametrize(("query", "path", "within"), CORPUS_QUERIES)
def test_the_real_content_answers_the_lay_words_readers_type(
    corpus_with_words, query, path, within
):
    assert path in found(query)[:within]


def test_in_the_real_content_the_lay_words_pages_use_themselves_still_find_them(
    corpus_with_words,
):
    # "Shaking, known medically as tremor": the page that says it comes before Tremor.
    shaking = found("shaking")
    assert shaking.index("what-is-parkinsons") < shaking.index("managing-symptoms/tremor")
