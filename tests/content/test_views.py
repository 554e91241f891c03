import os
import re

import pytest

from content.checks import check
from content.pages import get_page
from tests.toolkit.test_form_pack import Page

GITHUB = "https://raw.githubusercontent.com/parkinsons-toolkit/app-content/refs/heads"
H1 = re.compile(r"<h1[\s>]")


def test_a_page_is_public_and_has_breadcrumbs(client, db, content, django_assert_num_queries):
    content.write("managing-symptoms/managing-symptoms", "# Managing Symptoms\n")
    content.write("managing-symptoms/tremor", "# Tremor\n\nShaking.\n")
    with django_assert_num_queries(0):
        response = client.get("/information/managing-symptoms/tremor")
    assert response.status_code == 200
    html = response.content.decode()
    assert len(H1.findall(html)) == 1
    crumbs = re.search(r'<nav class="nhsuk-breadcrumb".*?</nav>', html, re.S).group(0)
    assert 'href="/information/managing-symptoms">Managing Symptoms</a>' in crumbs
    assert 'href="/information/">Information</a>' in crumbs


def test_a_signed_in_page_view_makes_only_the_session_queries(
    patient_client, content, django_assert_num_queries
):
    content.write("tremor", "# Tremor\n")
    with django_assert_num_queries(1):  # the session, with its person
        assert patient_client.get("/information/tremor").status_code == 200


def test_a_top_level_page_and_a_section_landing_page(client, content):
    content.write("what-is-parkinsons", "# What is Parkinson\u2019s?\n")
    content.write("treatments/treatments", "# Treatments & Therapies\n")
    assert b"What is Parkinson" in client.get("/information/what-is-parkinsons").content
    for url in ("/information/treatments", "/information/treatments/treatments"):
        response = client.get(url)
        assert response.status_code == 200 and b"Treatments &amp; Therapies" in response.content


def test_a_folder_without_a_landing_page_gets_a_generated_index(client, content):
    content.write("living/practical-advice/travel", "# Travel\n")
    content.write("living/practical-advice/housing", "# Housing\n")
    html = client.get("/information/living/practical-advice").content.decode()
    assert "<h1>Practical advice</h1>" in html
    assert 'href="/information/living/practical-advice/travel">Travel</a>' in html
    assert 'href="/information/living/practical-advice/housing">Housing</a>' in html


def test_the_index_lists_every_section_and_page_and_has_search(client, content):
    content.write("research", "# Research\n")
    content.write("managing-symptoms/managing-symptoms", "# Managing Symptoms\n")
    content.write("managing-symptoms/tremor", "# Tremor\n")
    content.write("living/wellbeing/eating-well", "# Eating Well\n")
    html = client.get("/information/").content.decode()
    for link in (
        'href="/information/research">Research</a>',
        'href="/information/managing-symptoms">Managing Symptoms</a>',
        'href="/information/managing-symptoms/tremor">Tremor</a>',
        'href="/information/living/wellbeing">Wellbeing</a>',
        'href="/information/living/wellbeing/eating-well">Eating Well</a>',
    ):
        assert link in html
    assert 'action="/information/search"' in html


def test_a_trailing_slash_is_dropped(client, content):
    content.write("research", "# Research\n")
    response = client.get("/information/research/")
    assert response.status_code == 301 and response["Location"] == "/information/research"


def test_a_link_under_another_section_name_reaches_the_only_page_of_its_name(client, content):
    content.write("treatments/medications", "# Medications\n")
    content.write("living/living", "# Living\n")
    for url, page in [
        (
            "/information/treatments-and-therapies/medications",
            "/information/treatments/medications",
        ),
        ("/information/treatment/medications", "/information/treatments/medications"),
        ("/information/medications", "/information/treatments/medications"),
        ("/information/old/living", "/information/living"),  # a section's own page
    ]:
        response = client.get(url)
        # Not permanent: the page may yet be written where the link says.
        assert response.status_code == 302 and response["Location"] == page, url


def test_a_name_two_pages_share_or_no_page_has_is_not_guessed(client, content):
    content.write("managing-symptoms/sleep", "# Sleep\n")
    content.write("living/sleep", "# Sleep and rest\n")
    assert client.get("/information/other/sleep").status_code == 404
    assert client.get("/information/treatments/mood").status_code == 404


