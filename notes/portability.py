"""Notes' keys of the data document: questions, notes, appointments, contacts, reminders.

Registered with `toolkit.portability` when the app loads; the format is in
docs/data-format.md. Ids are kept when free and replaced when taken, and references
(a question's or reminder's `appointment_id`) follow the appointment's id.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator

from content.pages import URL_PREFIX, valid_path
from notes.api import clock_times
from notes.models import (
    TEXT_LIMIT,
    WEB_ADDRESS,
    Appointment,
    Contact,
    Delivery,
    MedicationSchedule,
    Note,
    Question,
    Reminder,
)
from toolkit.models import User
from toolkit.portability import (
    DataError,
    ImportContext,
    Item,
    free_ids,
    instant_text,
    items,
    record_id,
    recorder_addresses,
)

KEYS = ("questions", "notes", "appointments", "contacts", "reminders")
CLOCK = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


def export(patient: User) -> dict[str, list]:
    recorded_by = recorder_addresses(patient)

    def common(record) -> dict:
        return {
            "id": str(record.pk),
            "recorded_at": instant_text(record.recorded_at, patient),
            "recorded_by": recorded_by(record.recorded_by),
        }

    def day(value: date | None) -> str | None:
        return value.isoformat() if value else None

    def ref(value) -> str | None:
        return str(value) if value else None

    mine = {"patient": patient}
    return {
        "questions": [
            common(q)
            | {"text": q.text, "answer": q.answer, "status": q.status}
            | {"page_path": q.page_path, "page_title": q.page_title, "page_url": q.page_url}
            | {"page_text": q.page_text}
            | {"appointment_id": ref(q.appointment_id)}
            for q in Question.objects.filter(**mine).order_by("recorded_at", "pk")
        ],
        "notes": [
            common(n) | {"written_on": day(n.written_on), "title": n.title, "text": n.text}
            for n in Note.objects.filter(**mine).order_by("written_on", "pk")
        ],
        "appointments": [
            common(a)
            | {"starts_at": instant_text(a.starts_at, patient), "role": a.role}
            | {"with_name": a.with_name, "place": a.place, "notes": a.notes}
            for a in Appointment.objects.filter(**mine).order_by("starts_at", "pk")
        ],
        "contacts": [
            common(c)
            | {"name": c.name, "role": c.role, "phone": c.phone, "email": c.email}
            | {"website": c.website, "notes": c.notes, "page_path": c.page_path}
            for c in Contact.objects.filter(**mine).order_by("name", "pk")
        ],
        "reminders": [
            common(r)
            | {"kind": r.kind, "message": r.message, "times": r.times, "weekdays": r.weekdays}
            | {"starts_on": day(r.starts_on), "ends_on": day(r.ends_on)}
            | {"at": instant_text(r.at, patient), "medication_id": ref(r.medication_id)}
            | {"appointment_id": ref(r.appointment_id), "active": r.active}
            for r in Reminder.objects.filter(**mine).order_by("recorded_at", "pk")
        ],
    }


# Downloaded, never imported (`portability.not_imported`): the emails were sent where the
# document was kept, and the reminders page shows those not sent.
SENT_KEYS = ("reminder_deliveries",)


def export_deliveries(patient: User) -> dict[str, list]:
    deliveries = Delivery.objects.filter(reminder__patient=patient).exclude(status=Delivery.PENDING)
    return {
        "reminder_deliveries": [
            {"reminder_id": str(d.reminder_id), "due_at": instant_text(d.due_at, patient)}
            | {"status": d.status, "sent_at": instant_text(d.sent_at, patient)}
            for d in deliveries.order_by("due_at", "pk")
        ]
    }


def load(context: ImportContext, document: dict) -> None:
    appointments = load_appointments(context, document)
    load_questions(context, document, appointments)
    load_notes(context, document)
    load_contacts(context, document)
    load_reminders(context, document, appointments)


def appointment_ref(item: Item, appointments: dict[str, Appointment]) -> Appointment | None:
    value = item.raw("appointment_id", required=False)
    if value is None:
        return None
    if str(value) not in appointments:
        raise DataError(item.here("appointment_id"), "names no appointment in the document")
    return appointments[str(value)]


def save(record, item: Item, context: ImportContext):
    record.patient = context.patient
    for name, value in item.provenance().items():
        setattr(record, name, value)
    record.save(force_insert=True)
    context.saved.add(record.pk)
    return record


def load_appointments(context, document) -> dict[str, Appointment]:
    found = {}
    roles = [role for role, _ in Appointment.ROLES]
    listed = items(document, "appointments", context, "an appointment")
    free = free_ids(Appointment, listed)
    for item in listed:
        appointment = Appointment(
            id=record_id(item, free),
            starts_at=item.instant("starts_at"),
            role=item.choice("role", roles),
            with_name=item.text("with_name", max_length=200, required=False),
            place=item.text("place", max_length=300, required=False),
            notes=item.text("notes", max_length=TEXT_LIMIT, required=False),
        )
        found[str(item.raw("id", required=False))] = save(appointment, item, context)
    return found


def load_questions(context, document, appointments) -> None:
    listed = items(document, "questions", context, "a question")
    free = free_ids(Question, listed)
    for item in listed:
        question = Question(
            id=record_id(item, free),
            text=item.text("text", max_length=500),
            answer=item.text("answer", max_length=TEXT_LIMIT, required=False),
            status=item.choice("status", [Question.TO_ASK, Question.ASKED]),
            page_path=item.text("page_path", max_length=200, required=False),
            page_title=item.text("page_title", max_length=200, required=False),
            page_url=page_url(item),
            appointment=appointment_ref(item, appointments),
        )
        if question.page_path:
            # Written before page_text was kept: the text is the page's own.
            question.page_text = item.text("page_text", max_length=500, required=False)
            question.page_text = question.page_text or question.text
            if Question.objects.filter(
                patient=context.patient, page_path=question.page_path, page_text=question.page_text
            ).exists():
                item.provenance()  # checked as any record's, though this one is not added
                continue  # already taken from that page
        else:
            # The person's own question: the download writes it empty, as it has no page.
            item.ignore("page_text")
        save(question, item, context)


def page_url(item: Item) -> str:
    """The address of the information page a question came from: it is shown as a link,
    so only ever one of this site's pages."""
    value = item.text("page_url", max_length=250, required=False)
    if value and not (value.startswith(URL_PREFIX) and valid_path(value.removeprefix(URL_PREFIX))):
        raise DataError(
            item.here("page_url"), f"{value!r} is not the address of an information page here"
        )
    return value


