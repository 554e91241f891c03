"""The tracker's keys of the data document: medications, doses, episodes, diary, meals.

Registered with `toolkit.portability` when the app loads. Ids are kept when they are
free (so moving to another server keeps them) and replaced when taken.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError

from notes.api import medication_renumbered
from toolkit.models import User
from toolkit.portability import (
    DataError,
    ImportContext,
    Item,
    free_ids,
    instant_text,
    items,
    record_id,
    recorder_addresses,
)
from tracker import diary, schedule, slots
from tracker.models import (
    NOTE_LIMIT,
    SCHEDULE_TIME,
    BodySite,
    DiaryEntry,
    DiaryState,
    Dose,
    Meal,
    Medication,
    MotorState,
    Relief,
    Severity,
    Side,
    SymptomEpisode,
)

KEYS = ("medications", "doses", "episodes", "diary", "meals")
# A row's "Taken" files a dose against one of that day's times, however late or early.
MAX_LATENESS = timedelta(days=1)


def export(patient: User) -> dict[str, list]:
    recorded_by = recorder_addresses(patient)

    def provenance(record) -> dict:
        return {
            "recorded_at": instant_text(record.recorded_at, patient),
            "recorded_by": recorded_by(record.recorded_by),
        }

    return {
        "medications": [
            {"id": str(m.pk), "name": m.name, "dose": m.dose, "schedule": m.schedule}
            | {"as_needed": m.as_needed, "stopped_at": instant_text(m.stopped_at, patient)}
            | {
                "earlier_schedules": [
                    {
                        "schedule": earlier["schedule"],
                        "until": instant_text(datetime.fromisoformat(earlier["until"]), patient),
                    }
                    # Left out where it was not kept: it was then the next one's.
                    | ({"dose": earlier["dose"]} if "dose" in earlier else {})
                    for earlier in m.earlier_schedules
                ]
            }
            | provenance(m)
            for m in Medication.objects.for_patient(patient).order_by("recorded_at", "pk")
        ],
        "doses": [
            {
                "id": str(d.pk),
                "medication_id": str(d.medication_id),
                "taken_at": instant_text(d.taken_at, patient),
                "scheduled_for": instant_text(d.scheduled_for, patient),
            }
            | provenance(d)
            for d in Dose.objects.for_patient(patient)
        ],
        "episodes": [
            {
                "id": str(e.pk),
                "started_at": instant_text(e.started_at, patient),
                "ended_at": instant_text(e.ended_at, patient),
                "body_sites": e.body_sites,
                "side": e.side or None,
                "severity": e.severity,
                "pain": e.pain,
                "motor_state": e.motor_state,
                "relief": e.relief,
                "note": e.note,
            }
            | provenance(e)
            for e in SymptomEpisode.objects.for_patient(patient)
        ],
        "diary": [
            {"slot_start": instant_text(e.slot_start, patient), "state": e.state} | provenance(e)
            for e in DiaryEntry.objects.for_patient(patient)
        ],
        "meals": [
            {
                "id": str(m.pk),
                "eaten_at": instant_text(m.eaten_at, patient),
                "protein_rich": m.protein_rich,
            }
            | provenance(m)
            for m in Meal.objects.for_patient(patient)
        ],
    }


def load(context: ImportContext, document: dict) -> None:
    patient = context.patient
    medications = load_medications(context, document)
    load_doses(context, document, medications)
    load_episodes(context, document)
    load_diary(context, document)
    meals = items(document, "meals", context, "a meal")
    free = free_ids(Meal, meals)
    Meal.objects.bulk_create(
        Meal(
            id=record_id(item, free),
            patient=patient,
            eaten_at=happened(item, "eaten_at"),
            protein_rich=item.boolean("protein_rich"),
            **item.provenance(),
        )
        for item in meals
    )


def happened(item: Item, key: str, *, required: bool = True) -> datetime | None:
    """An instant that has come, as the forms take one: only what happened is recorded."""
    instant = item.instant(key, required=required)
    if instant is not None and not slots.has_begun(instant, item.context.now):
        raise DataError(item.here(key), f"{item.raw(key)!r} is still to come")
    return instant


def load_medications(context: ImportContext, document: dict) -> dict[str, Medication]:
    """Create the medications; returns them by the id the document gave them."""
    found = items(document, "medications", context, "a medication")
    free = free_ids(Medication, found)
    by_document_id = {}
    # As the app keeps them: one medicine of a name taken now, or every dose shows twice.
    taken_now = set(
        Medication.objects.for_patient(context.patient).active().values_list("name", flat=True)
    )
    for item in found:
        name = item.text("name", max_length=100)
        if item.raw("stopped_at", required=False) is None:
            if name in taken_now:
                raise DataError(item.here("name"), f"{name!r} is a medicine taken now already")
            taken_now.add(name)
        medication = Medication.objects.create(
            id=record_id(item, free),
            patient=context.patient,
            name=name,
            dose=item.text("dose", max_length=100, required=False),
            schedule=schedule_of(item),
            earlier_schedules=earlier_schedules_of(item),
            as_needed=item.boolean("as_needed"),
            stopped_at=item.instant("stopped_at", required=False),
            **item.provenance(),
        )
        if (document_id := item.uuid()) is not None:
            by_document_id[str(document_id)] = medication
            if document_id != medication.pk:  # its id was taken here: its imported reminders follow
                medication_renumbered(context.patient, document_id, medication.pk, context.saved)
        medication.tell_reminders()
    return by_document_id


def schedule_of(item: Item) -> list[str]:
    times = item.raw("schedule", required=False) or []
    if not isinstance(times, list):
        raise DataError(item.here("schedule"), "must be a list of times")
    for n, clock in enumerate(times):
        if not isinstance(clock, str) or not SCHEDULE_TIME.fullmatch(clock):
            raise DataError(f"{item.here('schedule')}[{n}]", f"{clock!r} is not a time HH:MM")
    # No cap of notes.api.MAX_TIMES here: medicines saved before there was one may have
    # more times, and every download must import again.
    return sorted(set(times))


def earlier_schedules_of(item: Item) -> list[dict]:
    """The schedules a medication had before, each ending after the one before it, with the
    dose it had where one is given."""
    found = item.raw("earlier_schedules", required=False) or []
    if not isinstance(found, list):
        raise DataError(item.here("earlier_schedules"), "must be a list")
    earlier, last = [], None
    for n, data in enumerate(found):
        place = f"{item.here('earlier_schedules')}[{n}]"
        period = Item(data, place, item.context, "an earlier schedule")
        until = period.instant("until")
        if last is not None and until <= last:
            raise DataError(period.here("until"), "must be after the one before it")
        entry = {"schedule": schedule_of(period), "until": until.isoformat()}
        if period.raw("dose", required=False) is not None:  # else the next one's
            entry["dose"] = period.text("dose", max_length=100, required=False)
        earlier.append(entry)
        last = until
    return earlier


def load_doses(context: ImportContext, document: dict, medications: dict[str, Medication]):
    found = items(document, "doses", context, "a dose")
    free = free_ids(Dose, found)
    mine = {str(m.pk): m for m in Medication.objects.for_patient(context.patient)}
    doses = []
    filed = defaultdict(set)  # medication id → the times its doses so far are for
    for item in found:
        medication_id = str(item.uuid("medication_id") or "")
        medication = medications.get(medication_id) or mine.get(medication_id)
        if medication is None:
            raise DataError(item.here("medication_id"), "names no medication in the document")
        taken_at = happened(item, "taken_at")
        times = filed[medication.pk]
        dose = Dose(
            id=record_id(item, free),
            patient=context.patient,
            medication=medication,
            taken_at=taken_at,
            scheduled_for=scheduled_for(item, medication, taken_at, context.patient.zone, times),
            **item.provenance(),
        )
        times.add(dose.scheduled_for)
        doses.append(dose)
    Dose.objects.bulk_create(doses)


def scheduled_for(
    item: Item, medication: Medication, taken_at: datetime, zone, filed: set[datetime]
) -> datetime | None:
    """The scheduled time a dose was for, as exported (null: not a scheduled dose).

    A document without the key (one written by hand) has each dose matched to the
    nearest scheduled time no earlier dose in it is for, as "I took it now" would be.
    """
    if not item.has("scheduled_for"):
        return schedule.match(medication, taken_at, zone, filed)
    instant = item.instant("scheduled_for", required=False)
    if instant is not None and abs(instant - taken_at) > MAX_LATENESS:
        raise DataError(item.here("scheduled_for"), "is more than a day from taken_at")
    return instant


def load_episodes(context: ImportContext, document: dict) -> None:
    found = items(document, "episodes", context, "an episode")
    free = free_ids(SymptomEpisode, found)
    episodes = []
    for item in found:
        started_at = happened(item, "started_at")
        ended_at = happened(item, "ended_at", required=False)
        if ended_at is not None and ended_at < started_at:
            raise DataError(item.here("ended_at"), "is before started_at")
        episodes.append(
            SymptomEpisode(
                id=record_id(item, free),
                patient=context.patient,
                started_at=started_at,
                ended_at=ended_at,
                body_sites=item.choice_list("body_sites", BodySite.values),
                side=item.choice("side", Side.values, required=False),
                severity=item.choice("severity", Severity.values),
                pain=item.integer("pain", 0, 10),
                motor_state=item.choice("motor_state", MotorState.values),
                relief=relief_of(item),
                note=item.text("note", max_length=NOTE_LIMIT, required=False),
                **item.provenance(),
            )
        )
    SymptomEpisode.objects.bulk_create(episodes)


def relief_of(item: Item) -> list[str]:
    relief = item.choice_list("relief", Relief.values)
    if Relief.contradictory(relief):  # as the form refuses it
        raise DataError(item.here("relief"), "gives nothing with what helped: choose one")
    return relief


def load_diary(context: ImportContext, document: dict) -> None:
    patient = context.patient
    entries, places = {}, {}
    for item in items(document, "diary", context, "a diary half-hour"):
        slot_start = item.instant("slot_start")
        state = item.choice("state", DiaryState.values)
        try:
            diary.check_slot(patient, slot_start, state, any_zone=True)
        except ValidationError as error:
            raise DataError(item.here("slot_start"), error.messages[0]) from None
        if slot_start in entries:
            raise DataError(item.here("slot_start"), "this half-hour is given twice")
        entries[slot_start] = DiaryEntry(
            patient=patient, slot_start=slot_start, state=state, **item.provenance()
        )
        places[slot_start] = item.here("slot_start")
    recorded = DiaryEntry.objects.filter(patient=patient, slot_start__in=list(entries))
    first = recorded.order_by("slot_start").values_list("slot_start", flat=True).first()
    if first is not None:
        raise DataError(places[first], "this half-hour is recorded in the account already")
    DiaryEntry.objects.bulk_create(entries.values())
