"""Appointments and one-off reminders on the nights the clocks change (Europe/London, 2026).

On 29 March 01:00 to 01:59 never happen; on 25 October they happen twice, first BST
(UTC+1), then GMT. A time in the repeated hour is asked about; a skipped one is refused.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from django.db import models
from django.urls import reverse

from notes.models import Appointment, Reminder
from tests.conftest import new_token
from tests.toolkit.test_form_pack import Page

SPRING, AUTUMN = "2026-03-29", "2026-10-25"


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


FIRST_0130, SECOND_0130 = utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30)
ASKS = "01:30 on 25 October 2026 happens twice: say which one you mean."
SKIPPED = (
    "There is no 01:30 on Sunday 29 March 2026: the clocks go forward from 01:00 to 02:00. "
    "Enter a time before 01:00, or 02:00 or later."
)


@dataclass(frozen=True)
class Kind:
    """One of the notes forms that takes a local date and time."""

    model: type[models.Model]
    new_url: str
    day: str  # the names of its date and time fields
    time: str
    others: dict  # whatever else a valid form needs
    moment: str  # the model field the date and time set
    under: str = ""  # where its date and time are drawn

    def post(self, client, day: str, clock: str, **extra):
        data = {**self.others, self.day: day, self.time: clock, "token": new_token(), **extra}
        return client.post(self.new_url, data)

    def saved(self) -> list[datetime]:
        return [getattr(record, self.moment) for record in self.model.objects.all()]

    def make(self, patient, instant: datetime):
        if self.model is Appointment:
            return Appointment.objects.create(patient=patient, starts_at=instant, role="gp")
        return Reminder.objects.create(
            patient=patient, kind=Reminder.CUSTOM, message="Stretch", at=instant, times=[]
        )

    def edit_url(self, record) -> str:
        if self.model is Appointment:
            return reverse("notes_appointment_edit", args=[record.id])
        return reverse("notes_reminder", args=[record.id])


APPOINTMENT = Kind(
    Appointment,
    reverse("notes_appointment_new"),
    "day",
    "time",
    {"role": "neurologist"},
    "starts_at",
)
REMINDER = Kind(
    Reminder,
    reverse("notes_reminder_new") + "?kind=custom",
    "on_day",
    "at_time",
    {"message": "Take the bins out", "repeat": "once"},
    "at",
    under="#conditional-id_repeat_0",
)
KINDS = pytest.mark.parametrize("kind", [APPOINTMENT, REMINDER], ids=["appointment", "reminder"])


@pytest.fixture(autouse=True)
def before_both_nights(frozen):
    # One-off reminders must be in the future.
    return frozen(utc(2026, 3, 20, 12))


def question(page: Page, kind: Kind) -> list[str]:
    """The "Which 01:30?" question where the date and time are drawn: its legend and choices."""
    found = page.all(f"{kind.under} #div_id_{kind.time}_fold legend".strip())
    if not found:
        return []
    labels = page.all(f"#div_id_{kind.time}_fold label")
    return [" ".join("".join(e.itertext()).split()) for e in [*found, *labels]]


def as_sent(page: Page) -> dict[str, list[str]]:
    """What a browser sends for the record's form as it is drawn, touching nothing."""
    data: dict[str, list[str]] = {}
    form = page.all("main form[method=post]:not([action])")
    assert len(form) == 1
    for element in form[0].iter():
        name = element.get("name")
        if not name:
            continue
        if element.tag == "input":
            if element.get("type") in ("radio", "checkbox") and element.get("checked") is None:
                continue
            value = element.get("value", "")
        elif element.tag == "select":
            options = [o for o in element.iter("option") if o.get("selected") is not None]
            value = (options or list(element.iter("option")))[0].get("value", "")
        elif element.tag == "textarea":
            value = element.text or ""
        else:
            continue
        data.setdefault(name, []).append(value)
    return data


@KINDS
def test_a_time_in_the_hour_that_happens_twice_asks_which_and_saves_nothing(patient_client, kind):
    response = kind.post(patient_client, AUTUMN, "01:30")
    assert response.status_code == 200
    page = Page(response.content.decode())
    assert question(page, kind) == [
        "Which 01:30?",
        "The first time round (BST)",
        "The second time round (GMT)",
    ]
    assert page.text(".nhsuk-error-summary__list") == ASKS
    assert page.text(f"#id_{kind.time}_fold-error") == f"Error: {ASKS}"
    assert kind.saved() == []


@KINDS
@pytest.mark.parametrize(("fold", "expected"), [("0", FIRST_0130), ("1", SECOND_0130)])
def test_the_answer_decides_the_instant_saved(patient_client, kind, fold, expected):
    response = kind.post(patient_client, AUTUMN, "01:30", **{f"{kind.time}_fold": fold})
    assert response.status_code == 302
    assert kind.saved() == [expected]


