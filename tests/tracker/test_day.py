import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.conftest import grant_care, make_user, sign_in_as_carer
from tests.toolkit.test_form_pack import Page
from tests.tracker import make
from tests.tracker.make import utc
from tests.tracker.test_page_link_names import read_out
from tests.tracker.test_summary_provenance import diary as provenance_diary
from tests.tracker.test_summary_provenance import eaten
from tests.tracker.test_summary_tables import recorded
from tracker import diary
from tracker.summary import Summary
from tracker.timeline import PLOT_LEFT, PLOT_RIGHT, DayTimeline
from tracker.timeline_svg import day_timeline_svg

DAY = date(2026, 7, 1)
# How long after something happened it was recorded: in the moment, or recalled.
LIVE = timedelta(minutes=1)
LATE = timedelta(hours=3)


def day_url(day: date) -> str:
    return reverse("tracker_day", kwargs={"day": day})


def fill_day(patient, day=DAY):
    """A whole, typical day: asleep to 07:00, OFF before the first dose, ON, dyskinesia."""
    start = utc(day.year, day.month, day.day) - timedelta(hours=1)  # London midnight in summer
    runs = [(0, 7, "asleep"), (7, 8, "off"), (8, 13, "on"), (13, 15, "on_nontroublesome")]
    runs += [(15, 16, "on_troublesome"), (16, 22, "on"), (22, 24, "asleep")]
    for begin, end, state in runs:
        diary.set_run(
            patient, start + timedelta(hours=begin), start + timedelta(hours=end), state, patient
        )


def test_the_day_page_shows_the_timeline_the_table_and_the_totals(patient_client, patient):
    fill_day(patient)
    med = make.medication(patient, name="Co-careldopa")
    make.dose(patient, med, utc(2026, 7, 1, 6, 5))
    make.episode(patient, utc(2026, 7, 1, 5, 40), utc(2026, 7, 1, 6, 10), severity="severe")
    make.meal(patient, utc(2026, 7, 1, 11, 30), protein_rich=True)
    content = patient_client.get(day_url(DAY)).content.decode()
    assert '<svg class="app-timeline"' in content
    assert content.count("<h1") == 1
    for row in ("07:05", "Dose of Co-careldopa", "06:40", "Dystonia, severe, OFF, until 07:10"):
        assert row in content
    assert "Meal, protein-rich" in content
    assert "Good ON, share of awake time" in content
    # 13 h good ON of 15 h awake, as the summary gives it
    assert "86.7%" in content
    assert "Yes, all 48 half-hours" in content


def test_what_a_patient_typed_is_shown_as_text_in_the_table(patient_client, patient):
    med = make.medication(patient, name="<script>alert(1)</script> & co")
    recorded(make.dose(patient, med, utc(2026, 7, 1, 8)), patient, LIVE)
    content = patient_client.get(day_url(DAY)).content.decode()
    assert "<script>alert(1)" not in content
    row = (
        '<td class="nhsuk-table__cell">Dose of &lt;script&gt;alert(1)&lt;/script&gt; &amp; co</td>'
    )
    assert row in content


def test_the_timeline_totals_follow_the_clinical_definitions(patient):
    fill_day(patient)
    [timeline] = DayTimeline.for_days(patient, DAY, DAY)
    totals = timeline.totals
    assert totals.hours["asleep"] == 9
    assert totals.awake == 15
    assert totals.good_on == 13
    assert totals.good_on_percent == 86.7


def test_no_element_carries_an_inline_style(patient_client, patient):
    fill_day(patient)
    content = patient_client.get(day_url(DAY)).content.decode()
    assert " style=" not in content
    assert "<style" not in content


def test_the_band_names_each_state_in_words_and_patterns(patient):
    fill_day(patient)
    [timeline] = DayTimeline.for_days(patient, DAY, DAY)
    svg = day_timeline_svg(timeline)
    for state in ("asleep", "off", "on", "on_nontroublesome", "on_troublesome"):
        assert f'<pattern id="timeline-2026-07-01-{state}"' in svg
    assert ">Asleep</text>" in svg
    assert ">ON</text>" in svg


@pytest.mark.parametrize(("day", "hours"), [(date(2026, 3, 29), 23), (date(2026, 10, 25), 25)])
def test_a_short_or_long_day_still_fills_the_axis(patient, day, hours):
    start = make.utc(day.year, day.month, day.day) - timedelta(hours=1 if day.month == 10 else 0)
    diary.set_run(patient, start, start + timedelta(hours=hours), "on", patient)
    [timeline] = DayTimeline.for_days(patient, day, day)
    [segment] = timeline.segments
    assert segment.x == PLOT_LEFT
    assert segment.x + segment.width == PLOT_RIGHT
    labels = [tick.label for tick in timeline.hour_ticks if tick.label]
    if hours == 25:
        assert "00:00" in labels
        assert "24:00" in labels
        assert len(timeline.day_slots) == 50


