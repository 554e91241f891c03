from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from notes import schedule
from notes.delivery import reminder_from_stop_token
from notes.forms import REMINDER_FORMS
from notes.models import MedicationSchedule, Reminder
from notes.views.common import SECTION, delete_record, save_once, tell_saved
from toolkit.access import acting_for, can_see, patient_access
from toolkit.confirm import record_or_gone
from toolkit.context_processors import who

LIST = "notes_reminders"
# A stop link opened this soon after it was sent may be a mail scanner checking links:
# only a person pressing the button stops the reminder then.
SCANNER_WINDOW = 5 * 60


def hidden_kinds(request: HttpRequest) -> list[str]:
    """The kinds of reminder this request may not see.

    A medication reminder names one of the patient's medicines, which are the tracker's:
    a carer whose grant leaves the tracker out is neither shown nor offered one, and gets
    404 for it as for any record hidden from them.
    """
    return [] if can_see(request, "tracker", logged=False) else [Reminder.MEDICATION]


def shown(request: HttpRequest, hidden: list[str] | None = None) -> QuerySet:
    """Reminders of the kinds this request may see (`hidden`, when the caller has asked),
    of every patient: the caller, or `get_record`, narrows them to the one it works on."""
    return Reminder.objects.exclude(kind__in=hidden_kinds(request) if hidden is None else hidden)


def kinds_offered(hidden: list[str]) -> list[tuple[str, str]]:
    return [(kind, label) for kind, label in Reminder.KINDS if kind not in hidden]


def reminder_list(request: HttpRequest):
    access = patient_access(request, SECTION)
    now = timezone.now()
    zone = access.patient.zone
    hidden = hidden_kinds(request)
    reminders = list(shown(request, hidden).for_patient(access.patient).with_not_sent_since(now))
    off = [r for r in reminders if r.kind == Reminder.MEDICATION and not r.active]
    stopped = stopped_medications(access.patient) if off else set()
    for reminder in reminders:
        reminder.next_at = schedule.next_occurrence(reminder, zone, now)
        reminder.medicine_stopped = reminder.medication_id in stopped
    return render(
        request,
        "notes/reminders.html",
        {
            "reminders": reminders,
            "kinds": kinds_offered(hidden),
            "access": access,
            "medication_hidden": Reminder.MEDICATION in hidden,
        },
    )


@require_http_methods(["GET", "POST"])
def reminder_new(request: HttpRequest):
    access = patient_access(request, SECTION, write=True)
    hidden = hidden_kinds(request)
    kind = request.GET.get("kind", "")
    form_class = None if kind in hidden else REMINDER_FORMS.get(kind)
    if form_class is None:
        return render(request, "notes/reminder_kind.html", {"kinds": kinds_offered(hidden)})
    initial = {}
    if form_class.kind == Reminder.APPOINTMENT and request.GET.get("appointment"):
        initial["appointment"] = request.GET["appointment"]
    if form_class.kind == Reminder.MEDICATION and request.GET.get("medication"):
        initial["medication"] = request.GET["medication"]
    return _reminder_form(request, access, form_class, Reminder(), initial)


@require_http_methods(["GET", "POST"])
def reminder_edit(request: HttpRequest, pk):
    reminders = shown(request)
    access, reminder = record_or_gone(request, reminders, SECTION, pk, write=True)
    if reminder is None:
        return redirect(LIST)
    return _reminder_form(request, access, REMINDER_FORMS[reminder.kind], reminder, {})


def _reminder_form(request, access, form_class, reminder, initial):
    is_new = reminder._state.adding
    words = who(acting_for(request))
    form = form_class(
        request.POST or None,
        instance=reminder,
        initial=initial,
        patient=access.patient,
        today=access.patient.local_today(),
        who=words,
    )
    if request.method == "POST" and form.is_valid():
        reminder, created = save_once(form, access, request)
        said = f"{words.Your} reminder “{reminder.title}” has been saved."
        tell_saved(request, reminder, created, said)
        return redirect(LIST)
    no_medications = (
        form_class.kind == Reminder.MEDICATION and not form.fields["medication"].queryset.exists()
    )
    return render(
        request,
        "notes/reminder_form.html",
        {"form": form, "reminder": reminder, "is_new": is_new, "no_medications": no_medications},
    )


