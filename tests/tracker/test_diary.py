import html
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from tests.conftest import confirmed, grant_care, make_user, sign_in_as_carer
from tests.toolkit.test_form_pack import Page
from tests.tracker.form_values import form_values
from toolkit.models import User
from tracker import diary, slots
from tracker.models import DiaryEntry, DiaryState

SPRING = date(2026, 3, 29)
AUTUMN = date(2026, 10, 25)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
def after_autumn(frozen):
    """A week after the clocks went back, so every run of that night is in the past."""
    return frozen(utc(2026, 11, 1, 12))


def test_a_new_answer_for_a_slot_replaces_the_old_one(patient):
    diary.set_state(patient, utc(2026, 7, 1, 6), "off", patient)
    diary.set_state(patient, utc(2026, 7, 1, 6), "on", patient)
    assert list(DiaryEntry.objects.values_list("state", flat=True)) == ["on"]


def test_a_run_sets_every_slot_in_it(patient):
    diary.set_run(patient, utc(2026, 7, 1, 21, 30), utc(2026, 7, 2, 6), "asleep", patient)
    assert DiaryEntry.objects.filter(patient=patient, state="asleep").count() == 17


def test_a_run_over_earlier_answers_replaces_only_its_own_slots(patient):
    diary.set_run(patient, utc(2026, 7, 1, 6), utc(2026, 7, 1, 10), "on", patient)
    diary.set_run(patient, utc(2026, 7, 1, 7), utc(2026, 7, 1, 8), "off", patient)
    states = list(DiaryEntry.objects.order_by("slot_start").values_list("state", flat=True))
    assert states == ["on", "on", "off", "off", "on", "on", "on", "on"]


def test_a_run_over_the_same_answers_keeps_who_recorded_them_and_when(patient, carer, frozen):
    frozen(utc(2026, 7, 1, 9, 5))
    diary.set_state(patient, utc(2026, 7, 1, 9), "on", patient)  # noted in the moment
    frozen(utc(2026, 7, 1, 20))
    diary.set_run(patient, utc(2026, 7, 1, 8), utc(2026, 7, 1, 10), "on", carer)
    entries = {e.slot_start: e for e in DiaryEntry.objects.all()}
    assert len(entries) == 4
    kept = entries[utc(2026, 7, 1, 9)]
    assert (kept.recorded_by, kept.recorded_at) == (patient, utc(2026, 7, 1, 9, 5))
    added = entries[utc(2026, 7, 1, 8)]
    assert (added.recorded_by, added.recorded_at) == (carer, utc(2026, 7, 1, 20))


@pytest.mark.parametrize(
    ("slot_start", "state", "code"),
    [
        (utc(2026, 7, 1, 6, 15), "on", "not_a_slot"),
        (utc(2026, 7, 1, 6), "dancing", "invalid_choice"),
        (datetime(2026, 7, 1, 6), "on", "not_a_slot"),
    ],
)
def test_bad_slots_and_states_are_refused(patient, slot_start, state, code):
    with pytest.raises(ValidationError) as raised:
        diary.set_state(patient, slot_start, state, patient)
    assert raised.value.code == code
    assert not DiaryEntry.objects.exists()


def test_a_slot_more_than_a_day_ahead_is_refused(patient):
    later = slots.slot_start(timezone.now() + timedelta(days=1, hours=1), patient.zone)
    with pytest.raises(ValidationError):
        diary.set_state(patient, later, "on", patient)


def test_a_run_with_one_bad_slot_saves_nothing(patient):
    soon = slots.slot_start(timezone.now(), patient.zone)
    with pytest.raises(ValidationError):
        diary.set_run(patient, soon, soon + timedelta(days=2), "on", patient)
    assert not DiaryEntry.objects.exists()


def test_the_day_reads_back_as_runs_with_the_gaps_named(patient):
    day = date(2026, 7, 1)
    diary.set_run(patient, utc(2026, 6, 30, 23), utc(2026, 7, 1, 6), "asleep", patient)
    diary.set_run(patient, utc(2026, 7, 1, 6), utc(2026, 7, 1, 9), "on", patient)
    day_slots = slots.day_slots(day, patient.zone)
    states = {start: entry.state for start, entry in diary.day_entries(patient, day_slots).items()}
    day_runs = diary.runs(day_slots, states)
    assert [(r.start.label, r.end_label, r.state_label) for r in day_runs] == [
        ("00:00", "07:00", "Asleep"),
        ("07:00", "10:00", "ON without dyskinesia"),
        ("10:00", "24:00", "Not recorded"),
    ]


def test_totals_follow_the_clinical_definitions():
    states = ["asleep"] * 16 + ["off"] * 8 + ["on"] * 12 + ["on_nontroublesome"] * 8
    states += ["on_troublesome"] * 4
    totals = diary.DayTotals.of(states, 48)
    assert totals.hours[DiaryState.ASLEEP] == 8
    assert totals.awake == 16
    assert totals.good_on == 10
    assert totals.good_on_percent == 62.5
    assert totals.is_valid


def test_a_fall_back_day_needs_all_fifty_slots_to_be_valid():
    assert not diary.DayTotals.of(["on"] * 48, 50).is_valid
    assert diary.DayTotals.of(["on"] * 50, 50).is_valid
    assert diary.DayTotals.of(["on"] * 50, 50).awake == 25


def test_a_day_with_nothing_awake_has_no_good_on_percentage():
    assert diary.DayTotals.of(["asleep"] * 48, 48).good_on_percent is None


