"""A log-in refused is said at the email address field: the error summary links to it, and
the field is marked wrong, with the same words whether or not the address has an account."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.toolkit.test_form_pack import Page

WRONG = (
    "Error: The email address or the password is not right. Type the password exactly as you "
    "chose it, with any capital letters."
)


@pytest.mark.parametrize(
    ("email", "password"),
    [("mary@example.com", "nope"), ("nobody@example.com", PASSWORD)],
)
def test_a_refused_log_in_is_said_at_the_email_field(client, patient, email, password):
    response = client.post(reverse("login"), {"username": email, "password": password})
    page = Page(response.content.decode())
    [link] = page.all(".nhsuk-error-summary__list a")
    assert link.get("href") == "#id_username"
    assert len(page.all(".nhsuk-error-summary__list li")) == 1
    assert page.text("#id_username-error") == WRONG
    assert "id_username-error" in page.one("#id_username").get("aria-describedby").split()
    assert page.one("#id_username").get("aria-invalid") == "true"
    assert page.one("#id_username").get("value") == email
    assert page.text("title").startswith("Error: Log in")
