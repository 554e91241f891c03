import re
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse

from tests.conftest import grant_care, sign_in_as_carer
from tests.toolkit.test_form_pack import Page
from tests.tracker import make
from tests.tracker.make import utc
from tracker.models import SymptomEpisode

REQUIRED = {"body_sites": ["foot", "toes"], "severity": "moderate", "motor_state": "off"}


def said(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_its_happening_now_starts_an_episode_with_no_end(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 6, 10))
    page = patient_client.get(reverse("episode_now")).content.decode()
    assert "It&#x27;s happening now" in page or "It's happening now" in page
    assert 'name="end_time"' not in page
    assert 'value="06:10"' in page
    # Only what is needed in the moment, asked in the present tense.
    for later in ("side", "pain", "relief", "note"):
        assert f'name="{later}"' not in page
    assert "Where is it?" in page and "How bad is it?" in page and "Are you ON or OFF?" in page
    # When comes last: filled in with now, it is seldom changed, and the keyboard reaches the
    # questions without passing through its boxes.
    names = [field.get("name") for field in Page(page).all("form input:not([type=hidden])")]
    asked = list(dict.fromkeys(names))
    assert asked == ["body_sites", "severity", "motor_state", "start_date", "start_time"]
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    data = {**REQUIRED, "start_date": "2026-01-10", "start_time": "06:10", "token": token}
    response = patient_client.post(reverse("episode_now"), data, follow=True)
    patient_client.post(reverse("episode_now"), data)
    episode = SymptomEpisode.objects.get()
    assert (episode.started_at, episode.ended_at) == (utc(2026, 1, 10, 6, 10), None)
    assert (episode.symptom, episode.body_sites) == ("dystonia", ["foot", "toes"])
    assert episode.recorded_by == patient
    assert said(response) == [
        "Dystonia recorded as starting at 06:10. Press \u201cIt has stopped\u201d when it stops."
    ]


@pytest.mark.parametrize(
    ("pressed", "chosen"),
    [("off", "off"), ("on_troublesome", "on"), ("asleep", None), (None, None)],
)
def test_dystonia_now_starts_from_what_right_now_says(
    patient_client, patient, frozen, pressed, chosen
):
    frozen(utc(2026, 1, 10, 6, 10))
    if pressed:
        patient_client.post(reverse("tracker_right_now"), {"state": pressed})
    page = Page(patient_client.get(reverse("episode_now")).content.decode())
    checked = [radio.get("value") for radio in page.all('input[name="motor_state"][checked]')]
    assert checked == ([chosen] if chosen else [])
    # Ticked ahead, it says from where: else it reads as an answer already given.
    hint = page.all("#id_motor_state-hint")
    assert ["".join(each.itertext()) for each in hint] == (
        ["Chosen as the diary has this half-hour. Change it if that is not right."]
        if chosen
        else []
    )


@pytest.mark.parametrize(
    ("url", "blank_end"), [("episode_now", {}), ("episode_new", {"end_date": "", "end_time": ""})]
)
def test_an_episode_still_going_on_cannot_start_later_than_now(
    patient_client, patient, frozen, url, blank_end
):
    # 18:00 typed for 08:00: "It has stopped" would end it before it began, at no length.
    frozen(utc(2026, 1, 10, 6, 10))
    data = {**REQUIRED, "start_date": "2026-01-10", "start_time": "18:00", **blank_end}
    response = patient_client.post(reverse(url), {**data, "token": str(uuid.uuid4())})
    assert "That is later than now (06:10 on Saturday 10 January in Europe/London)" in (
        response.content.decode()
    )
    assert not SymptomEpisode.objects.exists()
    # A phone's clock a minute or two ahead of the server's is still now.
    data["start_time"] = "06:12"
    patient_client.post(reverse(url), {**data, "token": str(uuid.uuid4())})
    assert SymptomEpisode.objects.get().started_at == utc(2026, 1, 10, 6, 12)


