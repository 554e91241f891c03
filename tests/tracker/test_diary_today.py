"""Today's diary page, stretch by stretch: the stretch not recorded ends with the half-hour
under way, so "Fill in" brings a stretch that saves, and the rest of the day is shown as not
begun, with nothing to fill in."""

import html
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.toolkit.test_form_pack import Page
from tests.tracker.form_values import form_values
from tracker import diary
from tracker.models import DiaryEntry

DAY = date(2026, 7, 1)
LONDON = ZoneInfo("Europe/London")  # the patient's
SPRING = date(2026, 3, 29)  # the clocks go forward: 46 half-hours
AUTUMN = date(2026, 10, 25)  # the clocks go back: 50 half-hours


def local(hour: int, minute: int = 0) -> datetime:
    """A time on DAY, by the patient's clock."""
    return datetime(2026, 7, 1, hour, minute, tzinfo=LONDON).astimezone(UTC)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def page(client, day: date = DAY, query: str = "") -> str:
    response = client.get(reverse("diary_day", kwargs={"day": day}) + query)
    assert response.status_code == 200
    return response.content.decode()


def stretches(content: str) -> list[str]:
    """Each stretch in the list as a screen reader reads it, its link included."""
    return [
        " ".join("".join(item.itertext()).split())
        for item in Page(content).all(".app-diary-runs li")
    ]


def links(content: str) -> list[str]:
    return [a.get("href") for a in Page(content).all(".app-diary-runs a")]


def fill_in(client, content: str, state: str, day: date = DAY) -> str:
    """Follow the page's one link to fill in a stretch, choose a state and save what the link
    brought; the page it is sent back to."""
    [link] = [a.get("href") for a in Page(content).all(".app-diary-runs a") if "Fill in" in a.text]
    form = form_values(page(client, day, link.removesuffix("#run")), "/run")
    response = client.post(reverse("diary_run", kwargs={"day": day}), form | {"state": state})
    assert response.status_code == 302, "the stretch was refused"
    return html.unescape(client.get(response["Location"]).content.decode())


def test_todays_stretch_not_recorded_ends_with_the_half_hour_under_way(
    patient_client, patient, frozen
):
    frozen(local(14, 10))
    diary.set_run(patient, local(0), local(7), "asleep", patient)
    assert stretches(page(patient_client)) == [
        "00:00 to 07:00: Asleep (7 hours) Change or split 00:00 to 07:00",
        "07:00 to 14:30: Not recorded (7.5 hours) Fill in 07:00 to 14:30",
        "14:30 to 24:00: Not begun yet (9.5 hours)",
    ]


@pytest.mark.parametrize(
    ("now", "until", "count", "left"),
    [(local(14, 24), "14:30", 15, "9.5 hours"), (local(14, 25), "15:00", 16, "9 hours")],
    ids=["at 14:24", "at 14:25"],
)
def test_filling_in_today_saves_the_stretch_the_link_brings(
    patient_client, patient, frozen, now, until, count, left
):
    """Up to the end of the half-hour under way, or of the next one from 5 minutes before it
    begins, as a phone's clock may be that far ahead: exactly what saving takes."""
    frozen(now)
    diary.set_run(patient, local(0), local(7), "asleep", patient)
    content = fill_in(patient_client, page(patient_client), "off")
    assert f"Recorded “OFF” from 07:00 to {until} ({count} half-hours)." in content
    assert DiaryEntry.objects.filter(patient=patient, state="off").count() == count
    assert stretches(content)[-2:] == [
        f"07:00 to {until}: OFF ({count / 2:g} hours) Change or split 07:00 to {until}",
        f"{until} to 24:00: Not begun yet ({left})",
    ]


def test_a_stretch_recorded_up_to_now_can_still_be_changed_and_the_rest_has_no_link(
    patient_client, patient, frozen
):
    frozen(local(14, 10))
    diary.set_run(patient, local(0), local(14, 30), "on", patient)
    content = page(patient_client)
    assert stretches(content) == [
        "00:00 to 14:30: ON without dyskinesia (14.5 hours) Change or split 00:00 to 14:30",
        "14:30 to 24:00: Not begun yet (9.5 hours)",
    ]
    assert links(content) == ["?start=00:00&end=14:30&state=on#run"]


def test_the_stretch_form_starts_where_the_diary_stops_until_it_is_recorded_up_to_now(
    patient_client, patient, frozen
):
    """From the end of what is recorded, while there is time before now to fill in; once the
    diary reaches now ("Right now I am…"), any "From" it gave would be refused."""
    frozen(local(14, 10))
    diary.set_run(patient, local(0), local(7), "asleep", patient)
    assert form_values(page(patient_client), "/run")["start"] == "07:00"
    diary.set_run(patient, local(7), local(14, 30), "on", patient)
    assert form_values(page(patient_client), "/run")["start"] == ""


