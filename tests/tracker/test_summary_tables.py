"""The summary's episode and dose-timing tables, as a clinician reads them on screen and on
paper: every cell's words, escaped, with its column's name on screen only."""

import re
from datetime import date, timedelta

from tests.conftest import make_user
from tests.tracker.make import dose, episode, medication, utc
from tracker.models import Medication
from tracker.summary import Summary
from tracker.summary_tables import episode_rows, schedule_cells, schedule_rows

DAY = date(2026, 8, 3)  # a Monday, London on summer time (UTC+1)


def on_screen(name: str, content: str) -> str:
    return (
        f'<span class="nhsuk-table__heading" aria-hidden="true">{name} </span>'
        f"<span>{content}</span>"
    )


def episode_lines(summary: Summary, paper: bool) -> list[str]:
    """The episode table's rows, one per episode, without its bodies and day rows."""
    rows = episode_rows(summary, paper).split("\n")
    return [row for row in rows if row.startswith('<tr class="nhsuk-table__row"')]


def recorded(record, by, after: timedelta):
    """Who recorded a record and how long after it happened (the makers leave both unset)."""
    happened = getattr(record, "taken_at", None) or record.started_at
    type(record).objects.filter(pk=record.pk).update(recorded_by=by, recorded_at=happened + after)


def test_an_episode_row_says_everything_the_template_did(patient):
    carer = make_user("jo@example.com", "Jo <Smith> & Co")
    started = utc(2026, 8, 3, 9, 15)
    episode(
        patient,
        started,
        body_sites=["toes", "foot"],
        side="left",
        pain=None,
        motor_state="off",
        recorded_by=carer,
        recorded_at=started + timedelta(hours=3),  # recalled
    )
    (row,) = episode_lines(Summary.build(patient, DAY, DAY), paper=False)
    assert row.startswith('<tr class="nhsuk-table__row" role="row">')
    began = (
        'Mon 3 Aug 10:15 <span class="app-summary__flag">recalled</span> '
        '<span class="app-summary__note">by Jo &lt;Smith&gt; &amp; Co</span>'
    )
    for name, content in [
        ("Began", began),
        ("Lasted", "Not ended"),
        ("Symptom and where", "Dystonia: Toes, Foot (left)"),
        ("Severity", "Moderate"),
        ("Pain", "\N{EN DASH}"),
        ("Since last dose", "No dose in the day before"),
        ("Before first dose", "No dose recorded that day"),
    ]:
        assert f'<td class="nhsuk-table__cell" role="cell">{on_screen(name, content)}</td>' in row


def test_an_episode_row_on_paper_has_only_its_words(patient):
    med = medication(patient, schedule=["07:00"])
    dose(patient, med, utc(2026, 8, 3, 6, 5), scheduled_for=utc(2026, 8, 3, 6, 0))
    started = utc(2026, 8, 3, 8, 0)
    episode(patient, started, utc(2026, 8, 3, 9, 30), pain=4, body_sites=[], recorded_at=started)
    (row,) = episode_lines(Summary.build(patient, DAY, DAY), paper=True)
    assert row.startswith(
        '<tr class="nhsuk-table__row"><td class="nhsuk-table__cell">09:00</td>'
        '<td class="nhsuk-table__cell">1 h 30 min</td>'
        '<td class="nhsuk-table__cell">Dystonia: site not given</td>'
    )
    assert '<td class="nhsuk-table__cell">4/10</td>' in row
    # Since the 07:05 dose, of the medicine most doses were of: named above the table.
    assert '<td class="nhsuk-table__cell">1 h 55 min</td>' in row
    assert "role=" not in row and "nhsuk-table__heading" not in row


def test_dose_timing_names_the_day_of_each_cell_on_screen(patient):
    med = medication(patient, name="Rasagiline & co", schedule=["07:00"])
    taken = dose(patient, med, utc(2026, 8, 3, 6, 20), scheduled_for=utc(2026, 8, 3, 6, 0))
    recorded(taken, patient, timedelta(minutes=1))
    rows = schedule_rows(Summary.build(patient, DAY, DAY + timedelta(days=1)), paper=False)
    assert rows == (
        '<tr class="nhsuk-table__row" role="row">'
        '<th scope="row" class="nhsuk-table__header" role="rowheader">'
        "07:00 Rasagiline &amp; co</th>"
        '<td class="nhsuk-table__cell" role="cell">'
        + on_screen("Mon 3 Aug", '07:20 <span class="app-summary__note">(20 min late)</span>')
        + '</td><td class="nhsuk-table__cell" role="cell">'
        + on_screen("Tue 4 Aug", '<span class="app-summary__note">Not recorded</span>')
        + "</td></tr>"
    )


