"""A person's records as one JSON document: "Download my data" and `importrecords`.

The toolkit knows no feature app. Each app registers, when it loads, the top-level
keys it owns with a function that exports them and one that loads them back
(`register` in its `AppConfig.ready`); the toolkit's own, the person's name and time
zones, are at the end of this module. The format is described in docs/data-format.md.
"""

import difflib
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from toolkit.lib.local_time import FIRST_DAY, LAST_DAY
from toolkit.models import CareGrant, TimeZoneChange, User, validate_one_line, validate_time_zone
from toolkit.records_version import name_changed, records_changed

FORMAT = "parkinsons-toolkit"
VERSION = 1
# A year of dense records is a few megabytes; anything far larger is not ours.
MAX_BYTES = 20 * 1024 * 1024
# Instants outside these years are mistakes; near years 1 and 9999 they cannot even be
# converted to UTC.
EARLIEST = datetime.combine(FIRST_DAY, time(), UTC)
LATEST = datetime.combine(LAST_DAY + timedelta(days=1), time(), UTC)
OUTSIDE_YEARS = f"is not between the years {FIRST_DAY.year} and {LAST_DAY.year}"
ALREADY_HERE = (
    "this record is in the account already: the file was imported into it before, or "
    "downloaded from it"
)


class DataError(ValueError):
    """A problem with one place in the document: `episodes[3].severity: ...`."""

    def __init__(self, place: str, problem: str):
        super().__init__(f"{place}: {problem}" if place else problem)


@dataclass
class ImportContext:
    """What every loader needs: whose records, who imports them, and account lookups."""

    patient: User
    importer: User
    # The address of the account the document was downloaded from: what its person
    # recorded themselves stays their own, whatever their address here.
    owner: str = ""
    now: datetime = field(default_factory=timezone.now)
    # The ids of the records saved so far: a part that renumbers a record moves only the
    # references this import made to it, never those the account already had.
    saved: set[uuid.UUID] = field(default_factory=set)
    given: set[uuid.UUID] = field(default_factory=set)  # the document's ids read so far
    # The records read so far whose every key must have been read (`Item.check_all_read`).
    records: list["Item"] = field(default_factory=list)
    _people: dict[str, User | None] = field(default_factory=dict)

    def person(self, email: str) -> User | None:
        """The account with that address, or None when it has none here.

        Only the patient and the people they share (or once shared) their records with:
        a document may name anyone, and the app shows the name of who recorded a record.
        """
        if self.owner and email.lower() == self.owner.lower():
            return self.patient
        if email not in self._people:
            self._people[email] = (
                User.objects.filter(email__iexact=email)
                .filter(Q(pk=self.patient.pk) | Q(grants_received__patient=self.patient))
                .distinct()
                .first()
            )
        return self._people[email]


@dataclass(frozen=True)
class Part:
    keys: tuple[str, ...]
    export: Callable[[User], dict]
    load: Callable[[ImportContext, dict], None]


PARTS: list[Part] = []


def not_imported(context: ImportContext, document: dict) -> None:
    """The loader of keys that are downloaded only: what happened where the document was
    kept (access given, a log, emails sent) is not made to have happened here."""


def register(keys: Iterable[str], export, load) -> None:
    keys = tuple(keys)
    taken = {key for part in PARTS for key in part.keys}
    if taken & set(keys):
        raise ValueError(f"keys already registered: {sorted(taken & set(keys))}")
    PARTS.append(Part(keys, export, load))


def export_document(patient: User) -> dict:
    document = {
        "format": FORMAT,
        "version": VERSION,
        "email": patient.email,
        "time_zone": patient.time_zone,
    }
    for part in PARTS:
        document.update(part.export(patient))
    return document


