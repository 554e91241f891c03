from datetime import date

import pytest
from django.urls import reverse

from notes.models import MedicationSchedule, Reminder
from tests.conftest import grant_care, new_token, sign_in_as_carer
from tests.toolkit.test_form_pack import Page
from tests.tracker import make
from tests.tracker.make import utc
from tracker.forms.medications import parse_times
from tracker.models import Medication
from tracker.summary import Summary


def test_adding_a_medicine_saves_its_times_and_tells_the_reminders(patient_client, patient):
    page = patient_client.get(reverse("medication_new")).content.decode()
    assert '<datalist id="common-medicines">' in page
    assert 'list="common-medicines"' in page
    response = patient_client.post(
        reverse("medication_new"),
        {
            "name": "Co-careldopa",
            "dose": "25 mg / 100 mg",
            "times": "19:00, 7, 11:00, 3pm",
            "token": new_token(),
        },
        follow=True,
    )
    med = Medication.objects.get()
    assert med.schedule == ["07:00", "11:00", "15:00", "19:00"]
    assert (med.patient, med.recorded_by, med.as_needed) == (patient, patient, False)
    assert "Co-careldopa added, taken at 07:00, 11:00, 15:00, 19:00." in response.content.decode()
    schedule = MedicationSchedule.objects.get(patient=patient, medication_id=med.pk)
    assert (schedule.times, schedule.active) == (med.schedule, True)


def test_a_medicine_needs_times_or_to_be_taken_when_needed(patient_client):
    # Not marked "(optional)": it is needed unless the medicine is taken only when needed.
    page = patient_client.get(reverse("medication_new")).content.decode()
    assert ">Times you take it each day</label>" in page
    for times in ("", " , ,"):
        response = patient_client.post(
            reverse("medication_new"), {"name": "Madopar", "times": times, "token": new_token()}
        )
        assert "Give the times you take it" in response.content.decode()
    patient_client.post(
        reverse("medication_new"), {"name": "Madopar", "as_needed": "on", "token": new_token()}
    )
    assert Medication.objects.get().schedule == []


def test_the_medicine_form_speaks_of_the_patient_to_a_carer(client, patient, carer):
    grant_care(patient, carer, tracker="edit")
    sign_in_as_carer(client, carer, patient)
    page = client.get(reverse("medication_new")).content.decode()
    assert ">Times Mary takes it each day</label>" in page
    assert "Leave it empty if Mary takes it only when needed." in page
    assert ">Mary also takes it when needed</label>" in page
    assert "then the first day Mary took it at these times." in page
    response = client.post(reverse("medication_new"), {"name": "Madopar", "token": new_token()})
    assert (
        "Give the times Mary takes it, or tick that Mary takes it when needed."
        in response.content.decode()
    )
    edit = client.get(reverse("medication_edit", args=[make.medication(patient).pk])).text
    assert ">Times Mary takes it each day</label>" in edit
    assert "you take" not in page + edit


def test_the_patient_is_asked_about_their_own_medicine(patient_client):
    page = patient_client.get(reverse("medication_new")).content.decode()
    assert "Leave it empty if you take it only when you need it." in page
    assert ">I also take it when I need it</label>" in page


def test_stopping_a_medicine_keeps_its_doses_in_the_patients_record(client, patient, carer):
    grant_care(patient, carer, tracker="edit")
    sign_in_as_carer(client, carer, patient)
    url = reverse("medication_stop", args=[make.medication(patient).pk])
    assert "The doses already recorded stay in Mary&#x27;s record." in client.get(url).text
    response = client.post(url, follow=True)
    assert "Co-careldopa stopped. Its doses stay in Mary&#x27;s record." in response.text


def test_stopping_her_own_medicine_the_patient_reads_your_record(patient_client, patient):
    url = reverse("medication_stop", args=[make.medication(patient).pk])
    assert "The doses you recorded stay in your record." in patient_client.get(url).text
    response = patient_client.post(url, follow=True)
    assert "Co-careldopa stopped. Its doses stay in your record." in response.text


def test_times_that_are_not_times_are_refused(patient_client):
    response = patient_client.post(
        reverse("medication_new"), {"name": "X", "times": "7, 25:00", "token": new_token()}
    )
    assert response.status_code == 200
    assert "“25:00” is not a time" in response.content.decode()
    assert not Medication.objects.exists()


