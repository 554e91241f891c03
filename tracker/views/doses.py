"""Doses: "Taken" in one tap, a dose at another time, and correcting or deleting one."""

from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.views.decorators.http import require_POST

from toolkit.access import acting_for, nothing_saved, patient_access
from toolkit.confirm import delete_after_confirming, record_or_gone
from toolkit.context_processors import who
from toolkit.once import create_once, recent_twin, save_form_record
from toolkit.read_first import answered_in_time, question_context
from tracker.forms.doses import DoseForm, TakeForm
from tracker.models import Dose, Medication
from tracker.schedule import MATCH_WINDOW, describe_lateness, match_dose, missed_before
from tracker.slots import day_start
from tracker.views.common import (
    at_time,
    full_time,
    render_in_zone,
    render_record_form,
    this_minute,
)


def recorded_message(
    dose: Dose, zone, today, *, for_row: bool = False, changed: bool = False
) -> str:
    """What was recorded (or what a change made of it); for a dose filed against a time
    (`for_row`), also which, so a late press or a typed dose shows where it went."""
    taken = at_time(dose.taken_at, zone, today)
    if changed:
        return f"Dose changed: {dose.medication.name} at {taken}."
    message = f"Dose of {dose.medication.name} recorded at {taken}"
    if for_row:
        # Its day only when it is not the day the dose was taken: said once is enough.
        scheduled = at_time(dose.scheduled_for, zone, dose.taken_at.astimezone(zone).date())
        message += f", for {scheduled} ({describe_lateness(dose.minutes_late)})"
    return f"{message}."


def already_recorded_message(dose: Dose, user, zone, today) -> str:
    """A dose that added nothing (a press, or a form sent again): which dose was there
    already, and who recorded it when that was someone else (a carer and the patient
    pressing the same row, or recording the same dose)."""
    message = f"That dose of {dose.medication.name}"
    if dose.scheduled_for:
        message += f" for {at_time(dose.scheduled_for, zone, today)}"
    message += f" was already recorded at {at_time(dose.taken_at, zone, today)}"
    return f"{message}{by_someone_else(dose, user)}. Nothing was added."


def by_someone_else(dose: Dose, user) -> str:
    """ " by John" when someone other than `user` recorded the dose, else ""."""
    return f" by {dose.recorded_by.name}" if dose.recorded_by_id not in (None, user.pk) else ""


# What a refused "Taken" press is told when its page was out of date (see TakeForm); any
# other refusal came from a page sent broken, which a fresh page mends.
OUT_OF_DATE = ("not_today", "times_changed", "stopped")
TRY_AGAIN = "That dose was not recorded. Try the “Taken” button again."


def refusal(form: TakeForm) -> str:
    errors = [error for errors in form.errors.as_data().values() for error in errors]
    said = [next(iter(error)) for error in errors if error.code in OUT_OF_DATE]
    return said[0] if said else TRY_AGAIN


@require_POST
def take(request):
    access = patient_access(request, "tracker", write=True)
    patient = access.patient
    now = this_minute()
    form = TakeForm(request.POST, patient=patient, now=now)
    if not form.is_valid():
        messages.error(request, refusal(form))
        return redirect("tracker_home")
    row = form.cleaned_data["scheduled_for"]
    dose = Dose(
        patient=patient,
        medication=form.cleaned_data["medication"],
        taken_at=now,
        scheduled_for=row,
        token=form.cleaned_data["token"],
        recorded_by=request.user,
    )
    if row is None:
        dose.scheduled_for = match_dose(dose, patient.zone)
    twin = None
    if not (CONFIRMED in request.POST and answered_in_time(request)):
        lately = dose_taken_lately(dose)
        # "I took … now" pressed again after going Back is the dose already recorded: said so,
        # as any form sent again is, rather than asked about as another dose.
        twin = recent_twin(dose) if lately else None
        if twin is None and (lately or (row and abs(row - now) > MATCH_WINDOW)):
            return ask_before_taking(request, access, form, now, lately)
    if twin:
        dose, created = twin, False
    else:
        dose, created = take_row(dose) if row else create_once(dose)
    today = now.astimezone(patient.zone).date()
    if created:
        messages.success(request, recorded_message(dose, patient.zone, today, for_row=bool(row)))
    else:
        nothing_saved(request)
        messages.info(request, already_recorded_message(dose, request.user, patient.zone, today))
    return redirect("tracker_home")


MINUTE = timedelta(minutes=1)

# Sent by the question a "Taken" press may ask: the answer was "Yes, I took it now", or "Yes,
# record another dose".
CONFIRMED = "confirmed"


