"""What other apps may ask of notes. Notes never imports them: they call in here.

- The tracker calls `medication_schedule_changed` whenever a medication is saved or
  stopped, so medication reminders follow the schedule.
- The clinician summary calls `questions_for` for the patient's questions,
  `unanswered_from_pages` for those it leaves out, and `upcoming_appointments` for its
  "days before my next appointment" shortcut.
"""

import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from notes.models import Appointment, MedicationSchedule, Question, Reminder
from toolkit.models import User

# A reminder falls due at most this many times a day, and so a medicine it follows may be
# taken at most this many times.
MAX_TIMES = 12


def too_many_times(times: Iterable[str], saved: Iterable[str]) -> bool:
    """Whether `times` are more than MAX_TIMES and not the `saved` ones left as they were: a
    record saved with more before there was a limit can still be changed."""
    times = set(times)
    return len(times) > MAX_TIMES and times != set(saved)


def clock_times(times: Iterable[time | str]) -> list[str]:
    """Times as sorted, distinct "HH:MM" strings, whether given as `time` or text."""
    return sorted({t.strftime("%H:%M") if isinstance(t, time) else str(t)[:5] for t in times})


@transaction.atomic
def medication_schedule_changed(
    patient: User,
    medication_id: uuid.UUID | str,
    name: str,
    times: Iterable[time | str],
    active: bool,
) -> None:
    """Record a medication's name and daily times, and move its reminders to them.

    Reminders the patient set for this medication take the new times and name. When the
    medication is stopped (`active=False`) its reminders stop too; starting it again
    leaves them off until the patient turns them back on.
    """
    times = clock_times(times)
    MedicationSchedule.objects.update_or_create(
        patient=patient,
        medication_id=medication_id,
        defaults={"name": name, "times": times, "active": active},
    )
    changes = {"times": times, "medication_name": name}
    if not active:
        changes["active"] = False
    reminders = Reminder.objects.filter(
        patient=patient, kind=Reminder.MEDICATION, medication_id=medication_id
    )
    # New times count from now: one just past, not yet sent, is not a dose missed.
    reminders.exclude(times=times).update(counts_from=timezone.now())
    reminders.update(**changes)


@transaction.atomic
def medication_deleted(patient: User, medication_id: uuid.UUID | str) -> None:
    """A medication deleted (it was added by mistake): what notes knew of it goes, and so do
    the reminders set for it, which would otherwise remind of a medicine never taken."""
    MedicationSchedule.objects.filter(patient=patient, medication_id=medication_id).delete()
    Reminder.objects.filter(
        patient=patient, kind=Reminder.MEDICATION, medication_id=medication_id
    ).delete()


def medication_renumbered(
    patient: User, old_id: uuid.UUID, new_id: uuid.UUID, imported: Collection[uuid.UUID]
) -> None:
    """A medication imported under a new id (its own was taken): the reminders imported
    with it follow it. Those the account had already stay with the medication they were
    set for, which may be the very one that holds `old_id`."""
    reminders = Reminder.objects.filter(
        patient=patient, kind=Reminder.MEDICATION, medication_id=old_id
    ).values_list("pk", flat=True)
    Reminder.objects.filter(pk__in=[pk for pk in reminders if pk in imported]).update(
        medication_id=new_id
    )


@dataclass(frozen=True)
class SummaryQuestion:
    text: str
    answer: str
    source_title: str  # the information page it came from, or ""
    source_url: str
    appointment: str  # "Neurologist (Dr Shah), 12 May 2025 10:30", or ""
    appointment_at: datetime | None
    # Taken from a page's "They may ask about" list, reworded or not: a question the
    # specialist may ask, whose answer is what the patient prepared to tell them.
    taken_from_page: bool
    # The carer who last wrote it, as every record a carer made is named; "" for the patient.
    by_carer: str = ""


def questions_for(patient: User, start_date: date, end_date: date) -> list[SummaryQuestion]:
    """The patient's own questions still to ask, and their answers to the questions taken
    from an information page, for a summary of these days.

    A question taken from a page is one the specialist may ask: it is given only once the
    patient has answered it, as the specialist knows their own question and learns nothing
    from it unanswered. Its answer is what the patient prepared to tell them.

    A summary is prepared for the appointment after the days it covers, so this gives
    every question marked "to ask" that is either for no appointment in particular or
    for an appointment on or after `start_date` (in the patient's zone). Questions for
    appointments that were already over before the range are left out. `end_date` is
    accepted for symmetry with the summary and does not cut off later appointments.
    """
    questions = (
        to_ask(patient, start_date)
        .exclude(~Q(page_path=""), answer="")
        .order_by(F("appointment__starts_at").asc(nulls_last=True), "page_title", "recorded_at")
    )
    result = []
    for q in questions:
        appointment, at = "", None
        if q.appointment:
            at = q.appointment.starts_at.astimezone(patient.zone)
            appointment = f"{q.appointment.title}, {at:%-d %B %Y %H:%M}"
        result.append(
            SummaryQuestion(
                q.text,
                q.answer,
                q.page_title,
                q.page_url,
                appointment,
                at,
                bool(q.page_path),
                q.recorded_by.name if q.recorded_by_id not in (None, patient.pk) else "",
            )
        )
    return result


def to_ask(patient: User, start_date: date) -> QuerySet[Question]:
    """The questions still to ask for a summary whose first day is `start_date`."""
    start = datetime.combine(start_date, time.min, tzinfo=patient.zone)
    return (
        Question.objects.for_patient(patient)
        .filter(status=Question.TO_ASK)
        .filter(Q(appointment__isnull=True) | Q(appointment__starts_at__gte=start))
    )


def unanswered_from_pages(patient: User, start_date: date) -> QuerySet[Question]:
    """The questions taken from an information page that `questions_for` leaves out of the
    same summary, as they are not answered yet; not yet read, so that a count of them can
    go in another query."""
    return to_ask(patient, start_date).exclude(page_path="").filter(answer="")


@dataclass(frozen=True)
class UpcomingAppointment:
    title: str  # "Neurologist (Dr Shah)"
    starts_at: datetime


def upcoming_appointments(patient: User, after: datetime) -> list[UpcomingAppointment]:
    """The patient's appointments after `after`, soonest first, for "the days before my
    appointment"."""
    found = Appointment.objects.filter(patient=patient, starts_at__gt=after).order_by("starts_at")
    return [UpcomingAppointment(a.title, a.starts_at) for a in found]
