"""Addresses that name a page only nearly: capitals from a printed leaflet, a trailing slash,
and the images folder, which is not a page."""

import pytest


@pytest.fixture
def site(content):
    content.write("managing-symptoms/managing-symptoms", "# Managing Symptoms\n")
    content.write("managing-symptoms/low-mood", "# Low Mood\n")
    content.write("living/practical-advice/travel", "# Travel\n")
    content.write("treatments/medications", "# Medications\n")
    content.write("keeping-active", "# Keeping Active\n")
    (content.images / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    return content


@pytest.mark.parametrize(
    "url, target",
    [
        ("/information/Managing-Symptoms/Low-Mood", "/information/managing-symptoms/low-mood"),
        ("/information/MANAGING-SYMPTOMS/LOW-MOOD", "/information/managing-symptoms/low-mood"),
        ("/information/managing-symptoms/Low-mood/", "/information/managing-symptoms/low-mood"),
        # A section's own page, and a folder of pages without one.
        ("/information/Managing-Symptoms", "/information/managing-symptoms"),
        (
            "/information/Managing-Symptoms/Managing-Symptoms",
            "/information/managing-symptoms",
        ),
        ("/information/Living/Practical-Advice", "/information/living/practical-advice"),
    ],
)
def test_an_address_in_other_capitals_is_moved_for_good_to_the_page(
    client, db, site, django_assert_num_queries, url, target
):
    with django_assert_num_queries(0):
        response = client.get(url)
    assert response.status_code == 301 and response["Location"] == target
    assert client.get(target).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/information/Managing-Symptoms/Low-Moods",
        # Only the letters' case may differ: a page found by its name alone is not guessed.
        "/information/Treatments-And-Therapies/Medications",
        "/information/Images",
        "/information/Images/photo.jpg",
        "/information/Managing-Symptoms/../Low-Mood",
        "/information/Managing-Symptoms/%2e%2e/Low-Mood",
        "/information/Managing-Symptoms/..%2fLow-Mood",
        "/information/managing-symptoms/Low-Mood.md",
        "/information/managing-symptoms/.Low-Mood",
        # The Kelvin sign lowers to a "k", but no address of a page has it.
        "/information/\u212aeeping-Active",
    ],
)
def test_anything_else_in_capitals_is_not_found(client, site, url):
    assert client.get(url).status_code == 404


def test_a_page_in_its_own_capitals_makes_no_extra_work(
    client, db, site, django_assert_num_queries
):
    with django_assert_num_queries(0):
        assert client.get("/information/managing-symptoms/low-mood").status_code == 200


@pytest.mark.parametrize(
    "url", ["/information/images/", "/information/images", "/information/Images/"]
)
def test_the_images_folder_is_not_found_without_a_redirect(client, db, site, url):
    assert client.get(url).status_code == 404
    image = client.get("/information/images/photo.jpg")
    assert image.status_code == 200
    image.close()


def test_a_trailing_slash_on_a_link_under_another_section_goes_to_the_page_in_one_step(
    client, site
):
    response = client.get("/information/treatments-and-therapies/medications/")
    assert response.status_code == 302
    assert response["Location"] == "/information/treatments/medications"


def test_a_trailing_slash_on_a_sections_own_page_goes_to_the_sections_address(client, site):
    response = client.get("/information/managing-symptoms/managing-symptoms/")
    assert response.status_code == 301 and response["Location"] == "/information/managing-symptoms"