def test_a_time_no_schedule_had_that_day_is_not_scheduled_not_missing(patient):
    med = medication(
        patient,
        name="Rasagiline",
        schedule=["09:00"],
        earlier_schedules=[{"schedule": ["07:00"], "until": "2026-08-03T23:00:00+00:00"}],
    )
    dose(patient, med, utc(2026, 8, 3, 6, 5), scheduled_for=utc(2026, 8, 3, 6, 0))
    rows = schedule_rows(Summary.build(patient, DAY, DAY + timedelta(days=1)), paper=True)
    assert rows.count("<tr") == 2
    seven, nine = rows.split("</tr>")[:2]
    assert "07:00 Rasagiline" in seven and "07:05" in seven and "Not scheduled" in seven
    assert "09:00 Rasagiline" in nine
    assert nine.index("Not scheduled") < nine.index("Not recorded")


def test_on_the_spring_forward_day_a_skipped_time_keeps_its_row(patient):
    med = medication(patient, name="Ropinirole", schedule=["01:30", "08:00"])
    spring = date(2026, 3, 29)  # 01:30 does not happen in London: it is taken at 02:30 BST
    dose(patient, med, utc(2026, 3, 28, 1, 35), scheduled_for=utc(2026, 3, 28, 1, 30))
    dose(patient, med, utc(2026, 3, 29, 1, 35), scheduled_for=utc(2026, 3, 29, 1, 30))
    dose(patient, med, utc(2026, 3, 30, 0, 40), scheduled_for=utc(2026, 3, 30, 0, 30))
    summary = Summary.build(patient, spring - timedelta(days=1), spring + timedelta(days=1))
    (night, morning) = summary.schedule_rows
    assert (night.time, morning.time) == ("01:30", "08:00")
    assert all(night.cells)
    assert "Not recorded" not in schedule_rows(summary, paper=True).split("</tr>")[0]


def test_on_the_spring_forward_day_a_skipped_times_cell_says_when_it_was_due(patient):
    """The 01:30 row's cell read "02:35 (5 min late)" with nothing to say why its time is
    an hour on from the row's, nor from what it was late."""
    med = medication(patient, name="Ropinirole", schedule=["01:30"])
    spring = date(2026, 3, 29)
    dose(patient, med, utc(2026, 3, 28, 1, 35), scheduled_for=utc(2026, 3, 28, 1, 30))
    dose(patient, med, utc(2026, 3, 29, 1, 35), scheduled_for=utc(2026, 3, 29, 1, 30))
    summary = Summary.build(patient, spring - timedelta(days=1), spring + timedelta(days=1))
    before, on_the_day, after = schedule_cells(summary.schedule_rows[0], summary)
    assert "02:35" in on_the_day
    assert "(5 min late; due 02:30, as the clocks went forward)" in on_the_day
    assert "(5 min late)" in before
    assert after == '<span class="app-summary__note">Not recorded</span>'


def test_on_the_spring_forward_day_a_skipped_time_not_taken_says_when_it_was_due(patient):
    medication(patient, name="Ropinirole", schedule=["01:15"])
    spring = date(2026, 3, 29)
    summary = Summary.build(patient, spring, spring)
    (cell,) = schedule_cells(summary.schedule_rows[0], summary)
    assert cell == (
        '<span class="app-summary__note">Not recorded (due 02:15, as the clocks went forward)'
        "</span>"
    )


