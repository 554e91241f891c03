from django.urls import include, path

from notes.views import appointments, calendar, home, questions, records, reminders

questions_urls = [
    path("", questions.question_list, name="notes_questions"),
    path("/from-page", questions.questions_from_page, name="notes_questions_from_page"),
    path("/<uuid:pk>", questions.question_edit, name="notes_question"),
    path("/<uuid:pk>/asked", questions.question_asked, name="notes_question_asked"),
    path("/<uuid:pk>/delete", questions.question_delete, name="notes_question_delete"),
]
notes_urls = [
    path("", records.note_list, name="notes_notes"),
    path("/new", records.note_new, name="notes_note_new"),
    path("/<uuid:pk>", records.note_edit, name="notes_note"),
    path("/<uuid:pk>/delete", records.note_delete, name="notes_note_delete"),
]
appointments_urls = [
    path("", appointments.appointment_list, name="notes_appointments"),
    path("/new", appointments.appointment_new, name="notes_appointment_new"),
    path("/<uuid:pk>", appointments.appointment_detail, name="notes_appointment"),
    path("/<uuid:pk>/edit", appointments.appointment_edit, name="notes_appointment_edit"),
    path(
        "/<uuid:pk>/tracking", appointments.appointment_tracking, name="notes_appointment_tracking"
    ),
    path("/<uuid:pk>/delete", appointments.appointment_delete, name="notes_appointment_delete"),
]
contacts_urls = [
    path("", records.contact_list, name="notes_contacts"),
    path("/new", records.contact_new, name="notes_contact_new"),
    path("/from-page", questions.contact_from_page, name="notes_contact_from_page"),
    path("/<uuid:pk>", records.contact_edit, name="notes_contact"),
    path("/<uuid:pk>/delete", records.contact_delete, name="notes_contact_delete"),
]
reminders_urls = [
    path("", reminders.reminder_list, name="notes_reminders"),
    path("/new", reminders.reminder_new, name="notes_reminder_new"),
    path("/stop/<str:token>", reminders.reminder_stop, name="notes_reminder_stop"),
    path("/<uuid:pk>", reminders.reminder_edit, name="notes_reminder"),
    path("/<uuid:pk>/active", reminders.reminder_active, name="notes_reminder_active"),
    path("/<uuid:pk>/delete", reminders.reminder_delete, name="notes_reminder_delete"),
]
calendar_urls = [
    path("", calendar.calendar_page, name="notes_calendar"),
    path("/reset", calendar.calendar_reset, name="notes_calendar_reset"),
    path("/<uuid:feed_id>/<str:token>.ics", calendar.calendar_feed, name="notes_calendar_feed"),
]

urlpatterns = [
    path("my-notes", home.home, name="notes_home"),
    path("information/my-reminders-and-notes", home.information_redirect, name="notes_information"),
    path("my-notes/questions", include(questions_urls)),
    path("my-notes/notes", include(notes_urls)),
    path("my-notes/appointments", include(appointments_urls)),
    path("my-notes/contacts", include(contacts_urls)),
    path("my-notes/reminders", include(reminders_urls)),
    path("my-notes/calendar", include(calendar_urls)),
]