def load_notes(context, document) -> None:
    listed = items(document, "notes", context, "a note")
    free = free_ids(Note, listed)
    for item in listed:
        note = Note(
            id=record_id(item, free),
            written_on=item.day("written_on"),
            title=item.text("title", max_length=200, required=False),
            text=item.text("text", max_length=TEXT_LIMIT),
        )
        save(note, item, context)


def load_contacts(context, document) -> None:
    listed = items(document, "contacts", context, "a contact")
    free = free_ids(Contact, listed)
    for item in listed:
        contact = Contact(
            id=record_id(item, free),
            name=item.text("name", max_length=200),
            role=item.text("role", max_length=200, required=False),
            phone=item.text("phone", max_length=100, required=False),
            email=item.text("email", max_length=254, required=False),
            website=item.text("website", max_length=500, required=False),
            notes=item.text("notes", max_length=TEXT_LIMIT, required=False),
            page_path=item.text("page_path", max_length=200, required=False),
        )
        for key, validate, wanted in (
            ("email", EmailValidator(), "an email address"),
            ("website", WEB_ADDRESS, "a web address starting https://"),
        ):
            value = getattr(contact, key)
            try:
                if value:
                    validate(value)
            except ValidationError:
                raise DataError(item.here(key), f"{value!r} is not {wanted}") from None
        if (
            contact.page_path
            and Contact.objects.filter(
                patient=context.patient, page_path=contact.page_path, name=contact.name
            ).exists()
        ):
            item.provenance()  # checked as any record's, though this one is not added
            continue  # already taken from that page
        save(contact, item, context)


