import io
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.axe import assert_accessible
from tests.content.conftest import CORPUS

VIDEO_STAND_IN = "<!doctype html><html lang='en'><title>Video</title><body>Video</body></html>"


@pytest.fixture
def corpus(settings):
    if not (CORPUS / "pages-content").is_dir():
        pytest.skip(f"the content corpus is not at {CORPUS}")
    settings.CONTENT_DIR = CORPUS / "pages-content"
    settings.CONTENT_IMAGES_DIR = CORPUS / "images"


def test_a_reader_uses_the_contents_starts_a_video_and_searches(page: Page, live_server, corpus):
    own_host = urlsplit(live_server.url).netloc
    elsewhere = []
    page.on(
        "request",
        lambda request: urlsplit(request.url).netloc != own_host and elsewhere.append(request.url),
    )
    # Stand in for YouTube: the test must not reach the internet.
    page.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(content_type="text/html", body=VIDEO_STAND_IN),
    )

    page.goto("/information/")
    assert_accessible(page)
    page.get_by_role("link", name="Cramps & Spasms (Dystonia)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cramps & Spasms (Dystonia)")
    assert_accessible(page)
    assert elsewhere == []  # images are ours, and no video loads by itself
    expect(page.locator("img").first).to_have_attribute("src", "/information/images/cramp.jpg")

    contents = page.get_by_role("navigation", name="Table of contents")
    contents.get_by_role("link", name="Further Assessment").click()
    expect(page).to_have_url(
        f"{live_server.url}/information/managing-symptoms/cramps-and-spasms#further-assessment"
    )
    expect(page.get_by_role("heading", name="Further Assessment")).to_be_in_viewport()

    page.get_by_role("button", name="Play video").first.click()
    video = page.locator("iframe.app-video__frame")
    expect(video).to_have_attribute(
        "src", "https://www.youtube-nocookie.com/embed/GQJEpWqrPes?autoplay=1"
    )
    assert [urlsplit(url).netloc for url in elsewhere] == ["www.youtube-nocookie.com"]
    assert_accessible(page)

    page.goto("/information/")
    page.get_by_label("Search the information pages").fill("dystonia")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_contain_text("match")
    first = page.locator(".app-search-results__item h2 a").first
    expect(page.locator("mark").first).to_have_text("dystonia", ignore_case=True)
    assert_accessible(page)
    first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_a_reader_goes_through_every_page_of_results_and_back(page: Page, corpus):
    page.goto("/information/search?q=medication")
    status = page.get_by_role("status")
    expect(status).to_contain_text("the best 20 are shown")
    results = page.get_by_role("navigation", name="Pages of results")
    results.get_by_role("link", name="More results").click()
    expect(status).to_contain_text("results 21 to 40 are shown")
    assert_accessible(page)
    results.get_by_role("link", name="Better matches").click()
    expect(status).to_contain_text("the best 20 are shown")


def test_links_with_a_slip_in_them_still_lead_a_reader_on(page: Page, corpus):
    # Written under the treatments section's old name: the reader arrives all the same.
    page.goto("/information/managing-symptoms/cramps-and-spasms")
    page.get_by_role("link", name="Advanced Therapies & Surgical Treatments").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Advanced Therapies & Surgical Treatments"
    )
    # Mistyped ("hobbiess"): not guessed, but offered.
    page.goto("/information/living-with-parkinsons")
    page.get_by_role("link", name="Hobbies & Pets").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page)
    page.get_by_role("link", name="Hobbies & Pets").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hobbies & Pets")


PAGE = "/information/managing-symptoms/cramps-and-spasms"
SEARCH = "/information/search?q=cramp"


@pytest.mark.parametrize(
    "width,path,links",
    [
        (1280, PAGE, ["Home", "Information", "Managing symptoms"]),
        (320, PAGE, ["Back to Managing symptoms"]),
        (1280, SEARCH, ["Home", "Information"]),
        (320, SEARCH, ["Back to Information"]),
    ],
)
def test_the_way_back_is_the_whole_trail_on_wide_screens_and_one_link_on_narrow_ones(
    page: Page, width, path, links
):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(path)
    breadcrumb = page.get_by_role("navigation", name="Breadcrumb")
    expect(breadcrumb.get_by_role("link").filter(visible=True)).to_have_text(links)
    assert_accessible(page)


def test_an_information_page_prints_without_the_summarys_page_footer(page: Page, corpus):
    # The summary's print stylesheet is loaded on every page; its page footer ("Self-reported
    # record", "Page 1 of 7") belongs to the summary's own pages only.
    page.goto("/information/managing-symptoms/cramps-and-spasms")
    page.emulate_media(media="print")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = " ".join(each.extract_text() for each in reader.pages)
    assert "Cramps" in text
    assert "Self-reported record" not in text
    assert "Page 1 of" not in text
