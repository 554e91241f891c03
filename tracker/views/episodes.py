"""Symptom episodes (dystonia first): list with derived timings, log, change, end, delete."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from toolkit.access import acting_for, nothing_saved, patient_access
from toolkit.confirm import delete_after_confirming, record_or_gone
from toolkit.context_processors import who
from toolkit.once import save_form_record
from tracker import derived
from tracker.forms.episodes import EpisodeForm
from tracker.models import Medication, SymptomEpisode, told_apart
from tracker.views.common import (
    at_time,
    full_time,
    render_in_zone,
    render_record_form,
)

PAGE_SIZE = 25


STOP_HINT = "Press “It has stopped” when it stops."


def recorded_message(episode: SymptomEpisode, zone, today, *, changed: bool = False) -> str:
    """What was recorded (or what a change made of it), with how to end it while it goes on."""
    if episode.ended_at is None:
        start = at_time(episode.started_at, zone, today)
        if changed:
            return f"Dystonia changed: from {start}, still going on. {STOP_HINT}"
        return f"Dystonia recorded as starting at {start}. {STOP_HINT}"
    # The start is worded from the end's day, so that a day both are on is named once,
    # after the end, and two days only when the episode went on past midnight.
    ended_on = episode.ended_at.astimezone(zone).date()
    start = at_time(episode.started_at, zone, ended_on)
    if start == at_time(episode.ended_at, zone, ended_on):
        # "from 12:17 to 12:17" read as a mistake. Its length is rounded as the summary's
        # "Lasted" column rounds it, where under half a minute is "0 min".
        length = derived.hours_and_minutes(episode.minutes) if episode.minutes else "under a minute"
        span = f"at {at_time(episode.started_at, zone, today)}, lasting {length}"
    else:
        span = f"from {start} to {at_time(episode.ended_at, zone, today)}"
    return f"Dystonia changed: {span}." if changed else f"Dystonia recorded {span}."


def episode_list(request):
    access = patient_access(request, "tracker")
    patient = access.patient
    episodes = SymptomEpisode.objects.for_patient(patient).order_by("-started_at")
    page = Paginator(episodes, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    medications = list(Medication.objects.for_patient(patient))
    timings = derived.episode_timings(
        shown, derived.doses_for(shown, patient), medications, patient.zone
    )
    # Told apart among all the patient's medicines, so that a medicine is named alike on
    # every page of a list that runs over months.
    names = told_apart(medications, patient.zone)
    rows = [(episode, derived.describe(timings[episode.id], names)) for episode in shown]
    return render_in_zone(
        request, access, "tracker/episode_list.html", {"page": page, "rows": rows}
    )


def new(request, ongoing=False):
    access = patient_access(request, "tracker", write=True)
    episode = SymptomEpisode(patient=access.patient, recorded_by=request.user)
    return edit_form(request, access, episode, ongoing=ongoing)


def happening_now(request):
    """ "It's happening now": the start filled in with now and no end asked for."""
    return new(request, ongoing=True)


def edit(request, episode_id):
    access, episode = record_or_gone(request, SymptomEpisode, "tracker", episode_id, write=True)
    if episode is None:
        return redirect("episode_list")
    return edit_form(request, access, episode)


def edit_form(request, access, episode: SymptomEpisode, ongoing=False):
    patient = access.patient
    now = timezone.now()
    adding = episode._state.adding
    # Named as it was before the form changes it: two tabs on two episodes can be told apart.
    was = "" if adding else full_time(episode.started_at, patient.zone)
    form = EpisodeForm(
        request.POST or None,
        instance=episode,
        patient=patient,
        now=now,
        ongoing=ongoing,
        own=access.is_own,
    )
    if request.method == "POST" and form.is_valid():
        episode, created = save_form_record(form, request.user)
        today = now.astimezone(patient.zone).date()
        if not created:
            nothing_saved(request)
        if not created and episode.token != form.cleaned_data["token"]:
            # Sent again after going Back, where what was added since (a body site, a note)
            # is not saved by sending it again: its page is where to add it.
            messages.info(
                request,
                "That episode was already recorded, so nothing was added. "
                "Add anything that is missing here.",
            )
            return redirect("episode_edit", episode_id=episode.pk)
        if not created:
            messages.info(request, "That episode was already recorded. Nothing was added.")
        else:
            said = recorded_message(episode, patient.zone, today, changed=not adding)
            messages.success(request, said)
        return redirect("tracker_home" if adding else "episode_list")
    if ongoing:
        title, submit = "Dystonia now", "It's happening now"
        intro = (
            "Which side, pain, what helped and a note can be added later, with “Change” "
            "under All episodes."
        )
    else:
        title = "Record dystonia" if adding else f"Change the dystonia that started at {was}"
        submit = "Save episode"
        you_were = who(acting_for(request)).you_were
        intro = f"Only when, where, how bad and whether {you_were} ON or OFF are needed."
    return render_record_form(
        request,
        form,
        episode,
        title=title,
        submit=submit,
        intro=intro,
        delete_name="episode_delete",
        back="tracker_home" if adding else "episode_list",
    )


@require_POST
def stopped(request, episode_id):
    """ "It has stopped": end an ongoing episode now."""
    access, episode = record_or_gone(request, SymptomEpisode, "tracker", episode_id, write=True)
    if episode is None:
        return redirect("episode_list")
    zone = access.patient.zone
    now = timezone.now()
    if episode.ended_at is None:
        episode.ended_at = max(now, episode.started_at)
        episode.save(update_fields=["ended_at"])
    today = now.astimezone(zone).date()
    messages.success(request, recorded_message(episode, zone, today))
    return redirect("episode_list" if request.POST.get("next") == "list" else "tracker_home")


def delete(request, episode_id):
    access, episode = record_or_gone(request, SymptomEpisode, "tracker", episode_id, write=True)
    if episode is None:
        return redirect("episode_list")
    return delete_after_confirming(
        request,
        episode,
        title="Delete this episode?",
        what=f"The dystonia that started at {full_time(episode.started_at, access.patient.zone)}.",
        done="Episode deleted.",
        back="episode_list",
    )
