"""A version on each patient that changes whenever anything in their records does.

What is worked out from a patient's records and kept (the rendered summary) is kept
under this version, so any change to the records makes the kept copy unreachable at
once, in every process. It changes:

- after every unsafe request that was given write access to someone's records (the
  middleware below, so no write view can forget it), once the view's writes are done;
- in the same transaction as an import or the demo seed;
- when a person's name changes, for everyone whose entries they recorded ("recorded
  by John" is part of those records as shown).

It is bumped after the change, never before: a reader who sees the new version also
sees the new records.
"""

import uuid

from django.apps import apps
from django.db import connection
from django.http import HttpRequest

from toolkit.models import PatientRecord, RecordsVersion, User

_WRITTEN = "_records_written"


def note_write(request: HttpRequest, patient: User) -> None:
    """This request, sending a form, may change the patient's records (called by
    `toolkit.access`)."""
    request.__dict__.setdefault(_WRITTEN, set()).add(patient.pk)


class RecordsVersionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if written := request.__dict__.get(_WRITTEN):
            records_changed(*written)
        return response


def records_changed(*patient_ids) -> None:
    RecordsVersion.objects.bulk_create(
        [RecordsVersion(patient_id=pk, version=uuid.uuid4()) for pk in patient_ids],
        update_conflicts=True,
        unique_fields=["patient"],
        update_fields=["version"],
    )


# Written out rather than built by the ORM: every kept summary asks it, and building this
# one-row lookup took four times as long as running it.
CURRENT_VERSION = "SELECT version FROM toolkit_recordsversion WHERE patient_id = %s"


def current_version(patient: User) -> str:
    """The patient's records version now: read afresh, never from a User loaded earlier."""
    with connection.cursor() as cursor:
        # The id as this database stores it (SQLite has no uuid type).
        cursor.execute(CURRENT_VERSION, [User._meta.pk.get_db_prep_value(patient.pk, connection)])
        found = cursor.fetchone()
    return str(found[0]) if found else "never changed"


def name_changed(person: User) -> None:
    """Their own records, and everyone's with entries they recorded, show the new name."""
    records_changed(person.pk, *recorded_for(person))


def recorded_for(person: User) -> set:
    """Everyone else with an entry this person recorded."""
    found = set()
    for model in apps.get_models():
        if issubclass(model, PatientRecord):
            found.update(
                model.objects.filter(recorded_by=person)
                .exclude(patient=person)
                .values_list("patient_id", flat=True)
                .distinct()
            )
    return found


def has_own_records(person: User) -> bool:
    """Whether anything at all is recorded in this person's own records."""
    return any(
        model.objects.filter(patient=person).exists()
        for model in apps.get_models()
        if issubclass(model, PatientRecord)
    )
