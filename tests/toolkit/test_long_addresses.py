"""An address too long to keep is refused on the form, as typed or as kept: never a 500 from
the database, whose column holds 254 characters (PostgreSQL refuses a longer value)."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.toolkit.test_form_pack import Page
from toolkit.models import EmailChange, EmailClaim

TOO_LONG = "must be 254 characters or fewer."
# Valid as typed, 312 characters.
LONG_AS_TYPED = "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "com"
# 245 characters as typed; over 500 once its domain is written out as mail is sent to it.
WORD = "".join(chr(0x4E00 + i * 37) for i in range(15))
LONG_AS_KEPT = "a@" + ".".join([WORD] * 15) + ".com"


def problem(response) -> str:
    assert response.status_code == 200
    return Page(response.content.decode()).text(".nhsuk-error-summary")


@pytest.mark.parametrize("address", [LONG_AS_TYPED, LONG_AS_KEPT])
def test_log_in_refuses_it(client, db, address):
    response = client.post(reverse("login"), {"username": address, "password": "x"})
    assert TOO_LONG in problem(response)


@pytest.mark.parametrize("address", [LONG_AS_TYPED, LONG_AS_KEPT])
@pytest.mark.parametrize("page", ["signup", "password_reset"])
def test_sign_up_and_password_reset_refuse_it(client, db, address, page):
    assert TOO_LONG in problem(client.post(reverse(page), {"email": address}))
    assert not EmailClaim.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("address", [LONG_AS_TYPED, LONG_AS_KEPT])
def test_a_new_address_refuses_it(patient_client, address):
    assert TOO_LONG in problem(patient_client.post(reverse("change_email"), {"email": address}))
    assert not EmailChange.objects.exists()
    assert mail.outbox == []