def test_an_episode_across_midnight_shows_on_both_days(patient):
    make.episode(patient, utc(2026, 7, 1, 22, 30), utc(2026, 7, 1, 23, 30))  # 23:30 to 00:30
    first, second = DayTimeline.for_days(patient, DAY, DAY + timedelta(days=1))
    assert len(first.episodes) == len(second.episodes) == 1
    assert first.episode_marks[0].x + first.episode_marks[0].width == PLOT_RIGHT
    assert second.episode_marks[0].x == PLOT_LEFT


def test_a_time_on_the_other_day_of_an_episode_across_midnight_names_its_day(
    patient_client, patient
):
    # 23:30 BST on Saturday 24 October to 01:30 GMT, the second 01:30 of the night.
    started = utc(2026, 10, 24, 22, 30)
    make.episode(patient, started, utc(2026, 10, 25, 1, 30), recorded_at=started)
    saturday = patient_client.get(day_url(date(2026, 10, 24))).content.decode()
    sunday = patient_client.get(day_url(date(2026, 10, 25))).content.decode()
    row = '<th scope="row" class="nhsuk-table__header">{}</th>'
    row += '<td class="nhsuk-table__cell">Symptom</td>'
    row += '<td class="nhsuk-table__cell">Dystonia, moderate, OFF, until {}</td>'
    assert row.format("23:30", "01:30 (GMT) on Sunday 25 October") in saturday
    assert row.format("23:30 on Saturday 24 October", "01:30 (GMT)") in sunday
    assert "<title>23:30 on Saturday 24 October: Dystonia" in sunday


def test_an_episode_ending_at_midnight_ends_at_24_00(patient):
    make.episode(patient, utc(2026, 7, 1, 22), utc(2026, 7, 1, 23))  # 23:00 to midnight
    [timeline] = DayTimeline.for_days(patient, DAY, DAY)
    [mark] = timeline.episode_marks
    assert (mark.time_label, mark.text) == ("23:00", "Dystonia, moderate, OFF, until 24:00")


def test_a_dose_just_after_midnight_counts_on_the_new_day(patient):
    med = make.medication(patient)
    make.dose(patient, med, utc(2026, 6, 30, 23, 5))  # 00:05 on 1 July in London
    before, day = DayTimeline.for_days(patient, DAY - timedelta(days=1), DAY)
    assert before.doses == []
    assert [mark.time_label for mark in day.dose_marks] == ["00:05"]


def test_a_patient_in_another_zone_sees_their_own_midnight(db):
    traveller = make_user("t@example.com", "Tess", "America/New_York")
    med = make.medication(traveller)
    make.dose(traveller, med, utc(2026, 7, 1, 3))  # 23:00 on 30 June in New York
    [timeline] = DayTimeline.for_days(traveller, date(2026, 6, 30), date(2026, 6, 30))
    assert [mark.time_label for mark in timeline.dose_marks] == ["23:00"]


def test_half_hours_recorded_before_a_move_of_time_zone_are_not_counted_on_the_new_days(
    patient_client, patient
):
    fill_day(patient)  # London's half-hours, all ON but for OFF 07:00 to 08:00
    # Kathmandu is 5 h 45 min ahead of UTC: its half-hours begin at London's :15 and :45.
    patient.time_zone = "Asia/Kathmandu"
    patient.save()
    midnight = datetime(2026, 7, 1, tzinfo=ZoneInfo("Asia/Kathmandu"))
    diary.set_run(patient, midnight, midnight + timedelta(days=1), "off", patient)
    [timeline] = DayTimeline.for_days(patient, DAY, DAY)
    assert timeline.totals.hours["off"] == 24
    assert timeline.totals.recorded == 24
    page = patient_client.get(day_url(DAY)).content.decode()
    assert "Yes, all 48 half-hours" in page
    assert 'ON without dyskinesia</dt><dd class="nhsuk-summary-list__value">0 h' in page


def test_several_days_share_one_axis_and_keep_their_ids_apart(patient):
    fill_day(patient)
    timelines = DayTimeline.for_days(patient, DAY - timedelta(days=2), DAY)
    svgs = [day_timeline_svg(timeline) for timeline in timelines]
    ids = [re.findall(r' id="([^"]+)"', svg) for svg in svgs]
    assert not set(ids[0]) & set(ids[2])
    assert 'viewBox="0 0 1000 150"' in svgs[0]


