from django.urls import include, path, register_converter

from tracker.converters import IsoDateConverter
from tracker.views import day, diary, doses, episodes, home, meals, medications, specialist, summary

register_converter(IsoDateConverter, "isodate")

# Under one prefix, so a request for another part of the site is matched once, not per page.
my_tracker = [
    path("now", home.right_now, name="tracker_right_now"),
    path("medications", medications.medication_list, name="medication_list"),
    path("medications/new", medications.new, name="medication_new"),
    path("medications/<uuid:medication_id>", medications.edit, name="medication_edit"),
    path("medications/<uuid:medication_id>/stop", medications.stop, name="medication_stop"),
    path("medications/<uuid:medication_id>/delete", medications.delete, name="medication_delete"),
    path("doses/taken", doses.take, name="dose_take"),
    path("doses/new", doses.new, name="dose_new"),
    path("doses/<uuid:dose_id>", doses.edit, name="dose_edit"),
    path("doses/<uuid:dose_id>/delete", doses.delete, name="dose_delete"),
    path("episodes", episodes.episode_list, name="episode_list"),
    path("episodes/new", episodes.new, name="episode_new"),
    path("episodes/now", episodes.happening_now, name="episode_now"),
    path("episodes/<uuid:episode_id>", episodes.edit, name="episode_edit"),
    path("episodes/<uuid:episode_id>/stopped", episodes.stopped, name="episode_stopped"),
    path("episodes/<uuid:episode_id>/delete", episodes.delete, name="episode_delete"),
    path("meals", meals.meal_list, name="meal_list"),
    path("meals/ate", meals.ate, name="meal_ate"),
    path("meals/new", meals.new, name="meal_new"),
    path("meals/<uuid:meal_id>", meals.edit, name="meal_edit"),
    path("meals/<uuid:meal_id>/delete", meals.delete, name="meal_delete"),
    path("diary", diary.today, name="diary_today"),
    path("diary/<isodate:day>", diary.day_page, name="diary_day"),
    path("diary/<isodate:day>/run", diary.set_run, name="diary_run"),
    path("diary/<isodate:day>/slots", diary.set_slots, name="diary_slots"),
    path("day/<isodate:day>", day.day_page, name="tracker_day"),
    path("summary", summary.page, name="summary"),
    path("summary.pdf", summary.pdf, name="summary_pdf"),
    path("summary.csv", summary.csv, name="summary_csv"),
    path("summary.json", summary.json, name="summary_json"),
    path("summary/links", specialist.links, name="summary_links"),
    path(
        "summary/links/<uuid:link_id>/stop",
        specialist.revoke,
        name="summary_link_revoke",
    ),
]

urlpatterns = [
    path("my-tracker", home.home, name="tracker_home"),
    path("information/my-tracker", home.information_redirect, name="tracker_information"),
    path("s/<slug:token>", specialist.shared, name="specialist_summary"),
    path("s/<slug:token>.pdf", specialist.shared_pdf, name="specialist_summary_pdf"),
    path("my-tracker/", include(my_tracker)),
]
