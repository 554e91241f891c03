"""The timeline drawn for paper: the screen's picture in a few plain elements."""

import html
import re
from datetime import date, timedelta

import pytest
from django.conf import settings

from tests.tracker import make
from tests.tracker.make import utc
from tracker import diary, slots
from tracker.models import DiaryState
from tracker.timeline import PLOT_LEFT, DayTimeline
from tracker.timeline_svg import (
    HOUR_LABEL_HALF_WIDTH,
    WIDTH,
    day_timeline_svg,
    hatching,
    paper_swatch,
    paper_timeline_svg,
)

DAY = date(2026, 7, 1)
STATES = DiaryState.values


def changing_every_half_hour(patient):
    """The most runs a day can have: a new state in every slot, doses and episodes hourly."""
    day_slots = slots.day_slots(DAY, patient.zone)
    diary.set_states(
        patient, {slot.start: STATES[i % len(STATES)] for i, slot in enumerate(day_slots)}, None
    )
    med = make.medication(patient)
    for hour in range(24):
        start = day_slots[2 * hour].start
        make.dose(patient, med, start)
        make.episode(patient, start + timedelta(minutes=10), start + timedelta(minutes=30))
    [timeline] = DayTimeline.for_days(patient, DAY, DAY)
    return timeline


def test_the_paper_drawing_uses_no_patterns_and_a_few_paths_however_busy_the_day(patient):
    timeline = changing_every_half_hour(patient)
    assert len(timeline.segments) == 48
    paper = paper_timeline_svg(timeline)
    assert "<pattern" not in paper
    assert "url(#" not in paper
    # Per state: a fill, its dots or hatching, an outline; then hour lines, doses, episodes.
    assert paper.count("<path") <= 3 * len(STATES) + 2 + 2 + 3
    screen = day_timeline_svg(timeline)
    assert screen.count("<pattern") == len(STATES) + 1
    assert screen.count("<title>") == 48 + 24 + 24


def drawing_on_screen(screen: str) -> str:
    """The screen's drawing itself, without the column of row names laid over it."""
    return re.search(r'<svg class="app-timeline" .*?</svg>', screen, re.DOTALL)[0]


def test_the_paper_drawing_keeps_the_words_and_the_frame_of_the_screen_one(patient):
    timeline = changing_every_half_hour(patient)
    paper, screen = paper_timeline_svg(timeline), drawing_on_screen(day_timeline_svg(timeline))
    texts = re.compile(r"<text[^>]*>([^<]*)</text>")
    assert texts.findall(paper) == texts.findall(screen)
    # Its width is the page's, not the screen's least.
    assert paper.startswith('<svg class="app-timeline" viewBox="0 0 1000 150" font-family=')
    assert " width=" not in paper[: paper.index(">")]
    assert "Timeline of Wednesday 1 July 2026" in paper


