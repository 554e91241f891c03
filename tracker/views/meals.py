"""Meals: "I ate" in one tap, a meal at another time, and correcting or deleting one."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_POST

from toolkit.access import nothing_saved, patient_access
from toolkit.confirm import delete_after_confirming, record_or_gone
from toolkit.once import create_once, save_form_record
from tracker.forms.meals import AteForm, MealForm
from tracker.models import Meal
from tracker.views.common import (
    at_time,
    full_time,
    render_in_zone,
    render_record_form,
    this_minute,
)

PAGE_SIZE = 50


def recorded_message(meal: Meal, zone, today, *, changed: bool = False) -> str:
    kind = "Protein-rich meal" if meal.protein_rich else "Meal"
    if changed:
        return f"Meal changed: {kind.lower()} at {at_time(meal.eaten_at, zone, today)}."
    return f"{kind} recorded at {at_time(meal.eaten_at, zone, today)}."


@require_POST
def ate(request):
    access = patient_access(request, "tracker", write=True)
    patient = access.patient
    form = AteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "That meal was not recorded. Try “I ate” again.")
        return redirect("tracker_home")
    now = this_minute()
    meal, created = create_once(
        Meal(
            patient=patient,
            eaten_at=now,
            protein_rich=form.cleaned_data["protein_rich"],
            token=form.cleaned_data["token"],
            recorded_by=request.user,
        )
    )
    today = now.astimezone(patient.zone).date()
    if created:
        messages.success(request, recorded_message(meal, patient.zone, today))
    else:
        nothing_saved(request)
        messages.info(request, "That meal was already recorded. Nothing was added.")
    return redirect("tracker_home")


def meal_list(request):
    access = patient_access(request, "tracker")
    meals = Meal.objects.for_patient(access.patient).order_by("-eaten_at")
    page = Paginator(meals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_in_zone(request, access, "tracker/meal_list.html", {"page": page})


def new(request):
    access = patient_access(request, "tracker", write=True)
    return edit_form(request, access, Meal(patient=access.patient, recorded_by=request.user))


def edit(request, meal_id):
    access, meal = record_or_gone(request, Meal, "tracker", meal_id, write=True)
    if meal is None:
        return redirect("meal_list")
    return edit_form(request, access, meal)


def edit_form(request, access, meal: Meal):
    patient = access.patient
    now = timezone.now()
    adding = meal._state.adding
    # Named as it was before the form changes it: two tabs on two meals can be told apart.
    title = (
        "Record a meal"
        if adding
        else f"Change the meal at {full_time(meal.eaten_at, patient.zone)}"
    )
    form = MealForm(request.POST or None, instance=meal, patient=patient, now=now)
    if request.method == "POST" and form.is_valid():
        meal, created = save_form_record(form, request.user)
        if created:
            today = now.astimezone(patient.zone).date()
            said = recorded_message(meal, patient.zone, today, changed=not adding)
            messages.success(request, said)
        else:
            nothing_saved(request)
            messages.info(request, "That meal was already recorded. Nothing was added.")
        return redirect("meal_list")
    return render_record_form(
        request,
        form,
        meal,
        title=title,
        submit="Save meal",
        delete_name="meal_delete",
        back="meal_list",
    )


def delete(request, meal_id):
    access, meal = record_or_gone(request, Meal, "tracker", meal_id, write=True)
    if meal is None:
        return redirect("meal_list")
    return delete_after_confirming(
        request,
        meal,
        title="Delete this meal?",
        what=f"The meal at {full_time(meal.eaten_at, access.patient.zone)}.",
        done="Meal deleted.",
        back="meal_list",
    )
