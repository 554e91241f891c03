import difflib
import re

import pytest

from content import search as search_module
from content.search import search


@pytest.fixture
def pages(content):
    content.write("managing-symptoms/tremor", "# Tremor\n\nShaking of the hands.\n")
    content.write(
        "managing-symptoms/sleep",
        "# Sleep\n\n## Tremor at night\n\nSome people notice tremors at night.\n",
    )
    content.write("treatments/medications", "# Medications\n\nTremor may respond to medication.\n")
    content.write("research", "# Research\n\nNothing about shaking here. <b>bold</b> & co.\n")
    return content


def test_title_matches_come_first_then_headings_then_text(pages):
    results, total = search("tremor")
    assert [r.page.path for r in results] == [
        "managing-symptoms/tremor",
        "managing-symptoms/sleep",
        "treatments/medications",
    ]
    assert total == 3
    assert results[1].headings[0].id == "tremor-at-night"


def test_every_word_must_match_and_words_match_their_start(pages):
    results, _ = search("tremor zebra")
    assert results == []
    results, _ = search("trem night")
    assert [r.page.path for r in results] == ["managing-symptoms/sleep"]


def test_the_small_words_of_a_question_do_not_have_to_be_on_the_page(pages):
    """ "I can\u2019t sleep" is about sleep: a page need not say "can\u2019t" to answer it."""
    for question in ("I can\u2019t sleep", "can't sleep", "what can I do about my sleep"):
        results, _ = search(question)
        assert [r.page.path for r in results] == ["managing-symptoms/sleep"], question
    # Alone, or with nothing else, they are still looked for.
    assert search("what")[1] == 0
    assert [r.page.path for r in search("about")[0]] == ["research"]
    # ON and OFF are the diary's words, not small ones.
    assert search("tremor off")[1] == 0


def test_snippets_mark_the_matched_words_and_escape_the_text(pages):
    results, _ = search("shaking")
    snippets = {r.page.path: str(r.snippet) for r in results}
    assert "<mark>Shaking</mark> of the hands." in snippets["managing-symptoms/tremor"]
    assert "&lt;b&gt;" not in snippets["research"]  # text, not markup, is searched
    assert "&amp; co." in snippets["research"]


def test_search_page_shows_results(client, pages, django_assert_num_queries, db):
    with django_assert_num_queries(0):
        response = client.get("/information/search", {"q": "tremor"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 pages match" in html
    assert 'href="/information/managing-symptoms/tremor">Tremor</a>' in html
    assert 'href="/information/managing-symptoms/sleep#tremor-at-night"' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Type a word or two"),
        ("   ", "Type a word or two"),
        ("?!*", "could not find any words to search for"),
        ("zebra", "No pages match"),
        ("x" * 5000, "only its first 200 characters were used"),
        ("\x00\ufffd<script>", "No pages match"),
        ("((((", "could not find any words"),
        ("a" * 300 + " tremor", "first 200 characters"),
    ],
)
def test_odd_queries_get_a_helpful_page(client, pages, query, message):
    response = client.get("/information/search", {"q": query})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "<script>" not in response.content.decode().split('id="maincontent"')[1]


def test_an_edited_page_is_found_by_its_new_words(pages):
    import os

    file = pages.write("research", "# Research\n\nA new trial of exercise.\n")
    stat = file.stat()
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert [r.page.path for r in search("exercise")[0]] == ["research"]


def test_a_snippet_comes_from_what_the_page_says_not_its_title_or_contents(content):
    content.write(
        "managing-symptoms/low-mood",
        "# Low mood\n\n"
        '<div class="table-of-contents">\n\n## Table of Contents\n\n'
        "- [What might be causing low mood?](#what-might-be-causing-it)\n\n</div>\n\n"
        "## What might be causing it?\n\nLow mood can come with the condition itself.\n",
    )
    [result], _ = search("low mood")
    snippet = str(result.snippet)
    assert "Table of Contents" not in snippet
    assert snippet.count("<mark>Low</mark>") == 1
    assert "<mark>Low</mark> <mark>mood</mark> can come with the condition itself." in snippet