def test_it_has_stopped_ends_the_episode_now(patient_client, patient, frozen):
    episode = make.episode(patient, utc(2026, 1, 10, 6, 10))
    frozen(utc(2026, 1, 10, 6, 55))
    response = patient_client.post(reverse("episode_stopped", args=[episode.pk]), follow=True)
    episode.refresh_from_db()
    assert episode.ended_at == utc(2026, 1, 10, 6, 55)
    assert "Dystonia recorded from 06:10 to 06:55." in response.content.decode()
    # A second press leaves the first end alone.
    frozen(utc(2026, 1, 10, 7, 30))
    patient_client.post(reverse("episode_stopped", args=[episode.pk]))
    episode.refresh_from_db()
    assert episode.ended_at == utc(2026, 1, 10, 6, 55)


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (20, "Dystonia recorded at 12:17, lasting under a minute."),
        # Rounded to the minute, as the summary's "Lasted" gives it: "1 min".
        (45, "Dystonia recorded at 12:17, lasting 1 min."),
        (70, "Dystonia recorded from 12:17 to 12:18."),
    ],
)
def test_it_has_stopped_in_the_minute_it_started_says_how_long_not_from_and_to(
    patient_client, patient, frozen, seconds, words
):
    """ "from 12:17 to 12:17" read as a slip of the app."""
    episode = make.episode(patient, utc(2026, 1, 10, 12, 17))
    frozen(utc(2026, 1, 10, 12, 17) + timedelta(seconds=seconds))
    response = patient_client.post(reverse("episode_stopped", args=[episode.pk]), follow=True)
    assert said(response) == [words]


def test_an_episode_changed_to_stop_when_it_started_says_it_was_at_that_time(
    patient_client, patient, frozen
):
    frozen(utc(2026, 1, 10, 20))
    episode = make.episode(patient, utc(2026, 1, 8, 20), utc(2026, 1, 8, 20, 20))
    data = {**REQUIRED, "start_date": "2026-01-08", "start_time": "20:00", "end_time": "20:00"}
    response = patient_client.post(reverse("episode_edit", args=[episode.pk]), data, follow=True)
    assert said(response) == [
        "Dystonia changed: at 20:00 on Thursday 8 January, lasting under a minute."
    ]


def test_changing_an_episode_still_going_on_says_it_was_changed_not_started(
    patient_client, patient, frozen
):
    # Side and pain added under "Change" after "Dystonia now", as its page suggests.
    frozen(utc(2026, 1, 10, 9, 25))
    episode = make.episode(patient, utc(2026, 1, 10, 9, 19))
    data = {**REQUIRED, "start_date": "2026-01-10", "start_time": "09:19", "side": "left"}
    url = reverse("episode_edit", args=[episode.pk])
    response = patient_client.post(url, {**data, "pain": "4"}, follow=True)
    # Still going on, so the "It has stopped" button on the list it lands on is the way to end it.
    assert said(response) == [
        "Dystonia changed: from 09:19, still going on. "
        "Press \u201cIt has stopped\u201d when it stops."
    ]
    assert SymptomEpisode.objects.get().pain == 4


def test_changing_an_episode_that_has_stopped_says_it_was_changed(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 20))
    episode = make.episode(patient, utc(2026, 1, 8, 20), utc(2026, 1, 8, 20, 20))
    data = {
        **REQUIRED,
        "start_date": "2026-01-08",
        "start_time": "20:00",
        "end_date": "2026-01-08",
        "end_time": "20:30",
    }
    response = patient_client.post(reverse("episode_edit", args=[episode.pk]), data, follow=True)
    assert said(response) == ["Dystonia changed: from 20:00 to 20:30 on Thursday 8 January."]


