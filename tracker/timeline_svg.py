"""A day timeline drawn as SVG, for the screen and for paper.

Built with string joins rather than a template: a dense day has dozens of runs and
marks, and the summary draws several days, so per-element template work added up.

The screen drawing fills each diary run with an SVG pattern and gives every run and
mark a tooltip. The paper drawing (the PDF) reaches the same black-and-white-safe
look with plain paths: one fill and one hatching path per state, one path for all
the hour lines and dose ticks. WeasyPrint draws each pattern use as a separate
picture, which made patterns most of the PDF's cost.
"""

import itertools
import math
from collections import defaultdict
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.dateformat import format as date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from tracker.models import DiaryState
from tracker.timeline import PLOT_LEFT, PLOT_RIGHT, DayTimeline, Tick

INK = "#212b32"
BAND_TOP, BAND_HEIGHT = 22, 40
EPISODE_TOP, EPISODE_HEIGHT = 102, 14
MIN_EPISODE_WIDTH = 4
WIDTH = 1000
# Text sizes in viewBox units: TEXT_SIZE on screen, PAPER_TEXT_SIZE in the PDF. The PDF's A4
# line is 186 mm, so there a unit is 0.186 mm and 14.5 units are 7.6 pt: no smaller than the
# summary's smallest text, its notes and key (7.5 pt).
TEXT_SIZE = 13
PAPER_TEXT_SIZE = 14.5
# The smallest text, in CSS px, that a patient with poor eyesight is asked to read.
READABLE_TEXT_PX = 12
# A drawing on screen is never narrower than this, in CSS px (its width attribute: the CSS
# lets it grow to fill the column but never shrink), so none of its text shows smaller than
# READABLE_TEXT_PX. Its labels are TEXT_SIZE rather than 12 so that this width fits the page's
# column, 960 px at its widest: on a desktop the whole day shows at once. A narrower screen
# scrolls the drawing sideways, as WCAG 1.4.10 allows for a graph.
SCREEN_MIN_WIDTH = math.ceil(WIDTH * READABLE_TEXT_PX / TEXT_SIZE)
# "00:00" is 2.5 em wide in Arial; centred on its tick, it reaches back this far.
HOUR_LABEL_HALF_EM = 1.26
HOUR_LABEL_HALF_WIDTH = math.ceil(HOUR_LABEL_HALF_EM * TEXT_SIZE)
# A run's label box, in ems of its text: "ON, troubl.", the longest, is 4.84 em in Arial.
LABEL_BOX_EM = 5
EPISODE_COLOUR = "#330072"
DOSE_COLOUR = "#005eb8"

# Paper textures, the same as templates/tracker/diary_patterns.html draws on screen:
# (background, then hatching as (spacing, rising, falling, colour) or dots).
PAPER_FILLS = {
    DiaryState.ASLEEP: "#dde7f2",
    DiaryState.OFF: INK,
    DiaryState.ON: "#ffffff",
    DiaryState.ON_NONTROUBLESOME: "#ffffff",
    DiaryState.ON_TROUBLESOME: "#ffffff",
}
PAPER_HATCHING = {
    DiaryState.ON_NONTROUBLESOME: (8, True, False, "#007f3b"),
    DiaryState.ON_TROUBLESOME: (6, True, True, "#d5281b"),
}
DOT_SPACING, DOT_SIZE, DOT_COLOUR = 6, 2.2, "#003087"


