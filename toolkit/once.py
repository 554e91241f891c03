"""Records made once, however often their form is sent (a double tap, a re-sent POST).

A new record's form carries a one-time token (`toolkit.forms.OneTimeTokenForm`), saved on
the record (`toolkit.models.OneTimeTokenMixin`), which is unique per patient.
"""

from django.db import IntegrityError, transaction

from toolkit.models import PatientRecord


def create_once(record: PatientRecord) -> tuple[PatientRecord, bool]:
    """Save a new record unless one with its one-time token exists; (record, created).

    The unique (patient, token) constraint decides, for a second press as for two that
    race: a token is nearly always new, so looking for it first would cost every press
    a query to spare the rare repeat an exception.
    """
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


def save_form_record(form) -> tuple[PatientRecord, bool]:
    """Save a valid record form's record; a new one is made only once per token."""
    record = form.save(commit=False)  # the form's own save may set more than its fields
    if record._state.adding:
        record.token = form.cleaned_data["token"]
        return create_once(record)
    record.save()
    return record, True