@pytest.mark.parametrize(
    ("now", "day", "message"),
    [
        (utc(2026, 1, 10, 21), "2026-01-10", "Dystonia recorded from 20:00 to 20:20."),
        (
            utc(2026, 1, 10, 21),
            "2026-01-08",
            "Dystonia recorded from 20:00 to 20:20 on Thursday 8 January.",
        ),
        (
            utc(2026, 1, 10, 21),
            "2025-11-27",
            "Dystonia recorded from 20:00 to 20:20 on Thursday 27 November 2025.",
        ),
    ],
)
def test_an_episode_within_one_day_names_the_day_once(
    patient_client, patient, frozen, now, day, message
):
    frozen(now)
    assert said(from_earlier(patient_client, (day, "20:00"), (day, "20:20"))) == [message]


@pytest.mark.parametrize(
    ("now", "start_day", "end_day", "message"),
    [
        (
            utc(2026, 1, 11, 8),
            "2026-01-10",
            "2026-01-11",
            "Dystonia recorded from 23:30 on Saturday 10 January to 00:15.",
        ),
        (
            utc(2026, 1, 12, 8),
            "2026-01-10",
            "2026-01-11",
            "Dystonia recorded from 23:30 on Saturday 10 January to 00:15 on Sunday 11 January.",
        ),
        (
            utc(2026, 1, 5, 8),
            "2025-12-31",
            "2026-01-01",
            "Dystonia recorded from 23:30 on Wednesday 31 December 2025 "
            "to 00:15 on Thursday 1 January.",
        ),
    ],
)
def test_an_episode_across_midnight_names_both_days(
    patient_client, patient, frozen, now, start_day, end_day, message
):
    frozen(now)
    response = from_earlier(patient_client, (start_day, "23:30"), (end_day, "00:15"))
    assert said(response) == [message]


def from_earlier(client, start: tuple[str, str], end: tuple[str, str]):
    """ "Record dystonia from earlier" sent with its start and end (date, time)."""
    data = {**REQUIRED, "start_date": start[0], "start_time": start[1], "token": str(uuid.uuid4())}
    data |= {"end_date": end[0], "end_time": end[1]}
    return client.post(reverse("episode_new"), data, follow=True)


def test_an_episode_from_earlier_takes_every_field(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 20))
    data = {
        **REQUIRED,
        "start_date": "2026-01-10",
        "start_time": "05:30",
        "end_date": "2026-01-10",
        "end_time": "06:15",
        "side": "left",
        "pain": "6",
        "relief": ["stretching", "warmth"],
        # A browser sends each line break in a box as CR LF; it is kept as one.
        "note": "Toes curled under\r\nAfter walking",
        "token": str(uuid.uuid4()),
    }
    patient_client.post(reverse("episode_new"), data)
    episode = SymptomEpisode.objects.get()
    assert episode.note == "Toes curled under\nAfter walking"
    assert (episode.started_at, episode.ended_at) == (
        utc(2026, 1, 10, 5, 30),
        utc(2026, 1, 10, 6, 15),
    )
    assert (episode.side, episode.pain, episode.relief) == ("left", 6, ["stretching", "warmth"])
    assert episode.minutes == 45


@pytest.mark.parametrize(
    "end_date",
    # A cramp at night, 23:30 to 00:15: with the date it stopped, or with it left blank, as
    # on the same day, when the time before the start can only be the next day's.
    ["2026-01-11", ""],
)
def test_an_episode_can_span_midnight(patient_client, patient, frozen, end_date):
    frozen(utc(2026, 1, 11, 8))
    data = {
        **REQUIRED,
        "start_date": "2026-01-10",
        "start_time": "23:30",
        "end_date": end_date,
        "end_time": "00:15",
        "token": str(uuid.uuid4()),
    }
    patient_client.post(reverse("episode_new"), data)
    episode = SymptomEpisode.objects.get()
    assert (episode.started_at, episode.ended_at) == (
        utc(2026, 1, 10, 23, 30),
        utc(2026, 1, 11, 0, 15),
    )
    assert episode.minutes == 45
    page = patient_client.get(reverse("episode_list")).content.decode()
    assert "Saturday 10 January 2026, 23:30 to 11 January, 00:15" in page


