"""The ON/OFF diary: one page per local day, runs and single slots, plain POST forms."""

from collections import Counter
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from toolkit.access import Access, patient_access
from toolkit.lib.local_time import wall_label
from toolkit.lib.words import counted
from toolkit.read_first import answered_in_time, question_context
from tracker import diary, slots
from tracker.forms.diary import CLEAR, NOT_RECORDED, NOT_RECORDED_LABEL, RunForm, SlotsForm
from tracker.models import DiaryState
from tracker.summary import day_provenance
from tracker.views.common import other_days, render_in_zone, render_skipped_day


@require_GET
def today(request: HttpRequest):
    access = patient_access(request, "tracker")
    return redirect("diary_day", day=access.patient.local_today())


@require_GET
def day_page(request: HttpRequest, day: date):
    access = patient_access(request, "tracker")
    return render_day(request, access, day)


@require_POST
def set_run(request: HttpRequest, day: date):
    access = patient_access(request, "tracker", write=True)
    if not slots.day_slots(day, access.patient.zone):
        return render_day(request, access, day)
    form = RunForm(request.POST, patient=access.patient, day=day, own=access.is_own)
    if form.is_valid():
        state = form.cleaned_data["state"]
        run = slots.slots_between(form.begin, form.finish)
        recorded = diary.recorded_states(access.patient, run)
        # Clearing takes every answer away: it is asked about as replacing them would be.
        replacing = {
            start: said for start, said in recorded.items() if state == CLEAR or said != state
        }
        confirmed = CONFIRMED in request.POST and answered_in_time(request)
        if not confirmed and asks_first(form, replacing):
            return ask_before_replacing(request, access, form, replacing)
        if state == CLEAR:
            cleared = diary.clear_slots(access.patient, run)
            said = run_cleared_message(access, form, cleared)
            messages.success(request, said, extra_tags=RUN_FORM)
            return back_to_run_form(day)
        try:
            replaced = diary.set_run(
                access.patient, form.begin, form.finish, state, request.user, recorded
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            said = run_saved_message(access, form, replaced)
            messages.success(request, said, extra_tags=RUN_FORM)
            carry_on(request, form)
            return back_to_run_form(day)
    return render_day(request, access, day, run_form=form)


# Sent by "Yes, replace them" on the question a stretch may ask before saving.
CONFIRMED = "confirmed"

# A stretch longer than this that replaces answers is asked about even on its page's own day:
# a slip in "From" or "To" that long is not a correction.
LONG_STRETCH = timedelta(hours=12)


def asks_first(form: RunForm, replacing: dict[datetime, str]) -> bool:
    """Whether the stretch would replace answers on another day than the page's, or any over
    more than 12 hours.

    A "To" before "From" runs past midnight: typed by mistake (19:00 to 14:00 for 19:00 to
    20:00), it replaces the next day's answers, out of sight of the page it was typed on.
    Correcting the page's own day is common and saves at once.
    """
    if not replacing:
        return False
    zone = form.patient.zone
    elsewhere = any(slots.local_day(start, zone) != form.day for start in replacing)
    return elsewhere or form.finish - form.begin > LONG_STRETCH


def ask_before_replacing(request, access: Access, form: RunForm, replacing: dict[datetime, str]):
    """The question asked instead of saving: what the stretch would replace, day by day.

    "Yes" sends the same fields again, with `CONFIRMED`. A stretch carries no one-time token:
    saving it again gives its half-hours the answer they already have, which changes nothing,
    so "Yes" pressed twice records it once. "No" goes back to the page with the form as typed.
    """
    zone = access.patient.zone
    run = slots.slots_between(form.begin, form.finish)
    typed = {name: request.POST[name] for name in RUN_FIELDS if name in request.POST}
    page = reverse("diary_day", kwargs={"day": form.day})
    ends_on = slots.local_day(run[-1], zone)
    state = form.cleaned_data["state"]
    label = NOT_RECORDED_LABEL if state == CLEAR else DiaryState(state).label
    context = {
        "day": form.day,
        "clearing": state == CLEAR,
        "count": counted(len(replacing), "half-hour", "half-hours"),
        "stretch": f"“{label}” {run_span(access, form)}",
        "hours": len(run) / 2,
        "half_hours": counted(len(run), "half-hour", "half-hours"),
        # The slip this question is for: a "To" earlier than "From" meant as the same day.
        "next_day": ends_on if ends_on != form.day else None,
        "replaced": replaced_by_day(replacing, zone),
        "typed": typed,
        "confirmed": CONFIRMED,
        "back": f"{page}?{urlencode(typed, safe=':')}#{RUN_FORM}",
        **question_context(request, "Yes, clear them" if state == CLEAR else "Yes, replace them"),
    }
    return render_in_zone(request, access, "tracker/diary_replace.html", context)


def replaced_by_day(replacing: dict[datetime, str], zone: ZoneInfo) -> list[dict]:
    """For each day with answers a stretch would replace: how many half-hours, from when to
    when, and each stretch of answers there as it reads now, to be put back if meant."""
    said = []
    for day in sorted({slots.local_day(start, zone) for start in replacing}):
        answers = [run for run in diary.runs(slots.day_slots(day, zone), replacing) if run.state]
        said.append(
            {
                "day": day,
                "count": counted(sum(len(run.slots) for run in answers), "half-hour", "half-hours"),
                "span": span(answers[0].start.start, answers[-1].end, day, zone),
                "answers": [f"“{run.state_label}” {run_when(run, day)}" for run in answers],
            }
        )
    return said


# The stretch form's part of the diary page (its heading's id, where "Change or split" links go
# too), where what it saved is said: a day is filled in five to ten stretches in a row, and the
# form is two swipes down from the top of the page. The page opens there without JavaScript.
RUN_FORM = "run"


def back_to_run_form(day: date) -> HttpResponseRedirect:
    return redirect(f"{reverse('diary_day', kwargs={'day': day})}#{RUN_FORM}")


# The session key for "From" on the page the browser is sent back to after saving a run.
CARRY_ON = "diary_carry_on"


def carry_on(request: HttpRequest, form: RunForm) -> None:
    """ "From" for the next run: the end of the one just saved, when it ends on this page.

    Days are often filled in order, a run at a time; a run that ends on a later day
    leaves the page to its usual "From", and so does one that ends where the half-hour under
    way ends, as "From" there could not be saved yet. Kept in the session for the next view
    of the page only, not in its address: reloading that address later, after more runs were
    saved, would bring back a "From" long gone.
    """
    end = form.finish.astimezone(form.patient.zone)
    if end.date() == form.day and slots.has_begun(form.finish, timezone.now()):
        page = diary_page(form.patient, form.day)
        request.session[CARRY_ON] = {"page": page, **slots.form_time("start", end)}


def diary_page(patient, day: date) -> str:
    """Names one patient's page for one day: a carer may switch to someone else's diary."""
    return f"{patient.pk} {day}"


SLOTS_OUT_OF_DATE = (
    "This page was out of date. Nothing was saved. The time zone the diary follows changed "
    "after the page was opened, so the half-hours it showed are not this day's any more. "
    "Make the changes again on this page."
)


@require_POST
def set_slots(request: HttpRequest, day: date):
    access = patient_access(request, "tracker", write=True)
    day_slots = slots.day_slots(day, access.patient.zone)
    if not day_slots:
        return render_day(request, access, day)
    states = {start: e.state for start, e in diary.day_entries(access.patient, day_slots).items()}
    form = SlotsForm(request.POST, day_slots=day_slots, states=states, now=timezone.now())
    if form.out_of_date():
        # Its choices are for half-hours named by another clock: shown again they would
        # mislead, so the page is drawn afresh.
        messages.error(request, SLOTS_OUT_OF_DATE)
        return redirect("diary_day", day=day)
    if form.is_valid():
        changed, cleared = form.changes()
        try:
            diary.set_states(access.patient, changed, request.user, recorded=states)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            diary.clear_slots(access.patient, cleared)
            messages.success(request, slots_saved_message(access, day, day_slots, changed, cleared))
            return redirect("diary_day", day=day)
    return render_day(request, access, day, slots_form=form)


# Changes in more stretches than this are summed up: a message is taken in at a glance.
MOST_STRETCHES_SAID = 4


def slots_saved_message(
    access: Access,
    day: date,
    day_slots: list[slots.Slot],
    changed: dict[datetime, str],
    cleared: list[datetime],
) -> str:
    """ "Saved 3 changed half-hours: “OFF” from 09:00 to 10:00; cleared at 13:30." """
    count = len(changed) + len(cleared)
    if not count:
        return "Nothing had changed, so nothing was saved."
    half_hours = counted(count, "changed half-hour", "changed half-hours")
    # A cleared half-hour is NOT_RECORDED, not None as one left alone is: it makes stretches
    # of its own, kept apart from the half-hours around it that did not change.
    saved = [
        run
        for run in diary.runs(day_slots, changed | dict.fromkeys(cleared, NOT_RECORDED))
        if run.state is not None
    ]
    zone = access.patient.zone
    if len(saved) > MOST_STRETCHES_SAID:
        return f"Saved {half_hours}, {span(saved[0].start.start, saved[-1].end, day, zone)}."
    said = [
        f"“{run.state_label}” {run_when(run, day)}"
        if run.state
        else f"cleared {run_when(run, day)}"
        for run in saved
    ]
    return f"Saved {half_hours}: {'; '.join(said)}."


def run_when(run: diary.Run, day: date) -> str:
    """ "at 06:30", "from 01:00 to 06:00 on Saturday 21 November": times on the page of `day`."""
    if len(run.slots) > 1:
        return span(run.start.start, run.end, day, run.start.zone)
    on = run.start.local_start.date()
    return f"at {run.start.label}" + (f" on {on:%A %-d %B}" if on != day else "")


def run_span(access: Access, form: RunForm) -> str:
    return span(form.begin, form.finish, form.day, access.patient.zone)


def span(begin: datetime, finish: datetime, day: date, zone: ZoneInfo) -> str:
    """A stretch in words on the page of `day`, in the patient's zone: "from 22:30 to 23:30"
    on that day, "from 01:00 to 06:00 on Saturday 21 November" on another, and "from 22:30
    on Friday 20 November to 07:00 on Saturday 21 November" past midnight. Every stretch the
    diary puts in words goes through here.

    Past midnight both days are named: with one, both times would read as on that day. A
    stretch ending where its day ends ends at "midnight" on that day, as "To 00:00" means,
    even where the next day begins at 01:00 or was skipped altogether.
    """
    local_begin = begin.astimezone(zone)
    starts_on = local_begin.date()
    if finish == slots.day_bounds(starts_on, zone)[1]:
        ends, ends_on = "midnight", starts_on
    else:
        local_finish = finish.astimezone(zone)
        ends, ends_on = wall_label(local_finish), local_finish.date()
    starts = wall_label(local_begin)
    if ends_on != starts_on:
        return f"from {starts} on {starts_on:%A %-d %B} to {ends} on {ends_on:%A %-d %B}"
    on = "" if starts_on == day else f" on {starts_on:%A %-d %B}"
    return f"from {starts} to {ends}{on}"


def run_cleared_message(access: Access, form: RunForm, cleared: int) -> str:
    if not cleared:
        return f"Nothing was recorded {run_span(access, form)}, so nothing was cleared."
    half_hours = counted(cleared, "recorded half-hour", "recorded half-hours")
    now_say = "It now says" if cleared == 1 else "They now say"
    return f"Cleared {half_hours} {run_span(access, form)}. {now_say} “Not recorded”."


def run_saved_message(access: Access, form: RunForm, replaced: dict[datetime, str]) -> str:
    state = DiaryState(form.cleaned_data["state"]).label
    count = len(slots.slots_between(form.begin, form.finish))
    half_hours = counted(count, "half-hour", "half-hours")
    said = f"Recorded “{state}” {run_span(access, form)} ({half_hours})."
    if replaced:
        # An answer given in the moment is the more accurate one: replacing it is said.
        said += " " + replaced_said(replaced, count, form.day, access.patient.zone)
    return said


def replaced_said(replaced: dict[datetime, str], count: int, day: date, zone: ZoneInfo) -> str:
    """Which of a run's `count` half-hours had another answer, and what it was, so that one
    replaced by mistake can be put back; past a few stretches, how many on which day."""
    if count == 1:
        (answer,) = replaced.values()
        return f"It had another answer, “{DiaryState(answer).label}”, which this replaced."
    which = f"{len(replaced)} of them"
    days = Counter(slots.local_day(start, zone) for start in replaced)
    day_slots = [slot for each in sorted(days) for slot in slots.day_slots(each, zone)]
    answers = [run for run in diary.runs(day_slots, replaced) if run.state]
    if len(answers) <= MOST_STRETCHES_SAID:
        said = "; ".join(f"“{run.state_label}” {run_when(run, day)}" for run in answers)
        return f"{which} had another answer, which this replaced: {said}."
    if set(days) == {day}:
        return f"{which} had another answer, which this replaced."
    if len(days) == 1:
        return f"{which}, on {next(iter(days)):%A %-d %B}, had another answer, which this replaced."
    per_day = " and ".join(f"{n} on {each:%A %-d %B}" for each, n in sorted(days.items()))
    return f"{which} had another answer, which this replaced: {per_day}."


def render_day(request, access: Access, day: date, *, run_form=None, slots_form=None):
    patient = access.patient
    day_slots = slots.day_slots(day, patient.zone)
    if not day_slots:  # a form sent for such a day saves nothing
        return render_skipped_day(
            request, access, day, caption="ON/OFF diary", url_name="diary_day"
        )
    now = timezone.now()
    today = slots.local_day(now, patient.zone)
    read = diary.read_day(patient, day_slots, with_recorders=True)
    entries = diary.by_slot(diary.on_slots(read, day_slots))
    states = {start: entry.state for start, entry in entries.items()}
    runs = diary.runs(day_slots, states, now)
    if run_form is None:
        run_form = RunForm(
            patient=patient,
            day=day,
            initial=run_initial(request, patient, day, runs),
            own=access.is_own,
        )
    if slots_form is None:
        slots_form = SlotsForm(day_slots=day_slots, states=states, now=now)
    context = {
        "day": day,
        "today": today,
        **other_days(day, today),
        "slot_count": len(day_slots),
        "recorded_count": len(states),
        "another_clock": (hidden := len(read) - len(entries)) and diary.on_another_clock(hidden),
        "clock_change": slots.clock_change(day_slots),
        "runs": runs,
        # As the summary says it: which stretches were recalled, and which a carer recorded.
        "provenance": day_provenance(patient, day_slots, list(entries.values()), []),
        "run_form": run_form,
        "slots_form": slots_form,
        "can_write": access.can_write,
        # A day not begun has nothing to record yet: the page says so instead of a form.
        "begun": slots.has_begun(day_slots[0].start, now),
        # Said beside the stretch form, whose "From" is then left empty: any it gave is refused.
        "filled_up_to": filled_up_to(runs) if day == today else "",
    }
    return render(request, "tracker/diary_day.html", context)


# The stretch form's fields, as "Change or split" links, and "No, go back" on the question a
# stretch may ask, carry them to the page.
RUN_FIELDS = ("start", "start_fold", "end", "end_fold", "state")


def run_initial(request: HttpRequest, patient, day: date, runs: list[diary.Run]) -> dict:
    """What the run form starts with: a run being changed, the end of the run just saved,
    or the end of the last run; when that is now or midnight, the start of the first
    half-hour not recorded: "Right now I am…" pressed in the afternoon leaves the night and
    the morning to fill in."""
    if "start" in request.GET:
        # "Change or split" links carry the run's own times and state.
        return {key: request.GET[key] for key in RUN_FIELDS if key in request.GET}
    saved = request.session.pop(CARRY_ON, None)
    if saved and saved.pop("page") == diary_page(patient, day):
        return saved
    recorded = [run for run in runs if run.state]
    if not recorded:
        return {"start": time(0)}
    if filled_up_to(runs):
        return {}  # all recorded, to midnight or up to now: the form is for corrections
    if all(not run.begun for run in runs[runs.index(recorded[-1]) + 1 :]):
        gaps = [run for run in runs if run.state is None and run.begun]
        return form_start(gaps[0].start.local_start)
    return form_start(recorded[-1].local_end)


def filled_up_to(runs: list[diary.Run]) -> str:
    """Where the diary's answers end ("14:30", "24:00") when every half-hour begun has one;
    "" while any has none."""
    recorded = [run for run in runs if run.state]
    if not recorded or any(run.state is None and run.begun for run in runs):
        return ""
    return recorded[-1].end_label


def form_start(local: datetime) -> dict:
    return {"start": local.time(), "start_fold": local.fold}