@require_POST
def reminder_active(request: HttpRequest, pk):
    """Stop a reminder, or start it again."""
    _, reminder = record_or_gone(request, shown(request), SECTION, pk, write=True)
    if reminder is None:
        return redirect(LIST)
    turn_on = request.POST.get("active") == "on"
    if turn_on and (refused := turn_on_refused(reminder)):
        messages.error(request, refused)
        return redirect(LIST)
    set_active(reminder, turn_on)
    state = "on" if reminder.active else "off"
    your = who(acting_for(request)).Your
    messages.success(request, f"{your} reminder “{reminder.title}” is {state}.")
    return redirect(LIST)


def turn_on_refused(reminder: Reminder) -> str | None:
    """Why the reminder stays off, if it must: its medicine is stopped, or another reminder
    for it is on (each email would go twice)."""
    if reminder.kind != Reminder.MEDICATION:
        return None
    if reminder.medication_id in stopped_medications(reminder.patient):
        return (
            f"“{reminder.title}” stays off while {reminder.medication_name} is stopped. "
            "Start the medicine again in My Tracker first."
        )
    others = Reminder.objects.on_for_medication(reminder.patient, reminder.medication_id)
    if others.exclude(pk=reminder.pk).exists():
        return (
            f"“{reminder.title}” stays off: another reminder for {reminder.medication_name} "
            "is on, and two would send each reminder twice."
        )
    return None


def set_active(reminder: Reminder, on: bool) -> None:
    if on and not reminder.active:
        reminder.count_from_now()  # a time passed while it was off is not sent now
    reminder.active = on
    reminder.save(update_fields=["active", "counts_from"])


def stopped_medications(patient) -> set:
    """The ids of the patient's medications that are stopped: their reminders stay off."""
    stopped = MedicationSchedule.objects.filter(patient=patient, active=False)
    return set(stopped.values_list("medication_id", flat=True))


@require_http_methods(["GET", "POST"])
def reminder_delete(request: HttpRequest, pk):
    return delete_record(
        request,
        shown(request),
        pk,
        LIST,
        "The reminder “{record.title}” was deleted.",
        title="Delete this reminder?",
        what="The reminder “{record.title}”.",
    )


@login_not_required
@csrf_exempt  # the signed link is the proof; mail programs post here (RFC 8058)
@require_http_methods(["GET", "POST"])
def reminder_stop(request: HttpRequest, token: str):
    """The link in every reminder email: stops that reminder, without signing in."""
    reminder = reminder_from_stop_token(token)
    if reminder is None:
        raise Http404
    if request.method == "POST" or not reminder.active:
        # Opened again once stopped, it says so, with the way to turn it back on.
        already = not reminder.active
        if not already:
            set_active(reminder, False)
        context = {"reminder": reminder, "token": token, "already": already}
        return render(request, "notes/reminder_stopped.html", context)
    # A person following an older link gets it stopped in one click: the page sends its form.
    automatic = reminder_from_stop_token(token, max_age=SCANNER_WINDOW) is None
    return render(
        request, "notes/reminder_stop.html", {"reminder": reminder, "automatic": automatic}
    )


@login_not_required
@require_POST
def reminder_restart(request: HttpRequest, token: str):
    """ "Turn it back on", on the page that says a reminder was stopped from its email: one
    tap on an old link stops it at once, an easy slip for a shaking hand."""
    reminder = reminder_from_stop_token(token)
    if reminder is None:
        raise Http404
    refused = turn_on_refused(reminder)
    if not refused:
        set_active(reminder, True)
    return render(
        request, "notes/reminder_restarted.html", {"reminder": reminder, "refused": refused}
    )