def test_a_dose_recalled_or_recorded_by_a_carer_is_marked_as_an_episode_is(patient, patient_client):
    carer = make_user("jo@example.com", "Jo")
    med = medication(patient, schedule=["07:00", "11:00"])
    late = dose(patient, med, utc(2026, 8, 3, 6, 20), scheduled_for=utc(2026, 8, 3, 6, 0))
    recorded(late, carer, timedelta(hours=3))
    on_time = dose(patient, med, utc(2026, 8, 3, 10, 0), scheduled_for=utc(2026, 8, 3, 10, 0))
    recorded(on_time, patient, timedelta(minutes=5))
    extra = dose(patient, med, utc(2026, 8, 3, 15, 0))
    recorded(extra, carer, timedelta(minutes=5))
    summary = Summary.build(patient, DAY, DAY)
    seven, eleven = schedule_rows(summary, paper=True).split("\n")
    assert (
        '<td class="nhsuk-table__cell">07:20 '
        '<span class="app-summary__note">(20 min late)</span> '
        '<span class="app-summary__flag">recalled</span> '
        '<span class="app-summary__note">by Jo</span></td>'
    ) in seven
    assert "11:00 <span" in eleven and "recalled" not in eleven and "by " not in eleven
    page = patient_client.get(f"/my-tracker/summary?start={DAY}&days=1").content.decode()
    by_jo = '<span class="app-summary__note">by Jo</span>'
    assert f"<p>Other doses: Co-careldopa Mon 3 Aug 16:00 {by_jo}.</p>" in page


AUTUMN = date(2026, 10, 25)  # 01:00 to 01:59 happen twice in London: BST, then GMT


def test_times_in_the_hour_that_happens_twice_say_which(patient, patient_client):
    med = medication(patient, schedule=["01:30", "08:00"])
    extra = dose(patient, med, utc(2026, 10, 25, 0, 10))  # 01:10 BST, for no scheduled time
    recorded(extra, patient, timedelta(minutes=1))
    # Taken at 01:35 GMT for 01:30 BST: an hour and five minutes late, not five.
    dose(patient, med, utc(2026, 10, 25, 1, 35), scheduled_for=utc(2026, 10, 25, 0, 30))
    dose(patient, med, utc(2026, 10, 25, 8, 0), scheduled_for=utc(2026, 10, 25, 8, 0))
    for started in (utc(2026, 10, 25, 0, 20), utc(2026, 10, 25, 1, 20)):  # 01:20 BST, GMT
        episode(patient, started, recorded_by=patient, recorded_at=started)
    summary = Summary.build(patient, AUTUMN, AUTUMN)

    night, morning = schedule_rows(summary, paper=True).split("\n")
    assert '01:35 (GMT) <span class="app-summary__note">(1 h 5 min late)</span>' in night
    assert '<td class="nhsuk-table__cell">08:00 <span' in morning  # only a repeated time
    first, second = episode_lines(summary, paper=True)
    assert '<td class="nhsuk-table__cell">01:20 (BST)</td>' in first
    assert '<td class="nhsuk-table__cell">01:20 (GMT)</td>' in second
    (timeline,) = summary.timelines
    assert [mark.time_label for mark in timeline.dose_marks] == [
        "01:10 (BST)",
        "01:35 (GMT)",
        "08:00",
    ]
    assert [mark.time_label for mark in timeline.episode_marks] == ["01:20 (BST)", "01:20 (GMT)"]
    page = patient_client.get(f"/my-tracker/summary?start={AUTUMN}&days=1").content.decode()
    assert "<p>Other doses: Co-careldopa Sun 25 Oct 01:10 (BST).</p>" in page


def test_a_bedtime_dose_taken_after_midnight_names_the_day_it_was_taken(patient):
    med = medication(patient, schedule=["07:00", "23:00"])
    # Monday's 23:00 (22:00 UTC) taken at 00:20 on Tuesday; Monday's 07:00 on time.
    dose(patient, med, utc(2026, 8, 3, 6, 0), scheduled_for=utc(2026, 8, 3, 6, 0))
    late = dose(patient, med, utc(2026, 8, 3, 23, 20), scheduled_for=utc(2026, 8, 3, 22, 0))
    recorded(late, patient, timedelta(minutes=1))
    seven, bedtime = schedule_rows(Summary.build(patient, DAY, DAY), paper=True).split("\n")
    assert '<td class="nhsuk-table__cell">07:00 <span' in seven
    assert (
        '<td class="nhsuk-table__cell">Tue 4 Aug 00:20 '
        '<span class="app-summary__note">(1 h 20 min late)</span></td>'
    ) in bedtime


