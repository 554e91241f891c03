"""The tracker's own pages lead back to My Tracker; what is printed or shared does not."""

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from tests.tracker.test_summary_links import make_link

BACK = "Back to My Tracker"


def back_links(content: str) -> list[str]:
    """Where each "Back to My Tracker" link on the page goes."""
    return re.findall(rf'<a class="nhsuk-back-link" href="([^"]*)">{BACK}</a>', content)


@pytest.mark.parametrize(
    ("url", "status"),
    [
        (reverse("summary") + "?start=2026-03-02&days=3", 200),
        (reverse("summary") + "?days=15", 400),  # the form to choose the days again
        (reverse("diary_day", kwargs={"day": date(2026, 3, 2)}), 200),
        (reverse("tracker_day", kwargs={"day": date(2026, 3, 2)}), 200),
    ],
)
def test_the_page_leads_back_to_my_tracker(patient_client, url, status):
    response = patient_client.get(url)
    assert response.status_code == status
    assert back_links(response.content.decode()) == [reverse("tracker_home")]


def test_the_summary_on_paper_has_no_way_back(patient_client):
    response = patient_client.get(reverse("summary_pdf") + "?start=2026-03-02&days=3")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Daily totals" in text
    assert BACK not in text


def test_the_summary_shared_with_a_specialist_does_not_lead_to_my_tracker(client, patient):
    raw, _ = make_link(patient)
    content = client.get(reverse("specialist_summary", kwargs={"token": raw})).content.decode()
    assert "Daily totals" in content
    assert BACK not in content
    assert f'href="{reverse("tracker_home")}"' not in content
