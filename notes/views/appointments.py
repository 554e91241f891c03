from datetime import date, timedelta

from django.contrib import messages
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from notes.forms import AppointmentForm, TrackingPlanForm, first_day_sent
from notes.models import Appointment, Question, Reminder
from notes.views.common import SECTION, delete_record, edit_record, new_record
from notes.views.reminders import shown
from toolkit.access import acting_for, can_see, nothing_saved, patient_access
from toolkit.confirm import record_or_gone
from toolkit.context_processors import who
from toolkit.lib.local_time import FIRST_DAY, wall_label

LIST = "notes_appointments"
SUMMARY_DAYS = 5


def appointment_list(request: HttpRequest):
    access = patient_access(request, SECTION)
    now = timezone.now()
    appointments = Appointment.objects.filter(patient=access.patient).select_related("recorded_by")
    return render(
        request,
        "notes/appointments.html",
        {
            "upcoming": appointments.filter(starts_at__gte=now),
            "past": appointments.filter(starts_at__lt=now).order_by("-starts_at"),
            "access": access,
        },
    )


@require_http_methods(["GET", "POST"])
def appointment_new(request: HttpRequest):
    return new_record(
        request,
        AppointmentForm,
        "notes/appointment_form.html",
        lambda record: record.get_absolute_url(),
        "{who.Your} appointment with {record.title} has been saved.",
    )


@require_http_methods(["GET", "POST"])
def appointment_edit(request: HttpRequest, pk):
    # Its time before the change sent, if any: read only where a form is sent (and never
    # shown, so the access check in edit_record still decides what anyone sees).
    was = None
    if request.method == "POST":
        was = Appointment.objects.filter(pk=pk).values_list("starts_at", flat=True).first()
    response = edit_record(
        request,
        Appointment.objects.all(),
        AppointmentForm,
        "notes/appointment_form.html",
        pk,
        lambda record: record.get_absolute_url(),
        "{who.Your} appointment with {record.title} has been saved.",
        listed=LIST,
    )
    # One deleted here leads to its list too, with nothing saved.
    appointment = response.status_code == 302 and Appointment.objects.filter(pk=pk).first()
    # Only a move moves its reminders: one saved with new notes says nothing of them.
    if appointment and appointment.starts_at != was:
        # Its reminders move with it, and one the move put in the past says so.
        for reminder in appointment.move_reminders(timezone.now()):
            at = reminder.at.astimezone(appointment.patient.zone)
            messages.warning(
                request,
                f"Its reminder moved to {at:%A %-d %B} at {wall_label(at)}, which has passed, "
                "so it will not be sent. Change the reminder to a time still to come.",
            )
    return response


def appointment_detail(request: HttpRequest, pk):
    """What to bring: its questions, and the summary of the days before it."""
    access, appointment = record_or_gone(request, Appointment, SECTION, pk, write=False)
    if appointment is None:
        return redirect(LIST)
    day = appointment.starts_at.astimezone(access.patient.zone).date()
    start = day - timedelta(days=SUMMARY_DAYS)
    questions = Question.objects.filter(appointment=appointment).order_by("status", "recorded_at")
    reminders = list(shown(request).filter(appointment=appointment))
    today = access.patient.local_today()
    offer = (
        access.can_write and day > today and not any(r.kind == Reminder.TRACKING for r in reminders)
    )
    return render(
        request,
        "notes/appointment.html",
        {
            "appointment": appointment,
            "questions": questions,
            "other_questions": Question.objects.filter(
                patient=access.patient, status=Question.TO_ASK, appointment__isnull=True
            ).count(),
            "reminders": reminders,
            # A carer without the tracker would find the summary closed to them.
            "summary": summary_before(start, today)
            if can_see(request, "tracker", logged=False)
            else None,
            "tracking_form": TrackingPlanForm(
                appointment=appointment, today=today, who=who(acting_for(request))
            )
            if offer
            else None,
            "access": access,
        },
    )


def summary_before(start: date, today: date) -> dict | None:
    """The summary of the days before an appointment, as far as they are over.

    The summary refuses a first day still to come, so a link covers only the days already
    over (like the summary's own default, complete days): none yet, some, or all five.
    It refuses days before 1900 too, which an appointment saved before its date was
    bounded may have: there is no summary to offer for those.
    """
    if start < FIRST_DAY:
        return None
    days = max(0, min((today - start).days, SUMMARY_DAYS))
    return {
        "start": start,
        "end": start + timedelta(days=SUMMARY_DAYS - 1),
        "days": days,
        "last": start + timedelta(days=days - 1),
        "url": f"/my-tracker/summary?start={start:%Y-%m-%d}&days={days}" if days else "",
        "first_ready": start + timedelta(days=1),
    }


@require_POST
def appointment_tracking(request: HttpRequest, pk):
    """Start the daily "fill in your diary" reminder for the days before the appointment."""
    access, appointment = record_or_gone(request, Appointment, SECTION, pk, write=True)
    if appointment is None:
        return redirect(LIST)
    today = access.patient.local_today()
    words = who(acting_for(request))
    form = TrackingPlanForm(request.POST, appointment=appointment, today=today, who=words)
    if not form.is_valid():
        context = {"form": form, "appointment": appointment, "access": access}
        return render(request, "notes/tracking_plan.html", context)
    first, last = form.days
    reminder, created = Reminder.objects.get_or_create(
        patient=access.patient,
        kind=Reminder.TRACKING,
        appointment=appointment,
        defaults={
            "recorded_by": request.user,
            "times": [form.cleaned_data["time"].strftime("%H:%M")],
            "starts_on": first,
            "ends_on": last,
            "counts_from": timezone.now(),
        },
    )
    if not created:
        nothing_saved(request)  # asked for twice
    # Today's time may have passed already, so the first reminder may be tomorrow's.
    first, last = first_day_sent(reminder, access.patient.zone) or first, reminder.ends_on
    days = (
        f"on {last:%-d %B}" if first == last else f"each day from {first:%-d %B} to {last:%-d %B}"
    )
    messages.success(request, f"We will remind {words.you} to fill in the ON/OFF diary {days}.")
    return redirect(appointment.get_absolute_url())


@require_http_methods(["GET", "POST"])
def appointment_delete(request: HttpRequest, pk):
    return delete_record(
        request,
        Appointment,
        pk,
        LIST,
        "The appointment was deleted.",
        title="Delete this appointment?",
        what="The appointment with {record.title}, and its reminders. Questions for it are kept.",
    )
