"""Medications and their schedules: add, change, stop, or delete one added by mistake.

Reminders live in notes; every change of schedule is told to notes through its API
so the reminders follow.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from notes.api import medication_deleted
from toolkit.access import acting_for, nothing_saved, patient_access
from toolkit.confirm import delete_after_confirming, record_or_gone
from toolkit.context_processors import who
from toolkit.once import save_form_record
from tracker.forms.medications import COMMON_MEDICINES, MedicationForm
from tracker.models import Medication
from tracker.views.common import render_in_zone


def medication_list(request):
    access = patient_access(request, "tracker")
    medications = list(Medication.objects.for_patient(access.patient))
    return render_in_zone(
        request,
        access,
        "tracker/medication_list.html",
        {
            "active": [m for m in medications if m.is_active],
            "stopped": [m for m in medications if not m.is_active],
        },
    )


def new(request):
    access = patient_access(request, "tracker", write=True)
    return edit_form(request, access, Medication(patient=access.patient, recorded_by=request.user))


def edit(request, medication_id):
    access, medication = record_or_gone(request, Medication, "tracker", medication_id, write=True)
    if medication is None:
        return redirect("medication_list")
    return edit_form(request, access, medication)


def edit_form(request, access, medication: Medication):
    adding = medication._state.adding
    form = MedicationForm(request.POST or None, instance=medication, own=access.is_own)
    if request.method == "POST" and form.is_valid():
        medication, created = save_form_record(form, request.user)
        if not created:  # the same form sent again: a double tap, or Back and Save
            nothing_saved(request)
        if not created and taken_otherwise(form.instance, medication):
            # Sent again after going Back, its dose or times changed first: nothing is
            # changed without being seen, and its page is where to change them.
            messages.info(request, sent_again_changed(medication.name))
            return redirect("medication_edit", medication_id=medication.pk)
        if not created:
            messages.info(request, f"{medication.name} was already added. Nothing was added.")
            return redirect("medication_list")
        medication.tell_reminders()
        messages.success(
            request,
            f"{medication.name} {'added' if adding else 'saved'}{schedule_words(medication)}."
            + from_today(form.changed),
        )
        return redirect("medication_list")
    return render(
        request,
        "tracker/medication_form.html",
        {
            "form": form,
            "title": "Add a medicine" if adding else f"Change {medication.name}",
            "submit": "Save medicine",
            "back": reverse("medication_list"),
            "common_medicines": COMMON_MEDICINES,
            "medication": None if adding else medication,
            # Only a medicine with no doses may be deleted: one that was taken is stopped,
            # and its doses stay in the record.
            "can_delete": not adding and not medication.doses.exists(),
        },
    )


# What the medicine's page changes, besides its name.
TAKEN_AS = ("dose", "schedule", "as_needed")


def taken_otherwise(typed: Medication, twin: Medication) -> bool:
    """Whether the medicine sent says it is taken otherwise than its twin already added."""
    return any(getattr(typed, name) != getattr(twin, name) for name in TAKEN_AS)


def sent_again_changed(name: str) -> str:
    return (
        f"{name} was already added, so nothing was added. Change it here if its dose or "
        f"times are not right. To add another {name} taken as well, give it a name that "
        "tells the two apart."
    )


def schedule_words(medication: Medication) -> str:
    if not medication.schedule:
        return ", taken when needed"
    return f", taken at {', '.join(medication.schedule)}"


def from_today(changed: list[str]) -> str:
    """ " The new dose counts from the start of today…": a change is not for the days before,
    nor for doses already taken today (docs/decisions.md)."""
    if not changed:
        return ""
    counts = "counts" if changed == ["dose"] else "count"
    return (
        f" The new {' and '.join(changed)} {counts} from the start of today; earlier days keep "
        "theirs."
    )


def stop(request, medication_id):
    _, medication = record_or_gone(request, Medication, "tracker", medication_id, write=True)
    if medication is None:
        return redirect("medication_list")
    if request.method == "POST":
        if medication.is_active:
            medication.stopped_at = timezone.now()
            medication.save(update_fields=["stopped_at"])
            medication.tell_reminders()
        else:
            nothing_saved(request)  # stopped already: pressed twice, or in two tabs
        your = who(acting_for(request)).your
        messages.success(request, f"{medication.name} stopped. Its doses stay in {your} record.")
        return redirect("medication_list")
    return render(request, "tracker/medication_stop.html", {"medication": medication})


def delete(request, medication_id):
    """Delete a medicine added by mistake: one with a dose recorded is stopped instead."""
    access, medication = record_or_gone(request, Medication, "tracker", medication_id, write=True)
    if medication is None:
        return redirect("medication_list")
    if medication.doses.exists():
        messages.error(
            request,
            f"{medication.name} has doses recorded, so it cannot be deleted: say it was "
            "stopped instead, and its doses stay in the record.",
        )
        return redirect("medication_edit", medication_id=medication.pk)
    if request.method == "POST":
        medication_deleted(access.patient, medication.pk)
    return delete_after_confirming(
        request,
        medication,
        title=f"Delete {medication.name}?",
        what=f"{medication.name}, with its times and any reminders set for it. No dose of it "
        "is recorded.",
        done=f"{medication.name} deleted.",
        back="medication_list",
    )
