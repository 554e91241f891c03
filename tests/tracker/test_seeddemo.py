import re
from datetime import timedelta

from django.core.management import call_command

from notes.models import Reminder
from tests.conftest import new_token
from toolkit.models import User
from tracker.models import DiaryEntry, Dose, Meal, Medication, SymptomEpisode
from tracker.timeline import DayTimeline


def test_seeddemo_gives_the_demo_account_five_complete_days_ending_yesterday(db):
    call_command("seeddemo")
    demo = User.objects.get(email="demo@example.com")
    yesterday = demo.local_today() - timedelta(days=1)
    timelines = DayTimeline.for_days(demo, yesterday - timedelta(days=4), yesterday)
    assert all(timeline.totals.is_valid for timeline in timelines)
    assert all(len(timeline.doses) == 5 for timeline in timelines)
    assert all(timeline.episodes and len(timeline.meals) == 3 for timeline in timelines)
    assert not DiaryEntry.objects.filter(slot_start__gte=timelines[-1].end).exists()
    assert Dose.objects.exclude(scheduled_for=None).count() == Dose.objects.count()


def test_seeddemo_run_again_replaces_rather_than_adds(db):
    call_command("seeddemo")
    counts = [m.objects.count() for m in (Medication, Dose, SymptomEpisode, DiaryEntry, Meal)]
    call_command("seeddemo")
    assert [
        m.objects.count() for m in (Medication, Dose, SymptomEpisode, DiaryEntry, Meal)
    ] == counts


def test_the_demo_account_can_set_a_reminder_for_each_of_its_medicines(client, db):
    call_command("seeddemo")
    client.force_login(User.objects.get(email="demo@example.com"))
    page = client.get("/my-notes/reminders/new?kind=medication").content.decode()
    assert "Add your medications" not in page
    medicines = Medication.objects.values_list("id", "name")
    assert len(medicines) == 2
    for medication_id, name in medicines:
        assert f'value="{medication_id}"' in page
        assert name in page


def test_seeddemo_run_again_offers_only_the_new_medicines_and_stops_the_old_ones_reminders(
    client, db
):
    call_command("seeddemo")
    demo = User.objects.get(email="demo@example.com")
    old = Medication.objects.get(name="Rasagiline")
    client.force_login(demo)
    client.post(
        "/my-notes/reminders/new?kind=medication",
        {"medication": old.pk, "message": "Pills", "token": new_token()},
        follow=True,
    )
    reminder = Reminder.objects.get(kind=Reminder.MEDICATION)
    assert reminder.active

    call_command("seeddemo")
    reminder.refresh_from_db()
    assert not reminder.active
    page = client.get("/my-notes/reminders/new?kind=medication").content.decode()
    offered = re.findall(r'<option value="([^"]+)"', page)
    assert sorted(offered) == sorted(
        str(pk) for pk in Medication.objects.values_list("pk", flat=True)
    )