def test_hatching_stays_inside_its_boxes_and_fills_them():
    boxes = [(90, 22, 37.5, 40), (300.25, 22, 18.75, 40)]
    for rising in (True, False):
        path = hatching(boxes, 6, rising)
        lines = re.findall(r"M([\d.]+),([\d.]+)L([\d.]+),([\d.]+)", path)
        points = [(float(x), float(y)) for line in lines for x, y in (line[:2], line[2:])]
        assert points
        for x, y in points:
            assert any(bx <= x <= bx + w and by <= y <= by + h for bx, by, w, h in boxes)
        # Lines 6 apart across a 45° diagonal: about (width + height) / 6 of them a box.
        assert len(lines) >= sum((w + h) // 6 - 1 for _, _, w, h in boxes)


def test_each_state_has_its_own_paper_swatch():
    swatches = {state: paper_swatch(state) for state in STATES}
    assert len(set(swatches.values())) == len(STATES)
    assert all("<pattern" not in swatch for swatch in swatches.values())


def test_records_from_a_patient_are_escaped_in_both_drawings(patient):
    med = make.medication(patient, name="<script>x</script>")
    make.dose(patient, med, utc(2026, 7, 1, 8))
    [timeline] = DayTimeline.for_days(patient, DAY, DAY)
    assert "<script>" not in day_timeline_svg(timeline)
    assert "&lt;script&gt;" in day_timeline_svg(timeline)
    assert "<script>" not in paper_timeline_svg(timeline)


def test_each_page_says_where_its_timeline_is_in_words(patient, patient_client):
    """The day page has a table of the day after its picture; the summary has its tables of
    hours, doses and episodes, and the diary and meals in words after each picture on screen:
    the picture's title says so on each."""
    changing_every_half_hour(patient)
    day = patient_client.get(f"/my-tracker/day/{DAY}").content.decode()
    summary = patient_client.get(f"/my-tracker/summary?start={DAY}&days=1").content.decode()
    titles = re.compile(r'<title id="[^"]+-title">([^<]*)</title>')
    (on_day,) = titles.findall(day)
    (on_summary,) = titles.findall(summary)
    assert on_day.endswith("The table that follows gives the same details.")
    assert "table that follows" not in summary
    assert html.unescape(on_summary).endswith(
        "In words, this summary gives the day's hours in each diary state under Daily "
        "totals, its doses under Medication and dose timing, and its symptom episodes under "
        "Episodes. The times of the diary's changes and of meals follow this picture, in words."
    )
    for heading in ("Daily totals (hours)", "Medication and dose timing", "Episodes"):
        assert f">{heading}</h2>" in summary
    pdf_picture = paper_timeline_svg(DayTimeline.for_days(patient, DAY, DAY)[0])
    assert "table that follows" not in pdf_picture


def in_long_runs(patient):
    """A day of three-hour runs, each long enough to carry its state's name."""
    day_slots = slots.day_slots(DAY, patient.zone)
    diary.set_states(
        patient,
        {slot.start: STATES[i // 6 % len(STATES)] for i, slot in enumerate(day_slots)},
        None,
    )
    [timeline] = DayTimeline.for_days(patient, DAY, DAY)
    return timeline


def word_sizes(svg: str) -> list[float]:
    """Each <text>'s font size in viewBox units: its own, or else the drawing's."""
    drawing = re.search(r'<svg[^>]* font-size="([\d.]+)"', svg)[1]
    own = [re.search(r'font-size="([\d.]+)"', a) for a in re.findall(r"<text([^>]*)>", svg)]
    return [float(size[1] if size else drawing) for size in own]


def test_every_word_on_the_day_page_shows_at_12px_or_more_and_the_day_fits_a_desktop(patient):
    svg = drawing_on_screen(day_timeline_svg(in_long_runs(patient)))
    viewbox_width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg)[1])
    # Its width attribute: the page's CSS lets the drawing grow from it, never shrink.
    width = float(re.search(r'<svg[^>]* width="([\d.]+)"', svg)[1])
    sizes = word_sizes(svg)
    assert len(sizes) == 4 + 9 + 8  # row names, hour labels, run labels
    assert min(sizes) * width / viewbox_width >= 12
    # The page's column is 960 CSS px on a desktop: the whole day shows without scrolling.
    assert width <= 960


def test_on_screen_the_row_names_come_again_in_a_column_for_the_eye_only(patient):
    """A narrow screen scrolls the hours under the column; it keeps each row's name in sight."""
    screen = day_timeline_svg(in_long_runs(patient))
    column = re.search(r'<svg class="app-timeline-names" .*?</svg>', screen)[0]
    drawing = drawing_on_screen(screen)
    # Screen readers hear the drawing alone, whose title names the rows already.
    assert 'aria-hidden="true"' in column
    assert "role=" not in column and "<title" not in column
    assert 'role="img"' in drawing
    assert "the ON/OFF diary, doses, symptoms and meals" in drawing
    # The same words, in the same places, in the same size.
    names = re.compile(r'<g class="app-timeline__rows".*?</g>')
    assert names.search(column)[0] == names.search(drawing)[0]
    assert word_sizes(column) == word_sizes(drawing)[:4]
    # Its width is the same share of the drawing's as its viewBox is of the drawing's: drawn at
    # the drawing's scale, the column lies over the drawing's own names.
    column_width = float(re.search(r'viewBox="0 0 ([\d.]+) 150"', column)[1])
    share = float(re.search(r' width="([\d.]+)%"', column)[1])
    assert share == pytest.approx(100 * column_width / WIDTH)
    # It stops short of midnight's hour label, centred on the start of the day.
    assert column_width <= PLOT_LEFT - HOUR_LABEL_HALF_WIDTH
    assert "app-timeline-names" not in paper_timeline_svg(in_long_runs(patient))


def test_a_run_labels_box_holds_its_words_and_is_centred_on_the_run(patient):
    timeline = in_long_runs(patient)
    label = re.compile(
        r'<rect x="([\d.]+)" y="33" width="([\d.]+)"[^>]*/>'
        r'<text x="([\d.]+)" y="46"[^>]* font-size="([\d.]+)"'
    )
    for svg in (day_timeline_svg(timeline), paper_timeline_svg(timeline)):
        labels = [[float(value) for value in row] for row in label.findall(svg)]
        assert len(labels) == 8
        for box_x, box_width, text_x, font_size in labels:
            # "ON, troubl.", the longest, is just under 4.84 em wide in Arial; the box has
            # room for it and its outline.
            assert box_width > 4.84 * font_size + 1
            assert box_x + box_width / 2 == pytest.approx(text_x, abs=0.01)


def test_the_pdf_drawing_has_no_text_smaller_than_the_summary_s_own_smallest(patient):
    """Drawn across the A4 line, each unit of the drawing's width is that line's thousandth:
    hours, runs and row names read at no less than the notes and key beside them (7.5 pt)."""
    print_css = (settings.BASE_DIR / "templates/tracker/summary_print.css").read_text()
    page = re.search(r"@page summary \{.*?margin: \d+mm (\d+)mm", print_css, re.DOTALL)
    line_mm = 210 - 2 * int(page[1])
    smallest_pt = min(float(s) for s in re.findall(r"font-size: ([\d.]+)pt", print_css))
    assert smallest_pt == 7.5
    sizes = word_sizes(paper_timeline_svg(in_long_runs(patient)))
    assert len(sizes) == 4 + 9 + 8  # row names, hour labels, run labels
    assert min(sizes) * line_mm / WIDTH * 72 / 25.4 >= smallest_pt