def test_a_patient_who_changes_zone_keeps_their_slots_but_reads_them_on_new_days(db):
    traveller = make_user("t@example.com", "Tess", "Europe/London")
    diary.set_state(traveller, utc(2026, 7, 1, 3), "asleep", traveller)  # 04:00 in London
    traveller.time_zone = "America/New_York"
    day_slots = slots.day_slots(date(2026, 6, 30), traveller.zone)
    assert diary.day_entries(traveller, day_slots).keys() == {utc(2026, 7, 1, 3)}
    # A London slot at :00 is still at :00 in New York, so it can be changed there too.
    diary.set_state(traveller, utc(2026, 7, 1, 3), "off", traveller)
    assert DiaryEntry.objects.get().state == "off"


# The diary pages.


def diary_url(day: date, action: str = "") -> str:
    return reverse(f"diary_{action or 'day'}", kwargs={"day": day})


def recorded(patient) -> dict[datetime, str]:
    return dict(DiaryEntry.objects.filter(patient=patient).values_list("slot_start", "state"))


def test_the_diary_opens_on_the_patients_own_today(db, client):
    kiwi = make_user("k@example.com", "Kiri", "Pacific/Auckland")
    client.force_login(kiwi)
    response = client.get(reverse("diary_today"))
    assert response["Location"] == diary_url(kiwi.local_today())


@pytest.mark.parametrize(("day", "count"), [(SPRING, 46), (date(2026, 7, 1), 48), (AUTUMN, 50)])
def test_the_day_page_lists_every_half_hour(patient_client, day, count):
    content = patient_client.get(diary_url(day)).content.decode()
    assert content.count('<tr class="nhsuk-table__row" role="row">') == count
    assert f"0 of {count} half-hours recorded" in content


def test_the_fall_back_day_names_both_one_oclocks(patient_client):
    content = patient_client.get(diary_url(AUTUMN)).content.decode()
    assert "01:00 (BST)" in content
    assert "01:00 (GMT)" in content
    # "From" starts at 00:00, which happens once: nothing to ask yet.
    assert "fold" not in content


def test_a_run_is_saved_and_the_page_says_so(patient_client, patient):
    day = date(2026, 7, 1)
    response = patient_client.post(
        diary_url(day, "run"), {"start": "07:00", "end": "09:30", "state": "on"}, follow=True
    )
    assert response.redirect_chain == [(f"{diary_url(day)}#run", 302)]
    assert "Recorded “ON without dyskinesia” from 07:00 to 09:30 (5 half-hours)" in (
        response.content.decode()
    )
    assert set(recorded(patient).values()) == {"on"}
    assert len(recorded(patient)) == 5
    assert DiaryEntry.objects.filter(recorded_by=patient).count() == 5


def test_a_night_run_fills_this_evening_and_the_next_morning(patient_client, patient):
    day = date(2026, 7, 1)
    response = patient_client.post(
        diary_url(day, "run"), {"start": "22:30", "end": "07:00", "state": "asleep"}, follow=True
    )
    said = "from 22:30 on Wednesday 1 July to 07:00 on Thursday 2 July (17 half-hours)"
    assert said in response.content.decode()
    starts = sorted(recorded(patient))
    assert starts[0] == utc(2026, 7, 1, 21, 30)
    assert starts[-1] == utc(2026, 7, 2, 5, 30)
    # The next morning's page shows the night and offers to carry on from 07:00.
    content = patient_client.get(diary_url(date(2026, 7, 2))).content.decode()
    assert "<strong>00:00 to 07:00</strong>: Asleep" in content
    assert 'name="start" value="07:00"' in content


def test_the_second_one_oclock_can_be_chosen_on_the_fall_back_day(
    patient_client, patient, after_autumn
):
    data = {"start": "01:00", "start_fold": "1", "end": "02:00", "state": "off"}
    patient_client.post(diary_url(AUTUMN, "run"), data)
    assert sorted(recorded(patient)) == [utc(2026, 10, 25, 1), utc(2026, 10, 25, 1, 30)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start": "07:15", "end": "09:00", "state": "on"}, "07:15 is not on the hour or the half"),
        ({"start": "07:00", "end": "09:00", "state": "dancing"}, "Choose how you were."),
        ({"start": "07:00", "end": "", "state": "on"}, "Enter the time in “To” in full"),
        ({"start": "seven", "end": "09:00", "state": "on"}, "as hours and minutes"),
    ],
)
def test_a_bad_run_is_explained_on_the_form_and_nothing_is_saved(patient_client, data, message):
    response = patient_client.post(diary_url(date(2026, 7, 1), "run"), data)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert message in response.content.decode()
    assert not DiaryEntry.objects.exists()


@pytest.mark.parametrize(
    ("day", "start", "end", "field", "label"),
    [
        (SPRING, "01:30", "03:00", "start", "From"),
        (SPRING - timedelta(days=1), "22:30", "01:30", "end", "To"),  # the morning after
    ],
)
def test_a_time_the_clocks_skip_is_explained_beside_it_with_the_times_to_use(
    patient_client, day, start, end, field, label
):
    response = patient_client.post(
        diary_url(day, "run"), {"start": start, "end": end, "state": "on"}
    )
    page = Page(response.content.decode())
    said = (
        "There is no 01:30 on Sunday 29 March 2026: the clocks go forward from 01:00 to 02:00. "
        f"Enter a “{label}” time before 01:00, or 02:00 or later."
    )
    assert page.text(f"#id_{field}-error") == f"Error: {said}"
    assert [a.get("href") for a in page.all(".nhsuk-error-summary__list a")] == [f"#id_{field}"]
    assert not DiaryEntry.objects.exists()


