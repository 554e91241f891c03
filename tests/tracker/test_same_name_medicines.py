"""Two medicines of one name (Co-careldopa 25/100 and 50/200 modified-release) are told apart
by their dose wherever a page or a file names them, so that one is never read as the other."""

from django.urls import reverse
from django.utils import timezone

from tests.toolkit.test_form_pack import Page
from tests.tracker import make
from tests.tracker.make import utc
from tests.tracker.test_summary import summary_csv
from tracker.models import Medication

QUICK = "25 mg / 100 mg"
SLOW = "50 mg / 200 mg modified-release"


def co_careldopa(patient, dose, **fields):
    fields = {"schedule": [], **fields}
    return Medication.objects.create(patient=patient, name="Co-careldopa", dose=dose, **fields)


def test_the_tracker_home_names_each_by_its_dose_too(patient_client, patient):
    quick = co_careldopa(patient, QUICK, as_needed=True)
    co_careldopa(patient, SLOW, as_needed=True)
    Medication.objects.create(patient=patient, name="Rasagiline", dose="1 mg", as_needed=True)
    make.dose(patient, quick, timezone.now())
    page = Page(patient_client.get(reverse("tracker_home")).content.decode())
    buttons = [" ".join(b.itertext()) for b in page.all("form button")]
    assert f"I took Co-careldopa, {QUICK} now" in buttons
    assert f"I took Co-careldopa, {SLOW} now" in buttons
    assert "I took Rasagiline now" in buttons  # alone of its name: the name alone
    medicine = page.text("table td:nth-child(2)")
    assert f"Co-careldopa, {QUICK}" in medicine


def test_the_summary_files_and_the_day_drawing_name_each_by_its_dose_too(patient_client, patient):
    quick = co_careldopa(patient, QUICK, schedule=["07:00"])
    slow = co_careldopa(patient, SLOW, schedule=["22:00"])
    quick.earlier_schedules = slow.earlier_schedules = []
    quick.save()
    slow.save()
    make.dose(patient, quick, utc(2026, 6, 2, 6, 0), scheduled_for=utc(2026, 6, 2, 6, 0))
    make.dose(patient, slow, utc(2026, 6, 2, 15, 0))  # an extra dose, in no row
    rows = summary_csv(patient_client, "2026-06-02", days=1)
    doses = {row["what"] for row in rows if row["record"] == "dose"}
    assert doses == {f"Co-careldopa, {QUICK}", f"Co-careldopa, {SLOW}"}
    missed = [row["what"] for row in rows if row["record"] == "scheduled_dose"]
    assert missed == [f"Co-careldopa, {SLOW}"]  # 22:00 not taken
    day = patient_client.get("/my-tracker/day/2026-06-02").content.decode()
    assert f"Dose of Co-careldopa, {SLOW}" in day


def test_two_taken_buttons_at_one_time_say_which_medicine_each_is_for(patient_client, patient):
    co_careldopa(patient, QUICK, schedule=["22:00"])
    co_careldopa(patient, SLOW, schedule=["22:00"])
    page = Page(patient_client.get(reverse("tracker_home")).content.decode())
    buttons = [" ".join(b.itertext()) for b in page.all(".app-schedule button")]
    assert sorted(buttons) == [
        f"Taken  Co-careldopa, {QUICK} due at 22:00",
        f"Taken  Co-careldopa, {SLOW} due at 22:00",
    ]