@pytest.mark.parametrize("page", ["", "0", "-1", "two", "1e3"])
def test_more_results_than_a_page_are_reached_by_more_results_links(
    client, content, db, page, django_assert_num_queries
):
    for n in range(25):
        content.write(f"leaflets/tremor-{n:02}", f"# Tremor leaflet {n:02}\n\nAbout tremor.\n")
    first = client.get("/information/search", {"q": "tremor", "page": page}).content.decode()
    assert "25 pages match “tremor”; the best 20 are shown." in first
    assert first.count('class="app-search-results__item"') == 20
    assert 'href="?q=tremor&amp;page=2"><span class="nhsuk-pagination__title">More results' in first
    assert "Better matches" not in first

    with django_assert_num_queries(0):  # as the first page: search reads no database
        second = client.get("/information/search", {"q": "tremor", "page": "2"}).text
    assert "25 pages match “tremor”; results 21 to 25 are shown." in second
    assert "<title>Search results for “tremor”, 21 to 25 \N{EN DASH}" in second
    assert second.count('class="app-search-results__item"') == 5
    better = 'href="?q=tremor&amp;page=1"><span class="nhsuk-pagination__title">Better matches'
    assert better in second
    assert "More results" not in second
    # Every page is on one or the other.
    shown = re.findall(r'href="/information/leaflets/(tremor-\d+)"', first + second)
    assert sorted(shown) == [f"tremor-{n:02}" for n in range(25)]


def test_a_page_past_the_last_shows_the_last(client, content, db):
    for n in range(25):
        content.write(f"leaflets/tremor-{n:02}", f"# Tremor leaflet {n:02}\n\nAbout tremor.\n")
    html = client.get("/information/search", {"q": "tremor", "page": "99999"}).content.decode()
    assert "results 21 to 25 are shown" in html


@pytest.mark.parametrize(
    ("query", "meant"),
    [
        ("tremer", "tremor"),  # a typo, as shaky hands make them
        ("shakng hands", "shaking hands"),  # the words spelled right are kept
        ("Medicatons", "medications"),
        ("tremer nigth", "tremor night"),  # two slips in one query
    ],
)
def test_a_search_that_finds_nothing_offers_the_words_it_may_have_meant(
    client, pages, django_assert_num_queries, db, query, meant
):
    with django_assert_num_queries(0):
        html = client.get("/information/search", {"q": query}).content.decode()
    assert "No pages match" in html
    assert (
        f'Did you mean <a class="app-standalone-link" href="?q={meant.replace(" ", "%20")}">'
        in html
    )
    html = client.get("/information/search", {"q": meant}).content.decode()
    assert "No pages match" not in html and "Did you mean" not in html


@pytest.mark.parametrize("query", ["zebra", "tremor zebra", "qqqqqqq"])
def test_nothing_is_offered_when_no_word_of_the_pages_is_near(client, pages, db, query):
    html = client.get("/information/search", {"q": query}).content.decode()
    assert "No pages match" in html and "Did you mean" not in html


@pytest.fixture
def endings(content):
    content.write("symptoms/bowels", "# Bowel symptoms\n\nConstipation is common. It eases.\n")
    content.write("hospital", "# Hospital stays\n\nIf you are getting constipated, say so.\n")
    content.write("about", "# What is Parkinson\u2019s?\n\nA condition of the brain.\n")
    content.write("carers", "# Carers\n\nParkinson's affects the family. Falls are common.\n")
    content.write("active", "# Keeping active\n\nExercising every day, and walking.\n")
    return content


MEDICATIONS = "treatments/medications"


@pytest.mark.parametrize(
    ("query", "paths"),
    [
        ("tremors", {"managing-symptoms/tremor", "managing-symptoms/sleep", MEDICATIONS}),
        ("constipated", {"symptoms/bowels", "hospital"}),
        ("constipation", {"symptoms/bowels", "hospital"}),
        ("parkinsons", {"about", "carers"}),  # as most people type it
        ("Parkinson\u2019s", {"about", "carers"}),
        ("parkinson's", {"about", "carers"}),
        ("falling", {"carers"}),
        ("exercises walked", {"active"}),
    ],
)
def test_plurals_endings_and_possessives_find_the_same_pages(pages, endings, query, paths):
    results, total = search(query)
    assert {r.page.path for r in results} == paths
    assert total == len(paths)


def test_words_found_by_their_stem_are_marked_as_the_page_writes_them(endings):
    snippets = {r.page.path: str(r.snippet) for r in search("constipation")[0]}
    assert "getting <mark>constipated</mark>, say so." in snippets["hospital"]
    assert "<mark>Constipation</mark> is common." in snippets["symptoms/bowels"]
    snippets = {r.page.path: str(r.snippet) for r in search("parkinsons falling")[0]}
    assert snippets == {
        # The page's apostrophe is curly, as rendered.
        "carers": "<mark>Parkinson\u2019s</mark> affects the family. <mark>Falls</mark> are common."
    }