@pytest.mark.parametrize(
    "change, field_error",
    [
        ({"end_time": "05:00"}, "cannot stop before it started"),
        ({"start_date": "2026-01-12"}, "That is later than now"),
        ({"body_sites": []}, "Answer “Where was it?”"),
        ({"severity": "bad"}, "Choose an answer to “How bad was it?” from the list."),
        ({"motor_state": ""}, "Answer “Were you ON or OFF?”"),
        ({"pain": "11"}, "Choose an answer to “How painful was it"),
        ({"end_date": "2026-01-10", "end_time": ""}, "Give the time it stopped"),
        # No longer than an import takes back, so a download always loads again.
        ({"note": "x" * 10_001}, "Anything else must be 10,000 characters or fewer"),
    ],
)
def test_bad_episodes_are_refused_with_a_message(
    patient_client, patient, frozen, change, field_error
):
    frozen(utc(2026, 1, 10, 20))
    data = {
        **REQUIRED,
        "start_date": "2026-01-10",
        "start_time": "06:00",
        "end_date": "2026-01-10",
        "end_time": "06:30",
        "token": str(uuid.uuid4()),
        **change,
    }
    response = patient_client.post(reverse("episode_new"), data)
    assert response.status_code == 200
    assert field_error in response.content.decode()
    assert not SymptomEpisode.objects.exists()


@pytest.mark.parametrize("url", ["episode_new", "episode_now"])
@pytest.mark.parametrize("start_date", ["1900-01-01", "2025-01-08"])
def test_an_episode_more_than_a_year_ago_is_refused_naming_the_earliest_date(
    patient_client, patient, frozen, url, start_date
):
    frozen(utc(2026, 1, 10, 20))
    data = {**REQUIRED, "start_date": start_date, "start_time": "06:00"}
    response = patient_client.post(reverse(url), {**data, "token": str(uuid.uuid4())})
    assert response.status_code == 200
    said = "That is more than a year ago. Enter a date from 9 January 2025 on."
    assert Page(response.content.decode()).text("#id_start_date-error") == f"Error: {said}"
    assert not SymptomEpisode.objects.exists()
    data["start_date"] = "2025-01-09"
    patient_client.post(reverse(url), {**data, "token": str(uuid.uuid4())})
    assert SymptomEpisode.objects.get().started_at == utc(2025, 1, 9, 6)


def test_an_episode_more_than_a_year_old_can_still_be_changed(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 20))
    episode = make.episode(patient, utc(2024, 6, 1, 6), utc(2024, 6, 1, 6, 30))
    data = {**REQUIRED, "start_date": "2024-06-01", "start_time": "07:00", "end_time": "07:30"}
    patient_client.post(reverse("episode_edit", args=[episode.pk]), data)
    episode.refresh_from_db()
    assert episode.started_at == utc(2024, 6, 1, 6)  # 07:00 BST
    # Moved to another day that long ago, it is a slip of the year.
    data["start_date"] = "2024-06-02"
    response = patient_client.post(reverse("episode_edit", args=[episode.pk]), data)
    assert "Enter a date from 9 January 2025 on." in response.content.decode()
    episode.refresh_from_db()
    assert episode.started_at == utc(2024, 6, 1, 6)


def test_the_list_shows_derived_timings(patient_client, patient):
    med = make.medication(patient, schedule=["07:00", "11:00"])
    make.dose(patient, med, utc(2026, 1, 10, 7, 0))
    make.episode(patient, utc(2026, 1, 10, 9, 15), utc(2026, 1, 10, 9, 45))
    make.episode(patient, utc(2026, 1, 10, 5, 45))
    page = patient_client.get(reverse("episode_list")).content.decode()
    assert "2 h 15 min" in page  # since the 07:00 dose
    assert "1 h 45 min" in page  # to the 11:00 dose
    assert "1 h 15 min" in page  # from 05:45 to 07:00
    assert page.count('<dd class="nhsuk-summary-list__value">Yes</dd>') == 1


