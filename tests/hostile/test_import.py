"""importrecords with hostile documents: it imports, or stops with its own message and
leaves nothing behind, whatever the file holds."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from hypothesis import example, given
from hypothesis import strategies as st

from notes.calendar import feed
from tests.hostile.conftest import HOSTILE, ODD_ZONES, snapshot
from toolkit import portability
from toolkit.models import User
from tracker.summary import zone_notes

INSTANTS = [
    "2026-07-01T07:05:00+01:00",
    "2026-07-01T06:00:00Z",
    "2026-03-29T01:30:00+00:00",
    "2026-10-25T01:30:00+01:00",
    "0001-01-01T00:00:00+05:00",
    "0001-01-01T00:00:00-05:00",
    "9999-12-31T23:59:59-05:00",
    "9999-12-31T23:59:59+14:00",
    "2026-07-01T07:05:00",
    "2026-07-01",
    "2026-07-01T07:05:00+24:00",
]
# Text of every kind JSON can carry: NULs, lone surrogates (as \ud800 escapes), huge.
hostile_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["\x00", "a\x00b", "\ud800", "x\udfff", "\u202e", "😀" * 300, "a" * 20_000]),
)
scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    hostile_text,
    st.sampled_from(INSTANTS),
    st.uuids().map(str),
)


def containers(inner: st.SearchStrategy) -> st.SearchStrategy:
    return st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)


anything = st.recursive(scalar, containers, max_leaves=8)
MEDICATION_ID = "7d8c7f3e-3b1f-4a51-9a89-3f0c1b2d4e5f"
# Each list's fields, with sensible values mixed in so items get as far as saving.
FIELDS = {
    "medications": {
        "id": [MEDICATION_ID],
        "name": ["Co-careldopa"],
        "dose": ["1 tablet"],
        "schedule": [["07:00", "19:00"], ["25:00"], "07:00"],
        "as_needed": [True],
    },
    "doses": {
        "medication_id": [MEDICATION_ID],
        "taken_at": INSTANTS,
        "recorded_by": ["mary@example.com", None, "a\x00@x"],
    },
    "episodes": {
        "started_at": INSTANTS,
        "ended_at": INSTANTS,
        "body_sites": [["foot"], ["foot", "foot"]],
        "side": ["left", "none"],
        "severity": ["mild"],
        "pain": [0, 10, 11, True],
        "motor_state": ["off"],
        "relief": [["warmth"]],
        "note": ["Cramp"],
        "recorded_at": INSTANTS,
    },
    "diary": {"slot_start": INSTANTS, "state": ["on", "asleep"]},
    "meals": {"eaten_at": INSTANTS, "protein_rich": [True, "yes"]},
    "questions": {"text": ["Why?"], "status": ["to_ask", "asked"], "answer": [""]},
    "notes": {
        "written_on": ["2025-01-01", "0001-01-01", "9999-12-31"],
        "title": ["T"],
        "text": ["x"],
    },
    "appointments": {"id": [MEDICATION_ID], "starts_at": INSTANTS, "role": ["gp"]},
    "contacts": {"name": ["Helpline"], "email": ["a@b.org"], "website": ["javascript:x"]},
    "reminders": {
        "kind": ["custom", "medication", "appointment", "tracking"],
        "times": [["08:00"], ["8am"]],
        "weekdays": [[0, 6], [7], None],
        "at": INSTANTS,
        "medication_id": [MEDICATION_ID],
        "starts_on": ["2026-01-01", "0001-01-01"],
        "ends_on": ["9999-12-31"],
        "message": ["Stretch"],
    },
    "time_zone_changes": {
        "earlier": [*ODD_ZONES, "Mars/Olympus", "", "europe/london"],
        "changed_at": INSTANTS,
    },
}


def item(fields: dict) -> st.SearchStrategy:
    optional = {
        name: st.one_of(st.sampled_from(good), st.sampled_from(good), hostile_text, scalar)
        for name, good in fields.items()
    }
    return st.fixed_dictionaries({}, optional=optional) | anything


def registered(key: str) -> bool:
    return any(key in part.keys for part in portability.PARTS)


documents = (
    st.fixed_dictionaries(
        {
            "format": st.sampled_from([portability.FORMAT, portability.FORMAT, "other", None]),
            "version": st.sampled_from([portability.VERSION, portability.VERSION, 2, "1", True]),
        },
        optional={
            "time_zone": st.sampled_from([*ODD_ZONES, "Mars/Olympus", "", "\x00", None, 1]),
            **{
                key: st.lists(item(fields), max_size=3) | anything
                for key, fields in FIELDS.items()
                if registered(key)
            },
            "display_name": st.one_of(st.sampled_from(["Mary Jones", ""]), hostile_text, scalar),
            "unknown": anything,
        },
    )
    | anything
)


def run_import(path, text: str, **options) -> bool:
    """True when it imported; False when it stopped cleanly and nothing changed."""
    path.write_text(text, encoding="utf-8")
    before = snapshot()
    try:
        call_command("importrecords", str(path), stdout=io.StringIO(), **options)
    except CommandError:
        assert snapshot() == before, "a refused import left rows behind"
        return False
    return True


@pytest.mark.parametrize("create", [False, True], ids=["existing account", "--create"])
def test_hostile_documents_import_or_stop_cleanly_with_nothing_left_behind(
    patient, tmp_path, create
):
    path = tmp_path / "records.json"
    email = "new@example.org" if create else patient.email

    @HOSTILE
    @given(document=documents)
    @example(
        document={
            "format": portability.FORMAT,
            "version": 1,
            "meals": [{"eaten_at": "0001-01-01T00:00:00+05:00"}],
        }
    )
    @example(
        document={
            "format": portability.FORMAT,
            "version": 1,
            "meals": [{"eaten_at": "9999-12-31T23:59:59-05:00"}],
        }
    )
    @example(
        document={
            "format": portability.FORMAT,
            "version": 1,
            "episodes": [
                {
                    "started_at": "2026-07-01T07:05:00Z",
                    "severity": "mild",
                    "motor_state": "off",
                    "note": "a\x00b",
                }
            ],
        }
    )
    @example(
        document={"format": portability.FORMAT, "version": 1, "medications": [{"name": "x\ud800"}]}
    )
    @example(
        document={
            "format": portability.FORMAT,
            "version": 1,
            "doses": [{"medication_id": 1}],
            "time_zone": "\x00",
        }
    )
    @example(
        document={
            "format": portability.FORMAT,
            "version": 1,
            "reminders": [{"kind": "custom", "times": ["08:00"], "starts_on": "0001-01-01"}],
        }
    )
    def check(document):
        if run_import(path, json.dumps(document), user=email, create=create):
            # What it imported can be shown: the calendar works out every reminder's days,
            # the summary says which days were lived on another clock.
            person = User.objects.get(email=email)
            feed(person)
            zone_notes(person, portability.EARLIEST, portability.LATEST, [portability.EARLIEST])

    check()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{",
        "\ufeff{}",
        "[" * 100_000 + "]" * 100_000,
        '{"format": "parkinsons-toolkit", "version": 1e999}',
        '{"version": NaN}',
        "1" * 5000,
    ],
    ids=[
        "empty",
        "truncated",
        "byte-order mark",
        "deeply nested",
        "infinite",
        "NaN",
        "huge number",
    ],
)
def test_files_that_are_not_json_documents_stop_cleanly(patient, tmp_path, text):
    assert run_import(tmp_path / "records.json", text, user=patient.email) is False


def test_a_file_that_is_not_utf8_stops_cleanly_saying_how_to_save_it(patient, tmp_path):
    path = tmp_path / "records.json"
    # A name saved by an editor in Windows-1252: "M\u00e1ire".
    path.write_bytes('{"display_name": "M\u00e1ire"}'.encode("cp1252"))
    with pytest.raises(CommandError) as refused:
        call_command("importrecords", str(path), user=patient.email)
    assert str(refused.value) == (
        f"{path} is not UTF-8 text (byte 20 is not): save it as UTF-8 and import it again."
    )


def test_a_file_over_the_size_limit_is_refused_unread(patient, tmp_path, monkeypatch):
    path = tmp_path / "records.json"
    with path.open("wb") as file:
        file.truncate(portability.MAX_BYTES + 1)  # sparse: no disk needed
    monkeypatch.setattr("pathlib.Path.read_bytes", lambda self: pytest.fail("it read the file"))
    before = snapshot()
    with pytest.raises(CommandError, match="larger than 20 MB"):
        call_command("importrecords", str(path), user=patient.email)
    assert snapshot() == before


def reminded(medicine: dict) -> dict:
    """A document with one medicine and a reminder that follows it."""
    return {
        "medications": [{"id": MEDICATION_ID, "schedule": ["08:00"]} | medicine],
        "reminders": [{"kind": "medication", "medication_id": MEDICATION_ID, "times": ["08:00"]}],
    }


@pytest.mark.parametrize("create", [False, True], ids=["existing account", "--create"])
@pytest.mark.parametrize(
    ("document", "message"),
    [
        ({"medications": 5}, "medications: must be a list"),
        ({"medications": True}, "medications: must be a list"),
        ({"medications": 1.5}, "medications: must be a list"),
        (reminded({}) | {"medications": 5}, "medications: must be a list"),
        (reminded({"name": "a\ud800b"}), r"medications\[0\]\.name: is not valid Unicode text"),
        (reminded({"name": "a\x00b"}), r"medications\[0\]\.name: contains a NUL character"),
        (reminded({"name": "x" * 300}), r"medications\[0\]\.name: is longer than 100 characters"),
        (reminded({"name": {"x": 1}}), r"medications\[0\]\.name: .* is not text"),
    ],
    ids=[
        "medications a number",
        "medications true",
        "medications a fraction",
        "medications a number, with reminders",
        "a medicine named with a lone surrogate",
        "a medicine named with a NUL",
        "a medicine's name too long for its column",
        "a medicine named with an object",
    ],
)
def test_a_reminders_medicine_is_checked_before_anything_is_saved(
    patient, tmp_path, document, message, create
):
    # The reminders load before the medicines they follow: what they take of a medicine
    # must never reach the database unchecked (a crash, or on PostgreSQL a DataError).
    document = {"format": portability.FORMAT, "version": 1} | document
    email = "new@example.org" if create else patient.email
    path = tmp_path / "records.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError, match=rf"^Nothing was imported\. {message}"):
        call_command("importrecords", str(path), user=email, create=create, stdout=io.StringIO())
    assert snapshot() == before