def test_a_medicine_has_at_most_12_times_a_day(patient_client):
    # Every minute of the day was once taken: 1,440 rows of "Taken" on the home page.
    every_minute = ", ".join(f"{minute // 60:02d}:{minute % 60:02d}" for minute in range(1440))
    thirteen = ", ".join(f"{hour:02d}:00" for hour in range(13))
    for times in (every_minute, thirteen):
        response = patient_client.post(
            reverse("medication_new"), {"name": "X", "times": times, "token": new_token()}
        )
        assert response.status_code == 200
        assert "Enter at most 12 times a day." in response.content.decode()
        assert not Medication.objects.exists()
    twelve = ", ".join(f"{hour:02d}:00" for hour in range(12))
    patient_client.post(
        reverse("medication_new"), {"name": "X", "times": twelve, "token": new_token()}
    )
    assert len(Medication.objects.get().schedule) == 12


def test_a_medicine_saved_with_more_times_before_the_limit_can_still_be_changed(
    patient_client, patient
):
    thirteen = [f"{hour:02d}:00" for hour in range(7, 20)]
    med = make.medication(patient, schedule=thirteen)
    url = reverse("medication_edit", args=[med.pk])
    # Its times as the page has them, or written another way, are the times it has.
    for times in (", ".join(thirteen), " ".join(reversed(thirteen))):
        patient_client.post(url, {"name": "Sinemet", "dose": "2 tablets", "times": times})
        med.refresh_from_db()
        assert (med.name, med.dose, med.schedule) == ("Sinemet", "2 tablets", thirteen)
    # One more time is still refused.
    response = patient_client.post(
        url, {"name": "Sinemet", "dose": "", "times": ", ".join([*thirteen, "21:00"])}
    )
    assert "Enter at most 12 times a day." in response.content.decode()
    med.refresh_from_db()
    assert med.schedule == thirteen


def test_times_are_read_forgivingly():
    assert parse_times("7am; 12pm 12am, 1930, 8.15") == [
        "00:00",
        "07:00",
        "08:15",
        "12:00",
        "19:30",
    ]
    assert parse_times("8 AM, 7 PM, 9 Am") == ["08:00", "09:00", "19:00"]


def test_a_new_medicine_counts_from_today_and_the_days_before_are_as_they_were(
    patient_client, patient, frozen
):
    frozen(utc(2026, 1, 10, 13))
    patient_client.post(
        reverse("medication_new"), {"name": "Rasagiline", "times": "08:00", "token": new_token()}
    )
    summary = Summary.build(patient, date(2026, 1, 9), date(2026, 1, 10))
    (row,) = summary.schedule_rows
    assert (row.time, row.scheduled) == ("08:00", [False, True])
    assert "<strong>08:00</strong> Rasagiline" in patient_client.get(reverse("tracker_home")).text


def test_a_new_medicine_taken_since_an_earlier_day_counts_from_that_day(
    patient_client, patient, frozen
):
    # Signed up the week before an appointment, filling in the days before: their doses are
    # judged against the times, not listed apart as taken at no set time.
    frozen(utc(2026, 1, 10, 13))
    form = Page(patient_client.get(reverse("medication_new")).text)
    assert form.one("#id_since").get("value") == "2026-01-10"
    patient_client.post(
        reverse("medication_new"),
        {"name": "Rasagiline", "times": "08:00", "since": "2026-01-08", "token": new_token()},
    )
    patient_client.post(
        reverse("dose_new"),
        {
            "medication": Medication.objects.get().pk,
            "date": "2026-01-08",
            "time": "08:10",
            "token": new_token(),
        },
    )
    summary = Summary.build(patient, date(2026, 1, 7), date(2026, 1, 9))
    (row,) = summary.schedule_rows
    assert row.scheduled == [False, True, True]
    assert row.cells[1].taken_at == utc(2026, 1, 8, 8, 10)
    assert summary.unscheduled_doses == []


@pytest.mark.parametrize(
    ("since", "said"),
    [
        ("2026-01-11", "That day has not come yet. Enter today or an earlier day."),
        ("2025-01-08", "That is more than a year ago. Enter a date from 9 January 2025 on."),
    ],
)
def test_a_medicine_cannot_be_taken_since_a_day_to_come_or_a_year_ago(
    patient_client, frozen, since, said
):
    frozen(utc(2026, 1, 10, 13))
    data = {"name": "Rasagiline", "times": "08:00", "since": since, "token": new_token()}
    page = Page(patient_client.post(reverse("medication_new"), data).text)
    assert page.text("#id_since-error") == f"Error: {said}"
    assert not Medication.objects.exists()