def test_a_dose_and_dystonia_recorded_in_the_same_minute_happened_together(
    patient_client, patient, frozen
):
    med = make.medication(patient, schedule=["10:00"])
    frozen(utc(2026, 1, 10, 10, 0, 37))  # "Taken" pressed 37 seconds into 10:00
    patient_client.post(reverse("dose_take"), {"medication": med.pk, "token": str(uuid.uuid4())})
    data = {**REQUIRED, "start_date": "2026-01-10", "start_time": "10:00"}
    patient_client.post(reverse("episode_now"), {**data, "token": str(uuid.uuid4())})
    page = patient_client.get(reverse("episode_list")).content.decode()
    # Not "No dose in the day before", nor "before the first dose".
    assert '<dd class="nhsuk-summary-list__value">0 min (Co-careldopa)</dd>' in page
    assert '<dd class="nhsuk-summary-list__value">No</dd>' in page


def test_the_list_costs_the_same_queries_however_long_the_record(
    patient_client, patient, django_assert_max_num_queries
):
    med = make.medication(patient)
    for day in range(1, 29):
        make.dose(patient, med, utc(2026, 2, day, 7))
        make.episode(patient, utc(2026, 2, day, 5))
    with django_assert_max_num_queries(8):
        patient_client.get(reverse("episode_list"))


def test_an_episode_can_be_changed_and_deleted(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 20))
    episode = make.episode(patient, utc(2026, 1, 10, 6))
    url = reverse("episode_edit", args=[episode.pk])
    assert 'value="06:00"' in patient_client.get(url).content.decode()
    data = {**REQUIRED, "start_date": "2026-01-10", "start_time": "06:30", "severity": "severe"}
    patient_client.post(url, data)
    episode.refresh_from_db()
    assert (episode.started_at, episode.severity, episode.ended_at) == (
        utc(2026, 1, 10, 6, 30),
        "severe",
        None,
    )
    patient_client.post(reverse("episode_delete", args=[episode.pk]))
    assert not SymptomEpisode.objects.exists()


@pytest.mark.parametrize("url", ["episode_new", "episode_now"])
def test_a_new_episode_suggests_the_last_body_sites_and_says_so(patient_client, patient, url):
    said = "Ticked as for the last episode: untick any that do not apply."
    assert said not in Page(patient_client.get(reverse(url)).content.decode()).text("main")
    make.episode(patient, utc(2026, 1, 10, 6), body_sites=["neck"])
    page = Page(patient_client.get(reverse(url)).content.decode())
    assert [box.get("value") for box in page.all('input[name="body_sites"][checked]')] == ["neck"]
    assert page.text("#id_body_sites-hint") == said
    sites = page.one('fieldset:has(input[name="body_sites"])')
    assert "id_body_sites-hint" in sites.get("aria-describedby")


def test_the_episode_form_says_what_is_needed_about_the_patient(client, patient, carer):
    grant_care(patient, carer, tracker="edit")
    sign_in_as_carer(client, carer, patient)
    page = client.get(reverse("episode_new")).content.decode()
    assert "Only when, where, how bad and whether Mary was ON or OFF are needed." in page
    client.force_login(patient)
    page = client.get(reverse("episode_new")).content.decode()
    assert "Only when, where, how bad and whether you were ON or OFF are needed." in page


def test_nothing_helped_cannot_be_chosen_with_what_helped(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 20))
    data = {**REQUIRED, "start_date": "2026-01-10", "start_time": "06:00"}
    response = patient_client.post(
        reverse("episode_new"),
        {**data, "relief": ["stretching", "nothing"], "token": str(uuid.uuid4())},
    )
    assert response.status_code == 200
    said = "Choose “Nothing helped” or what helped, not both."
    assert Page(response.content.decode()).text("#id_relief-error") == f"Error: {said}"
    assert not SymptomEpisode.objects.exists()
    patient_client.post(
        reverse("episode_new"), {**data, "relief": ["nothing"], "token": str(uuid.uuid4())}
    )
    assert SymptomEpisode.objects.get().relief == ["nothing"]


