"""The benchmark's floor rows measure what they say they do."""

import pytest


@pytest.mark.urls("bench.urls")
def test_the_empty_page_is_the_site_page_around_one_query(
    patient_client, django_assert_num_queries
):
    with django_assert_num_queries(2):  # the session with its person, the records version
        response = patient_client.get("/bench/empty-page")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Empty</h1>" in html and "Log out" in html and 'class="nhsuk-footer' in html
