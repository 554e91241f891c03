"""Every page of the toolkit's real content, served as a reader gets it."""

import re

import pytest

from tests.content.conftest import CORPUS

CORPUS_PAGES = sorted(
    str(f.relative_to(CORPUS / "pages-content").with_suffix(""))
    for f in (CORPUS / "pages-content").rglob("*.md")
)
EXECUTABLE = re.compile(r"<script|<style|\son\w+\s*=|javascript:|<form|<iframe", re.I)


# The one in-page link in the corpus without a heading to go to; the content
# checker reports it (tests/content/test_checkcontent.py).
BROKEN_ANCHORS = {
    ("living-with-parkinsons/practical-advice/appointments-and-hospital-stays", "more-information")
}


def test_the_corpus_has_all_its_pages(corpus):
    assert len(CORPUS_PAGES) == 68


@pytest.mark.parametrize("path", CORPUS_PAGES)
def test_every_corpus_page_is_served_safely(client, corpus, path):
    response = client.get(f"/information/{path}")
    assert response.status_code == 200
    html = response.content.decode()
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    main = html.split('<article class="app-content">', 1)[1].split("</article>", 1)[0]
    assert not EXECUTABLE.search(main)
    for url in re.findall(r'\ssrc="([^"]+)"', main):
        assert url.startswith("/"), url
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    for anchor in re.findall(r'href="#([^"]*)"', main):
        assert anchor in ids or (path, anchor) in BROKEN_ANCHORS, anchor