def num(value: float) -> str:
    """A coordinate as short as SVG allows: 90, 112.5, 33.33."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


# Where the picture's details are in words, for whoever cannot see it: its title says so.
# The day page has a table of the day's runs and marks after the picture. The summary has its
# tables of hours, doses and episodes, and on screen the diary's stretches and the meals after
# each picture; on paper, which has no room for them, those are in the picture alone.
IN_SUMMARY_TABLES = (
    "In words, this summary gives the day's hours in each diary state under Daily totals, its "
    "doses under Medication and dose timing, and its symptom episodes under Episodes."
)
IN_WORDS = {
    "day": "The table that follows gives the same details.",
    "summary": (
        f"{IN_SUMMARY_TABLES} The times of the diary's changes and of meals follow this "
        "picture, in words."
    ),
    "paper": (
        f"{IN_SUMMARY_TABLES} The times of the diary's changes and of meals are only in this "
        "picture."
    ),
}


def font(size: float) -> str:
    return f'font-family="Arial, sans-serif" font-size="{num(size)}"'


ROW_NAMES = (
    f'<g class="app-timeline__rows" fill="{INK}"><text x="4" y="47">Diary</text>'
    f'<text x="4" y="86">Doses</text><text x="4" y="112">Symptoms</text>'
    f'<text x="4" y="137">Meals</text></g>'
)
# On screen the row names come twice: in the drawing, and in a column of their own laid over
# them that stays at the left while the hours scroll under it on a narrow screen, so the
# evening's rows still say what they hold. Its width is a share of the drawing's, so its
# words are drawn at the drawing's scale, over its own names. "Symptoms", the longest, ends at
# 66 units; at 70 the column stops short of "00:00", whose left half reaches back to 73.
ROW_NAMES_WIDTH = 70
# A copy for the eye only: the drawing's title already names its rows.
ROW_NAMES_COLUMN = (
    f'<svg class="app-timeline-names" viewBox="0 0 {ROW_NAMES_WIDTH} 150" '
    f'width="{num(100 * ROW_NAMES_WIDTH / WIDTH)}%" aria-hidden="true" focusable="false" '
    f"{font(TEXT_SIZE)} "
    f'xmlns="http://www.w3.org/2000/svg">{ROW_NAMES}</svg>'
)


def frame(
    timeline: DayTimeline, defs: str, body: list[str], on: str = "day", paper: bool = False
) -> SafeString:
    p = timeline.id_prefix
    day = date_format(timeline.day, "l j F Y")
    size = font(PAPER_TEXT_SIZE) if paper else f'width="{SCREEN_MIN_WIDTH}" {font(TEXT_SIZE)}'
    twice = repeated_hours_in_words(timeline.hour_ticks)
    described, desc = "", ""
    if twice:
        described = f' aria-describedby="{p}-hours"'
        desc = f'<desc id="{p}-hours">{escape(twice)}</desc>'
    return mark_safe(  # noqa: S308 - every value from a record is escaped below
        f'<svg class="app-timeline" viewBox="0 0 {WIDTH} 150" {size} role="img" '
        f'aria-labelledby="{p}-title"{described} xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{p}-title">Timeline of {day}: the ON/OFF diary, doses, symptoms and '
        f"meals on a 24-hour axis. {IN_WORDS[on]}</title>{desc}"
        f"{defs}{ROW_NAMES}"
        f'<rect x="{PLOT_LEFT}" y="{BAND_TOP}" width="{PLOT_RIGHT - PLOT_LEFT}" '
        f'height="{BAND_HEIGHT}" fill="#f0f4f5" stroke="#4c6272" stroke-dasharray="4 3"/>'
        f"{''.join(body)}</svg>"
    )


# Hour labels are centred on their ticks, unless two would touch. On the night the clocks go
# back, a labelled hour can come twice, an hour (36 units) apart: "03:00 (EEST)" and
# "03:00 (EET)" in Athens, "00:00 (+00)" and "00:00 (-01)" on the Azores, each 64 to 91 units
# wide. Then the earlier ends at its tick and the later starts at its own, and each of those
# ticks runs up beside its words, so which hour each names is plain without colour. Where that
# leaves no room (on paper, the first "03:00 (EEST)" would reach the "00:00" before it), the
# first gives its time alone ("03:00", then "03:00 (EET)"), and failing that the later says
# "03:00 again". The words are the ones that fit at both sizes, so the screen and the paper
# say the same; the drawing's description says in full which is which.
# Arial's widths, in ems, of what hour labels are made of, zone names included.
ARIAL_EM = {
    char: em
    for chars, em in (
        ("ijl", 0.222),
        (" :ftI", 0.278),
        ("()-r", 0.333),
        ("ckszvxyJ", 0.5),
        ("0123456789abdeghnopquL", 0.556),
        ("+", 0.584),
        ("FTZ", 0.611),
        ("ABEKPSVXY", 0.667),
        ("CDHNRUw", 0.722),
        ("GOQ", 0.778),
        ("mM", 0.833),
        ("W", 0.944),
    )
    for char in chars
}
# The least space between two hour labels, in ems; between a label and the tick it sits
# beside, in units; and how high such a tick runs, to the top of the words.
LABEL_GAP_EM = 0.5
BESIDE_GAP = 2
BESIDE_TOP = 1
# The longest run of touching labels whose every arrangement is tried (3 ** 6 of them); a day
# with a longer one, which no zone has had since 1970, keeps only the labels that fit.
MOST_CLASHING = 6


def text_width(text: str, size: float) -> float:
    """About how wide a label is in Arial; a character not in ARIAL_EM counts as a whole em."""
    return size * sum(ARIAL_EM.get(char, 1) for char in text)


@dataclass(frozen=True)
class HourLabel:
    tick: float  # its tick's x
    text: str
    x: float
    anchor: str = "middle"  # or "end" or "start"
    beside: bool = False  # beside its tick, which runs up to it, rather than over it

    def edges(self, size: float) -> tuple[float, float]:
        width = text_width(self.text, size)
        left = self.x - {"middle": width / 2, "end": width, "start": 0}[self.anchor]
        return left, left + width


def placements(tick: float, text: str, size: float) -> tuple[HourLabel, ...]:
    """Centred on its tick, or ending at the right edge where centred it would run past it
    (the last, "24:00"); then ending at its tick; then starting at it."""
    centred = HourLabel(tick, text, tick)
    if centred.edges(size)[1] > WIDTH:
        # Anchored to the edge, not centred short of it by its estimated width: a reader's own
        # letter spacing (WCAG 1.4.12) draws it wider than text_width() says, and it was cut.
        centred = HourLabel(tick, text, WIDTH, "end")
    return (
        centred,
        HourLabel(tick, text, tick - BESIDE_GAP, "end", beside=True),
        HourLabel(tick, text, tick + BESIDE_GAP, "start", beside=True),
    )


def fits(labels: list[HourLabel], size: float) -> bool:
    """The labels, in order, keep apart and clear of the row names' column and the edge."""
    if not labels:
        return True
    edges = [label.edges(size) for label in labels]
    gap = LABEL_GAP_EM * size
    return (
        edges[0][0] >= ROW_NAMES_WIDTH
        and edges[-1][1] <= WIDTH
        and all(right + gap <= left for (_, right), (left, _) in itertools.pairwise(edges))
    )