def test_an_empty_day_says_so(patient_client):
    content = patient_client.get(day_url(DAY)).content.decode()
    assert "Nothing is recorded on this day yet." in content
    assert "No: 48 of 48 half-hours not recorded" in content


def totals(content: str) -> dict[str, tuple[str, str]]:
    """Each of the day's totals by its name: what is seen, and what a screen reader reads."""
    said = {}
    for row in Page(content).all(".app-day-totals .nhsuk-summary-list__row"):
        name, value = row
        seen = [
            node.text or ""
            for node in value.iter()
            if "nhsuk-u-visually-hidden" not in (node.get("class") or "")
        ]
        said["".join(name.itertext())] = ("".join(seen).strip(), read_out(value))
    return said


def test_a_day_with_nothing_in_the_diary_shows_its_totals_as_not_recorded(patient_client):
    """0 h asleep would read as a day recorded without sleep, as the summary's dash does not."""
    content = patient_client.get(day_url(DAY)).content.decode()
    said = totals(content)
    for name in ("Asleep", "OFF", "Awake (recorded, not asleep)"):
        assert said[name] == ("\u2013", "Not recorded"), name
    assert "0 h" not in content
    assert said["Diary complete"][1] == "No: 48 of 48 half-hours not recorded"


def test_a_day_partly_recorded_keeps_its_zeros(patient_client, patient):
    diary.set_run(patient, utc(2026, 6, 30, 23), utc(2026, 7, 1, 6), "asleep", patient)
    said = totals(patient_client.get(day_url(DAY)).content.decode())
    assert said["Asleep"] == ("7 h", "7 h")
    assert said["OFF"] == ("0 h", "0 h")


def test_today_and_days_to_come_are_not_called_incomplete(patient_client, patient, frozen):
    frozen(utc(2026, 7, 1, 13, 10))  # 14:10 in London
    diary.set_run(patient, utc(2026, 6, 30, 23), utc(2026, 7, 1, 6), "asleep", patient)
    content = patient_client.get(day_url(DAY)).content.decode()
    assert "Not yet: the day is not over" in content
    assert "half-hours not recorded" not in content
    tomorrow = patient_client.get(day_url(DAY + timedelta(days=1))).content.decode()
    assert "Not yet: the day has not begun" in tomorrow
    assert "half-hours not recorded" not in tomorrow
    assert "See the diary for this day" in tomorrow


def test_today_shows_now_and_an_episode_still_going_on_runs_up_to_it(
    patient_client, patient, frozen
):
    frozen(utc(2026, 7, 1, 13, 10))  # 14:10 in London
    make.episode(patient, utc(2026, 7, 1, 12))  # since 13:00, not ended
    content = patient_client.get(day_url(DAY)).content.decode()
    page = Page(content)
    [line] = page.all(".app-timeline__now line")
    now_x = float(line.get("x1"))
    assert "".join(page.one(".app-timeline__now title").itertext()) == "Now, 14:10"
    assert "Now (14:10)" in "".join(page.one(".app-timeline-legend").itertext())
    [episode] = page.all(".app-timeline__episodes rect")
    assert float(episode.get("x")) + float(episode.get("width")) == pytest.approx(now_x)
    assert "until now (14:10): still going on" in content
    # Another day, and the summary (kept, and read later), draw no "now".
    yesterday = patient_client.get(day_url(DAY - timedelta(days=1))).content.decode()
    summary = patient_client.get(f"/my-tracker/summary?start={DAY}&days=1").content.decode()
    for other in (yesterday, summary):
        assert "app-timeline__now" not in other and "Now (" not in other


def test_the_day_page_takes_the_same_queries_with_one_record_or_a_thousand(
    patient_client, patient, django_assert_num_queries
):
    med = make.medication(patient)
    make.dose(patient, med, utc(2026, 7, 1, 6))
    diary.set_state(patient, utc(2026, 7, 1, 6), "on", patient)
    # Six: the session and person, the doses of the day and of its scheduled times, the
    # timeline's other three, and the medicines.
    with django_assert_num_queries(6) as one:
        patient_client.get(day_url(DAY))
    diary.set_run(patient, utc(2026, 6, 30, 23), utc(2026, 7, 1, 23), "off", patient)
    for minute in range(0, 24 * 60, 4):
        make.dose(patient, med, utc(2026, 6, 30, 23) + timedelta(minutes=minute))
    for hour in range(0, 24):
        make.episode(patient, utc(2026, 6, 30, 23) + timedelta(hours=hour))
        make.meal(patient, utc(2026, 6, 30, 23) + timedelta(hours=hour))
    with django_assert_num_queries(len(one.captured_queries)):
        response = patient_client.get(day_url(DAY))
    assert response.content.decode().count("Dose of Co-careldopa") >= 360