def test_a_run_may_end_no_later_than_the_half_hour_under_way(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 6, 10))
    url = diary_url(date(2026, 1, 10), "run")
    response = patient_client.post(url, {"start": "06:00", "end": "09:00", "state": "on"})
    said = "That is later than the half-hour under way, which ends at 06:30."
    assert said in response.content.decode()
    assert not DiaryEntry.objects.exists()
    patient_client.post(url, {"start": "06:00", "end": "06:30", "state": "on"})
    assert DiaryEntry.objects.get().slot_start == utc(2026, 1, 10, 6)


def test_one_half_hour_can_be_changed_and_only_it_is_saved_again(patient_client, patient):
    day = date(2026, 7, 1)
    diary.set_run(patient, utc(2026, 7, 1, 6), utc(2026, 7, 1, 8), "on", patient)
    before = dict(DiaryEntry.objects.values_list("slot_start", "recorded_at"))
    form = {
        slot.key: recorded(patient).get(slot.start, "")
        for slot in slots.day_slots(day, patient.zone)
    }
    form |= {f"initial-{key}": state for key, state in form.items()}  # what the page showed
    form[slots.Slot(utc(2026, 7, 1, 7), patient.zone).key] = "off"
    form[slots.Slot(utc(2026, 7, 1, 6), patient.zone).key] = ""
    response = patient_client.post(diary_url(day, "slots"), form, follow=True)
    said = "Saved 2 changed half-hours: cleared at 07:00; “OFF” at 08:00."
    assert said in response.content.decode()
    assert recorded(patient) == {
        utc(2026, 7, 1, 6, 30): "on",
        utc(2026, 7, 1, 7): "off",
        utc(2026, 7, 1, 7, 30): "on",
    }
    after = dict(DiaryEntry.objects.values_list("slot_start", "recorded_at"))
    assert after[utc(2026, 7, 1, 6, 30)] == before[utc(2026, 7, 1, 6, 30)]