def dose_taken_lately(dose: Dose) -> Dose | None:
    """The latest dose of the medicine taken in the 2 hours before `dose`, unless one is this
    very press arriving again (its token), or is already for its row: a double tap, or a row
    pressed on two devices, records nothing and says so, as before, rather than asking.
    One query, with who recorded each, for the question to say."""
    earlier = Q(taken_at__gt=dose.taken_at - MATCH_WINDOW)
    if dose.scheduled_for:
        earlier |= Q(scheduled_for=dose.scheduled_for)
    doses = list(
        Dose.objects.filter(earlier, medication_id=dose.medication_id)
        .select_related("recorded_by")
        .order_by("-taken_at")
    )
    if any(same_press_or_row(other, dose) for other in doses):
        return None
    return doses[0] if doses else None


def same_press_or_row(other: Dose, dose: Dose) -> bool:
    return other.token == dose.token or (
        dose.scheduled_for is not None and other.scheduled_for == dose.scheduled_for
    )


def ask_before_taking(request, access, form: TakeForm, now: datetime, lately: Dose | None):
    """The question a "Taken" press asks instead of recording, when a dose of the medicine
    was taken in the last 2 hours (`lately`), or on a row more than 2 hours from now.

    A dose lately: the row the patient looked at may not show it (its times changed since),
    and another on top could be a double dose; yet two doses close together can be meant.
    A row far from now: a shaky tap may have hit the wrong row, and a morning dose pressed
    in the evening was most likely taken in the morning. "Yes" sends the same press again,
    with its token, so a second tap there still records one dose."""
    zone = access.patient.zone
    today = now.astimezone(zone).date()
    medication, row = form.cleaned_data["medication"], form.cleaned_data["scheduled_for"]
    instant = f"{row:%Y-%m-%dT%H:%M:%SZ}" if row else ""  # as the row sent it
    far = row is not None and abs(row - now) > MATCH_WINDOW
    late = far and row < now
    # The row's time is the best first guess at when a forgotten dose was taken.
    earlier = {"medication": medication.pk, "taken_at": instant}
    yes = "Yes, record another dose" if lately else f"Yes, {who(acting_for(request)).I} took it now"
    context = {
        "now": at_time(now, zone, today),
        "due": at_time(row, zone, today) if row else "",
        "medication": medication,
        "lately": lately and recorded_lately(lately, request.user, now, zone, today),
        "far": far,
        "late": late,
        "hours": abs(row - now) // timedelta(hours=1) if row else 0,
        "scheduled_for": instant,
        "token": form.cleaned_data["token"],
        "confirmed": CONFIRMED,
        "earlier": f"{reverse('dose_new')}?{urlencode(earlier)}" if late else "",
        "back": reverse("tracker_home"),
        **question_context(request, yes),
    }
    return render_in_zone(request, access, "tracker/take_far_from_time.html", context)


def recorded_lately(dose: Dose, user, now: datetime, zone, today) -> str:
    """ "recorded at 12:27, 5 minutes ago", and by whom when someone else recorded it."""
    ago = f"{timesince(dose.taken_at, now)} ago" if now - dose.taken_at >= MINUTE else "just now"
    by = by_someone_else(dose, user)
    return f"recorded{by} at {at_time(dose.taken_at, zone, today)}, {ago}"


def take_row(dose: Dose) -> tuple[Dose, bool]:
    """A row's dose, unless that row already has one: (dose, created).

    Another device (a carer's phone, the patient's own) may have pressed the same row since
    this page was loaded; a second dose for the same time would double it on the summary.
    The medicine stays locked until the dose is saved, so presses at the same moment take
    turns and the second finds the first.
    """
    with transaction.atomic():
        Medication.objects.select_for_update().filter(pk=dose.medication_id).first()
        taken = Dose.objects.filter(
            medication_id=dose.medication_id, scheduled_for=dose.scheduled_for
        ).first()
        return (taken, False) if taken else create_once(dose)


def new(request):
    access = patient_access(request, "tracker", write=True)
    patient = access.patient
    # "I took it earlier", on the question a late row's "Taken" asks, names the medicine and
    # the row's time, as a first guess at when it was taken.
    taken_at = earlier_today(request.GET.get("taken_at", ""), patient)
    dose = Dose(patient=patient, recorded_by=request.user, taken_at=taken_at)
    initial = {"medication": request.GET["medication"]} if "medication" in request.GET else {}
    return edit_form(request, access, dose, initial)


def earlier_today(value: str, patient) -> datetime | None:
    """The instant `value` names, if it is earlier today, as a late row's time is: a link
    typed by hand could name a time the form could not save, or not even show."""
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        return None
    start = day_start(patient.local_today(), patient.zone)
    return instant if instant.tzinfo and start <= instant <= timezone.now() else None


