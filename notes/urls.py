from django.urls import path

from notes.views import appointments, calendar, home, questions, records, reminders

urlpatterns = [
    path("my-notes", home.home, name="notes_home"),
    path("information/my-reminders-and-notes", home.information_redirect, name="notes_information"),
    path("my-notes/questions", questions.question_list, name="notes_questions"),
    path(
        "my-notes/questions/from-page",
        questions.questions_from_page,
        name="notes_questions_from_page",
    ),
    path("my-notes/questions/<uuid:pk>", questions.question_edit, name="notes_question"),
    path(
        "my-notes/questions/<uuid:pk>/asked", questions.question_asked, name="notes_question_asked"
    ),
    path(
        "my-notes/questions/<uuid:pk>/delete",
        questions.question_delete,
        name="notes_question_delete",
    ),
    path("my-notes/notes", records.note_list, name="notes_notes"),
    path("my-notes/notes/new", records.note_new, name="notes_note_new"),
    path("my-notes/notes/<uuid:pk>", records.note_edit, name="notes_note"),
    path("my-notes/notes/<uuid:pk>/delete", records.note_delete, name="notes_note_delete"),
    path("my-notes/appointments", appointments.appointment_list, name="notes_appointments"),
    path("my-notes/appointments/new", appointments.appointment_new, name="notes_appointment_new"),
    path(
        "my-notes/appointments/<uuid:pk>", appointments.appointment_detail, name="notes_appointment"
    ),
    path(
        "my-notes/appointments/<uuid:pk>/edit",
        appointments.appointment_edit,
        name="notes_appointment_edit",
    ),
    path(
        "my-notes/appointments/<uuid:pk>/tracking",
        appointments.appointment_tracking,
        name="notes_appointment_tracking",
    ),
    path(
        "my-notes/appointments/<uuid:pk>/delete",
        appointments.appointment_delete,
        name="notes_appointment_delete",
    ),
    path("my-notes/contacts", records.contact_list, name="notes_contacts"),
    path("my-notes/contacts/new", records.contact_new, name="notes_contact_new"),
    path(
        "my-notes/contacts/from-page", questions.contact_from_page, name="notes_contact_from_page"
    ),
    path("my-notes/contacts/<uuid:pk>", records.contact_edit, name="notes_contact"),
    path("my-notes/contacts/<uuid:pk>/delete", records.contact_delete, name="notes_contact_delete"),
    path("my-notes/reminders", reminders.reminder_list, name="notes_reminders"),
    path("my-notes/reminders/new", reminders.reminder_new, name="notes_reminder_new"),
    path(
        "my-notes/reminders/stop/<str:token>", reminders.reminder_stop, name="notes_reminder_stop"
    ),
    path("my-notes/reminders/<uuid:pk>", reminders.reminder_edit, name="notes_reminder"),
    path(
        "my-notes/reminders/<uuid:pk>/active",
        reminders.reminder_active,
        name="notes_reminder_active",
    ),
    path(
        "my-notes/reminders/<uuid:pk>/delete",
        reminders.reminder_delete,
        name="notes_reminder_delete",
    ),
    path("my-notes/calendar", calendar.calendar_page, name="notes_calendar"),
    path("my-notes/calendar/reset", calendar.calendar_reset, name="notes_calendar_reset"),
    path(
        "my-notes/calendar/<uuid:feed_id>/<str:token>.ics",
        calendar.calendar_feed,
        name="notes_calendar_feed",
    ),
]
