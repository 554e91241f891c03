from datetime import timedelta

from django.core.management import call_command

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
