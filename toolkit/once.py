"""Records made once, however often their form is sent (a double tap, a re-sent POST).

A new record's form carries a one-time token (`toolkit.forms.OneTimeTokenForm`), saved on
the record (`toolkit.models.OneTimeTokenMixin`), which is unique per patient. Going Back
and sending the form again carries a new token: that repeat is known by the record being
the twin of one made a few minutes before (`OneTimeTokenMixin.twin_lookup`).
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from toolkit.models import PatientRecord, User

# How recently its twin was recorded for a new record to be the same form sent again: long
# enough to go Back and send it, short enough that the same question asked weeks later, or
# the same reminder set again another day, is added.
TWIN_WINDOW = timedelta(minutes=10)


def recent_twin(record: PatientRecord, lookup: dict | None = None) -> PatientRecord | None:
    """The patient's record this new one would repeat, recorded within TWIN_WINDOW: one that
    `lookup` matches, by default the record's own `twin_lookup()`."""
    lookup = record.twin_lookup() if lookup is None else lookup
    if lookup is None:
        return None
    return (
        type(record)
        .objects.filter(
            patient=record.patient, recorded_at__gte=record.recorded_at - TWIN_WINDOW, **lookup
        )
        .first()
    )


def create_once(record: PatientRecord) -> tuple[PatientRecord, bool]:
    """Save a new record unless one with its one-time token exists, or a twin of it recorded
    a moment before; (record, created).

    The unique (patient, token) constraint decides, for a second press as for two that
    race: a token is nearly always new, so looking for it first would cost every press
    a query to spare the rare repeat an exception. A twin has another token, so it costs
    a query to find, paid only by models that declare twins. Two sends with different
    tokens that race may both find no twin and both be saved: the token is what catches a
    double tap, and a page fetched again after Back comes seconds later, not at once.
    """
    if (twin := recent_twin(record)) is not None:
        return twin, False
    try:
        if transaction.get_connection().in_atomic_block:
            # A savepoint, so that the caller's transaction outlives a repeat.
            with transaction.atomic():
                record.save()
        else:
            # One INSERT, atomic on its own: a transaction around it would only add a
            # BEGIN and a COMMIT, two more round trips for every press.
            record.save()
    except IntegrityError:
        existing = type(record).objects.filter(patient=record.patient, token=record.token).first()
        if existing is None:  # some other constraint: not a repeat
            raise
        return existing, False
    return record, True


def save_form_record(form, by: User) -> tuple[PatientRecord, bool]:
    """Save a valid record form's record; a new one is made only once per token.

    A record changed is what `by` recorded, now: a dose's time put right days later is
    recalled, and a carer's change is theirs, as a diary half-hour changed is.
    """
    record = form.save(commit=False)  # the form's own save may set more than its fields
    if record._state.adding:
        record.token = form.cleaned_data["token"]
        return create_once(record)
    if form.has_changed():
        record.recorded_at, record.recorded_by = timezone.now(), by
    record.save()
    return record, True