def test_an_unknown_state_for_a_half_hour_saves_nothing(patient_client, patient):
    day = date(2026, 7, 1)
    key = slots.Slot(utc(2026, 7, 1, 7), patient.zone).key
    other = slots.Slot(utc(2026, 7, 1, 8), patient.zone).key
    response = patient_client.post(diary_url(day, "slots"), {key: "dancing", other: "on"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert not DiaryEntry.objects.exists()


def test_a_run_that_replaces_earlier_answers_says_so(patient_client, patient):
    # "Right now I am ON", pressed at 06:40 on the 2nd; that night's sleep recalled later.
    diary.set_state(patient, utc(2026, 7, 2, 5, 30), "on", patient)
    diary.set_state(patient, utc(2026, 7, 2, 4), "asleep", patient)
    url = diary_url(date(2026, 7, 1), "run")
    # Confirmed, as it replaces an answer on the next day (test_diary_replacing_another_day).
    data = {"start": "22:30", "end": "07:00", "state": "asleep", **confirmed()}
    response = patient_client.post(url, data, follow=True)
    assert (
        "Recorded \u201cAsleep\u201d from 22:30 on Wednesday 1 July to 07:00 on Thursday 2 July "
        "(17 half-hours). "
        "1 of them had another answer, which this replaced: “ON without dyskinesia” at 06:30 "
        "on Thursday 2 July."
    ) in html.unescape(response.content.decode())
    assert recorded(patient)[utc(2026, 7, 2, 5, 30)] == "asleep"
    response = patient_client.post(
        url, {"start": "22:30", "end": "23:00", "state": "off"}, follow=True
    )
    said = "(1 half-hour). It had another answer, “Asleep”, which this replaced."
    assert said in html.unescape(response.content.decode())


def test_a_wrong_stretch_is_cleared_in_one_go(patient_client, patient):
    diary.set_run(patient, utc(2026, 7, 1, 5), utc(2026, 7, 1, 21), "on", patient)
    url = diary_url(date(2026, 7, 1), "run")
    page = patient_client.get(diary_url(date(2026, 7, 1))).content.decode()
    assert "Not recorded (clears these half-hours)" in page
    response = patient_client.post(
        url, {"start": "21:30", "end": "23:30", "state": "clear"}, follow=True
    )
    said = "Cleared 1 recorded half-hour from 21:30 to 23:30. It now says “Not recorded”."
    assert said in html.unescape(response.content.decode())
    assert len(recorded(patient)) == 31
    # More than 12 hours of answers: asked first, as a stretch replacing them would be.
    whole_day = {"start": "06:00", "end": "22:00", "state": "clear"}
    asked = patient_client.post(url, whole_day)
    assert "Clear 31 half-hours already recorded?" in html.unescape(asked.content.decode())
    assert len(recorded(patient)) == 31
    response = patient_client.post(url, {**whole_day, **confirmed()}, follow=True)
    assert "Cleared 31 recorded half-hours from 06:00 to 22:00." in html.unescape(
        response.content.decode()
    )
    assert recorded(patient) == {}
    response = patient_client.post(
        url, {"start": "06:00", "end": "07:00", "state": "clear"}, follow=True
    )
    said = "Nothing was recorded from 06:00 to 07:00, so nothing was cleared."
    assert said in html.unescape(response.content.decode())


def test_a_half_hour_not_begun_is_not_saved_from_the_every_half_hour_form(
    patient_client, patient, frozen
):
    frozen(utc(2026, 7, 1, 6, 10))  # 07:10 in London
    now, later = (slots.Slot(utc(2026, 7, 1, h, m), patient.zone).key for h, m in [(6, 0), (7, 0)])
    response = patient_client.post(diary_url(date(2026, 7, 1), "slots"), {now: "on", later: "on"})
    assert "A half-hour that has not begun yet cannot be recorded." in response.content.decode()
    assert not DiaryEntry.objects.exists()


def test_change_or_split_fills_the_run_form_with_the_run(patient_client, patient):
    diary.set_run(patient, utc(2026, 7, 1, 6), utc(2026, 7, 1, 8), "on", patient)
    content = patient_client.get(diary_url(date(2026, 7, 1))).content.decode()
    link = "?start=07:00&amp;end=09:00&amp;state=on#run"
    assert link in content
    page = patient_client.get(diary_url(date(2026, 7, 1)) + link.replace("&amp;", "&"))
    content = page.content.decode()
    assert 'name="start" value="07:00"' in content
    assert 'name="end" value="09:00"' in content
    assert 'value="on" checked' in content


def test_an_impossible_date_is_not_found(patient_client):
    assert patient_client.get("/my-tracker/diary/2026-02-30").status_code == 404


@pytest.mark.parametrize("name", ["diary_day", "diary_run", "diary_slots"])
def test_anonymous_people_are_sent_to_log_in(client, name):
    url = reverse(name, kwargs={"day": date(2026, 7, 1)})
    assert client.post(url)["Location"].startswith(reverse("login"))


def test_someone_else_sees_only_their_own_diary(patient, stranger_client):
    diary.set_run(patient, utc(2026, 7, 1, 6), utc(2026, 7, 1, 8), "on", patient)
    content = stranger_client.get(diary_url(date(2026, 7, 1))).content.decode()
    assert "0 of 48 half-hours recorded" in content


def test_the_diary_names_a_carer_who_recorded_for_the_patient_as_the_summary_does(
    patient_client, patient, django_assert_num_queries, frozen
):
    """DESIGN.md: a carer's name is on each entry they made. One join, no query more."""
    frozen(utc(2026, 7, 2, 12))
    carer = make_user("chris@example.com", "Chris <Carer>")
    grant_care(patient, carer, tracker="edit")
    start = utc(2026, 6, 30, 23)  # midnight in London
    for hours, state, by in ((0, "asleep", patient), (6, "on", carer), (9, "off", patient)):
        begin, end = start + timedelta(hours=hours), start + timedelta(hours=hours + 3)
        diary.set_run(patient, begin, end, state, by)
    DiaryEntry.objects.update(recorded_at=F("slot_start") + timedelta(minutes=30))  # live
    with django_assert_num_queries(2):
        content = patient_client.get(diary_url(date(2026, 7, 1))).content.decode()
    assert (
        '<p class="app-user-text">Recorded by Chris &lt;Carer&gt;: diary 06:00 to 09:00.</p>'
        in content
    )


def test_the_day_page_takes_the_same_queries_however_full_the_diary(
    patient_client, patient, django_assert_num_queries
):
    day = date(2026, 7, 1)
    diary.set_state(patient, utc(2026, 7, 1, 6), "on", patient)
    with django_assert_num_queries(2) as few:
        patient_client.get(diary_url(day))
    diary.set_run(patient, utc(2026, 6, 10), utc(2026, 7, 1, 23), "on", patient)
    with django_assert_num_queries(len(few.captured_queries)):
        patient_client.get(diary_url(day))


def test_half_hours_recorded_before_a_move_to_a_quarter_hour_zone_are_not_counted_there(
    patient, patient_client
):
    from tracker.summary import Summary

    # A whole London day, then the zone corrected to Kathmandu (+05:45): London's half-hours
    # begin at :00 and :30 UTC, Kathmandu's at :15 and :45.
    diary.set_run(patient, utc(2026, 1, 17, 0), utc(2026, 1, 18, 0), "on", patient)
    patient.time_zone = "Asia/Kathmandu"
    patient.save()
    day = date(2026, 1, 17)
    assert "0 of 48 half-hours recorded" in patient_client.get(diary_url(day)).content.decode()
    start, end = slots.day_bounds(day, patient.zone)
    diary.set_run(patient, start, end, "off", patient)
    assert "48 of 48 half-hours recorded" in patient_client.get(diary_url(day)).content.decode()
    [summary_day] = Summary.build(patient, day, day, with_notes=False).days
    assert (summary_day.totals.recorded, summary_day.totals.missing_slots) == (24.0, 0)


def test_a_carer_who_may_only_look_sees_the_diary_but_cannot_change_it(client, patient, carer):
    diary.set_run(patient, utc(2026, 7, 1, 6), utc(2026, 7, 1, 8), "on", patient)
    grant_care(patient, carer, tracker="view")
    sign_in_as_carer(client, carer, patient)
    content = client.get(diary_url(date(2026, 7, 1))).content.decode()
    assert "4 of 48 half-hours recorded" in content
    assert "Save this stretch" not in content
    # Mary's day, in Mary's name: not the carer's own.
    assert "Mary's day, stretch by stretch" in html.unescape(content)
    assert "and how Mary was</caption>" in content and "how you were" not in content
    data = {"start": "09:00", "end": "10:00", "state": "off"}
    assert client.post(diary_url(date(2026, 7, 1), "run"), data).status_code == 403
    assert len(recorded(patient)) == 4


def test_a_carer_who_may_edit_records_in_their_own_name(client, patient, carer):
    grant_care(patient, carer, tracker="edit")
    sign_in_as_carer(client, carer, patient)
    data = {"start": "09:00", "end": "10:00", "state": "off"}
    client.post(diary_url(date(2026, 7, 1), "run"), data)
    assert set(DiaryEntry.objects.values_list("patient", "recorded_by")) == {(patient.pk, carer.pk)}
    content = client.get(diary_url(date(2026, 7, 1))).content.decode()
    assert "Say how Mary was from one time to another." in content
    assert ">How Mary was at 08:00</label>" in content


# The night the clocks go back: "From" and "To" each say which pass they mean.


def run_form_values(content: str) -> dict[str, str]:
    """The run form's answers, as the page fills them in."""
    values = form_values(content, "/run")
    values.pop("csrfmiddlewaretoken", None)
    return values


def change_link(content: str, run: str) -> str:
    """The "Change or split" link of the run whose times read `run` ("01:30 (BST) to …")."""
    row = re.search(rf"<strong>{re.escape(run)}</strong>.*?href=\"(\?[^\"]+)\"", content, re.DOTALL)
    return html.unescape(row.group(1))


def asleep_but_off(patient, day: date, off: tuple[datetime, datetime]):
    """Asleep every half-hour of the day, except OFF over [from, to)."""
    start, end = slots.day_bounds(day, patient.zone)
    diary.set_run(patient, start, end, "asleep", patient)
    diary.set_run(patient, *off, "off", patient)


def test_change_or_split_in_the_hour_that_happens_twice_changes_only_that_run(
    patient_client, patient, after_autumn
):
    # OFF for 01:30 BST and 01:00 GMT: the stretch starts in the first pass, ends in the second.
    asleep_but_off(patient, AUTUMN, (utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30)))
    before = recorded(patient)
    link = change_link(
        patient_client.get(diary_url(AUTUMN)).content.decode(), "01:30 (BST) to 01:30 (GMT)"
    )
    assert link == "?start=01:30&start_fold=0&end=01:30&end_fold=1&state=off#run"

    form = run_form_values(patient_client.get(diary_url(AUTUMN) + link).content.decode())
    assert form == {
        "start": "01:30",
        "start_fold": "0",
        "end": "01:30",
        "end_fold": "1",
        "state": "off",
    }
    response = patient_client.post(diary_url(AUTUMN, "run"), form | {"state": "on"}, follow=True)
    assert "from 01:30 (BST) to 01:30 (GMT) (2 half-hours)" in response.content.decode()
    assert recorded(patient) == before | {
        utc(2026, 10, 25, 0, 30): "on",
        utc(2026, 10, 25, 1): "on",
    }


@pytest.mark.parametrize(
    ("day", "off", "run", "link", "said"),
    [
        (
            AUTUMN,
            (utc(2026, 10, 25, 0), utc(2026, 10, 25, 1, 30)),
            "01:00 (BST) to 01:30 (GMT)",
            "?start=01:00&start_fold=0&end=01:30&end_fold=1&state=off#run",
            "from 01:00 (BST) to 01:30 (GMT) (3 half-hours)",
        ),
        (
            SPRING,
            (utc(2026, 3, 29, 0, 30), utc(2026, 3, 29, 1, 30)),
            "00:30 to 02:30",
            "?start=00:30&end=02:30&state=off#run",
            "from 00:30 to 02:30 (2 half-hours)",
        ),
    ],
)
def test_a_run_across_the_clock_change_comes_back_unchanged_through_change_or_split(
    patient_client, patient, after_autumn, day, off, run, link, said
):
    asleep_but_off(patient, day, off)
    before = recorded(patient)
    page = patient_client.get(diary_url(day)).content.decode()
    assert change_link(page, run) == link
    form = run_form_values(patient_client.get(diary_url(day) + link).content.decode())
    response = patient_client.post(diary_url(day, "run"), form, follow=True)
    assert said in response.content.decode()
    assert f"<strong>{run}</strong>: OFF" in response.content.decode()
    assert recorded(patient) == before


def test_the_old_single_answer_for_the_night_is_asked_about_again_and_saves_nothing(
    patient_client, patient, after_autumn
):
    # What the old "Change or split" link sent for OFF at 01:30 BST and 01:00 GMT; it was
    # read as 01:30 GMT to 01:30 the next day and overwrote 48 half-hours.
    asleep_but_off(patient, AUTUMN, (utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30)))
    before = recorded(patient)
    data = {"start": "01:30", "end": "01:30", "state": "on", "fold": "1"}
    content = patient_client.post(diary_url(AUTUMN, "run"), data).content.decode()
    assert "There is a problem" in content
    assert "happens twice: say which one you mean for “From”." in content
    assert "happens twice: say which one you mean for “To”." in content
    assert recorded(patient) == before