def test_an_impossible_date_is_not_found(patient_client):
    assert patient_client.get("/my-tracker/day/2026-13-01").status_code == 404


def test_anonymous_people_are_sent_to_log_in(client):
    assert client.get(day_url(DAY))["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("level", "link"),
    [("view", "See the diary for this day"), ("edit", "Fill in or change the diary for this day")],
)
def test_the_day_page_leads_a_carer_to_the_diary_in_words_for_what_they_may_do(
    client, patient, carer, level, link
):
    grant_care(patient, carer, tracker=level)
    sign_in_as_carer(client, carer, patient)
    page = client.get(day_url(DAY)).content.decode()
    assert f'<a href="{reverse("diary_day", kwargs={"day": DAY})}">{link}</a>' in page


def test_the_day_page_asks_the_patient_to_fill_in_the_diary(patient_client):
    page = patient_client.get(day_url(DAY)).content.decode()
    assert ">Fill in or change the diary for this day</a>" in page


# Who recorded what, and what was recalled, said as the summary and the diary page say it:
# doses and episodes in their rows, the diary's stretches and meals in a sentence.


def event_cells(content: str) -> list[tuple[str, ...]]:
    """The rows of "Everything on this day", each cell's words on one line."""
    [table] = [
        table
        for table in Page(content).all("table")
        if "".join(table.find("caption").itertext()).startswith("Everything recorded")
    ]
    return [
        tuple(" ".join(" ".join(cell.itertext()).split()) for cell in row)
        for row in table.iter("tr")
        if row.find("td") is not None
    ]


def provenance_sentence(content: str) -> str:
    [sentence] = re.findall(r'<p class="app-user-text">(.*?)</p>', content)
    return sentence


def test_a_dose_and_an_episode_a_carer_recorded_name_the_carer_in_their_rows(
    patient_client, patient
):
    john = make_user("john@example.com", "John <b>&</b>")
    dose = make.dose(patient, make.medication(patient), utc(2026, 7, 1, 13))  # 14:00 in London
    recorded(dose, john, LIVE)
    make.episode(
        patient,
        utc(2026, 7, 1, 15),
        utc(2026, 7, 1, 15, 20),
        recorded_by=john,
        recorded_at=utc(2026, 7, 1, 15, 1),
    )
    content = patient_client.get(day_url(DAY)).content.decode()
    assert event_cells(content) == [
        ("14:00", "Dose", "Dose of Co-careldopa recorded by John <b>&</b>"),
        ("16:00", "Symptom", "Dystonia, moderate, OFF, until 16:20 recorded by John <b>&</b>"),
    ]
    assert (
        'Dose of Co-careldopa<br><span class="nhsuk-body-s">'
        "recorded by John &lt;b&gt;&amp;&lt;/b&gt;</span></td>"
    ) in content


def test_a_dose_and_an_episode_recorded_more_than_2_hours_later_say_recalled(
    patient_client, patient, carer
):
    medication = make.medication(patient)
    recorded(make.dose(patient, medication, utc(2026, 7, 1, 6)), patient, LATE)
    recorded(make.dose(patient, medication, utc(2026, 7, 1, 10)), patient, timedelta(hours=2))
    recorded(make.dose(patient, medication, utc(2026, 7, 1, 14)), carer, LATE)
    make.episode(patient, utc(2026, 7, 1, 15), recorded_by=patient, recorded_at=utc(2026, 7, 2))
    # Three hours long, written down as it stopped: counted from its end, as on the summary.
    ended = utc(2026, 7, 1, 19)
    make.episode(patient, utc(2026, 7, 1, 16), ended, recorded_by=patient, recorded_at=ended)
    content = patient_client.get(day_url(DAY)).content.decode()
    assert event_cells(content) == [
        ("07:00", "Dose", "Dose of Co-careldopa recalled later"),
        ("11:00", "Dose", "Dose of Co-careldopa"),  # 2 hours later, not more
        ("15:00", "Dose", "Dose of Co-careldopa recorded by John, recalled later"),
        ("16:00", "Symptom", "Dystonia, moderate, OFF, until not yet ended recalled later"),
        ("17:00", "Symptom", "Dystonia, moderate, OFF, until 20:00"),
    ]