def test_changing_a_medicine_does_not_ask_since_when(patient_client, patient):
    page = patient_client.get(reverse("medication_edit", args=[make.medication(patient).pk]))
    assert 'name="since"' not in page.text


def test_a_new_schedule_counts_from_today_and_past_days_keep_theirs(
    patient_client, patient, frozen
):
    frozen(utc(2026, 1, 10, 13))
    med = make.medication(patient, name="Rasagiline", schedule=["08:00"])
    for day in (7, 8, 9):
        make.dose(patient, med, utc(2026, 1, day, 8, 4), utc(2026, 1, day, 8))
    url = reverse("medication_edit", args=[med.pk])
    patient_client.post(url, {"name": "Rasagiline", "dose": "1 mg", "times": "09:00"})
    patient_client.post(url, {"name": "Rasagiline", "dose": "1 mg", "times": "09:30"})
    med.refresh_from_db()
    # The second change on the same day replaced the first: 09:00 was never in force.
    assert med.earlier_schedules == [
        {"schedule": ["08:00"], "until": "2026-01-10T00:00:00+00:00", "dose": "1 tablet"}
    ]
    summary = Summary.build(patient, date(2026, 1, 8), date(2026, 1, 10))
    rows = {row.time: row for row in summary.schedule_rows}
    assert [dose.taken_at for dose in rows["08:00"].cells[:2]] == [
        utc(2026, 1, 8, 8, 4),
        utc(2026, 1, 9, 8, 4),
    ]
    assert rows["08:00"].scheduled == [True, True, False]
    assert rows["09:30"].scheduled == [False, False, True]
    assert summary.unscheduled_doses == []


def test_changing_a_medicine_moves_its_schedule(patient_client, patient):
    med = make.medication(patient)
    url = reverse("medication_edit", args=[med.pk])
    assert "07:00, 11:00, 15:00, 19:00" in patient_client.get(url).content.decode()
    patient_client.post(url, {"name": "Sinemet", "dose": "", "times": "08:00, 20:00"})
    med.refresh_from_db()
    assert (med.name, med.schedule) == ("Sinemet", ["08:00", "20:00"])
    assert MedicationSchedule.objects.get(medication_id=med.pk).times == ["08:00", "20:00"]


def test_stopping_a_medicine_keeps_it_listed_as_stopped(patient_client, patient):
    med = make.medication(patient)
    url = reverse("medication_stop", args=[med.pk])
    assert "Stop Co-careldopa?" in patient_client.get(url).content.decode()
    patient_client.post(url)
    med.refresh_from_db()
    assert med.stopped_at is not None
    assert MedicationSchedule.objects.get(medication_id=med.pk).active is False
    page = patient_client.get(reverse("medication_list")).content.decode()
    assert "Stopped" in page and "Co-careldopa" in page
    assert "Taken" not in patient_client.get(reverse("tracker_home")).content.decode()


def test_a_medicine_added_by_mistake_is_deleted_with_its_reminders(
    patient_client, patient, django_assert_num_queries
):
    """Stopped, it would still be in the day's schedule it was added on: the summary would
    show its times that day as doses not recorded."""
    med = make.medication(patient)
    med.tell_reminders()
    Reminder.objects.create(
        patient=patient, kind=Reminder.MEDICATION, medication_id=med.pk, times=med.schedule
    )
    edit = patient_client.get(reverse("medication_edit", args=[med.pk])).content.decode()
    assert "Delete Co-careldopa, added by mistake" in edit
    url = reverse("medication_delete", args=[med.pk])
    # The session with its person, the medicine, whether it has a dose.
    with django_assert_num_queries(3):
        asked = patient_client.get(url).content.decode()
    assert "Delete Co-careldopa?" in asked
    assert Medication.objects.exists()  # asking deletes nothing
    page = patient_client.post(url, follow=True).content.decode()
    assert "Co-careldopa deleted." in page
    assert not Medication.objects.exists()
    assert not MedicationSchedule.objects.exists() and not Reminder.objects.exists()


def test_a_medicine_with_a_dose_recorded_is_stopped_not_deleted(patient_client, patient):
    med = make.medication(patient)
    make.dose(patient, med, utc(2026, 5, 1, 6))
    edit = patient_client.get(reverse("medication_edit", args=[med.pk])).content.decode()
    assert "added by mistake" not in edit
    page = patient_client.post(reverse("medication_delete", args=[med.pk]), follow=True)
    assert "has doses recorded, so it cannot be deleted" in page.content.decode()
    assert Medication.objects.get() == med and med.doses.count() == 1