@pytest.mark.parametrize(
    ("start_fold", "end_fold", "said"),
    [("1", "0", "01:30 (BST) is not after 01:30 (GMT)"), ("1", "1", "01:30 (GMT) is not after")],
)
def test_a_run_that_would_end_before_it_starts_in_that_hour_is_refused(
    patient_client, patient, after_autumn, start_fold, end_fold, said
):
    data = {"start": "01:30", "start_fold": start_fold, "end": "01:30", "end_fold": end_fold}
    content = patient_client.post(diary_url(AUTUMN, "run"), data | {"state": "on"})
    content = content.content.decode()
    assert "There is a problem" in content
    assert "“To” must be after “From”" in content
    assert said in content
    assert not DiaryEntry.objects.exists()


def test_only_a_time_in_the_hour_that_happens_twice_is_asked_about(
    patient_client, patient, after_autumn
):
    data = {"start": "00:30", "end": "03:00", "state": "on"}
    assert patient_client.post(diary_url(AUTUMN, "run"), data).status_code == 302
    assert len(recorded(patient)) == 7  # 00:30, both 01:00s and 01:30s, 02:00, 02:30

    data = {"start": "01:00", "end": "04:00", "state": "off"}
    content = patient_client.post(diary_url(AUTUMN, "run"), data).content.decode()
    assert "Which 01:00 for “From”?" in content
    assert "for “To”" not in content
    data["start_fold"] = "1"
    assert patient_client.post(diary_url(AUTUMN, "run"), data).status_code == 302
    assert sorted(s for s, state in recorded(patient).items() if state == "off") == [
        utc(2026, 10, 25, 1) + timedelta(minutes=30 * n) for n in range(6)
    ]


