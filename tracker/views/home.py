"""The tracker home: today's doses, "Right now I am…", "Dystonia now" and "I ate"."""

import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from toolkit.access import patient_access, people_helped
from toolkit.lib.local_time import wall_label
from tracker import diary, slots
from tracker.forms.meals import PROTEIN_RICH
from tracker.models import DiaryEntry, DiaryState, Dose, Medication, SymptomEpisode, told_apart
from tracker.schedule import (
    ScheduledDose,
    day_schedule,
    describe_lateness,
    unfiled_by_row,
    unfiled_note,
)
from tracker.views.common import render_in_zone


@dataclass(frozen=True)
class ScheduleRow:
    scheduled: ScheduledDose
    medicine: str  # its name, told apart from another of the same name
    time: str  # the scheduled time, local
    instant: str  # the scheduled time in UTC, sent by the "Taken" button to file the dose here
    taken: list[tuple[str, uuid.UUID]]  # local time and id of each dose matched to it
    token: str | None  # the "Taken" button's one-time token, while none is recorded
    # Doses near its time filed against no row of today's, in words: "Taken at 12:27
    # (recorded for 11:30, before the times changed)".
    unfiled: list[str]


@dataclass(frozen=True)
class DoseRow:
    dose: Dose
    medicine: str  # its name, told apart from another of the same name
    time: str  # when it was taken, local
    lateness: str  # against the schedule, or "" when unscheduled
    scheduled_time: str  # the scheduled time it was matched to, local


def home(request):
    access = patient_access(request, "tracker")
    patient = access.patient
    zone = patient.zone
    now = timezone.now()
    today = now.astimezone(zone).date()
    medications = list(Medication.objects.for_patient(patient).active())
    doses = list(Dose.objects.for_patient(patient).between(*slots.day_bounds(today, zone)))

    def local_time(instant) -> str:
        # Made here rather than by the template's time filter: one per row, every visit.
        return wall_label(instant.astimezone(zone))

    names = told_apart([*medications, *(dose.medication for dose in doses)], zone)
    schedule = day_schedule(medications, today, zone)
    unfiled = unfiled_by_row(schedule, doses, today, zone)
    # The one-tap forms are plain hidden inputs in the template: building a TakeForm
    # and rendering its widgets for every row cost more than the rest of the page.
    rows = []
    for scheduled in schedule:
        taken = [
            (local_time(dose.taken_at), dose.pk)
            for dose in doses
            if dose.medication_id == scheduled.medication.pk and dose.scheduled_for == scheduled.at
        ]
        near = [
            unfiled_words(dose, local_time, zone)
            for dose in unfiled.get((scheduled.medication.pk, scheduled.at), [])
        ]
        token = None if taken or near else new_token()
        instant = f"{scheduled.at:%Y-%m-%dT%H:%M:%SZ}"
        medicine = names[scheduled.medication.pk]
        rows.append(
            ScheduleRow(scheduled, medicine, local_time(scheduled.at), instant, taken, token, near)
        )
    slot = slots.slot_start(now, zone)
    current = DiaryEntry.objects.filter(patient=patient, slot_start=slot).first()
    context = {
        "today": today,
        "rows": rows,
        "as_needed": [(m, names[m.pk], new_token()) for m in medications if m.as_needed],
        "has_medications": bool(medications),
        "doses": [
            DoseRow(
                dose,
                names[dose.medication_id],
                local_time(dose.taken_at),
                describe_lateness(dose.minutes_late),
                local_time(dose.scheduled_for) if dose.scheduled_for else "",
            )
            for dose in doses
        ],
        "states": DiaryState.choices,
        "current_state": current.get_state_display() if current else "",
        "slot": slots.Slot(slot, zone),
        # Without for_patient's join to who recorded them: the page does not say.
        "open_episodes": list(SymptomEpisode.objects.filter(patient=patient).open()),
        "ate_token": new_token(),
        "protein_rich_label": PROTEIN_RICH,
        # Someone with no medicines of their own may be here to help someone else.
        "helping": [] if medications else people_helped(request),
    }
    return render_in_zone(request, access, "tracker/home.html", context)


def unfiled_words(dose: Dose, local_time, zone: ZoneInfo) -> str:
    return f"Taken at {local_time(dose.taken_at)} ({unfiled_note(dose, zone)})."


def new_token() -> str:
    """A one-time token for a one-tap form, as OneTimeTokenForm would give it."""
    return str(uuid.uuid4())


def information_redirect(request):
    return redirect("tracker_home", permanent=True)


@require_POST
def right_now(request):
    """Fill the current half-hour slot of the diary with the state given."""
    access = patient_access(request, "tracker", write=True)
    patient = access.patient
    state = request.POST.get("state", "")
    if state not in DiaryState.values:
        messages.error(request, "Choose one of the buttons under “Right now I am…”.")
        return redirect("tracker_home")
    slot = slots.Slot(slots.slot_start(timezone.now(), patient.zone), patient.zone)
    diary.set_state(patient, slot.start, state, request.user)
    messages.success(
        request,
        f"Recorded “{DiaryState(state).label}” for {slot.span_label}.",
    )
    return redirect("tracker_home")