def load_reminders(context, document, appointments) -> None:
    # What notes knows already of the account's own medicines. A medicine in the document
    # is not read here: the tracker loads it after this part, checking it, and gives each
    # reminder that follows it its name and times (`Medication.tell_reminders`).
    known = {
        schedule.medication_id: schedule
        for schedule in MedicationSchedule.objects.filter(patient=context.patient)
    }
    kinds = [kind for kind, _ in Reminder.KINDS]
    listed = items(document, "reminders", context, "a reminder")
    free = free_ids(Reminder, listed)
    # The medicines of the document, by id, for a reminder to name; None when they are not
    # a list, which the tracker's part refuses.
    medicines = document.get("medications", [])
    in_document = (
        {str(medicine.get("id")) for medicine in medicines if isinstance(medicine, dict)}
        if isinstance(medicines, list)
        else None
    )
    for item in listed:
        reminder = Reminder(
            id=record_id(item, free),
            kind=item.choice("kind", kinds),
            message=item.text("message", max_length=300, required=False),
            times=reminder_times(item),
            weekdays=weekdays(item),
            starts_on=item.day("starts_on", required=False),
            ends_on=item.day("ends_on", required=False),
            at=item.instant("at", required=False),
            medication_id=item.uuid("medication_id"),
            appointment=appointment_ref(item, appointments),
            active=item.boolean("active", default=True),
        )
        if reminder.kind == Reminder.MEDICATION:
            if reminder.medication_id is None:
                raise DataError(item.here("medication_id"), "is required for a medication")
            # Its times are its medicine's, which may have none (taken only when needed):
            # the app keeps such a reminder, and so does an import.
            if schedule := known.get(reminder.medication_id):
                reminder.medication_name, reminder.times = schedule.name, schedule.times
            elif in_document is not None and str(reminder.medication_id) not in in_document:
                # Its emails would say "Take" and no more.
                raise DataError(
                    item.here("medication_id"), "names no medicine in the document or the account"
                )
        elif reminder.at is None and not reminder.times:
            raise DataError(item.here("times"), "a reminder needs times, or `at` for a one-off")
        elif reminder.at is not None and reminder.times:
            # Sent once at `at`: its times would be kept, never sent, and never shown.
            raise DataError(item.here("at"), "a one-off reminder has no times as well")
        if reminder.starts_on and reminder.ends_on and reminder.ends_on < reminder.starts_on:
            raise DataError(item.here("ends_on"), "is before starts_on")
        if reminder.appointment and reminder.at and reminder.kind == Reminder.APPOINTMENT:
            if reminder.at > reminder.appointment.starts_at:
                raise DataError(item.here("at"), "is after the appointment it reminds of")
            reminder.minutes_before = reminder.appointment.minutes_before(reminder.at)
        if reminder.active and item.uuid() is None and active_twin(reminder, context):
            # With an id, a file imported again is refused by it (free_ids); without one,
            # by what the reminder says and when: each email would be sent twice.
            raise DataError(item.place, "the account has this reminder already, turned on")
        save(reminder, item, context)


def active_twin(reminder: Reminder, context) -> bool:
    """Whether the account had, before this import, a reminder turned on that says the same
    at the same times."""
    twins = Reminder.objects.filter(patient=context.patient, active=True, **reminder.twin_lookup())
    return twins.exclude(pk__in=context.saved).exists()


def reminder_times(item: Item) -> list[str]:
    value = item.raw("times", required=False) or []
    if not isinstance(value, list) or not all(
        isinstance(t, str) and CLOCK.fullmatch(t) for t in value
    ):
        raise DataError(item.here("times"), "must be a list of times HH:MM")
    # No cap of MAX_TIMES here: a medication reminder follows its medicine's times, which
    # had no cap at first, and imports took any number; every download must import again.
    return clock_times(value)


def weekdays(item: Item) -> list[int] | None:
    value = item.raw("weekdays", required=False)
    if value is None:
        return None
    if not isinstance(value, list) or not all(
        isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6 for d in value
    ):
        raise DataError(item.here("weekdays"), "must be null or a list of 0 (Monday) to 6")
    # As the form keeps them: none ticked, or all, is every day.
    days = sorted(set(value))
    return days if 0 < len(days) < 7 else None