def test_a_night_run_can_end_in_the_second_pass_of_the_hour(patient_client, patient, after_autumn):
    data = {"start": "22:30", "end": "01:30", "state": "asleep"}
    eve = AUTUMN - timedelta(days=1)
    content = patient_client.post(diary_url(eve, "run"), data).content.decode()
    assert "Which 01:30 for “To”?" in content
    assert "01:30 on 25 October 2026 happens twice" in content
    response = patient_client.post(diary_url(eve, "run"), data | {"end_fold": "1"}, follow=True)
    said = "from 22:30 on Saturday 24 October to 01:30 (GMT) on Sunday 25 October (8 half-hours)"
    assert said in response.content.decode()
    assert max(recorded(patient)) == utc(2026, 10, 25, 1)


def test_from_carries_on_after_the_last_run_in_the_first_pass(
    patient_client, patient, after_autumn
):
    diary.set_run(patient, utc(2026, 10, 24, 23), utc(2026, 10, 25, 0, 30), "asleep", patient)
    form = run_form_values(patient_client.get(diary_url(AUTUMN)).content.decode())
    assert form == {"start": "01:30", "start_fold": "0", "end": ""}


@pytest.mark.parametrize(("day", "count"), [(SPRING, 46), (AUTUMN, 50)])
def test_a_whole_day_as_one_run_fills_every_half_hour_of_a_clock_change_day(
    patient_client, patient, after_autumn, day, count
):
    data = {"start": "00:00", "end": "00:00", "state": "on"}
    response = patient_client.post(diary_url(day, "run"), data, follow=True)
    assert f"from 00:00 to midnight ({count} half-hours)" in response.content.decode()
    assert f"{count} of {count} half-hours recorded" in response.content.decode()


# A date the patient's zone skipped altogether.

SKIPPED = date(2011, 12, 30)  # Samoa moved west of the date line: 29 December, then 31


@pytest.fixture
def samoan_client(client, db):
    client.force_login(make_user("s@example.com", "Sina", "Pacific/Apia"))
    return client


@pytest.mark.parametrize(
    "url_name, caption, not_shown",
    [("diary_day", "ON/OFF diary", "Save this stretch"), ("tracker_day", "Your day", "Totals")],
)
def test_a_day_the_zone_skipped_is_explained_with_the_days_either_side(
    samoan_client, url_name, caption, not_shown
):
    def url(day):
        return reverse(url_name, kwargs={"day": day})

    response = samoan_client.get(url(SKIPPED))
    content = response.content.decode()
    assert response.status_code == 200
    assert f"<title>{caption}, Friday 30 December 2011" in content
    assert "This day did not happen in the Pacific/Apia time zone" in content
    assert "from the end of Thursday 29 December 2011 straight to the start of Saturday" in content
    assert f'href="{url(date(2011, 12, 29))}"' in content
    assert f'href="{url(date(2011, 12, 31))}"' in content
    assert not_shown not in content


@pytest.mark.parametrize("action", ["run", "slots"])
def test_nothing_is_saved_for_a_day_the_zone_skipped(samoan_client, action):
    data = {"start": "07:00", "end": "09:00", "state": "on"}
    response = samoan_client.post(diary_url(SKIPPED, action), data)
    assert response.status_code == 200
    assert "Nothing was saved: this day did not happen." in response.content.decode()
    assert not DiaryEntry.objects.exists()


# Filling a day in order.


def test_from_follows_on_from_the_run_just_saved(patient_client, patient):
    day = date(2026, 7, 1)
    diary.set_run(patient, utc(2026, 7, 1, 11), utc(2026, 7, 1, 13), "on", patient)
    data = {"start": "00:00", "end": "07:00", "state": "asleep"}
    response = patient_client.post(diary_url(day, "run"), data, follow=True)
    assert run_form_values(response.content.decode())["start"] == "07:00"
    data = {"start": "07:00", "end": "09:00", "state": "off"}
    response = patient_client.post(diary_url(day, "run"), data, follow=True)
    assert response.redirect_chain == [(f"{diary_url(day)}#run", 302)]
    assert run_form_values(response.content.decode()) == {"start": "09:00", "end": ""}
    # Only once: the page seen again (reloaded later, say) has "From" at the end of the
    # last recorded run.
    content = patient_client.get(diary_url(day)).content.decode()
    assert run_form_values(content)["start"] == "14:00"


def test_from_follows_on_only_on_the_page_of_the_run_just_saved(patient_client, patient):
    day = date(2026, 7, 1)
    diary.set_run(patient, utc(2026, 7, 2, 11), utc(2026, 7, 2, 13), "on", patient)
    data = {"start": "07:00", "end": "09:00", "state": "off"}
    patient_client.post(diary_url(day, "run"), data)
    content = patient_client.get(diary_url(day + timedelta(days=1))).content.decode()
    assert run_form_values(content)["start"] == "14:00"


