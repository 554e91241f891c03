from django.urls import include, path

from notes.views import appointments, calendar, home, questions, records, reminders

# Under one prefix, so a request for another part of the site is matched once, not per page.
my_notes = [
    path("questions", questions.question_list, name="notes_questions"),
    path(
        "questions/from-page",
        questions.questions_from_page,
        name="notes_questions_from_page",
    ),
    path("questions/<uuid:pk>", questions.question_edit, name="notes_question"),
    path("questions/<uuid:pk>/asked", questions.question_asked, name="notes_question_asked"),
    path(
        "questions/<uuid:pk>/delete",
        questions.question_delete,
        name="notes_question_delete",
    ),
    path("notes", records.note_list, name="notes_notes"),
    path("notes/new", records.note_new, name="notes_note_new"),
    path("notes/<uuid:pk>", records.note_edit, name="notes_note"),
    path("notes/<uuid:pk>/delete", records.note_delete, name="notes_note_delete"),
    path("appointments", appointments.appointment_list, name="notes_appointments"),
    path("appointments/new", appointments.appointment_new, name="notes_appointment_new"),
    path("appointments/<uuid:pk>", appointments.appointment_detail, name="notes_appointment"),
    path(
        "appointments/<uuid:pk>/edit",
        appointments.appointment_edit,
        name="notes_appointment_edit",
    ),
    path(
        "appointments/<uuid:pk>/tracking",
        appointments.appointment_tracking,
        name="notes_appointment_tracking",
    ),
    path(
        "appointments/<uuid:pk>/delete",
        appointments.appointment_delete,
        name="notes_appointment_delete",
    ),
    path("contacts", records.contact_list, name="notes_contacts"),
    path("contacts/new", records.contact_new, name="notes_contact_new"),
    path("contacts/from-page", questions.contact_from_page, name="notes_contact_from_page"),
    path("contacts/<uuid:pk>", records.contact_edit, name="notes_contact"),
    path("contacts/<uuid:pk>/delete", records.contact_delete, name="notes_contact_delete"),
    path("reminders", reminders.reminder_list, name="notes_reminders"),
    path("reminders/new", reminders.reminder_new, name="notes_reminder_new"),
    path("reminders/stop/<str:token>", reminders.reminder_stop, name="notes_reminder_stop"),
    path(
        "reminders/restart/<str:token>",
        reminders.reminder_restart,
        name="notes_reminder_restart",
    ),
    path("reminders/<uuid:pk>", reminders.reminder_edit, name="notes_reminder"),
    path(
        "reminders/<uuid:pk>/active",
        reminders.reminder_active,
        name="notes_reminder_active",
    ),
    path(
        "reminders/<uuid:pk>/delete",
        reminders.reminder_delete,
        name="notes_reminder_delete",
    ),
    path("calendar", calendar.calendar_page, name="notes_calendar"),
    path("calendar/reset", calendar.calendar_reset, name="notes_calendar_reset"),
    path(
        "calendar/<uuid:feed_id>/<str:token>.ics",
        calendar.calendar_feed,
        name="notes_calendar_feed",
    ),
]

urlpatterns = [
    path("my-notes", home.home, name="notes_home"),
    path("information/my-reminders-and-notes", home.information_redirect, name="notes_information"),
    path("my-notes/", include(my_notes)),
]
