"""What every notes view shares: reading and saving one of the patient's records."""

from copy import copy

from django.contrib import messages
from django.http import HttpRequest
from django.shortcuts import redirect, render

from toolkit.access import acting_for, nothing_saved, patient_access
from toolkit.confirm import delete_after_confirming, record_or_gone
from toolkit.context_processors import who
from toolkit.once import save_form_record

SECTION = "notes"


def new_record(request: HttpRequest, form_class, template: str, done, saved: str, **context):
    """Show a blank form; on a valid POST save it as the patient's and go to `done(record)`."""
    access = patient_access(request, SECTION, write=True)
    form = form_class(
        request.POST or None,
        patient=access.patient,
        today=access.patient.local_today(),
        who=who(acting_for(request)),
        initial=context.pop("initial", None),
    )
    if request.method == "POST" and form.is_valid():
        record, created = save_once(form, access, request)
        tell_saved(request, record, created, _said(request, saved, record))
        return redirect(done(record))
    return render(request, template, {"form": form, "access": access, **context})


def edit_record(
    request: HttpRequest, records, form_class, template: str, pk, done, saved: str, *, listed: str
):
    """Change one of the patient's records (404 for anyone else's); one deleted
    leads to the list it was on (`listed`, a URL name)."""
    access, record = record_or_gone(request, records, SECTION, pk, write=True)
    if record is None:
        return redirect(listed)
    # The page is named after the record as saved, not as the form changes it: two tabs on
    # two records can be told apart.
    as_saved = copy(record)
    form = form_class(
        request.POST or None,
        instance=record,
        patient=access.patient,
        today=access.patient.local_today(),
        who=who(acting_for(request)),
    )
    if request.method == "POST" and form.is_valid():
        record = save(form, access, request)
        messages.success(request, _said(request, saved, record))
        return redirect(done(record))
    return render(
        request, template, {"form": form, "record": record, "as_saved": as_saved, "access": access}
    )


def delete_record(request: HttpRequest, records, pk, done: str, deleted: str, *, title, what):
    """Asks first (`title`, and `what` with the record filled in), then deletes."""
    _, record = record_or_gone(request, records, SECTION, pk, write=True)
    if record is None:
        return redirect(done)
    return delete_after_confirming(
        request,
        record,
        title=title,
        what=what.format(record=record),
        done=_said(request, deleted, record),
        back=done,
    )


def _said(request: HttpRequest, message: str, record) -> str:
    """The message with its `{record…}` and `{who…}` filled in: "Your note" to the patient,
    "Mary's note" to a carer."""
    return message.format(record=record, who=who(acting_for(request)))


def save_once(form, access, request):
    """(record, created): a new record is made only once, however often its form is sent."""
    if form.instance._state.adding:
        form.instance.patient = access.patient
        form.instance.recorded_by = request.user
    return save_form_record(form, request.user)


def save(form, access, request):
    """The record saved, as by save_once, for a caller that does not ask whether it is new."""
    return save_once(form, access, request)[0]


def tell_saved(request: HttpRequest, record, created: bool, saved: str) -> None:
    """`saved` for a new record; for the same form sent again (a double tap, or Back and
    Save), that nothing was added."""
    if created:
        messages.success(request, saved)
    else:
        nothing_saved(request)
        name = record._meta.verbose_name
        messages.info(request, f"That {name} was already saved. Nothing was added.")
