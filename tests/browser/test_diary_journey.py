from datetime import UTC, date, datetime, timedelta

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tracker import diary, slots
from tracker.models import DiaryEntry

# The run form's states in the order of its radio buttons.
STATES = ["asleep", "off", "on", "on_nontroublesome", "on_troublesome"]
# A whole day as "to" times: each run starts where the last one ended.
DAY = [
    ("0700", "asleep"),
    ("0800", "off"),
    ("1200", "on"),
    ("1400", "on_nontroublesome"),
    ("1500", "off"),
    ("1800", "on"),
    ("1900", "on_troublesome"),
    ("2230", "on"),
    ("0000", "asleep"),
]


def type_time(page: Page, label: str, clock: str) -> None:
    """Type a time as a person would, then Tab out of the field to the next control.

    Chromium shows the time input on a 12-hour clock here (hours, minutes, AM/PM and a
    picker button are separate stops), so the keys follow what the field shows.
    """
    field = page.get_by_label(label, exact=True)
    field.focus()
    hour, minute = int(clock[:2]), clock[2:]
    page.keyboard.type(f"{hour % 12 or 12:02d}{minute}{'P' if hour >= 12 else 'A'}")
    expect(field).to_have_value(f"{clock[:2]}:{minute}")
    while page.evaluate("document.activeElement.name") == field.get_attribute("name"):
        page.keyboard.press("Tab")


def save_run(page: Page, to: str, state: str) -> None:
    """Keyboard only: type the end time, choose the state with the arrow keys, press Enter."""
    type_time(page, "To", to)
    page.keyboard.press("Space")  # the first state's radio button has the focus
    for _ in range(STATES.index(state)):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")  # to "Save this stretch"
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Recorded")


def test_a_whole_day_of_the_diary_filled_with_the_keyboard_then_seen_as_a_timeline(
    signed_in_page: Page, patient
):
    page = signed_in_page
    day = patient.local_today() - timedelta(days=1)
    page.goto(f"/my-tracker/diary/{day.isoformat()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"{day:%-d %B %Y}")
    assert_accessible(page)

    # A mistake first: the error summary names it and nothing is saved.
    type_time(page, "To", "0715")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("07:15 is not on the hour or the half hour").first).to_be_visible()
    assert_accessible(page)

    for to, state in DAY:
        save_run(page, to, state)
    expect(page.get_by_text("48 of 48 half-hours recorded")).to_be_visible()
    expect(page.get_by_text("07:00 to 08:00").first).to_be_visible()
    assert_accessible(page)

    # One half-hour changed on its own, still with the keyboard.
    select = page.get_by_label("How you were at 12:30")
    select.focus()
    select.select_option("off")
    page.get_by_role("button", name="Save changed half-hours").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Saved 1 changed half-hour")

    page.get_by_role("link", name="See this day as a timeline").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your day")
    expect(page.get_by_role("img", name="Timeline of")).to_be_visible()
    expect(page.get_by_text("Yes, all 48 half-hours")).to_be_visible()
    assert_accessible(page)


def test_a_stretch_in_the_hour_that_happens_twice_is_changed_with_a_question_for_each_end(
    signed_in_page: Page, patient
):
    # London, 26 October 2025: 01:00 to 01:59 happen twice, first in BST, then in GMT.
    day = date(2025, 10, 26)
    diary.set_run(patient, *slots.day_bounds(day, patient.zone), "asleep", patient)
    first_0130, second_0100 = (
        datetime(2025, 10, 26, 0, 30, tzinfo=UTC),
        datetime(2025, 10, 26, 1, tzinfo=UTC),
    )
    diary.set_run(patient, first_0130, second_0100 + slots.SLOT, "off", patient)
    page = signed_in_page
    page.goto(f"/my-tracker/diary/{day.isoformat()}")
    page.get_by_role("link", name="Change or split 01:30 (BST) to 01:30 (GMT)").click()

    start, end = (
        page.get_by_role("group", name=f"Which 01:30 for “{name}”?") for name in ("From", "To")
    )
    expect(start.get_by_role("radio", name="The first time round (BST)")).to_be_checked()
    expect(end.get_by_role("radio", name="The second time round (GMT)")).to_be_checked()
    assert_accessible(page)

    # "To" moved back to the first 01:30 would end the stretch as it starts.
    end.get_by_role("radio", name="The first time round (BST)").check()
    page.get_by_role("button", name="Save this stretch").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("“To” must be after “From”").first).to_be_visible()
    assert_accessible(page)

    end.get_by_role("radio", name="The second time round (GMT)").check()
    page.get_by_role("radio", name="ON without dyskinesia").check()
    page.get_by_role("button", name="Save this stretch").click()
    expect(page.get_by_role("status")).to_contain_text(
        "from 01:30 (BST) to 01:30 (GMT) (2 half-hours)"
    )
    changed = DiaryEntry.objects.filter(patient=patient).exclude(state="asleep")
    assert dict(changed.values_list("slot_start", "state")) == {
        first_0130: "on",
        second_0100: "on",
    }
    assert DiaryEntry.objects.filter(patient=patient).count() == 50


def test_a_day_the_time_zone_skipped_says_so(signed_in_page: Page, patient):
    patient.time_zone = "Pacific/Apia"
    patient.save()
    page = signed_in_page
    page.goto("/my-tracker/diary/2011-12-30")
    expect(
        page.get_by_text("This day did not happen in the Pacific/Apia time zone")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Next day")).to_have_attribute(
        "href", "/my-tracker/diary/2011-12-31"
    )
    assert_accessible(page)


def test_a_slip_that_would_replace_the_next_mornings_answers_is_asked_about_first(
    signed_in_page: Page, patient
):
    """19:00 to 14:00 typed for 19:00 to 20:00: the question comes before anything is
    replaced, and going back keeps what was typed."""
    day = patient.local_today() - timedelta(days=2)
    morning = slots.day_slots(day + timedelta(days=1), patient.zone)
    diary.set_run(patient, morning[14].start, morning[24].start, "on", patient)  # 07:00-12:00
    page = signed_in_page
    page.goto(f"/my-tracker/diary/{day.isoformat()}")
    type_time(page, "From", "1900")
    to = page.get_by_label("To", exact=True)
    type_time(page, "To", "1400")
    page.get_by_label("OFF", exact=True).check()
    page.get_by_role("button", name="Save this stretch").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Replace 10 half-hours already recorded?"
    )
    assert_accessible(page)
    page.get_by_role("link", name="No, go back").click()
    expect(to).to_have_value("14:00")
    expect(page.get_by_label("OFF", exact=True)).to_be_checked()
    # Back at the form, for the keyboard and the screen reader as for the eye.
    expect(page.get_by_role("heading", name="Record a stretch of time")).to_be_focused()
    assert DiaryEntry.objects.filter(patient=patient).count() == 10