def check_header(document) -> None:
    if not isinstance(document, dict):
        raise DataError("", "the document must be a JSON object")
    if document.get("format") != FORMAT:
        raise DataError("format", f"expected {FORMAT!r}")
    if document.get("version") != VERSION:
        raise DataError("version", f"{document.get('version')!r} is not a version we read (1)")
    known = {"format", "version", "email", "time_zone"} | {k for part in PARTS for k in part.keys}
    unknown = sorted(set(document) - known)
    if unknown:
        raise DataError(unknown[0], "is not a key of this format")
    owner = document.get("email", "")
    if not isinstance(owner, str) or (owner and "@" not in owner):
        raise DataError("email", f"{owner!r} is not an email address")


def import_document(document, patient: User, importer: User) -> None:
    """Load every part of the document for the patient, all or nothing."""
    check_header(document)
    context = ImportContext(patient, importer, owner=document.get("email", ""))
    with transaction.atomic():
        for part in PARTS:
            part.load(context, document)
            # Once a part has read its records: a key it never asked for is a misspelling
            # (or a field of another kind of record), whose value would be lost unseen.
            for record in context.records:
                record.check_all_read()
            context.records.clear()
        records_changed(patient.pk)


# Reading one item of a list, naming the place of any problem.


class Item:
    """One record of the document. `kind` ("a dose") names it when a key is not one of
    its own; without it (the document itself, whose keys `check_header` checks) its keys
    are not checked."""

    def __init__(self, data, place: str, context: ImportContext, kind: str = ""):
        if not isinstance(data, dict):
            raise DataError(place, "must be an object")
        self.data = data
        self.place = place
        self.context = context
        self.kind = kind
        self.read: set[str] = set()  # every key asked for, given or not
        if kind:
            context.records.append(self)

    def here(self, key: str) -> str:
        return f"{self.place}.{key}" if self.place else key

    def ignore(self, *keys: str) -> None:
        """Keys the document may carry that this import does not take."""
        self.read.update(keys)

    def check_all_read(self) -> None:
        for key in self.data:
            if key not in self.read:
                # Quoted when it is not a plain name: "taken_at " would read as taken_at.
                named = "" if key.isidentifier() else f"{key!r} "
                meant = difflib.get_close_matches(key, self.read, n=1)
                hint = f"; did you mean {meant[0]}?" if meant else ""
                raise DataError(self.here(key), f"{named}is not a key of {self.kind}{hint}")

    def has(self, key: str) -> bool:
        """Whether the record gives the key, even as null."""
        self.read.add(key)
        return key in self.data

    def raw(self, key: str, *, required: bool = True):
        self.read.add(key)
        if key not in self.data or (self.data[key] is None and required):
            if required:
                # "taken_at " or "Taken_at" looks like the key it is not.
                lookalike = [k for k in self.data if k != key and k.strip().lower() == key]
                given = f" ({lookalike[0]!r} is not {key})" if lookalike else ""
                raise DataError(self.here(key), f"is required{given}")
            return None
        return self.data[key]

    def text(self, key: str, *, max_length: int, required: bool = True) -> str:
        value = self.raw(key, required=required)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise DataError(self.here(key), f"{value!r} is not text")
        if required and not value.strip():  # as its form: a medicine, question… needs words
            raise DataError(self.here(key), "is empty")
        check_storable(value, self.here(key))
        if len(value) > max_length:
            raise DataError(self.here(key), f"is longer than {max_length} characters")
        return value

    def boolean(self, key: str, *, default: bool = False) -> bool:
        value = self.raw(key, required=False)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise DataError(self.here(key), f"{value!r} is not true or false")
        return value

    def choice(self, key: str, choices: Iterable[str], *, required: bool = True) -> str:
        choices = list(choices)
        value = self.raw(key, required=required)
        if value is None:
            return ""
        if value not in choices:
            raise DataError(self.here(key), f"{value!r} is not one of {', '.join(choices)}")
        return value

    def choice_list(self, key: str, choices: Iterable[str]) -> list[str]:
        choices = list(choices)
        value = self.raw(key, required=False) or []
        if not isinstance(value, list):
            raise DataError(self.here(key), "must be a list")
        for n, item in enumerate(value):
            if item not in choices:
                raise DataError(
                    f"{self.here(key)}[{n}]", f"{item!r} is not one of {', '.join(choices)}"
                )
            if item in value[:n]:  # a box of the form is ticked once
                raise DataError(f"{self.here(key)}[{n}]", f"{item!r} is given twice")
        return value

    def integer(self, key: str, low: int, high: int) -> int | None:
        value = self.raw(key, required=False)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise DataError(self.here(key), f"{value!r} is not a whole number from {low} to {high}")
        return value

    def instant(self, key: str, *, required: bool = True) -> datetime | None:
        parsed = self._iso(key, datetime.fromisoformat, "an ISO 8601 date and time", required)
        if parsed is None:
            return None
        if timezone.is_naive(parsed):
            raise DataError(self.here(key), f"{self.raw(key)!r} has no UTC offset")
        # Within a day of the calendar's ends, the instant may have no UTC equivalent.
        if not EARLIEST <= parsed <= LATEST:
            raise DataError(self.here(key), f"{self.raw(key)!r} {OUTSIDE_YEARS}")
        return parsed.astimezone(UTC)

    def day(self, key: str, *, required: bool = True) -> date | None:
        parsed = self._iso(key, date.fromisoformat, "a date YYYY-MM-DD", required)
        # Near years 1 and 9999 a day may have no day before or after it, nor an instant
        # in every zone: a reminder's calendar could not be worked out.
        if parsed is not None and not FIRST_DAY <= parsed <= LAST_DAY:
            raise DataError(self.here(key), f"{self.raw(key)!r} {OUTSIDE_YEARS}")
        return parsed

    def _iso(self, key: str, parse, what: str, required: bool):
        """The value at `key` read by `parse`, or None when it is missing."""
        value = self.raw(key, required=required)
        if value is None:
            return None
        try:
            parsed = parse(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is None:
            raise DataError(self.here(key), f"{value!r} is not {what}")
        return parsed

    def uuid(self, key: str = "id") -> uuid.UUID | None:
        value = self.raw(key, required=False)
        if value is None:
            return None
        try:
            return uuid.UUID(str(value))
        except ValueError:
            raise DataError(self.here(key), f"{value!r} is not a UUID") from None

    def provenance(self) -> dict:
        """recorded_at and recorded_by; when left out, now and the importing account."""
        recorded_at = self.instant("recorded_at", required=False) or self.context.now
        if not self.has("recorded_by"):
            return {"recorded_at": recorded_at, "recorded_by": self.context.importer}
        email = self.data["recorded_by"]
        if email is None:  # exported as unknown, kept unknown
            return {"recorded_at": recorded_at, "recorded_by": None}
        if not isinstance(email, str):
            raise DataError(self.here("recorded_by"), f"{email!r} is not an email address")
        check_storable(email, self.here("recorded_by"))
        return {"recorded_at": recorded_at, "recorded_by": self.context.person(email)}


def check_storable(text: str, place: str) -> None:
    """Refuse what a database cannot keep: NUL characters and lone surrogates
    (JSON's "\\ud800"), which no UTF-8 text contains."""
    if "\x00" in text:
        raise DataError(place, "contains a NUL character")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise DataError(place, "is not valid Unicode text") from None


def items(document: dict, key: str, context: ImportContext, kind: str) -> list[Item]:
    """The list under `key` (missing means empty), each item knowing its place and what
    kind of record it is ("a dose")."""
    value = document.get(key, [])
    if not isinstance(value, list):
        raise DataError(key, "must be a list")
    return [Item(data, f"{key}[{n}]", context, kind) for n, data in enumerate(value)]


def instant_text(instant: datetime | None, patient: User) -> str | None:
    """An instant as ISO 8601 with the patient's own offset (readable, and exact)."""
    return instant.astimezone(patient.zone).isoformat() if instant else None


def recorder_addresses(patient: User) -> Callable[[User | None], str | None]:
    """Who recorded a record, by the address the patient knows them by: their own, and a
    carer's the one the patient invited (the latest, if more than one). A later address of
    the carer's is not the patient's to learn; None for someone else or no one."""
    invited = dict(
        CareGrant.objects.filter(patient=patient, carer__isnull=False)
        .order_by("invited_at")
        .values_list("carer_id", "email")
    )

    def address(recorder: User | None) -> str | None:
        if recorder is None:
            return None
        return patient.email if recorder.pk == patient.pk else invited.get(recorder.pk)

    return address


def copy_id(patient: User, given: uuid.UUID) -> uuid.UUID:
    """The id a record gets in this account when the document's id is another's.

    Always the same for the same account and id, so the copy is recognised when the file
    is imported there again, and another account makes its own copy.
    """
    return uuid.uuid5(patient.pk, str(given))


def free_ids(model, wanted: list[Item]) -> set[uuid.UUID]:
    """The ids this import may give records of this kind (one query): those in the
    document that no record has yet, and the account's copy ids of those that are taken.

    A record the account itself has already, under the document's id or its copy id, means
    the file was imported into it before, or downloaded from it: loading it again would give
    two of everything, and send every reminder twice, so it is refused.
    """
    if not wanted:
        return set()
    patient = wanted[0].context.patient
    ids = {item.uuid() for item in wanted} - {None}
    usable = ids | {copy_id(patient, given) for given in ids}
    taken = dict(model.objects.filter(pk__in=usable).values_list("pk", "patient_id"))
    for item in wanted:
        given = item.uuid()
        if given is not None and patient.pk in (
            taken.get(given),
            taken.get(copy_id(patient, given)),
        ):
            raise DataError(item.here("id"), ALREADY_HERE)
    return usable - set(taken)


def record_id(item: Item, free: set[uuid.UUID]) -> uuid.UUID:
    """The document's id for this record while it is free, else the account's copy id.

    An id the document gives twice is refused: a dose, question or reminder naming it would
    belong to whichever record came last, silently."""
    given = item.uuid()
    if given is None:
        return uuid.uuid4()
    if given in item.context.given:
        raise DataError(item.here("id"), "another record of the document has this id too")
    item.context.given.add(given)
    for candidate in (given, copy_id(item.context.patient, given)):
        if candidate in free:
            free.discard(candidate)
            return candidate
    return uuid.uuid4()


# The toolkit's own part: the person themselves.

PERSON_KEYS = ("display_name", "time_zone_changes")


def export_person(patient: User) -> dict:
    changes = TimeZoneChange.objects.filter(person=patient).order_by("changed_at", "pk")
    return {
        "display_name": patient.display_name,
        "time_zone_changes": [
            {"earlier": change.earlier, "changed_at": instant_text(change.changed_at, patient)}
            for change in changes
        ],
    }


def load_person(context: ImportContext, document: dict) -> None:
    """The name, for an account that has none (never one it has), and the zones the
    person lived by before, so the summary still says which days were on another clock."""
    patient = context.patient
    longest = User._meta.get_field("display_name").max_length
    person = Item(document, "", context)
    name = person.text("display_name", max_length=longest, required=False)
    try:
        validate_one_line(name)  # as the forms ask: it is written into emails' plain text
    except ValidationError as error:
        raise DataError(person.here("display_name"), error.messages[0]) from None
    if name.strip() and not patient.display_name:
        patient.display_name = name.strip()
        patient.save(update_fields=["display_name"])
        name_changed(patient)
    # The same change given twice (the same file imported again) is kept once.
    kept = set(TimeZoneChange.objects.filter(person=patient).values_list("earlier", "changed_at"))
    changes = []
    for item in items(document, "time_zone_changes", context, "a change of time zone"):
        earlier = item.text(
            "earlier", max_length=TimeZoneChange._meta.get_field("earlier").max_length
        )
        try:
            validate_time_zone(earlier)
        except ValidationError:
            raise DataError(item.here("earlier"), f"{earlier!r} is not an IANA time zone") from None
        changed_at = item.instant("changed_at")
        if (earlier, changed_at) not in kept:
            kept.add((earlier, changed_at))
            changes.append(TimeZoneChange(person=patient, earlier=earlier, changed_at=changed_at))
    TimeZoneChange.objects.bulk_create(changes)