def hour_label_texts(ticks: list[Tick], plain: int) -> list[tuple[float, str]]:
    """Each labelled tick's words. A time that comes twice is named with its clock each time;
    with `plain` 1 the first gives its time alone, with 2 the later ones say "again"."""
    labelled = [(tick.x, tick.label) for tick in ticks if tick.label]
    times = [label.partition(" ")[0] for _, label in labelled]
    texts = []
    for i, ((x, label), time) in enumerate(zip(labelled, times, strict=True)):
        if plain and times.count(time) > 1:
            earlier = time in times[:i]
            label = f"{time} again" if earlier and plain == 2 else label if earlier else time
        texts.append((x, label))
    return texts


def arranged(texts: list[tuple[float, str]], size: float) -> list[HourLabel] | None:
    """The labels centred, but for those that would touch a neighbour or an edge, which go
    beside their ticks, as few as can; None if they cannot be kept apart."""
    options = [placements(x, text, size) for x, text in texts]
    chosen = [option[0] for option in options]
    if fits(chosen, size):
        return chosen
    # Runs of neighbours that touch, or a label that touches an edge on its own.
    clashes = [not fits([chosen[i]], size) for i in range(len(chosen))]
    for i, (a, b) in enumerate(itertools.pairwise(chosen)):
        if not fits([a, b], size):
            clashes[i] = clashes[i + 1] = True
    i = 0
    while i < len(chosen):
        if not clashes[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(chosen) and clashes[j + 1]:
            j += 1
        if j - i >= MOST_CLASHING:
            return None
        before, after = chosen[i - 1 : i] if i else [], chosen[j + 1 : j + 2]
        ways = [
            list(way)
            for way in itertools.product(*options[i : j + 1])
            if fits([*before, *way, *after], size)
        ]
        if not ways:
            return None
        chosen[i : j + 1] = min(ways, key=lambda way: len(ticks_beside(way)))
        i = j + 1
    return chosen


def thinned(texts: list[tuple[float, str]], size: float) -> list[HourLabel]:
    """Only for a day no arrangement fits: each label that fits after the last one kept."""
    kept: list[HourLabel] = []
    for x, text in texts:
        for label in placements(x, text, size):
            if fits([*kept[-1:], label], size):
                kept.append(label)
                break
    return kept


def hour_label_layout(ticks: list[Tick], size: float) -> list[HourLabel]:
    """The hour labels as drawn at `size`, in the words that fit on screen and on paper."""
    for plain in (0, 1, 2):
        texts = hour_label_texts(ticks, plain)
        if all(arranged(texts, both) is not None for both in (TEXT_SIZE, PAPER_TEXT_SIZE)):
            return arranged(texts, size)
    return thinned(hour_label_texts(ticks, 2), size)


def repeated_hours_in_words(ticks: list[Tick]) -> str:
    """Which of a time's labels is which, when the clocks going back bring it twice:
    "The clocks go back on this day, so the hour axis shows 03:00 twice: first 03:00 (EEST),
    then 03:00 (EET)." Empty on any other day."""
    by_time = defaultdict(list)
    for tick in ticks:
        if tick.label:
            by_time[tick.label.partition(" ")[0]].append(tick.label)
    twice = [
        f"{time} {'twice' if len(labels) == 2 else f'{len(labels)} times'}: first "
        + ", then ".join(labels)
        for time, labels in by_time.items()
        if len(labels) > 1
    ]
    if not twice:
        return ""
    return f"The clocks go back on this day, so the hour axis shows {'; and '.join(twice)}."


def hour_labels(labels: list[HourLabel], size: float) -> str:
    return "".join(
        f'<text x="{num(label.x)}" y="12"'
        + ("" if label.anchor == "middle" else f' text-anchor="{label.anchor}"')
        + f' font-size="{num(size)}">{label.text}</text>'
        for label in labels
    )


def tick_top(tick: Tick, beside: set[float]) -> float:
    """Where an hour's line starts: at the top of a label drawn beside it, else under the
    labels, a little lower for an hour not labelled."""
    return BESIDE_TOP if tick.x in beside else 16 if tick.label else 19


def ticks_beside(labels: list[HourLabel]) -> set[float]:
    return {label.tick for label in labels if label.beside}


def segment_label(segment, size: float) -> str:
    if not segment.short_label:
        return ""
    # Inside the shortest run that is labelled, two hours (72 units on a 25-hour day).
    box = LABEL_BOX_EM * size
    return (
        f'<rect x="{num(segment.middle - box / 2)}" y="33" width="{num(box)}" height="18" '
        f'rx="3" fill="#ffffff" stroke="{INK}" stroke-width="0.5"/>'
        f'<text x="{num(segment.middle)}" y="46" text-anchor="middle" font-size="{num(size)}" '
        f'fill="{INK}">{segment.short_label}</text>'
    )


def episode_width(mark) -> float:
    return mark.width if mark.width > MIN_EPISODE_WIDTH else MIN_EPISODE_WIDTH


def meal(mark) -> str:
    fill = INK if mark.filled else "#ffffff"
    return (
        f'<circle cx="{num(mark.x)}" cy="132" r="6" fill="{fill}" stroke="{INK}" stroke-width="2"/>'
    )


def day_timeline_svg(timeline: DayTimeline, on: str = "day") -> SafeString:
    """The screen drawing: pattern fills, a tooltip on every run and mark, and its row names
    again in a column that stays in sight when the hours scroll (ROW_NAMES_COLUMN).

    `on` names the page it is drawn on, "day" or "summary" (`timeline|timeline_svg:"summary"`):
    its title says where on that page the same details are in words."""
    p = timeline.id_prefix
    defs = (
        "<defs>"
        + render_to_string("tracker/diary_patterns.html", {"prefix": p})
        + f'<pattern id="{p}-episode" width="5" height="5" patternUnits="userSpaceOnUse">'
        f'<rect width="5" height="5" fill="#ffffff"/>'
        f'<path d="M0,5 L5,0" stroke="{EPISODE_COLOUR}" stroke-width="1.5"/></pattern></defs>'
    )
    labels = hour_label_layout(timeline.hour_ticks, TEXT_SIZE)
    beside = ticks_beside(labels)
    ticks = "".join(
        f'<line x1="{num(tick.x)}" x2="{num(tick.x)}" y1="{num(tick_top(tick, beside))}" '
        f'y2="146" stroke="#aeb7bd" stroke-width="{1 if tick.label else 0.5}"/>'
        for tick in timeline.hour_ticks
    )
    band = "".join(
        f'<rect x="{num(s.x)}" y="{BAND_TOP}" width="{num(s.width)}" height="{BAND_HEIGHT}" '
        f'fill="url(#{p}-{s.run.state})" stroke="{INK}" stroke-width="1"><title>'
        f"{s.start_label} to {s.end_label}: {s.state_label}</title></rect>"
        + segment_label(s, TEXT_SIZE)
        for s in timeline.segments
    )
    doses = "".join(
        f"<g><title>{m.time_label}: {escape(m.text)}</title>"
        f'<line x1="{num(m.x)}" x2="{num(m.x)}" y1="70" y2="94" stroke="{DOSE_COLOUR}" '
        f'stroke-width="3"/><path d="M{num(m.x)},70 l-6,-6 h12 z" fill="{DOSE_COLOUR}"/></g>'
        for m in timeline.dose_marks
    )
    episodes = "".join(
        f"<g><title>{m.time_label}: {escape(m.text)}</title>"
        f'<rect x="{num(m.x)}" y="{EPISODE_TOP}" width="{num(episode_width(m))}" '
        f'height="{EPISODE_HEIGHT}" fill="url(#{p}-episode)" stroke="{EPISODE_COLOUR}" '
        f'stroke-width="1.5"/></g>'
        for m in timeline.episode_marks
    )
    meals = "".join(
        f"<g><title>{m.time_label}: {escape(m.text)}</title>{meal(m)}</g>"
        for m in timeline.meal_marks
    )
    drawing = frame(
        timeline,
        defs,
        [
            f'<g class="app-timeline__hours" fill="#4c6272" text-anchor="middle">{ticks}'
            f"{hour_labels(labels, TEXT_SIZE)}</g>",
            f'<g class="app-timeline__diary">{band}</g>',
            f'<g class="app-timeline__doses">{doses}</g>',
            f'<g class="app-timeline__episodes">{episodes}</g>',
            f'<g class="app-timeline__meals">{meals}</g>',
            now_line(timeline),
        ],
        on,
    )
    return mark_safe(  # noqa: S308 - the drawing escaped its records; the column is constant
        f'<div class="app-timeline-screen">{ROW_NAMES_COLUMN}{drawing}</div>'
    )


def now_line(timeline: DayTimeline) -> str:
    """Today's "now", a dashed line across the rows: what is to its right has not happened.
    Dashed and named in the key, so it is told from an hour line without colour."""
    if timeline.now_x is None:
        return ""
    x = num(timeline.now_x)
    return (
        f'<g class="app-timeline__now"><title>Now, {timeline.now_label}</title>'
        f'<line x1="{x}" x2="{x}" y1="16" y2="146" stroke="{INK}" stroke-width="2" '
        f'stroke-dasharray="6 4"/></g>'
    )


Box = tuple[float, float, float, float]  # x, y, width, height


def boxes_path(boxes: list[Box]) -> str:
    return " ".join(f"M{num(x)},{num(y)}h{num(w)}v{num(h)}h{num(-w)}z" for x, y, w, h in boxes)


def hatching(boxes: list[Box], spacing: float, rising: bool) -> str:
    """45° lines `spacing` apart across the boxes, cut at their edges, as one path's data.

    The lines sit on one grid for the whole drawing, so neighbouring boxes line up.
    """
    parts = []
    for x, y, w, h in boxes:
        right, bottom = x + w, y + h
        # A rising line keeps x + y constant; a falling one keeps x - y constant.
        low, high = (x + y, right + bottom) if rising else (x - bottom, right - y)
        for step in range(math.floor(low / spacing) + 1, math.ceil(high / spacing)):
            k = step * spacing
            if rising:
                x1, x2 = max(x, k - bottom), min(right, k - y)
                y1, y2 = k - x1, k - x2
            else:
                x1, x2 = max(x, k + y), min(right, k + bottom)
                y1, y2 = x1 - k, x2 - k
            if x2 > x1:
                parts.append(f"M{num(x1)},{num(y1)}L{num(x2)},{num(y2)}")
    return "".join(parts)


def dots(boxes: list[Box]) -> str:
    """Rows across the boxes which, dashed, print as rows of dots."""
    parts = []
    for x, y, w, h in boxes:
        row = y + DOT_SPACING / 2
        while row < y + h:
            parts.append(f"M{num(x + DOT_SPACING / 2)},{num(row)}h{num(w - DOT_SPACING / 2)}")
            row += DOT_SPACING
    return "".join(parts)


def paper_texture(state: str, boxes: list[Box]) -> str:
    """Boxes filled as a diary state prints: fill, then dots or hatching, then outline."""
    shape = boxes_path(boxes)
    out = [f'<path d="{shape}" fill="{PAPER_FILLS[state]}"/>']
    if state == DiaryState.ASLEEP:
        out.append(
            f'<path d="{dots(boxes)}" stroke="{DOT_COLOUR}" stroke-width="{DOT_SIZE}" '
            f'stroke-dasharray="{DOT_SIZE} {DOT_SPACING - DOT_SIZE}"/>'
        )
    if state in PAPER_HATCHING:
        spacing, rising, falling, colour = PAPER_HATCHING[state]
        lines = (hatching(boxes, spacing, True) if rising else "") + (
            hatching(boxes, spacing, False) if falling else ""
        )
        out.append(f'<path d="{lines}" stroke="{colour}" stroke-width="1.5"/>')
    out.append(f'<path d="{shape}" fill="none" stroke="{INK}" stroke-width="1"/>')
    return "".join(out)


def paper_timeline_svg(timeline: DayTimeline) -> SafeString:
    """The paper drawing: the same picture in a few dozen plain elements, no patterns."""
    ticks = timeline.hour_ticks
    hours = hour_label_layout(ticks, PAPER_TEXT_SIZE)
    beside = ticks_beside(hours)
    major = "".join(f"M{num(t.x)},{num(tick_top(t, beside))}V146" for t in ticks if t.label)
    minor = "".join(f"M{num(t.x)},19V146" for t in ticks if not t.label)
    by_state = defaultdict(list)
    for segment in timeline.segments:
        by_state[segment.run.state].append((segment.x, BAND_TOP, segment.width, BAND_HEIGHT))
    band = "".join(paper_texture(state, boxes) for state, boxes in by_state.items())
    labels = "".join(segment_label(segment, PAPER_TEXT_SIZE) for segment in timeline.segments)
    stems = "".join(f"M{num(m.x)},70V94" for m in timeline.dose_marks)
    heads = "".join(f"M{num(m.x)},70l-6,-6h12z" for m in timeline.dose_marks)
    episode_boxes = [
        (m.x, EPISODE_TOP, episode_width(m), EPISODE_HEIGHT) for m in timeline.episode_marks
    ]
    episodes = ""
    if episode_boxes:
        shape = boxes_path(episode_boxes)
        episodes = (
            f'<path d="{shape}" fill="#ffffff"/>'
            f'<path d="{hatching(episode_boxes, 5, True)}" stroke="{EPISODE_COLOUR}" '
            f'stroke-width="1.5"/><path d="{shape}" fill="none" stroke="{EPISODE_COLOUR}" '
            f'stroke-width="1.5"/>'
        )
    body = [
        f'<g class="app-timeline__hours" fill="#4c6272" text-anchor="middle">'
        f'<path d="{major}" stroke="#aeb7bd" stroke-width="1"/>'
        f'<path d="{minor}" stroke="#aeb7bd" stroke-width="0.5"/>'
        f"{hour_labels(hours, PAPER_TEXT_SIZE)}</g>",
        f'<g class="app-timeline__diary">{band}{labels}</g>',
    ]
    if stems:
        body.append(
            f'<g class="app-timeline__doses"><path d="{stems}" stroke="{DOSE_COLOUR}" '
            f'stroke-width="3"/><path d="{heads}" fill="{DOSE_COLOUR}"/></g>'
        )
    body.append(f'<g class="app-timeline__episodes">{episodes}</g>')
    body.append(
        f'<g class="app-timeline__meals">{"".join(meal(m) for m in timeline.meal_marks)}</g>'
    )
    return frame(timeline, "", body, "paper", paper=True)  # drawn for the summary's PDF only


def paper_swatch(state: str) -> SafeString:
    """A diary state's key swatch for paper, drawn as the paper timeline draws it."""
    return mark_safe(  # noqa: S308 - built from constants only
        '<svg viewBox="0 0 24 16" width="24" height="16" aria-hidden="true" '
        f'focusable="false">{paper_texture(state, [(0.5, 0.5, 23, 15)])}</svg>'
    )