def edit(request, dose_id):
    doses = Dose.objects.select_related("medication")
    access, dose = record_or_gone(request, doses, "tracker", dose_id, write=True)
    if dose is None:
        return redirect("tracker_home")
    return edit_form(request, access, dose)


def edit_form(request, access, dose: Dose, initial=None):
    patient = access.patient
    now = timezone.now()
    form = DoseForm(request.POST or None, instance=dose, initial=initial, patient=patient, now=now)
    adding = dose._state.adding
    filed_as = (dose.medication_id, dose.taken_at)
    # Named as it was before the form changes it: two tabs on two doses can be told apart.
    title = (
        "Record a dose"
        if adding
        else f"Change the dose of {dose.medication.name} taken at "
        f"{full_time(dose.taken_at, patient.zone)}"
    )
    if request.method == "POST" and form.is_valid():
        typed = form.instance
        if adding and (twin := recent_twin(typed, typed.typed_twin_lookup())):
            dose, created = twin, False
        else:
            # A dose keeps the row it was filed against (its "Taken" button) until its
            # medicine or time changes: matching it afresh could move it to a nearer time.
            if adding or (typed.medication_id, typed.taken_at) != filed_as:
                typed.scheduled_for = match_dose(typed, patient.zone)
                if typed.scheduled_for is None and (late := missed_before(typed, patient.zone)):
                    answer = request.POST.get(FOR_TIME)
                    if answer not in (late_answer(late), EXTRA):
                        return ask_which_dose(request, access, typed, late)
                    typed.scheduled_for = late if answer != EXTRA else None
            dose, created = save_form_record(form, request.user)
        today = now.astimezone(patient.zone).date()
        if created:
            # Which time a typed dose was matched to shows, as a "Taken" press does.
            matched = adding and dose.scheduled_for is not None
            said = recorded_message(dose, patient.zone, today, for_row=matched, changed=not adding)
            messages.success(request, said)
        else:
            # Its twin may be the one the patient, or a carer, recorded a moment before.
            nothing_saved(request)
            said = already_recorded_message(dose, request.user, patient.zone, today)
            messages.info(request, said)
        return redirect("tracker_home")
    if adding and not form.fields["medication"].queryset.exists():
        # Nothing to choose: a medicine is added first.
        your = who(acting_for(request)).your
        messages.info(request, f"Add {your} medicine first, then record doses of it.")
        return redirect("medication_new")
    return render_record_form(
        request,
        form,
        dose,
        title=title,
        submit="Save dose",
        delete_name="dose_delete",
        back="tracker_home",
    )


# The answer to "Was this the 22:30 dose, taken late?" (`ask_which_dose`): that time, or none.
FOR_TIME = "for_time"
EXTRA = "extra"


def late_answer(late: datetime) -> str:
    return f"{late:%Y-%m-%dT%H:%M:%SZ}"


def ask_which_dose(request, access, dose: Dose, late: datetime):
    """The question a dose typed on the form asks when it matched no scheduled time, but one
    of its medicine's times with no dose was 2 to 6 hours before it: a bedtime dose taken in
    the small hours is that dose, taken late, not an extra dose, and its time would read as
    not recorded. The form's fields go with the answer, so the same dose is saved, once."""
    zone = access.patient.zone
    today = timezone.now().astimezone(zone).date()
    taken = at_time(dose.taken_at, zone, today)
    due = at_time(late, zone, today)
    context = {
        "medication": dose.medication,
        "taken": taken,
        "due": due,
        "lateness": describe_lateness(round((dose.taken_at - late).total_seconds() / 60)),
        "sent": [
            (name, value)
            for name, values in request.POST.lists()
            if name not in ("csrfmiddlewaretoken", FOR_TIME)
            for value in values
        ],
        "for_time": FOR_TIME,
        "late_answer": late_answer(late),
        "extra": EXTRA,
        "back": reverse("tracker_home"),
    }
    return render_in_zone(request, access, "tracker/dose_which_time.html", context)


def delete(request, dose_id):
    doses = Dose.objects.select_related("medication")
    access, dose = record_or_gone(request, doses, "tracker", dose_id, write=True)
    if dose is None:
        return redirect("tracker_home")
    return delete_after_confirming(
        request,
        dose,
        title="Delete this dose?",
        what=f"The dose of {dose.medication.name} taken at "
        f"{full_time(dose.taken_at, access.patient.zone)}.",
        done=f"Dose of {dose.medication.name} deleted.",
        back="tracker_home",
    )