def test_a_page_about_a_word_comes_before_one_with_it_in_a_heading(content):
    filler = "Some other words about daily life go here. " * 20
    content.write(
        "living/keeping-active",
        f"# Keeping active\n\n{filler}" + "Exercise helps, and regular exercise more. " * 8,
    )
    content.write(
        "symptoms/urination",
        f"# Urination\n\n{filler}\n\n## Pelvic floor exercises\n\nThese help.\n",
    )
    content.write("symptoms/exercise", "# Exercise\n\nA short page.\n")
    results, _ = search("exercise")
    assert [r.page.path for r in results] == [
        "symptoms/exercise",  # the title still counts most
        "living/keeping-active",
        "symptoms/urination",
    ]


def test_pages_with_the_word_itself_come_before_pages_with_longer_words(content):
    content.write("a/calendar", "# Calendar\n\n" + "Every week, weeks and weekends. " * 10)
    content.write("a/bladder", "# Bladder\n\nGetting up at night for a wee.\n")
    assert [r.page.path for r in search("wee")[0]] == ["a/bladder", "a/calendar"]


def test_the_word_as_typed_counts_more_than_another_with_its_stem(content):
    content.write("drive", "# Motivation\n\nLosing your drive to do things.\n")
    content.write("travelling", "# Travelling\n\nDriving to do things safely.\n")
    assert [r.page.path for r in search("driving")[0]] == ["travelling", "drive"]


def test_a_snippet_starts_and_ends_with_whole_words(content):
    before = " ".join(f"pre{n:04}" for n in range(40))
    after = " ".join(f"post{n:04}" for n in range(80))
    text = f"{before} tremor {after}"
    content.write("long", f"# Long\n\n{text}\n")
    [result] = search("tremor")[0]
    snippet = str(result.snippet)
    assert snippet.startswith("… ") and snippet.endswith(" …")
    shown = snippet.removeprefix("… ").removesuffix(" …").replace("<mark>", "")
    shown = shown.replace("</mark>", "").split()
    assert "tremor" in shown
    assert set(shown) <= set(text.split())  # no word cut in half


def test_a_and_e_is_searched_for_as_one_word(content):
    content.write("emergency", "# Emergency\n\nGo to A&E at once if you cannot stand.\n")
    content.write("other", "# Other\n\nA walk by a lake. E is a letter.\n")
    results, count = search("A&E")
    assert count == 1
    assert results[0].page.path == "emergency"
    assert "<mark>A&amp;E</mark>" in str(results[0].snippet)


def test_a_query_of_many_typos_compares_few_of_its_words_with_every_word(content, monkeypatch):
    # Each typed word is near one of the page's ("tremab" for "tremorab") and starts none.
    letters = [a + b for a in "abcdefgh" for b in "abcde"]
    content.write("many", "# Many\n\n" + " ".join(f"tremor{x}" for x in letters) + "\n")
    query = " ".join(f"trem{x}" for x in letters)[: search_module.MAX_QUERY_LENGTH]
    assert len(query.split()) > 20
    compared = []
    real = difflib.get_close_matches

    def counted(word, *args, **kwargs):
        compared.append(word)
        return real(word, *args, **kwargs)

    monkeypatch.setattr(difflib, "get_close_matches", counted)
    assert search_module.did_you_mean(query) == ""
    assert len(compared) == search_module.MAX_MENDED == 2
    # The words already compared are remembered.
    assert search_module.did_you_mean("tremaa tremab") == "tremoraa tremorab"
    assert compared == ["tremaa", "tremab"]


CORPUS_QUERIES = [
    # (query, a page it should find first, or among the first three)
    ("tremors", "managing-symptoms/tremor", 1),
    ("constipated", "managing-symptoms/bowels", 1),
    ("constipation", "managing-symptoms/bowels", 1),
    ("parkinsons", "what-is-parkinsons", 1),
    ("exercise", "living-with-parkinsons/optimising-wellbeing/keeping-active", 3),
    ("falling", "managing-symptoms/balance-and-falls", 1),
    ("wee", "managing-symptoms/urination", 1),
    ("dyskinesia vs dystonia", "managing-symptoms/cramps-and-spasms", 1),
]


@pytest.mark.parametrize(("query", "path", "within"), CORPUS_QUERIES)
def test_the_real_content_answers_what_readers_type(corpus, query, path, within):
    results, _ = search(query)
    assert path in [r.page.path for r in results[:within]]


def test_in_the_real_content_a_plural_finds_what_the_word_finds(corpus):
    assert search("tremors")[1] == search("tremor")[1] > 20
    assert search("constipated")[1] == search("constipation")[1] > 10


def test_a_word_only_in_the_title_leaves_the_snippet_to_the_longer_words(content):
    content.write("wee", "# Wee\n\nEvery weekend.\n")
    [result] = search("wee")[0]
    assert str(result.snippet) == "Every <mark>weekend</mark>."