def test_nothing_helped_cannot_be_added_to_what_helped_when_changing(
    patient_client, patient, frozen
):
    frozen(utc(2026, 1, 10, 20))
    episode = make.episode(patient, utc(2026, 1, 10, 6), relief=["stretching"])
    data = {**REQUIRED, "start_date": "2026-01-10", "start_time": "06:00"}
    response = patient_client.post(
        reverse("episode_edit", args=[episode.pk]),
        {**data, "relief": ["stretching", "nothing"]},
    )
    assert "Choose “Nothing helped” or what helped, not both." in response.content.decode()
    episode.refresh_from_db()
    assert episode.relief == ["stretching"]


def test_a_place_or_relief_sent_twice_is_kept_once(patient_client, patient, frozen):
    # A page of boxes sends each once; a form sent by hand may repeat one.
    frozen(utc(2026, 1, 10, 20))
    data = {**REQUIRED, "start_date": "2026-01-10", "start_time": "06:00"}
    patient_client.post(
        reverse("episode_new"),
        {
            **data,
            "body_sites": ["foot", "toes", "foot"],
            "relief": ["warmth", "warmth"],
            "token": str(uuid.uuid4()),
        },
    )
    episode = SymptomEpisode.objects.get()
    assert (episode.body_sites, episode.relief) == (["foot", "toes"], ["warmth"])


def checked(page: Page, name: str) -> list[str]:
    return [radio.get("value") for radio in page.all(f'input[name="{name}"][checked]')]


def test_which_side_and_pain_can_be_taken_back_to_no_answer(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 20))
    episode = make.episode(patient, utc(2026, 1, 10, 6), side="left", pain=6)
    url = reverse("episode_edit", args=[episode.pk])
    page = Page(patient_client.get(url).content.decode())
    assert (checked(page, "side"), checked(page, "pain")) == (["left"], ["6"])
    for name in ("side", "pain"):
        # The last choice of each, to be ticked instead of the answer given.
        choice = page.all(f'input[name="{name}"]')[-1]
        assert page.text(f'label[for="{choice.get("id")}"]') == "Not sure"
    data = {**REQUIRED, "start_date": "2026-01-10", "start_time": "06:00"}
    patient_client.post(url, {**data, "side": "not_sure", "pain": "not_sure"})
    episode.refresh_from_db()
    assert (episode.side, episode.pain) == ("", None)
    # Shown as not given, not as the words of the choice.
    listed = Page(patient_client.get(reverse("episode_list")).content.decode())
    values = ["".join(dd.itertext()) for dd in listed.all("dd.nhsuk-summary-list__value")]
    assert values[:2] == ["Foot, Toes", "Moderate"]
    summary = patient_client.get(reverse("summary"), {"start": "2026-01-08", "days": "3"})
    content = summary.content.decode()
    assert "Dystonia: Foot, Toes<" in content and "Not sure" not in content


def test_which_side_and_pain_show_no_answer_until_one_is_chosen(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 20))
    page = Page(patient_client.get(reverse("episode_new")).content.decode())
    assert (checked(page, "side"), checked(page, "pain")) == ([], [])
    episode = make.episode(patient, utc(2026, 1, 10, 6))
    url = reverse("episode_edit", args=[episode.pk])
    page = Page(patient_client.get(url).content.decode())
    assert (checked(page, "side"), checked(page, "pain")) == ([], [])
    # Sent back with another answer to put right, "Not sure" stays ticked.
    data = {**REQUIRED, "start_date": "2026-01-10", "start_time": "06:00", "severity": ""}
    response = patient_client.post(url, {**data, "side": "not_sure", "pain": "not_sure"})
    page = Page(response.content.decode())
    assert (checked(page, "side"), checked(page, "pain")) == (["not_sure"], ["not_sure"])