def test_from_follows_on_only_in_the_diary_of_the_patient_it_was_saved_for(client, patient, carer):
    """A carer who saves a run for one person, then opens another's diary for the same day,
    gets that person's own "From"."""
    day = date(2026, 7, 1)
    other = make_user("rita@example.com", "Rita")
    diary.set_run(other, utc(2026, 7, 1, 11), utc(2026, 7, 1, 13), "on", other)
    grant_care(patient, carer, tracker="edit")
    grant_care(other, carer, tracker="edit")
    sign_in_as_carer(client, carer, patient)
    data = {"start": "07:00", "end": "09:00", "state": "off"}
    client.post(diary_url(day, "run"), data)
    session = client.session
    session["acting_for"] = str(other.pk)
    session.save()
    content = client.get(diary_url(day)).content.decode()
    assert run_form_values(content)["start"] == "14:00"


def test_a_run_that_ends_on_a_later_day_leaves_from_as_it_was(patient_client, patient):
    day = date(2026, 7, 1)
    data = {"start": "22:30", "end": "07:00", "state": "asleep"}
    response = patient_client.post(diary_url(day, "run"), data)
    assert response["Location"] == f"{diary_url(day)}#run"


# Other days.


def test_the_diary_offers_no_day_after_the_patients_today(patient_client, patient):
    today = patient.local_today()
    content = patient_client.get(diary_url(today)).content.decode()
    assert "Next day" not in content
    assert "Previous day" in content
    assert (
        "Next day" not in patient_client.get(diary_url(today + timedelta(days=1))).content.decode()
    )
    content = patient_client.get(diary_url(today - timedelta(days=1))).content.decode()
    assert f'href="{diary_url(today)}"' in content
    assert "Next day" in content


def test_the_clock_change_notice_names_the_patients_own_times(client, db):
    new_yorker = make_user("ny@example.com", "Ann", time_zone="America/New_York")
    client.force_login(new_yorker)
    page = client.get(diary_url(date(2026, 3, 8))).content.decode()
    assert "there is no time from 02:00 to 03:00: this day has 46 half-hours" in page


def test_midnight_starts_the_day_where_the_clocks_skip_it(client, db):
    # Havana's clocks go from 00:00 to 01:00 on 8 March 2026: the day begins at 01:00.
    havana = make_user("cu@example.com", "Ana", time_zone="America/Havana")
    client.force_login(havana)
    client.post(
        diary_url(date(2026, 3, 7), "run"), {"start": "22:00", "end": "00:00", "state": "asleep"}
    )
    client.post(
        diary_url(date(2026, 3, 8), "run"), {"start": "00:00", "end": "07:00", "state": "asleep"}
    )
    starts = sorted(recorded(havana))
    assert len(starts) == 4 + 12  # 22:00 to midnight, then 01:00 to 07:00
    assert starts[4] == slots.day_start(date(2026, 3, 8), havana.zone)


def test_the_two_ways_to_other_days_are_told_apart(patient_client):
    page = Page(patient_client.get(diary_url(date(2026, 7, 1))).content.decode())
    labels = [nav.get("aria-label") for nav in page.all("nav.nhsuk-pagination")]
    assert labels == ["Other days", "Other days, at the end of the page"]


# A stretch typed with the same "From" and "To", and one that runs into the next day.

NOVEMBER = date(2026, 11, 20)  # a Friday


@pytest.mark.parametrize(
    ("day", "time"),
    [
        (NOVEMBER, "14:00"),
        (SPRING, "14:00"),
        (AUTUMN, "14:00"),
        (SPRING - timedelta(days=1), "22:00"),
    ],
    ids=["a plain day", "clocks forward", "clocks back", "the night before clocks forward"],
)
def test_a_stretch_that_ends_when_it_starts_is_refused_and_saves_nothing(
    patient_client, patient, frozen, day, time
):
    frozen(utc(2026, 11, 27, 12))
    # Two days recorded in full: neither is touched.
    start, _ = slots.day_bounds(day, patient.zone)
    _, end = slots.day_bounds(day + timedelta(days=1), patient.zone)
    diary.set_run(patient, start, end, "on", patient)
    before = recorded(patient)
    data = {"start": time, "end": time, "state": "off"}
    page = Page(patient_client.post(diary_url(day, "run"), data).content.decode())
    assert page.text("#id_end-error") == (
        "Error: “To” is the same time as “From”. Enter when the stretch ended: for a stretch "
        "past midnight, a time on the next morning."
    )
    assert [a.get("href") for a in page.all(".nhsuk-error-summary__list a")] == ["#id_end"]
    assert recorded(patient) == before


def test_a_stretch_from_midnight_to_midnight_is_the_whole_day_and_no_more(
    patient_client, patient, frozen
):
    frozen(utc(2026, 11, 27, 12))
    data = {"start": "00:00", "end": "00:00", "state": "asleep"}
    response = patient_client.post(diary_url(NOVEMBER, "run"), data, follow=True)
    assert "from 00:00 to midnight (48 half-hours)" in html.unescape(response.content.decode())
    assert sorted(recorded(patient)) == slots.slots_between(
        *slots.day_bounds(NOVEMBER, patient.zone)
    )


def test_a_stretch_within_the_hour_that_happens_twice_may_end_at_the_time_it_starts(
    patient_client, patient, after_autumn
):
    data = {"start": "01:30", "start_fold": "0", "end": "01:30", "end_fold": "1", "state": "off"}
    response = patient_client.post(diary_url(AUTUMN, "run"), data, follow=True)
    assert "from 01:30 (BST) to 01:30 (GMT) (2 half-hours)" in response.content.decode()
    assert sorted(recorded(patient)) == [utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1)]


