from django.urls import path, register_converter

from tracker.converters import IsoDateConverter
from tracker.views import day, diary, doses, episodes, home, meals, medications, specialist, summary

register_converter(IsoDateConverter, "isodate")

urlpatterns = [
    path("my-tracker", home.home, name="tracker_home"),
    path("information/my-tracker", home.information_redirect, name="tracker_information"),
    path("my-tracker/now", home.right_now, name="tracker_right_now"),
    path("my-tracker/medications", medications.medication_list, name="medication_list"),
    path("my-tracker/medications/new", medications.new, name="medication_new"),
    path("my-tracker/medications/<uuid:medication_id>", medications.edit, name="medication_edit"),
    path(
        "my-tracker/medications/<uuid:medication_id>/stop", medications.stop, name="medication_stop"
    ),
    path("my-tracker/doses/taken", doses.take, name="dose_take"),
    path("my-tracker/doses/new", doses.new, name="dose_new"),
    path("my-tracker/doses/<uuid:dose_id>", doses.edit, name="dose_edit"),
    path("my-tracker/doses/<uuid:dose_id>/delete", doses.delete, name="dose_delete"),
    path("my-tracker/episodes", episodes.episode_list, name="episode_list"),
    path("my-tracker/episodes/new", episodes.new, name="episode_new"),
    path("my-tracker/episodes/now", episodes.happening_now, name="episode_now"),
    path("my-tracker/episodes/<uuid:episode_id>", episodes.edit, name="episode_edit"),
    path("my-tracker/episodes/<uuid:episode_id>/stopped", episodes.stopped, name="episode_stopped"),
    path("my-tracker/episodes/<uuid:episode_id>/delete", episodes.delete, name="episode_delete"),
    path("my-tracker/meals", meals.meal_list, name="meal_list"),
    path("my-tracker/meals/ate", meals.ate, name="meal_ate"),
    path("my-tracker/meals/new", meals.new, name="meal_new"),
    path("my-tracker/meals/<uuid:meal_id>", meals.edit, name="meal_edit"),
    path("my-tracker/meals/<uuid:meal_id>/delete", meals.delete, name="meal_delete"),
    path("my-tracker/diary", diary.today, name="diary_today"),
    path("my-tracker/diary/<isodate:day>", diary.day_page, name="diary_day"),
    path("my-tracker/diary/<isodate:day>/run", diary.set_run, name="diary_run"),
    path("my-tracker/diary/<isodate:day>/slots", diary.set_slots, name="diary_slots"),
    path("my-tracker/day/<isodate:day>", day.day_page, name="tracker_day"),
    path("my-tracker/summary", summary.page, name="summary"),
    path("my-tracker/summary.pdf", summary.pdf, name="summary_pdf"),
    path("my-tracker/summary.csv", summary.csv, name="summary_csv"),
    path("my-tracker/summary.json", summary.json, name="summary_json"),
    path("my-tracker/summary/links", specialist.links, name="summary_links"),
    path(
        "my-tracker/summary/links/<uuid:link_id>/stop",
        specialist.revoke,
        name="summary_link_revoke",
    ),
    path("s/<slug:token>", specialist.shared, name="specialist_summary"),
    path("s/<slug:token>.pdf", specialist.shared_pdf, name="specialist_summary_pdf"),
]
