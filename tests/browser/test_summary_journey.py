import io
from datetime import timedelta

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.axe import assert_accessible
from tests.tracker.test_summary_pdf import demo_like_days
from toolkit.models import SpecialistLink


def test_patient_views_prints_downloads_and_shares_their_summary(
    signed_in_page: Page, patient, browser
):
    page = signed_in_page
    first = patient.local_today() - timedelta(days=4)
    demo_like_days(patient, first, 4)

    page.goto("/my-tracker")
    page.get_by_role("link", name="Your summary for the specialist").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Parkinson's symptom summary")
    assert_accessible(page)

    # Pick a range: the first three of the four recorded days.
    page.get_by_label("First day").fill(first.isoformat())
    page.get_by_label("Number of days").fill("3")
    page.get_by_role("button", name="Show these days").click()
    expect(page.get_by_role("row", name="Mean of 3 complete days")).to_be_visible()
    assert_accessible(page)

    # Print preview: the site's frame and the controls are not printed.
    page.emulate_media(media="print")
    expect(page.locator(".nhsuk-header")).to_be_hidden()
    expect(page.locator(".app-summary__controls")).to_be_hidden()
    expect(page.get_by_role("heading", name="Daily totals (hours)")).to_be_visible()
    page.emulate_media(media="screen")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as PDF").click()
    assert download.value.suggested_filename == (
        f"summary-{first:%Y-%m-%d}-to-{first + timedelta(days=2):%Y-%m-%d}.pdf"
    )

    # Share: make a link, open it in a fresh browser with no account, then stop it.
    page.get_by_role("link", name="Share with your specialist by a link").click()
    assert_accessible(page)
    page.get_by_role("button", name="Make a link").click()
    url = page.get_by_label("Link to your summary").input_value()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.get_by_role("button", name="Copy the link").click()
    expect(page.locator("#new-link-copied")).to_have_text(
        "Copied. You can now paste it into an email or a message to your specialist."
    )
    assert page.evaluate("navigator.clipboard.readText()") == url
    assert_accessible(page)

    specialist = browser.new_context()
    other = specialist.new_page()
    other.goto(url)
    expect(other.get_by_role("heading", level=1)).to_have_text("Parkinson's symptom summary")
    expect(other.get_by_role("definition").first).to_have_text("Mary")
    assert_accessible(other)

    page.reload()
    expect(page.get_by_role("cell", name="1 time")).to_be_visible()
    # Asked first: a stopped link cannot be shown again, so a slip would mean a new one.
    stop = page.get_by_role("link", name="Stop this link").bounding_box()
    assert stop["width"] >= 44 and stop["height"] >= 44
    page.get_by_role("link", name="Stop this link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop this link?")
    expect(page.get_by_text("Your specialist will no longer be able to open")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Keep the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Share your summary by a link")
    assert SpecialistLink.objects.get().revoked_at is None
    page.get_by_role("link", name="Stop this link").click()
    page.get_by_role("button", name="Stop this link").click()
    expect(page.get_by_role("status")).to_contain_text("The link has been stopped")
    assert_accessible(page)
    assert SpecialistLink.objects.get().revoked_at is not None

    other.goto(url)
    expect(other.get_by_role("heading", level=1)).to_have_text("This link no longer works")
    assert_accessible(other)
    specialist.close()


def test_the_browsers_print_shows_the_name_and_days_on_every_page(signed_in_page: Page, patient):
    """In the flow on page 1, in the top margin of the others, as in the PDF."""
    page = signed_in_page
    first = patient.local_today() - timedelta(days=14)
    demo_like_days(patient, first, 14)
    page.goto(f"/my-tracker/summary?start={first}&days=14")
    page.emulate_media(media="print")
    pages = PdfReader(io.BytesIO(page.pdf(format="A4"))).pages
    assert len(pages) > 2
    running = f"Mary · {first:%-d %b %Y} to {first + timedelta(days=13):%-d %b %Y}"
    for printed in pages:
        text = printed.extract_text()
        assert text.count(running) == 1, text