def test_an_episode_on_a_day_whose_only_dose_was_last_nights_says_why_none_is_first(patient):
    """Tuesday's timeline shows Monday's bedtime dose at 00:30: the episode table must not
    say no dose was recorded that day."""
    med = medication(patient, schedule=["07:00", "23:00"])
    dose(patient, med, utc(2026, 8, 3, 23, 30), scheduled_for=utc(2026, 8, 3, 22, 0))
    started = utc(2026, 8, 4, 4, 0)  # 05:00 on Tuesday
    episode(patient, started, recorded_by=patient, recorded_at=started)
    summary = Summary.build(patient, DAY, DAY + timedelta(days=1))
    assert [mark.time_label for mark in summary.timelines[1].dose_marks] == ["00:30"]
    (row,) = episode_lines(summary, paper=True)
    assert (
        '<td class="nhsuk-table__cell">No dose for that day recorded: the dose taken that day '
        "was for the day before</td>"
    ) in row


def test_medications_of_the_same_name_are_told_apart_by_their_dose(patient, patient_client):
    def make(dose_words, schedule):
        return Medication.objects.create(
            patient=patient, name="Co-careldopa", dose=dose_words, schedule=schedule
        )

    standard = make("25/100", ["07:00"])
    slow = make("50/200 CR", ["07:00", "22:00"])
    other = medication(patient, name="Rasagiline", schedule=["07:00"])
    dose(patient, standard, utc(2026, 8, 3, 6, 0), scheduled_for=utc(2026, 8, 3, 6, 0))
    dose(patient, slow, utc(2026, 8, 3, 6, 0), scheduled_for=utc(2026, 8, 3, 6, 0))
    dose(patient, other, utc(2026, 8, 3, 6, 0), scheduled_for=utc(2026, 8, 3, 6, 0))
    extra = dose(patient, slow, utc(2026, 8, 3, 15, 0))
    recorded(extra, patient, timedelta(minutes=1))
    summary = Summary.build(patient, DAY, DAY)
    headers = re.findall(r'<th scope="row"[^>]*>([^<]*)</th>', schedule_rows(summary, paper=True))
    assert sorted(headers) == [
        "07:00 Co-careldopa, 25/100",
        "07:00 Co-careldopa, 50/200 CR",
        "07:00 Rasagiline",
        "22:00 Co-careldopa, 50/200 CR",
    ]
    page = patient_client.get(f"/my-tracker/summary?start={DAY}&days=1").content.decode()
    assert "<p>Other doses: Co-careldopa, 50/200 CR Mon 3 Aug 16:00.</p>" in page


def test_a_medicine_stopped_and_added_again_is_told_apart_by_the_day_it_stopped(patient):
    """Not by its dose: that may have changed over the days shown, and the row would name
    one dose beside cells of another."""

    def ropinirole(dose_words, **fields):
        return Medication.objects.create(
            patient=patient, name="Ropinirole", dose=dose_words, schedule=["09:00"], **fields
        )

    before = ropinirole("2 mg", stopped_at=utc(2026, 8, 3, 12))
    again = ropinirole("4 mg MR")
    dose(patient, before, utc(2026, 8, 3, 8, 0), scheduled_for=utc(2026, 8, 3, 8, 0))
    dose(patient, again, utc(2026, 8, 4, 8, 0), scheduled_for=utc(2026, 8, 4, 8, 0))
    summary = Summary.build(patient, DAY, DAY + timedelta(days=1))
    assert summary.medication_names == {
        before.id: "Ropinirole (stopped 3 Aug 2026)",
        again.id: "Ropinirole, 4 mg MR",
    }