@pytest.mark.parametrize(("day", "hours"), [(DAY, 24), (SPRING, 23), (AUTUMN, 25)])
def test_a_past_day_offers_to_fill_in_every_stretch_not_recorded(
    patient_client, patient, frozen, day, hours
):
    frozen(utc(2026, 11, 1, 12))
    assert stretches(page(patient_client, day)) == [
        f"00:00 to 24:00: Not recorded ({hours} hours) Fill in 00:00 to 24:00"
    ]
    content = fill_in(patient_client, page(patient_client, day), "on", day)
    assert f"Recorded “ON without dyskinesia” from 00:00 to midnight ({hours * 2}" in content


def test_a_day_not_begun_is_one_stretch_not_begun(patient_client, frozen):
    frozen(local(14, 10))
    content = page(patient_client, DAY + timedelta(days=1))
    assert stretches(content) == ["00:00 to 24:00: Not begun yet (24 hours)"]
    assert links(content) == []


@pytest.mark.parametrize(
    ("day", "now", "until", "left"),
    [
        # 03:10 BST: the clocks went forward at 01:00, so the day has had 00:00, 00:30, 02:00,
        # 02:30 and 03:00, and has 41 half-hours to come.
        (SPRING, utc(2026, 3, 29, 2, 10), "03:30", "20.5 hours"),
        # 01:10 GMT, the second time round: 01:00 and 01:30 have both passed once (BST) and
        # 01:00 a second time, and 45 half-hours are to come.
        (AUTUMN, utc(2026, 10, 25, 1, 10), "01:30 (GMT)", "22.5 hours"),
    ],
    ids=["forward", "back"],
)
def test_on_a_clock_change_day_today_the_stretch_to_fill_in_saves(
    patient_client, patient, frozen, day, now, until, left
):
    frozen(now)
    content = page(patient_client, day)
    assert stretches(content) == [
        f"00:00 to {until}: Not recorded (2.5 hours) Fill in 00:00 to {until}",
        f"{until} to 24:00: Not begun yet ({left})",
    ]
    content = fill_in(patient_client, content, "on", day)
    said = f"Recorded “ON without dyskinesia” from 00:00 to {until} (5 half-hours)."
    assert said in content
    assert DiaryEntry.objects.filter(patient=patient).count() == 5
    assert stretches(content)[-1] == f"{until} to 24:00: Not begun yet ({left})"


# The "To" hint gives a night as its example only where that night could be saved.

TODAY_HINT = "On the hour or the half hour, up to the half-hour under way."
NIGHT_HINT = (
    "A time earlier than “From” means the next morning: from 22:30 (10:30 PM) to 07:00 "
    "(7:00 AM) covers Wednesday night until midnight and Thursday morning until 07:00."
)
EARLY_HINT = "A time earlier than “From” means the next morning, up to the half-hour under way."


# Tonight cannot be saved yet: typed on today's page, the night is taken to be last night.
LAST_NIGHT = "On today's page, 22:30 is tonight. To record last night, use yesterday's page."


def error_summary(content: str) -> str:
    return " ".join(Page(content).text(".nhsuk-error-summary__list").split())


def to_hint(content: str) -> str:
    return Page(content).text("#id_end-hint")


def save_the_night(client):
    data = {"start": "22:30", "end": "07:00", "state": "asleep"}
    return client.post(reverse("diary_run", kwargs={"day": DAY}), data)


def test_todays_to_hint_does_not_offer_tonight_which_cannot_be_saved_yet(patient_client, frozen):
    frozen(local(14, 10))
    assert to_hint(page(patient_client)) == TODAY_HINT
    refused = save_the_night(patient_client).content.decode()
    assert error_summary(refused) == LAST_NIGHT


def test_the_to_hint_of_a_day_two_days_ago_gives_its_night_as_the_example(patient_client, frozen):
    frozen(local(0) + timedelta(days=2))
    assert to_hint(page(patient_client)) == NIGHT_HINT
    assert save_the_night(patient_client).status_code == 302


@pytest.mark.parametrize(
    ("now", "hint", "status"),
    [(local(6, 24), EARLY_HINT, 200), (local(6, 25), NIGHT_HINT, 302)],
    ids=["at 06:24", "at 06:25"],
)
def test_yesterdays_to_hint_gives_the_night_once_it_can_be_saved(
    patient_client, frozen, now, hint, status
):
    """The night ends at 07:00 this morning: it can be saved from 5 minutes before the
    half-hour up to 07:00 begins, as a phone's clock may be that far ahead."""
    frozen(now + timedelta(days=1))
    assert to_hint(page(patient_client)) == hint
    assert save_the_night(patient_client).status_code == status