def test_the_diary_stretches_and_meals_a_carer_recorded_or_recalled_are_said_as_on_the_summary(
    patient_client, patient, carer
):
    sue = make_user("sue@example.com", "Sue")
    provenance_diary(patient, DAY, range(14), late=LATE)  # 00:00 to 07:00, in the morning
    provenance_diary(patient, DAY, range(14, 24))
    provenance_diary(patient, DAY, range(24, 36), by=carer)  # 12:00 to 18:00
    provenance_diary(patient, DAY, range(36, 48), by=sue, late=LATE)  # 18:00 to 24:00
    eaten(patient, utc(2026, 7, 1, 7, 30))  # 08:30
    eaten(patient, utc(2026, 7, 1, 12, 30), by=carer)  # 13:30
    eaten(patient, utc(2026, 7, 1, 17, 30), late=LATE)  # 18:30
    content = patient_client.get(day_url(DAY)).content.decode()
    said = (
        "Recalled later: diary 00:00 to 07:00, 18:00 to 24:00; meal 18:30. "
        "Recorded by John: diary 12:00 to 18:00; meal 13:30. "
        "Recorded by Sue: diary 18:00 to 24:00."
    )
    assert provenance_sentence(content) == said
    assert Summary.build(patient, DAY, DAY).days[0].provenance == said
    # Each said once: the meals' rows leave it to the sentence, as the summary's timelines do.
    assert ("18:30", "Meal", "Meal") in event_cells(content)


def test_a_day_of_the_patients_own_records_made_at_the_time_says_nothing_more(
    patient_client, patient
):
    provenance_diary(patient, DAY, range(48))
    recorded(make.dose(patient, make.medication(patient), utc(2026, 7, 1, 6)), patient, LIVE)
    make.episode(patient, utc(2026, 7, 1, 9), recorded_by=patient, recorded_at=utc(2026, 7, 1, 9))
    eaten(patient, utc(2026, 7, 1, 12))
    content = patient_client.get(day_url(DAY)).content.decode()
    assert '<p class="app-user-text">' not in content
    for words in ("Recalled", "recalled", "Recorded by", "recorded by"):
        assert words not in content
    assert ("07:00", "Dose", "Dose of Co-careldopa") in event_cells(content)


def test_a_carer_looking_at_the_day_sees_who_recorded_what_as_the_patient_does(
    client, patient_client, patient, carer
):
    provenance_diary(patient, DAY, range(24))
    provenance_diary(patient, DAY, range(24, 36), by=carer)
    recorded(make.dose(patient, make.medication(patient), utc(2026, 7, 1, 13)), carer, LATE)
    eaten(patient, utc(2026, 7, 1, 17, 30), late=LATE)
    patients = patient_client.get(day_url(DAY)).content.decode()
    grant_care(patient, carer, tracker="view")
    sign_in_as_carer(client, carer, patient)
    carers = client.get(day_url(DAY)).content.decode()
    said = "Recalled later: meal 18:30. Recorded by John: diary 12:00 to 18:00."
    assert provenance_sentence(carers) == provenance_sentence(patients) == said
    assert event_cells(carers) == event_cells(patients)
    assert ("14:00", "Dose", "Dose of Co-careldopa recorded by John, recalled later") in (
        event_cells(carers)
    )


def test_the_day_page_reads_the_carers_names_in_one_query_however_much_they_recorded(
    patient_client, patient, carer, django_assert_num_queries
):
    """Six queries without a carer (the test above), seven with any number of them."""
    medication = make.medication(patient)
    recorded(make.dose(patient, medication, utc(2026, 7, 1, 6)), carer, LIVE)
    with django_assert_num_queries(7):
        patient_client.get(day_url(DAY))
    sue = make_user("sue@example.com", "Sue")
    provenance_diary(patient, DAY, range(24), by=sue)
    provenance_diary(patient, DAY, range(24, 48), by=carer, late=LATE)
    for minute in range(0, 24 * 60, 10):
        taken = make.dose(patient, medication, utc(2026, 6, 30, 23) + timedelta(minutes=minute))
        recorded(taken, sue if minute % 20 else carer, LIVE)
    for hour in range(24):
        at = utc(2026, 6, 30, 23) + timedelta(hours=hour)
        make.episode(patient, at, recorded_by=sue, recorded_at=at)
        eaten(patient, at + timedelta(minutes=5), by=carer)
    with django_assert_num_queries(7):
        content = patient_client.get(day_url(DAY)).content.decode()
    assert content.count("recorded by Sue") == 72 + 24
    assert "Recorded by John: diary 12:00 to 24:00; all 24 meals." in content