def test_on_paper_episodes_are_grouped_under_their_day_with_the_time_alone(patient):
    """A recalled episode's time and its mark then fit on one line of the printed table."""
    for started in (utc(2026, 8, 3, 9, 15), utc(2026, 8, 3, 13, 0), utc(2026, 8, 4, 7, 30)):
        episode(patient, started, recorded_by=patient, recorded_at=started + timedelta(hours=5))
    summary = Summary.build(patient, DAY, DAY + timedelta(days=1))
    table = episode_rows(summary, paper=True)
    monday, tuesday = table.split("</tbody>")[:2]
    assert monday.startswith(
        '<tbody class="nhsuk-table__body"><tr class="app-summary__group">'
        '<th colspan="9" scope="rowgroup">Monday 3 August</th></tr>'
    )
    assert '<th colspan="9" scope="rowgroup">Tuesday 4 August</th>' in tuesday
    recalled_mark = ' <span class="app-summary__flag">recalled</span>'
    assert monday.count('<tr class="nhsuk-table__row">') == 2
    assert f'<td class="nhsuk-table__cell">10:15{recalled_mark}</td>' in monday
    assert f'<td class="nhsuk-table__cell">08:30{recalled_mark}</td>' in tuesday
    # On screen, where a row becomes a block of its own on a phone, each names its day.
    screen = episode_lines(summary, paper=False)
    assert [row.count("Mon 3 Aug") for row in screen] == [1, 1, 0]
    assert "app-summary__group" not in episode_rows(summary, paper=False)


def test_an_episode_begun_the_evening_before_the_first_day_is_listed_as_it_is_drawn(
    patient, patient_client
):
    """The first day's timeline shows it; the table, its derived fields and the counts do too,
    under the day it began."""
    ended = utc(2026, 8, 2, 23, 30)
    episode(patient, utc(2026, 8, 2, 22, 50), ended, severity="severe", recorded_at=ended)
    episode(patient, utc(2026, 8, 1, 12), utc(2026, 8, 1, 13))  # over before the first day
    # Within a day before the episode, though more than a day before the first day.
    dose(patient, medication(patient), utc(2026, 8, 1, 22, 55))
    summary = Summary.build(patient, DAY, DAY)
    (row,) = episode_lines(summary, paper=False)
    assert on_screen("Began", "Sun 2 Aug 23:50") in row
    assert "Sunday 2 August" in episode_rows(summary, paper=True)
    data = patient_client.get("/my-tracker/summary.json?start=2026-08-03&days=1").json()
    (listed,) = data["episodes"]
    assert (listed["started_at"], listed["minutes_since_last_dose"]) == (
        "2026-08-02T23:50:00+01:00",
        23 * 60 + 55,
    )


def test_on_the_spring_forward_day_a_skipped_time_due_with_another_is_one_dose(patient):
    """01:30 falls due at 02:30 as the clocks go forward: with a 02:30 dose of the same
    medicine, one dose was both rows' and "missed" counted the other against it."""
    med = medication(patient, name="Ropinirole", schedule=["01:30", "02:30"])
    spring = date(2026, 3, 29)
    dose(patient, med, utc(2026, 3, 29, 1, 35), scheduled_for=utc(2026, 3, 29, 1, 30))
    summary = Summary.build(patient, spring - timedelta(days=1), spring + timedelta(days=1))
    skipped, due = summary.schedule_rows
    assert [row.time for row in (skipped, due)] == ["01:30", "02:30"]
    assert schedule_cells(skipped, summary)[1] == (
        '<span class="app-summary__note">Due with the 02:30 dose, as the clocks went forward</span>'
    )
    assert "02:35" in schedule_cells(due, summary)[1]
    # Not a dose missed: that day had one dose of it due, and it was taken; the days either
    # side had two each, not taken.
    [missed] = [pattern for pattern in summary.patterns if pattern.code == "missed_doses"]
    assert (missed.count, missed.of) == (4, 5)


def test_what_helped_and_the_note_are_under_the_symptom_on_screen_and_paper(patient):
    episode(
        patient,
        utc(2026, 8, 3, 9, 15),
        relief=["stretching", "warmth"],
        note="Woke with it <again>\nEased after 10 min",
    )
    episode(patient, utc(2026, 8, 3, 14, 0), relief=["nothing"])
    summary = Summary.build(patient, DAY, DAY)
    told = (
        'Dystonia: Foot<br><span class="app-summary__note app-user-text">Helped: Stretching, '
        'Warmth</span><br><span class="app-summary__note app-user-text">Note: Woke with it '
        "&lt;again&gt;<br>Eased after 10 min</span>"
    )
    nothing = (
        'Dystonia: Foot<br><span class="app-summary__note app-user-text">Nothing helped</span>'
    )
    for paper in (True, False):
        first, second = episode_lines(summary, paper)
        assert told in first
        assert nothing in second and "Note:" not in second
