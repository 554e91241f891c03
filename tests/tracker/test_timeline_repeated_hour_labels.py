"""The night the clocks go back can bring a labelled hour twice, an hour apart: 03:00 in Athens
and on the Chatham Islands. Its two labels must not print over each other, on screen or on
paper, and the drawing must still say which 03:00 is which."""

import html
import itertools
import re
import zoneinfo
from datetime import date, timedelta

import pytest

from tests.tracker.make import utc
from toolkit.models import User
from tracker import diary, slots
from tracker.timeline import PLOT_LEFT, PLOT_RIGHT, DayTimeline
from tracker.timeline_svg import (
    HOUR_LABEL_HALF_EM,
    LABEL_GAP_EM,
    PAPER_TEXT_SIZE,
    ROW_NAMES_WIDTH,
    TEXT_SIZE,
    WIDTH,
    day_timeline_svg,
    paper_timeline_svg,
    text_width,
)

LABEL = re.compile(
    r'<text x="([\d.]+)" y="12"(?: text-anchor="(start|end)")? font-size="([\d.]+)">([^<]*)</text>'
)
FALL_BACK = {
    # zone: the day, the labelled time that comes twice, and its two clocks
    "Europe/Athens": (date(2026, 10, 25), "03:00", ("EEST", "EET")),
    "Pacific/Chatham": (date(2026, 4, 5), "03:00", ("+1345", "+1245")),
}


def hour_labels(svg: str) -> list[tuple[float, float, str]]:
    """Each hour label's left and right edge, estimated as the drawing estimates them, and its
    words, in the order drawn."""
    labels = []
    for x, anchor, size, text in LABEL.findall(svg):
        x, width = float(x), text_width(text, float(size))
        left = x - {"": width / 2, "end": width, "start": 0}[anchor]
        labels.append((left, left + width, text))
    return labels


def assert_apart(svg: str, size: float) -> list[str]:
    labels = hour_labels(svg)
    assert labels
    for (_, right, text), (left, _, after) in itertools.pairwise(labels):
        assert right + LABEL_GAP_EM * size <= left, f"{text!r} runs into {after!r}"
    # Clear of the row names' column, which lies over the drawing's left on screen, and of
    # the right edge.
    assert labels[0][0] >= ROW_NAMES_WIDTH
    assert labels[-1][1] <= WIDTH
    return [text for _, _, text in labels]


def drawings(timeline):
    return (
        (day_timeline_svg(timeline), TEXT_SIZE),
        (paper_timeline_svg(timeline), PAPER_TEXT_SIZE),
    )


def in_zone(patient, zone: str):
    patient.time_zone = zone
    patient.save()
    return patient


def description(svg: str) -> str:
    """The words a screen reader gives after the drawing's name: its aria-describedby."""
    [described] = re.findall(r'<svg class="app-timeline"[^>]* aria-describedby="([^"]+)"', svg)
    [words] = re.findall(rf'<desc id="{described}">([^<]*)</desc>', svg)
    return html.unescape(words)


@pytest.mark.parametrize("zone", FALL_BACK)
def test_a_labelled_hour_that_comes_twice_is_labelled_twice_without_overprinting(patient, zone):
    day = FALL_BACK[zone][0]
    [timeline] = DayTimeline.for_days(in_zone(patient, zone), day, day)
    assert len(timeline.day_slots) == 50
    texts = []
    for svg, size in drawings(timeline):
        words = assert_apart(svg, size)
        # Both 03:00s keep a label, and the two say different things.
        twice = [text for text in words if text.startswith("03:00")]
        assert len(twice) == 2
        assert twice[0] != twice[1]
        texts.append(words)
    # The screen and the paper say the same.
    assert texts[0] == texts[1]


@pytest.mark.parametrize("zone", FALL_BACK)
def test_a_label_drawn_beside_its_hour_has_that_hour_s_line_run_up_to_it(patient, zone):
    day = FALL_BACK[zone][0]
    [timeline] = DayTimeline.for_days(in_zone(patient, zone), day, day)
    beside = [t for t in timeline.hour_ticks if t.label.startswith("03:00")][1]
    screen, paper = day_timeline_svg(timeline), paper_timeline_svg(timeline)
    x = f"{beside.x:g}"
    assert f'<line x1="{x}" x2="{x}" y1="1" y2="146"' in screen
    assert f"M{x},1V146" in paper
    # The label starts just after its line.
    [label] = [text for text in LABEL.findall(screen) if text[1] == "start"]
    assert 0 < float(label[0]) - beside.x <= 3