def test_a_mistyped_address_offers_the_pages_it_may_have_meant(
    client, db, content, django_assert_num_queries
):
    content.write("living/practical-advice/hobbies-and-pets", "# Hobbies and Pets\n")
    content.write("managing-symptoms/tremor", "# Tremor\n")
    with django_assert_num_queries(0):  # the pages are files: no database for a reader
        response = client.get("/information/living/practical-advice/hobbiess-and-pets")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Did you mean" in html
    assert (
        '<a class="app-standalone-link" '
        'href="/information/living/practical-advice/hobbies-and-pets">Hobbies and Pets</a>' in html
    )
    assert "Did you mean" not in client.get("/information/living/gardening").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/information/missing",
        "/information/../toolkit/settings",
        "/information/%2e%2e/%2e%2e/etc/passwd",
        "/information/..%2f..%2fetc%2fpasswd",
        "/information/secret%00",
        "/information/%2fetc/passwd",
        "/information/.hidden",
        "/information/README",
        "/information/section/..",
        "/information/images/../../pages/page.md",
        "/information/images/..%2fsecret.jpg",
        "/information/images/outside.jpg",
        "/information/images/notes.txt",
        "/information/" + "a" * 300,
        "/information/images/" + "a" * 300 + ".jpg",
    ],
)
def test_path_traversal_and_unknown_pages_give_404(client, content, tmp_path, url):
    (tmp_path / "outside.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / "secret.md").write_text("# Secret\n")
    (content.images / "notes.txt").write_text("private")
    content.write(".hidden", "# Hidden\n")
    (content.root / "README.md").write_text("# Read me\n")
    content.write("section/page", "# Page\n")
    assert client.get(url).status_code == 404


def test_a_page_is_rendered_once_per_version_of_its_file(content, monkeypatch):
    file = content.write("page", "# First\n")
    calls = []
    import content.pages as pages

    real = pages.render
    monkeypatch.setattr(pages, "render", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert get_page("page").title == "First"
    assert get_page("page").title == "First"
    assert len(calls) == 1
    file.write_text("# Second edition\n")
    stat = file.stat()
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert get_page("page").title == "Second edition"
    assert len(calls) == 2


def test_images_are_served_from_the_images_folder(client, content):
    (content.images / "cramp.jpg").write_bytes(b"\xff\xd8\xff")
    content.write(
        "page",
        f'# T\n\n<img src="{GITHUB}/dev/images/cramp.jpg" alt="A foot cramping" class="x">\n',
    )
    html = client.get("/information/page").content.decode()
    assert '<img loading="lazy" src="/information/images/cramp.jpg" alt="A foot cramping"' in html
    response = client.get("/information/images/cramp.jpg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == b"\xff\xd8\xff"


def test_an_image_missing_here_or_from_another_site_shows_its_alt_text(client, content):
    content.write(
        "page",
        "# T\n\n"
        f'<img src="{GITHUB}/main/images/gone.jpg" alt="Gone">\n\n'
        "![A tracker](https://example.com/tracker.png)\n",
    )
    html = client.get("/information/page").content.decode()
    assert "[Image: Gone]" in html and "[Image: A tracker]" in html
    assert "example.com" not in html and "githubusercontent" not in html


def test_images_from_an_allowed_host_load(client, content, settings):
    settings.CONTENT_IMAGE_HOSTS = ["images.example.org"]
    content.write("page", "# T\n\n![Chart](https://images.example.org/chart.png)\n")
    html = client.get("/information/page").content.decode()
    assert 'src="https://images.example.org/chart.png"' in html


def test_a_video_loads_nothing_until_asked(client, content):
    content.write(
        "page",
        "# T\n\n## Stretching\n\n"
        '<div class="video-container">\n<iframe\n  width="560"\n  height="315"\n'
        '  src="https://www.youtube-nocookie.com/embed/W0yU3IbK9JY"\n'
        '  title="YouTube video player"\n'
        "  allowfullscreen>\n</iframe>\n</div>\n",
    )
    html = client.get("/information/page").content.decode()
    assert "<iframe" not in html
    assert 'data-embed="https://www.youtube-nocookie.com/embed/W0yU3IbK9JY?autoplay=1"' in html
    assert "Video: Stretching" in html
    # Read as one name, with no stray colon: "Play video “Stretching”".
    assert 'Play video<span class="nhsuk-u-visually-hidden"> “Stretching”</span>' in html
    assert 'href="https://www.youtube.com/watch?v=W0yU3IbK9JY"' in html
    for url in re.findall(r'\ssrc="([^"]+)"', html):
        assert not url.startswith(("http:", "https:", "//")), url


def test_signed_in_readers_can_keep_the_questions_and_contacts(patient_client, settings):
    html = patient_client.get("/information/managing-symptoms/cramps-and-spasms").content.decode()
    form = re.search(r'action="/my-notes/questions/from-page">.*?</form>', html, re.S)
    assert form and 'name="csrfmiddlewaretoken"' in form.group(0)
    assert 'name="page" value="managing-symptoms/cramps-and-spasms"' in form.group(0)
    assert "Add these questions to my notes" in form.group(0)
    contacts = re.findall(r'action="/my-notes/contacts/from-page".*?</form>', html, re.S)
    assert len(contacts) == 3
    assert 'name="organisation" value="2"' in contacts[2]
    assert (
        'Add<span class="nhsuk-u-visually-hidden"> Parkinson\u2019s UK</span> to my contacts<'
        in contacts[2]
    )


def test_anonymous_readers_see_no_forms_but_the_tracker_call_to_action(client, settings):
    html = client.get("/information/managing-symptoms/cramps-and-spasms").content.decode()
    assert "/my-notes/" not in html and "csrfmiddlewaretoken" not in html
    assert "Track this in My Tracker" in html


def test_anonymous_readers_are_told_how_to_keep_the_questions(client, settings):
    path = "/information/managing-symptoms/cramps-and-spasms"
    page = Page(client.get(path).content.decode())
    section = page.one("section.app-save-to-notes")
    links = {link.text: link.get("href") for link in section.iter("a")}
    assert links == {
        "Log in": f"/account/log-in?next={path}",
        "create an account": f"/account/sign-up?next={path}",
    }


def test_the_how_to_use_page_ships_with_the_toolkit(client):
    html = client.get("/information/further-support/how-to-use").content.decode()
    assert "<h1" in html and "How to use this toolkit" in html
    ids = set(re.findall(r'id="([^"]+)"', html))
    assert all(anchor in ids for anchor in re.findall(r'href="#([^"]+)"', html))


def test_the_index_leaves_out_the_home_screen_pages(client, content):
    content.write("research", "# Research\n")
    content.write("home", "# Welcome to your account!\n")
    content.write("home-logged-out", "# Sign up today\n")
    html = client.get("/information/").content.decode()
    assert 'href="/information/research">Research</a>' in html
    assert "Welcome to your account" not in html
    assert "Sign up today" not in html


def test_search_leaves_out_the_home_screen_pages(client, content):
    content.write("research", "# Research\n\nTaking part in research.\n")
    content.write("home", "# Welcome to your account!\n\nResearch and more.\n")
    html = client.get("/information/search?q=research").content.decode()
    assert 'href="/information/research"' in html
    assert 'href="/information/home"' not in html


def test_a_file_linked_from_outside_the_content_folder_is_no_page_anywhere(
    client, db, content, tmp_path
):
    """A content repository may hold a link to a file elsewhere on the server (git keeps
    links): its first "# " line must not show as a title in the index, nor its text anywhere."""
    content.write("tremor", "# Tremor\n")
    secret = tmp_path / "settings.env"
    secret.write_text("# Production secrets\nSECRET_KEY=abc\n")
    (content.root / "escape.md").symlink_to(secret)
    (content.root / "inside.md").symlink_to(content.root / "tremor.md")  # a link within is fine
    index = client.get("/information/").content.decode()
    assert "Production secrets" not in index
    assert "escape" not in index.lower()
    assert client.get("/information/escape").status_code == 404
    assert client.get("/information/inside").status_code == 200
    assert (
        "Production secrets" not in client.get("/information/search?q=production").content.decode()
    )
    assert [(f.kind, f.message) for f in check() if f.page == "escape"] == [
        ("outside", "a link to a file outside the content folder: not served, and not read")
    ]