# Last night, typed on today's page: "from 22:30" there is tonight, so the page sends the
# stretch to yesterday's page, where it means last night.


def last_night_link(content: str) -> str:
    [link] = Page(content).all(".nhsuk-error-summary a[href^='/']")
    return link.get("href")


@pytest.mark.parametrize(
    ("now", "yesterday", "count"),
    [
        (local(8, 10), date(2026, 6, 30), 17),
        (utc(2026, 3, 29, 7, 10), date(2026, 3, 28), 15),  # 08:10 BST: one hour less
        (utc(2026, 3, 30, 7, 10), SPRING, 17),
        (utc(2026, 10, 25, 8, 10), date(2026, 10, 24), 19),  # 08:10 GMT: one hour more
        (utc(2026, 10, 26, 8, 10), AUTUMN, 17),
    ],
    ids=["a summer day", "clocks forward", "the day after", "clocks back", "the day after back"],
)
def test_last_night_on_todays_page_is_sent_to_yesterdays_page_filled_in(
    patient_client, patient, frozen, now, yesterday, count
):
    frozen(now)
    today = yesterday + timedelta(days=1)
    data = {"start": "22:30", "end": "07:00", "state": "asleep"}
    response = patient_client.post(reverse("diary_run", kwargs={"day": today}), data)
    content = response.content.decode()
    assert error_summary(content) == LAST_NIGHT
    assert not DiaryEntry.objects.exists()

    link = last_night_link(content)
    assert link == (
        reverse("diary_day", kwargs={"day": yesterday}) + "?start=22:30&end=07:00&state=asleep#run"
    )
    form = form_values(patient_client.get(link.removesuffix("#run")).content.decode(), "/run")
    assert {key: form[key] for key in data} == data
    saved = patient_client.post(reverse("diary_run", kwargs={"day": yesterday}), form, follow=True)
    said = (
        f"Recorded \u201cAsleep\u201d from 22:30 on {yesterday:%A %-d %B} to 07:00 on "
        f"{today:%A %-d %B} ({count} half-hours)."
    )
    assert said in html.unescape(saved.content.decode())


def test_tonight_once_it_has_begun_is_still_recorded_up_to_the_half_hour_under_way(
    patient_client, frozen
):
    frozen(local(22, 40))
    refused = html.unescape(save_the_night(patient_client).content.decode())
    assert "That is later than the half-hour under way, which ends at 23:00." in refused
    assert "last night" not in refused


def test_a_stretch_saved_up_to_now_leaves_from_empty_and_says_the_day_is_filled_in(
    patient_client, patient, frozen
):
    """Carried on from the stretch just saved, "From" would be 14:30, not begun yet: saving
    from there was refused."""
    frozen(local(14, 10))
    diary.set_run(patient, local(0), local(7), "asleep", patient)
    response = patient_client.post(
        reverse("diary_run", kwargs={"day": DAY}), {"start": "07:00", "end": "14:30", "state": "on"}
    )
    content = html.unescape(patient_client.get(response["Location"]).content.decode())
    assert "Recorded “ON without dyskinesia” from 07:00 to 14:30" in content
    assert form_values(content, "/run")["start"] == ""
    run_form = content[content.index('<h2 id="run">') : content.index('action="/my-tracker')]
    assert "Today is filled in up to 14:30." in run_form


def test_a_stretch_saved_up_to_a_time_before_now_carries_on_from_its_end(
    patient_client, patient, frozen
):
    frozen(local(14, 10))
    response = patient_client.post(
        reverse("diary_run", kwargs={"day": DAY}),
        {"start": "00:00", "end": "07:00", "state": "asleep"},
    )
    content = page(patient_client)
    assert form_values(content, "/run")["start"] == "07:00"
    assert "filled in up to" not in content
    assert response.status_code == 302


def test_today_filled_in_by_right_now_says_so_beside_the_stretch_form(
    patient_client, patient, frozen
):
    frozen(local(14, 10))
    diary.set_run(patient, local(0), local(14), "on", patient)
    patient_client.post(reverse("tracker_right_now"), {"state": "off"})
    content = page(patient_client)
    assert "Today is filled in up to 14:30." in content
    assert form_values(content, "/run")["start"] == ""
    # A past day filled in to midnight is not "today", and is said by its count of half-hours.
    diary.set_run(patient, local(0) - timedelta(days=1), local(0), "on", patient)
    yesterday = page(patient_client, DAY - timedelta(days=1))
    assert "filled in up to" not in yesterday
    assert "48 of 48 half-hours recorded." in yesterday
