import re
from datetime import UTC, datetime, timedelta

from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tracker.models import Dose, Medication, SymptomEpisode


def test_patient_adds_a_medicine_takes_a_dose_and_logs_dystonia(signed_in_page: Page, patient):
    page = signed_in_page
    page.goto("/my-tracker")
    expect(page.get_by_role("heading", level=1)).to_have_text("My Tracker")
    assert_accessible(page)

    page.get_by_role("link", name="Add a medicine").click()
    assert_accessible(page)
    page.get_by_label("Name of the medicine").fill("Co-careldopa (Sinemet)")
    page.get_by_label("Dose").fill("1 tablet 25/100")
    # Whatever the time of day the test runs: a row within the hour is recorded at once, and
    # one half a day away asks first.
    now = datetime.now(patient.zone)
    due, far = f"{now:%H}:00", f"{(now.hour + 12) % 24:02d}:00"
    page.get_by_label("Times you take it each day").fill(", ".join(sorted([due, far])))
    page.get_by_role("button", name="Save medicine").click()
    expect(page.get_by_role("status")).to_contain_text("Co-careldopa (Sinemet) added")
    assert_accessible(page)

    def taken(time: str):
        # Each button's name reads as words, with no stray punctuation ("Taken : Co-careldopa").
        name = f"Taken Co-careldopa (Sinemet) due at {time}"
        return page.get_by_role("button", name=name, exact=True)

    page.get_by_role("link", name="Back to My Tracker").click()
    taken(due).click()
    expect(page.get_by_role("status")).to_contain_text(
        re.compile(rf"Dose of Co-careldopa \(Sinemet\) recorded at \d\d:\d\d, for {due} \(")
    )
    # Focus is on what was done, where a screen reader reads it and the keyboard goes on.
    expect(page.get_by_role("status")).to_be_focused()
    expect(taken(due)).to_have_count(0)
    assert_accessible(page)

    # A dose was recorded a moment ago: the press asks before recording another.
    taken(far).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Record another dose of Co-careldopa (Sinemet)?"
    )
    expect(page.get_by_text(f"Your {far} dose of Co-careldopa (Sinemet)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Yes, record another dose").click()
    expect(page.get_by_role("status")).to_contain_text(f", for {far} (")
    scheduled = Dose.objects.filter(patient=patient).values_list("scheduled_for", flat=True)
    assert sorted(f"{at.astimezone(patient.zone):%H:%M}" for at in scheduled) == sorted([due, far])

    page.get_by_role("link", name="Dystonia now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dystonia now")
    assert_accessible(page)
    page.get_by_role("checkbox", name="Foot").check()
    page.get_by_role("radio", name="Moderate").check()
    page.get_by_role("radio", name="OFF", exact=True).check()
    page.get_by_role("button", name="It's happening now").click()
    expect(page.get_by_role("status")).to_contain_text("Dystonia recorded as starting at")
    assert_accessible(page)

    stopped = re.compile(r"^It has stopped now, the dystonia that started at \d\d:\d\d$")
    page.get_by_role("button", name=stopped).click()
    # "from 10:02 to 10:05", or "at 10:02, lasting under a minute" when stopped that minute.
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"Dystonia recorded (from|at) "))
    episode = SymptomEpisode.objects.get(patient=patient)
    assert episode.ended_at is not None and episode.body_sites == ["foot"]

    page.get_by_role("link", name="All episodes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dystonia episodes")
    assert_accessible(page)


def test_a_mistake_on_the_episode_form_is_explained(signed_in_page: Page):
    page = signed_in_page
    page.goto("/my-tracker/episodes/new")
    page.get_by_role("button", name="Save episode").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)


def test_a_dose_typed_in_the_hour_that_happens_twice_asks_which(signed_in_page: Page, patient):
    medication = Medication.objects.create(patient=patient, name="Rasagiline", schedule=["09:00"])
    page = signed_in_page
    page.goto("/my-tracker/doses/new")
    page.get_by_role("radio", name="Rasagiline").check()
    page.get_by_label("Date taken").fill("2026-10-25")
    page.get_by_label("Time taken").fill("01:30")
    page.get_by_role("button", name=re.compile("^Save")).click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("group", name="Which 01:30?")).to_be_visible()
    assert_accessible(page)
    assert not Dose.objects.exists()

    page.get_by_role("radio", name="The second time round (GMT)").check()
    page.get_by_role("button", name=re.compile("^Save")).click()
    expect(page.get_by_role("status")).to_contain_text("Dose of Rasagiline recorded")
    assert Dose.objects.get(medication=medication).taken_at == datetime(
        2026, 10, 25, 1, 30, tzinfo=UTC
    )


def test_a_bedtime_dose_typed_for_the_small_hours_asks_whether_it_was_taken_late(
    signed_in_page: Page, patient
):
    medication = Medication.objects.create(patient=patient, name="Rasagiline", schedule=["22:30"])
    yesterday = patient.local_today() - timedelta(days=1)
    page = signed_in_page
    page.goto("/my-tracker/doses/new")
    page.get_by_label("Date taken").fill(f"{yesterday:%Y-%m-%d}")
    page.get_by_label("Time taken").fill("01:00")
    page.get_by_role("button", name=re.compile("^Save")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Was this the dose due at 22:30")
    assert_accessible(page)
    assert not Dose.objects.exists()

    page.get_by_role("button", name="Yes, that dose, taken late").click()
    expect(page.get_by_role("status")).to_contain_text("Dose of Rasagiline recorded")
    assert Dose.objects.get(medication=medication).minutes_late == 150