@pytest.mark.parametrize("zone", FALL_BACK)
def test_the_day_page_and_the_summary_say_which_03_00_is_which(
    patient, patient_client, frozen, zone
):
    day, time, (first, then) = FALL_BACK[zone]
    frozen(utc(day.year, day.month, day.day, 12) + timedelta(days=2))
    start, end = slots.day_bounds(day, in_zone(patient, zone).zone)
    diary.set_run(patient, start, end, "on", patient)
    said = (
        f"The clocks go back on this day, so the hour axis shows {time} twice: "
        f"first {time} ({first}), then {time} ({then})."
    )
    page = patient_client.get(f"/my-tracker/day/{day}").content.decode()
    summary = patient_client.get(f"/my-tracker/summary?start={day}&days=1").content.decode()
    for svg in (page, summary):
        assert description(svg) == said
    [timeline] = DayTimeline.for_days(patient, day, day)
    assert description(paper_timeline_svg(timeline)) == said


def test_london_s_repeated_hour_is_not_labelled_and_its_labels_are_as_on_any_day(patient):
    """01:00 comes twice in London, but only every third hour is labelled."""
    [timeline] = DayTimeline.for_days(patient, date(2026, 10, 25), date(2026, 10, 25))
    assert len(timeline.day_slots) == 50
    for svg, size in drawings(timeline):
        words = assert_apart(svg, size)
        assert words == [f"{hour:02}:00" for hour in range(0, 25, 3)]
        # None beside its hour: only the last is anchored, to the right edge.
        anchored = re.findall(r'<text x="([^"]*)" y="12" text-anchor="([^"]*)"[^>]*>', svg)
        assert anchored == [(str(WIDTH), "end")]
        assert "aria-describedby" not in svg
        assert "<desc" not in svg
        assert 'y1="1"' not in svg
        assert ",1V146" not in svg


def test_an_ordinary_day_draws_its_hour_labels_as_before(patient):
    day = date(2026, 7, 1)
    [timeline] = DayTimeline.for_days(patient, day, day)
    # Every third hour of 24, 37.5 units apart.
    centres = [PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) * n / 8 for n in range(8)]
    for svg, size in drawings(timeline):
        expected = [
            f'<text x="{x:g}" y="12" font-size="{size:g}">{hour:02}:00</text>'
            for x, hour in zip(centres, range(0, 24, 3), strict=True)
        ]
        # The last ends at the right edge, however wide a reader's own letter spacing draws it;
        # it is not drawn beside its hour, whose line stops under it as the others' do.
        expected.append(
            f'<text x="{WIDTH}" y="12" text-anchor="end" font-size="{size:g}">24:00</text>'
        )
        assert re.findall(r'<text x="[^"]*" y="12"[^>]*>[^<]*</text>', svg) == expected
        assert 'y1="1"' not in svg and ",1V146" not in svg
        assert "<desc" not in svg
    # The width the drawing estimates "00:00" at is the one the row names' column allows for.
    assert text_width("00:00", 1) / 2 <= HOUR_LABEL_HALF_EM


def long_days(year: int):
    """Every zone's days in `year` that are not 24 hours long."""
    for key in sorted(zoneinfo.available_timezones()):
        zone = zoneinfo.ZoneInfo(key)
        day = date(year, 1, 1)
        while day.year == year:
            start, end = slots.day_bounds(day, zone)
            if end > start and end - start != timedelta(hours=24):
                yield key, day
            day += timedelta(days=1)


def test_no_zone_s_day_this_year_has_hour_labels_that_touch():
    seen = 0
    for key, day in long_days(2026):
        patient = User(time_zone=key)
        [timeline] = DayTimeline.of_records(
            patient, day, day, entries=[], doses=[], meals=[], episodes=[]
        )
        words = [assert_apart(svg, size) for svg, size in drawings(timeline)]
        assert words[0] == words[1], (key, day)
        labels = [tick.label for tick in timeline.hour_ticks if tick.label]
        for label in labels:
            if " (" in label:  # a time that comes twice: the drawing says which is which
                assert label in description(day_timeline_svg(timeline)), (key, day)
        seen += 1
    assert seen > 100
