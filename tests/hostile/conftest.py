"""Hostile input: values no browser would send, and a snapshot of every record to compare."""

import operator

from django.apps import apps
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from toolkit.models import RecordsVersion, Session

# Every hostile test: few enough examples to keep the folder quick, with fixtures shared
# between examples (each example checks its own before and after).
HOSTILE = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Record-keeping apps: a rejected submission must leave every one of their rows as it was.
RECORD_APPS = ("toolkit", "tracker", "notes")

ODD_DATES = [
    "0001-01-01",
    "0001-01-02",
    "9999-12-31",
    "9999-12-30",
    "1900-01-01",
    "2024-02-29",
    "2026-02-29",
    "2026-03-29",  # clocks go forward in Europe
    "2026-10-25",  # and back
    "2026-13-01",
    "0000-00-00",
    "-2026-01-01",
    "2026-1-1",
    "20260101",
    "2026-01-01T00:00",
    "10000-01-01",
]
ODD_TIMES = [
    "00:00",
    "00:30",
    "01:30",
    "02:30",
    "23:59",
    "24:00",
    "23:59:60",
    "25:00",
    "7pm",
    "1:30",
    "01:30:00.999999",
    "-1:00",
    "00:00+05:00",
    "12:00 PM",
]
ODD_NUMBERS = ["0", "-1", "1", "14", "15", "99999999999999999999", "1e9", "NaN", "inf", "٣"]
# Zones at the edges: fourteen hours ahead, eleven behind, half and quarter hours,
# a half-hour daylight-saving shift, and a zone that jumps two hours.
ODD_ZONES = [
    "Europe/London",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "America/St_Johns",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Antarctica/Troll",
    "UTC",
]

# Any text a browser can send (UTF-8 cannot carry lone surrogates), NULs included.
any_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
huge_text = st.builds(
    operator.mul,
    st.sampled_from(["a", "\x00", "é", "😀", "\u202e", "<script>", "1,"]),
    st.integers(1_000, 50_000),
)
odd_value = st.sampled_from(ODD_DATES + ODD_TIMES + ODD_NUMBERS)


def field_value(good: list[str] | st.SearchStrategy) -> st.SearchStrategy:
    """A value for one field: often a sensible one, so forms get as far as saving."""
    if isinstance(good, st.SearchStrategy):
        choices = [good] * 3
    else:
        choices = [st.sampled_from(good)] * 3 if good else []
    return st.one_of(*choices, any_text, odd_value, huge_text)


def form_data(fields: dict, many: frozenset = frozenset()) -> st.SearchStrategy:
    """A POST body where a field is sometimes missing; fields in `many` may repeat."""
    values = {}
    for name, good in fields.items():
        value = field_value(good)
        value = st.lists(value, max_size=4) if name in many else value
        values[name] = st.one_of(value, value, value, st.none())
    return st.fixed_dictionaries(values).map(without_missing)


def without_missing(data: dict) -> dict:
    # A named function, not a lambda: hypothesis describes lambdas by compiling their source,
    # which took most of these tests' time.
    return {name: value for name, value in data.items() if value is not None}


def record_models():
    # A refused write may still move the records version on (it marks kept summaries
    # stale, which costs one rebuild), and may save the session: neither is a record.
    for label in RECORD_APPS:
        for model in apps.get_app_config(label).get_models():
            if model not in (RecordsVersion, Session):
                yield model


def snapshot() -> dict[str, list[tuple]]:
    """Every row of every record model, to compare before and after a request."""
    return {
        model._meta.label: sorted(map(repr, model.objects.values_list()))
        for model in record_models()
    }


def counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in record_models()}


def signed_in(user) -> Client:
    # Exceptions propagate, so a failing example shows its traceback.
    client = Client()
    client.force_login(user)
    return client