@pytest.mark.parametrize(
    ("day", "on", "said"),
    [
        (
            NOVEMBER,
            (utc(2026, 11, 20, 23), utc(2026, 11, 21)),
            "(16 half-hours). 2 of them had another answer, which this replaced: "
            "“ON without dyskinesia” from 23:00 to midnight.",
        ),
        (
            NOVEMBER,
            (utc(2026, 11, 20, 23), utc(2026, 11, 21, 1)),
            "(16 half-hours). 4 of them had another answer, which this replaced: "
            "\u201cON without dyskinesia\u201d from 23:00 on Friday 20 November to 01:00 on "
            "Saturday 21 November.",
        ),
        (
            NOVEMBER,
            (utc(2026, 11, 21, 1), utc(2026, 11, 21, 14)),
            "(16 half-hours). 10 of them had another answer, which this replaced: "
            "“ON without dyskinesia” from 01:00 to 06:00 on Saturday 21 November.",
        ),
        (
            SPRING - timedelta(days=1),
            (utc(2026, 3, 29, 0), utc(2026, 3, 29, 2)),  # 00:00 GMT to 03:00 BST
            "(14 half-hours). 4 of them had another answer, which this replaced: "
            "“ON without dyskinesia” from 00:00 to 03:00 on Sunday 29 March.",
        ),
    ],
    ids=["on the page's day", "on both days", "on the next day", "the clocks go forward"],
)
def test_a_stretch_that_replaces_answers_on_the_next_day_names_that_day(
    patient_client, patient, frozen, day, on, said
):
    frozen(utc(2026, 11, 27, 12))
    diary.set_run(patient, *on, "on", patient)
    data = {"start": "22:00", "end": "06:00", "state": "asleep", **confirmed()}
    response = patient_client.post(diary_url(day, "run"), data, follow=True)
    assert said in html.unescape(response.content.decode())


def test_from_offers_the_first_half_hour_not_recorded_once_the_present_is(
    patient_client, patient, frozen
):
    # "Right now I am…" at 14:10 records 14:00 to 14:30: the night and the morning are still
    # to fill in, and "From" was left empty.
    frozen(utc(2026, 7, 1, 13, 10))
    patient_client.post(reverse("tracker_right_now"), {"state": "on"})
    content = patient_client.get(diary_url(date(2026, 7, 1))).content.decode()
    assert 'name="start" value="00:00"' in content
    # With the morning filled in, the next half-hour not recorded.
    diary.set_run(patient, utc(2026, 6, 30, 23), utc(2026, 7, 1, 9), "asleep", patient)
    content = patient_client.get(diary_url(date(2026, 7, 1))).content.decode()
    assert 'name="start" value="10:00"' in content


def test_from_is_empty_once_the_day_is_recorded_up_to_now(patient_client, patient, frozen):
    frozen(utc(2026, 7, 1, 13, 10))
    diary.set_run(patient, utc(2026, 6, 30, 23), utc(2026, 7, 1, 13, 30), "on", patient)
    content = patient_client.get(diary_url(date(2026, 7, 1))).content.decode()
    assert 'name="start" value=' not in content


def test_a_stretch_that_replaces_many_scattered_answers_says_how_many(
    patient_client, patient, frozen
):
    """Five stretches of answers would be a message too long to take in."""
    frozen(utc(2026, 11, 27, 20))
    for hour in (10, 11, 12, 13, 14):
        diary.set_state(patient, utc(2026, 11, 20, hour), "off", patient)
    data = {"start": "09:00", "end": "16:00", "state": "on"}
    response = patient_client.post(diary_url(NOVEMBER, "run"), data, follow=True)
    said = "(14 half-hours). 5 of them had another answer, which this replaced."
    assert said in html.unescape(response.content.decode())


def test_half_hours_recorded_before_a_move_to_another_minute_say_why_they_are_not_shown(
    patient_client, patient
):
    """London's half-hours begin at :00 and :30, Kathmandu's at :15 and :45 past the hour in
    UTC: after the move, the days recorded in London read as if nothing had been."""
    diary.set_run(patient, utc(2026, 11, 21, 0), utc(2026, 11, 22, 0), "on", patient)
    User.objects.filter(pk=patient.pk).update(time_zone="Asia/Kathmandu")
    said = (
        "{} half-hours were recorded here on another clock, before a change of time zone, and "
        "began at other minutes past the hour than this clock's half-hours do, so they cannot "
        "be shown or counted. They are kept, and show again if the time zone is changed back."
    )
    page = patient_client.get(diary_url(date(2026, 11, 21))).content.decode()
    # 21 November in Kathmandu ends at 18:15 UTC: 37 of London's half-hours began by then.
    assert said.format(37) in " ".join(html.unescape(page).split())
    assert "0 of 48 half-hours recorded." in page
    summary = patient_client.get(reverse("summary_json") + "?start=2026-11-20&days=3").json()
    assert said.format(48) in summary["time_zone_notes"]
    assert DiaryEntry.objects.count() == 48  # nothing lost


def test_a_day_recorded_on_its_own_clock_says_nothing_of_another(patient_client, patient):
    diary.set_run(patient, utc(2026, 11, 21, 0), utc(2026, 11, 22, 0), "on", patient)
    page = patient_client.get(diary_url(date(2026, 11, 21))).content.decode()
    assert "another clock" not in page
    summary = patient_client.get(reverse("summary_json") + "?start=2026-11-20&days=3").json()
    assert summary["time_zone_notes"] == []