@KINDS
@pytest.mark.parametrize(
    ("day", "clock", "expected"),
    [
        (AUTUMN, "00:30", utc(2026, 10, 24, 23, 30)),  # BST
        (AUTUMN, "02:30", utc(2026, 10, 25, 2, 30)),  # GMT
        (SPRING, "00:30", utc(2026, 3, 29, 0, 30)),  # GMT
        (SPRING, "02:30", utc(2026, 3, 29, 1, 30)),  # BST
        ("2026-10-24", "01:30", utc(2026, 10, 24, 0, 30)),  # the night before
    ],
)
def test_a_time_outside_the_repeated_hour_is_saved_without_a_question(
    patient_client, kind, day, clock, expected
):
    assert kind.post(patient_client, day, clock).status_code == 302
    assert kind.saved() == [expected]


@KINDS
@pytest.mark.parametrize(
    ("day", "clock", "asked"),
    [
        (AUTUMN, "00:59", False),
        (AUTUMN, "01:00", True),
        (AUTUMN, "01:59", True),
        (AUTUMN, "02:00", False),
        (SPRING, "01:30", False),  # refused instead: see below
        ("2026-10-24", "01:30", False),
    ],
)
def test_the_question_appears_only_for_a_time_in_the_repeated_hour(
    patient_client, kind, day, clock, asked
):
    # Something else is missing, so the form comes back whatever the time.
    missing = {"role": ""} if kind is APPOINTMENT else {"message": ""}
    response = kind.post(patient_client, day, clock, **missing)
    assert response.status_code == 200
    assert bool(question(Page(response.content.decode()), kind)) is asked


@KINDS
def test_a_new_form_does_not_ask(patient_client, kind):
    page = Page(patient_client.get(kind.new_url).content.decode())
    assert not page.all(f"#div_id_{kind.time}_fold")


@KINDS
def test_saving_a_record_from_the_second_time_round_unchanged_keeps_its_instant(
    patient_client, patient, kind
):
    record = kind.make(patient, SECOND_0130)
    page = Page(patient_client.get(kind.edit_url(record)).content.decode())
    assert question(page, kind)[0] == "Which 01:30?"
    assert page.one(f"#id_{kind.time}_fold_1").get("checked") is not None
    assert page.one(f"#id_{kind.time}_fold_0").get("checked") is None

    response = patient_client.post(kind.edit_url(record), as_sent(page))
    assert response.status_code == 302
    record.refresh_from_db()
    assert getattr(record, kind.moment) == SECOND_0130


@KINDS
def test_a_time_the_clocks_skip_is_refused_with_a_message_and_nothing_saved(patient_client, kind):
    response = kind.post(patient_client, SPRING, "01:30")
    assert response.status_code == 200
    page = Page(response.content.decode())
    assert page.text(".nhsuk-error-summary__list") == SKIPPED
    assert page.one(".nhsuk-error-summary__list a").get("href") == f"#id_{kind.time}"
    assert page.text(f"{kind.under} #id_{kind.time}-error".strip()) == f"Error: {SKIPPED}"
    assert kind.saved() == []


@KINDS
def test_moving_a_record_to_a_time_the_clocks_skip_leaves_it_where_it_was(
    patient_client, patient, kind
):
    record = kind.make(patient, SECOND_0130)
    data = {**kind.others, kind.day: SPRING, kind.time: "01:30"}
    assert patient_client.post(kind.edit_url(record), data).status_code == 200
    record.refresh_from_db()
    assert getattr(record, kind.moment) == SECOND_0130


# The next night the clocks go back, so that the appointment is still to come.
FIRST_0130_2027, SECOND_0130_2027 = utc(2027, 10, 31, 0, 30), utc(2027, 10, 31, 1, 30)


@pytest.mark.parametrize(
    ("instant", "shown"), [(FIRST_0130_2027, "01:30 (BST)"), (SECOND_0130_2027, "01:30 (GMT)")]
)
def test_pages_say_which_0130_a_record_is_at(patient_client, patient, instant, shown):
    appointment = Appointment.objects.create(patient=patient, starts_at=instant, role="gp")
    Reminder.objects.create(
        patient=patient, kind=Reminder.CUSTOM, message="Stretch", at=instant, times=[]
    )
    when = f"Sunday 31 October 2027, {shown}"
    for url in (reverse("notes_home"), reverse("notes_reminders")):
        assert when in patient_client.get(url).text, url
    assert f"Sun 31 Oct 2027, {shown}" in patient_client.get(reverse("notes_appointments")).text
    assert when in patient_client.get(appointment.get_absolute_url()).text
