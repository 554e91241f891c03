"""WCAG 1.4.10: the pages fit a 320px-wide screen without scrolling the page sideways, with
records on them; what scrolls on its own (a timeline) can be reached and scrolled by keyboard."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from notes.models import Appointment, Contact, Note, Question, Reminder
from tests.browser.axe import assert_accessible
from tests.browser.test_targets import too_small, undersized
from tests.conftest import grant_care, make_user
from tests.tracker import make
from tests.tracker.summary_record_urls import specialist_link
from toolkit.models import AccessEvent, CareGrant
from tracker.management.commands.seeddemo import seed
from tracker.models import Dose

PAGES = [
    "/",
    "/information/",
    "/information/managing-symptoms/cramps-and-spasms",
    "/information/search?q=cramp",
    "/my-tracker",
    "/my-tracker/diary",
    "/my-tracker/episodes",
    "/my-tracker/medications",
    "/my-tracker/summary",
    "/my-notes",
    "/my-notes/questions",
    "/my-notes/appointments",
    "/my-notes/reminders",
    "/account/profile",
    "/account/sharing",
    "/account/access-log",
]

# Elements that scroll sideways but cannot be reached by keyboard, or are not named for it.
UNREACHABLE_SCROLLING = """
() => [...document.querySelectorAll("*")]
  .filter((e) => ["auto", "scroll"].includes(getComputedStyle(e).overflowX))
  .filter((e) => e.scrollWidth > e.clientWidth + 1)
  .filter((e) => e.tabIndex < 0 || !(e.ariaLabel || e.getAttribute("aria-labelledby")))
  .map((e) => e.outerHTML.slice(0, 120))
"""

# Tables that scroll sideways, or sit in something that does: on a narrow screen a table
# reflows instead, so no column is out of sight.
SCROLLING_TABLES = """
() => [...document.querySelectorAll("table")]
  .filter((table) => {
    for (let e = table; e; e = e.parentElement) {
      if (e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== "visible") {
        return true;
      }
    }
    return false;
  })
  .map((table) => table.className)
"""

# On paper: whether each table shows its header row and keeps its rows as rows.
TABLES_ON_PAPER = """
() => [...document.querySelectorAll("table")].map((table) => ({
  header: table.tHead.getBoundingClientRect().height > 2,
  rows: getComputedStyle(table.tBodies[0].rows[0]).display,
  names: [...table.querySelectorAll(".nhsuk-table__heading")]
    .filter((name) => getComputedStyle(name).display !== "none").length,
}))
"""


@pytest.fixture
def records(patient):
    """Three days of the demo's records, someone with access and someone invited, with long
    names, addresses and notes, and what they looked at."""
    today = patient.local_today()
    seed(patient, [today - timedelta(days=n) for n in (3, 2, 1)])
    carer = make_user("margaret.featherstonehaugh-carer@example.com", "Margaret Featherstonehaugh")
    grant = grant_care(patient, carer, tracker="edit", notes="view")
    CareGrant.objects.filter(pk=grant.pk).update(last_seen_at=timezone.now())
    CareGrant.objects.create(
        patient=patient,
        email="a.very.long.invitation.address@example.com",
        tracker="view",
        expires_at=timezone.now() + timedelta(days=7),
    )
    for action, what in [("viewed", "My Tracker: the summary"), ("changed", "a dose")]:
        AccessEvent.objects.create(patient=patient, actor=carer, action=action, what=what)
    AccessEvent.objects.create(patient=patient, action="link_opened", what="a specialist link")
    Appointment.objects.create(
        patient=patient, starts_at=timezone.now() + timedelta(days=3), role="neurologist"
    )
    # A pasted address in an episode's note, on the summary's last day: one word wider than
    # any screen.
    make.episode(patient, timezone.now() - timedelta(days=1), note=LONG_ADDRESS)


@pytest.mark.parametrize("path", PAGES)
def test_the_page_fits_a_narrow_screen(signed_in_page: Page, records, path):
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.evaluate(UNREACHABLE_SCROLLING) == []
    assert page.evaluate(SCROLLING_TABLES) == []
    assert_accessible(page)


@pytest.mark.parametrize(
    "path",
    ["/my-tracker/summary", "/account/sharing", "/information/managing-symptoms/cramps-and-spasms"],
)
def test_tables_that_reflow_on_screen_stay_tables_on_paper(signed_in_page: Page, records, path):
    page = signed_in_page
    # A printed A4 page is narrower than the width where tables reflow on screen.
    page.set_viewport_size({"width": 700, "height": 1000})
    page.emulate_media(media="print")
    page.goto(path)
    tables = page.evaluate(TABLES_ON_PAPER)
    assert tables
    assert all(table == {"header": True, "rows": "table-row", "names": 0} for table in tables)


def test_the_summarys_timelines_fit_a_printed_page(signed_in_page: Page, records, patient):
    """On paper nothing scrolls: the drawings shrink to the page, as the PDF's do."""
    page = signed_in_page
    page.set_viewport_size({"width": 700, "height": 1000})
    page.emulate_media(media="print")
    page.goto(f"/my-tracker/summary?start={patient.local_today() - timedelta(days=3)}&days=3")
    widths = page.locator(".app-summary__day .app-timeline").evaluate_all(
        "(drawings) => drawings.map((d) => d.getBoundingClientRect().right)"
    )
    assert len(widths) == 3
    assert max(widths) <= 700


def test_stopping_a_carers_access_is_within_reach_on_a_narrow_screen(signed_in_page: Page, records):
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/account/sharing")
    for control in (
        page.get_by_role("link", name="Change access for Margaret Featherstonehaugh"),
        page.get_by_role("link", name="Stop sharing with Margaret Featherstonehaugh"),
    ):
        box = control.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320
        assert box["height"] >= 44


def yesterdays_diary(patient) -> str:
    """A day whose every half-hour is past, whatever the hour the tests run at: today's
    shows only those begun, and at midnight, none."""
    return f"/my-tracker/diary/{(patient.local_today() - timedelta(days=1)).isoformat()}"


# WCAG 1.4.12's text spacing, as a reader's own style sheet would set it.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""


def space_text_out(page: Page) -> None:
    """TEXT_SPACING from the start, as a reader's own style sheet is; built in script, as the
    site's policy refuses an inline one."""
    page.add_init_script(
        f"""const sheet = new CSSStyleSheet(); sheet.replaceSync({TEXT_SPACING!r});
            document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];"""
    )


# How a select lays out the words of its choice, measured on a copy beside it (so the same
# styles apply) holding the same choice: on one line, as wide as it makes itself for them (a
# browser's own select, for its longest choice), arrow and all; and at the select's own
# width, where a select that lays its words out as text wraps them onto more lines.
CHOICE_LAID_OUT = """(select) => {
  const copy = select.cloneNode(true);
  copy.removeAttribute("id");
  copy.value = select.value;
  Object.assign(copy.style, {position: "absolute", minWidth: "0", maxWidth: "none"});
  Object.assign(copy.style, {height: "auto", minHeight: "0", width: "max-content"});
  select.after(copy);
  const line = copy.getBoundingClientRect();
  const box = select.getBoundingClientRect();
  copy.style.width = `${box.width}px`;
  const atItsWidth = copy.getBoundingClientRect();
  copy.remove();
  return {
    oneLine: line.width <= box.width,
    wrapped: atItsWidth.height > line.height,
    tallEnough: atItsWidth.height <= box.height,
  };
}"""


def shows_its_choice_whole(select) -> bool:
    laid_out = select.evaluate(CHOICE_LAID_OUT)
    return laid_out["oneLine"] or (laid_out["wrapped"] and laid_out["tallEnough"])


@pytest.mark.parametrize("spaced_out", [False, True], ids=["as-set", "text-spaced-out"])
def test_each_half_hours_choice_shows_whole_on_a_narrow_screen(
    signed_in_page: Page, records, patient, spaced_out
):
    """What tells the ON states apart ends their words, which are clinical and cannot be
    shortened: a closed select at 320 px showed "ON with non-troublesome dyskinesi", and with a
    reader's text spacing less still, for a choice just made that "Recorded" does not show."""
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 800})
    if spaced_out:
        space_text_out(page)
    page.goto(yesterdays_diary(patient))
    select = page.get_by_label("How you were at 08:00")
    for choice in ("ON with non-troublesome dyskinesia", "ON with troublesome dyskinesia"):
        select.select_option(label=choice)
        assert shows_its_choice_whole(select), choice
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert too_small(page)[1] == []
    assert_accessible(page)


@pytest.mark.parametrize("width", [800, 1280])
def test_each_half_hours_choice_shows_whole_on_a_tablet_or_a_desktop(
    signed_in_page: Page, records, patient, width
):
    page = signed_in_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(yesterdays_diary(patient))
    select = page.get_by_label("How you were at 08:00")
    select.select_option(label="ON with non-troublesome dyskinesia")
    assert select.evaluate(CHOICE_LAID_OUT)["oneLine"]


# Whether a word drawn in SVG shows smaller than 12 CSS px: it is measured against a copy of
# itself at 12 px in a drawing that is not scaled, in the same font.
SHOWS_BELOW_12PX = """(text) => {
  const unscaled = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  unscaled.setAttribute("width", "400");
  unscaled.setAttribute("height", "100");
  unscaled.setAttribute("font-family", getComputedStyle(text).fontFamily);
  document.body.append(unscaled);
  const copy = document.createElementNS("http://www.w3.org/2000/svg", "text");
  copy.setAttribute("y", "50");
  copy.setAttribute("font-size", "12");
  copy.textContent = text.textContent;
  unscaled.append(copy);
  const small = text.getBoundingClientRect().height < copy.getBoundingClientRect().height - 0.01;
  unscaled.remove();
  return small;
}"""

# The words on a page's first timeline that show smaller than 12 CSS px.
TIMELINE_WORDS_BELOW_12PX = f"""(selector) => {{
  const texts = [...document.querySelector(selector).querySelectorAll("text")];
  const small = texts.filter({SHOWS_BELOW_12PX});
  return {{measured: texts.length, small: small.map((text) => text.textContent)}};
}}"""

# The words of a page's first timeline that a person sees: inside what its scrolling part
# shows, and not covered by anything. Each with whether it shows smaller than 12 CSS px.
TIMELINE_WORDS_IN_SIGHT = f"""([selector, scroller]) => {{
  const view = document.querySelector(scroller).getBoundingClientRect();
  const inSight = (text) => {{
    const box = text.getBoundingClientRect();
    const inside = box.left >= view.left && box.right <= view.right
      && box.top >= view.top && box.bottom <= view.bottom;
    const middle = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
    return inside && text.contains(middle);
  }};
  return [...document.querySelector(selector).querySelectorAll("text")]
    .filter(inSight)
    .map((text) => ({{word: text.textContent, small: ({SHOWS_BELOW_12PX})(text)}}));
}}"""


@pytest.mark.parametrize("width", [320, 1280])
@pytest.mark.parametrize(
    ("where", "drawing", "scroller"),
    [
        ("day", ".app-timeline-wrapper .app-timeline", ".app-timeline-wrapper"),
        ("summary", ".app-summary__day .app-timeline", ".app-summary__days"),
    ],
)
def test_a_timelines_words_are_at_least_12px_on_a_phone_and_a_desktop(
    signed_in_page: Page, records, patient, width, where, drawing, scroller
):
    page = signed_in_page
    page.set_viewport_size({"width": width, "height": 900})
    open_yesterdays_timeline(page, patient, where)
    words = page.evaluate(TIMELINE_WORDS_BELOW_12PX, drawing)
    # Row names, hour labels and the names of the longer runs.
    assert words["measured"] >= 4 + 9 + 3
    assert words["small"] == []
    if width == 1280:
        # On a desktop the whole day shows at once, without scrolling sideways.
        assert page.locator(scroller).evaluate("(e) => e.scrollWidth <= e.clientWidth")
    else:
        # On a phone the timeline scrolls on its own, by keyboard too; the page does not.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.evaluate(UNREACHABLE_SCROLLING) == []
    assert_accessible(page)


# Each timeline, the day page's and the summary's, with what holds it and what scrolls it.
ON_EACH_TIMELINE = pytest.mark.parametrize(
    ("where", "timeline", "scroller"),
    [
        ("day", ".app-timeline-wrapper", ".app-timeline-wrapper"),
        ("summary", ".app-summary__day", ".app-summary__days"),
    ],
)


def open_yesterdays_timeline(page: Page, patient, where: str) -> None:
    yesterday = patient.local_today() - timedelta(days=1)
    page.goto(
        f"/my-tracker/day/{yesterday}"
        if where == "day"
        else f"/my-tracker/summary?start={yesterday}&days=1"
    )


@ON_EACH_TIMELINE
def test_a_timelines_row_names_stay_in_sight_when_its_hours_scroll_on_a_phone(
    signed_in_page: Page, records, patient, where, timeline, scroller
):
    """Scrolled to the evening, each row still says what it holds, at 12 px or more."""
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 900})
    open_yesterdays_timeline(page, patient, where)
    page.locator(timeline).first.scroll_into_view_if_needed()
    rows = ["Diary", "Doses", "Symptoms", "Meals"]
    for scrolled_to in ("the start", "the end"):
        if scrolled_to == "the end":
            page.locator(scroller).evaluate("(e) => { e.scrollLeft = e.scrollWidth; }")
            assert page.locator(scroller).evaluate(
                "(e) => e.scrollLeft > 0 && e.scrollLeft + e.clientWidth >= e.scrollWidth - 1"
            )
        words = page.evaluate(TIMELINE_WORDS_IN_SIGHT, [timeline, scroller])
        names = [word for word in words if word["word"] in rows]
        assert sorted(word["word"] for word in names) == sorted(rows), scrolled_to
        assert not any(word["small"] for word in names), scrolled_to
        # Beside them, the hours scrolled to: the column covers none of midnight's label.
        hour = "00:00" if scrolled_to == "the start" else "21:00"
        assert hour in [word["word"] for word in words], scrolled_to
    assert_accessible(page)


# On a page's first timeline: how far the last letter of its last hour label, "24:00", runs
# past the drawing's right edge, in the drawing's units; and which names in its column of row
# names show cut or covered, where a point just inside either end of each does not find the
# name itself.
LAST_HOUR_AND_ROW_NAMES = """([drawing, column]) => {
  const svg = document.querySelector(drawing);
  const [last] = [...svg.querySelectorAll("text")].filter((t) => t.textContent === "24:00");
  const end = last.getEndPositionOfChar(last.getNumberOfChars() - 1).x;
  const cut = [...document.querySelector(column).querySelectorAll("text")].filter((name) => {
    const box = name.getBoundingClientRect();
    const found = (x) => name.contains(document.elementFromPoint(x, box.top + box.height / 2));
    return !(found(box.left + 1) && found(box.right - 1));
  });
  return {past: end - svg.viewBox.baseVal.width, cut: cut.map((name) => name.textContent)};
}"""


@ON_EACH_TIMELINE
def test_a_timelines_last_hour_and_row_names_show_whole_with_text_spaced_out(
    signed_in_page: Page, records, patient, where, timeline, scroller
):
    """A reader's letter spacing drew "24:00" past the drawing's right edge, "24:0", and
    "Symptoms" past its column, cut at the column's edge over the hours scrolling beneath."""
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 900})
    space_text_out(page)
    open_yesterdays_timeline(page, patient, where)
    page.locator(timeline).first.scroll_into_view_if_needed()
    selectors = [f"{timeline} .app-timeline", f"{timeline} .app-timeline-names"]
    for scrolled_to in ("the start", "the end"):
        if scrolled_to == "the end":
            page.locator(scroller).evaluate("(e) => { e.scrollLeft = e.scrollWidth; }")
        shown = page.evaluate(LAST_HOUR_AND_ROW_NAMES, selectors)
        assert shown["past"] <= 0, scrolled_to
        assert shown["cut"] == [], scrolled_to
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


# One unbroken "word" wider than a phone's screen.
LONG_ADDRESS = (
    "https://www.parkinsons.org.uk/information-and-support/freezing-parkinsons#tips-for-walking"
)


@pytest.mark.parametrize(
    ("title", "text"),
    [("", f"{LONG_ADDRESS} worth reading"), (LONG_ADDRESS, "Worth reading")],
    ids=["untitled", "titled"],
)
def test_a_note_with_a_long_web_address_fits_a_narrow_screen(
    signed_in_page: Page, patient, title, text
):
    Note.objects.create(patient=patient, written_on="2025-03-01", title=title, text=text)
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 800})
    for path in ("/my-notes/notes", "/my-notes"):
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    assert_accessible(page)


def long_address_records(patient) -> None:
    """A question, reminders and an appointment, each with a long web address in it."""
    Question.objects.create(patient=patient, text=f"Is {LONG_ADDRESS} right for me?")
    Reminder.objects.create(
        patient=patient, kind=Reminder.CUSTOM, message=LONG_ADDRESS, times=["08:00"]
    )
    appointment = Appointment.objects.create(
        patient=patient,
        starts_at=timezone.now() + timedelta(days=3),
        role="gp",
        place=LONG_ADDRESS,
    )
    Reminder.objects.create(
        patient=patient,
        kind=Reminder.APPOINTMENT,
        appointment=appointment,
        minutes_before=60,
        at=appointment.starts_at - timedelta(hours=1),
        message=f"Read {LONG_ADDRESS} first",
    )


@pytest.mark.parametrize(
    "path", ["/my-notes/questions", "/my-notes/reminders", "/my-notes/appointments"]
)
def test_records_with_a_long_web_address_fit_a_narrow_screen(signed_in_page: Page, patient, path):
    long_address_records(patient)
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(path)
    assert LONG_ADDRESS in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)


def test_a_contact_with_a_long_web_address_and_email_fits_a_narrow_screen(
    signed_in_page: Page, patient
):
    Contact.objects.create(
        patient=patient,
        name="Parkinson's nurse specialist",
        email="parkinsons.nurse.specialist.team@community-neurology.example.org",
        website=LONG_ADDRESS,
    )
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/my-notes/contacts")
    assert LONG_ADDRESS in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)


def test_the_message_after_saving_a_long_web_address_fits_a_narrow_screen(
    signed_in_page: Page, patient
):
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/my-notes/notes/new")
    page.get_by_label("Title").fill(LONG_ADDRESS)
    page.get_by_label("Text").fill("Worth reading")
    page.get_by_role("button", name="Save note").click()
    message = page.locator(".app-message")
    assert LONG_ADDRESS in message.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)


def test_a_long_row_of_todays_doses_fits_a_narrow_screen(signed_in_page: Page, patient):
    """A medicine with a long name, taken hours early and recorded by a carer: the row becomes
    lines under one another, its "Change" still a 44px target on the screen."""
    medication = make.medication(patient, "Co-beneldopa dispersible")
    carer = make_user("margaret@example.com", "Margaret Featherstonehaugh")
    now = timezone.now()
    Dose.objects.create(
        patient=patient,
        medication=medication,
        taken_at=now,
        scheduled_for=now + timedelta(hours=8, minutes=6),
        recorded_by=carer,
    )
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/my-tracker")
    table = page.get_by_role("table", name="Doses recorded today")
    assert "8 hours 6 minutes early for" in table.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.evaluate(SCROLLING_TABLES) == []
    change = table.get_by_role("link", name=re.compile(r"^Change the dose of Co-beneldopa "))
    assert undersized([change]) == []
    box = change.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 320
    assert_accessible(page)


@pytest.mark.parametrize(
    "query",
    ["a" * 300, "!" * 300, "cramp " + "!" * 294],
    ids=["no-page-matches", "no-words", "pages-match"],
)
def test_a_very_long_search_fits_a_narrow_screen(page: Page, query):
    """What was typed is shown back, one unbroken "word" wider than the screen: it wraps."""
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"/information/search?q={query}")
    assert query[:200] in page.locator("main").inner_text()  # all of it that was searched for
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


FORMULA_PAGE = """# Weight

Work out the change:

```
Current weight - previous weight → take this number x 100 / Previous weight = percentage lost
```
"""


def test_a_block_written_as_code_on_an_information_page_wraps_on_a_narrow_screen(
    page: Page, live_server, settings, tmp_path
):
    (tmp_path / "weight.md").write_text(FORMULA_PAGE)
    settings.CONTENT_DIR = tmp_path
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/information/weight")
    assert page.locator("main pre").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)


def test_the_specialist_links_fit_a_narrow_screen_with_text_spaced_out(
    signed_in_page: Page, patient
):
    for _ in range(2):
        specialist_link(patient)
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 800})
    space_text_out(page)
    page.goto("/my-tracker/summary/links")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.evaluate(SCROLLING_TABLES) == []
    assert_accessible(page)


def test_the_header_fits_a_narrow_screen_when_its_script_does_not_run(signed_in_page: Page):
    """The page says the design system's script is supported before loading it, which keeps
    the menu on one line for the script to fold into "More": a script that failed to load
    left the whole row past a phone's screen."""
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 800})
    page.route(re.compile(r".*/js/init\.[^/]*mjs$"), lambda route: route.abort())
    page.goto("/my-tracker")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    for name in ("Information", "My Tracker", "My Reminders & Notes"):
        assert page.locator("header").get_by_role("link", name=name).is_visible()


@pytest.mark.parametrize(
    ("path", "scroller"),
    [
        ("/my-tracker/day/{}", ".app-timeline-wrapper"),
        ("/my-tracker/summary", ".app-summary__days"),
    ],
)
@pytest.mark.parametrize("width", [360, 800, 985, 1024, 1280])
def test_a_timeline_wider_than_the_screen_says_it_scrolls(
    signed_in_page: Page, records, patient, path, scroller, width
):
    """Phones show no scroll bar: without words, the day seemed to end at 07:00. Nor did a
    laptop's narrow window, where the words were hidden as on any wide screen."""
    page = signed_in_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(path.format(patient.local_today() - timedelta(days=1)))
    scrolls = page.locator(scroller).evaluate(
        "(wrapper) => wrapper.scrollWidth > wrapper.clientWidth"
    )
    hint = page.locator(".app-timeline-hint")
    assert hint.is_visible() == scrolls
    assert scrolls == (width < 1024)
    if scrolls:
        assert "sideways" in hint.inner_text()


# Each of the summary's tables: whether it scrolls sideways, and whether the words before it
# say so.
TABLES_SCROLL = """
() => [...document.querySelectorAll(".app-summary__scroll")].map((table) => [
  table.scrollWidth > table.clientWidth,
  table.previousElementSibling.checkVisibility(),
])
"""


@pytest.mark.parametrize(("width", "one_scrolls"), [(360, False), (800, True), (1280, False)])
def test_a_summary_table_wider_than_its_column_says_it_scrolls(
    signed_in_page: Page, records, width, one_scrolls
):
    """Between a phone's width, where each row is a block of lines, and a desktop's, the daily
    totals ran past the column with nothing to say the last columns were there."""
    page = signed_in_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto("/my-tracker/summary")
    expect(page.locator(".app-scroll-hint").first).to_be_visible(visible=one_scrolls)
    tables = page.evaluate(TABLES_SCROLL)
    assert all(scrolls == told for scrolls, told in tables)
    assert any(scrolls for scrolls, _ in tables) == one_scrolls
    if one_scrolls:
        assert_accessible(page)


# Each stretch of the diary: whether its words start beside its swatch, not under it.
WORDS_BESIDE_SWATCH = """
() => [...document.querySelectorAll(".app-diary-run")].map((run) => {
  const swatch = run.querySelector(".app-diary-swatch").getBoundingClientRect();
  const words = run.querySelector("span").getBoundingClientRect();
  return words.top < swatch.bottom && words.left > swatch.right;
})
"""


@pytest.mark.parametrize("width", [320, 360, 640])
def test_the_diarys_stretches_and_half_hours_keep_their_lines_together(
    signed_in_page: Page, records, patient, width
):
    page = signed_in_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"/my-tracker/diary/{patient.local_today() - timedelta(days=1)}")
    beside = page.evaluate(WORDS_BESIDE_SWATCH)
    assert beside and all(beside)
    # The header row is one row: "Change to" is not a row of its own over the selects.
    head = page.locator(".app-diary-slots thead th")
    tops = {
        round(box["y"]) for box in (th.bounding_box() for th in head.all()) if box["height"] > 1
    }
    assert len(tops) == 1


def test_the_tracker_homes_links_side_by_side_wrap_whole(signed_in_page: Page):
    """A "·" between two links was left at the end of a line on a phone."""
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/my-tracker")
    first = page.get_by_role("link", name="Record dystonia from earlier").bounding_box()
    second = page.get_by_role("link", name="All episodes").bounding_box()
    assert second["x"] == first["x"] and second["y"] >= first["y"] + first["height"]
    assert "\u00b7" not in page.locator("main").inner_text()


NOW_IN_SIGHT = """
() => {
  const wrapper = document.querySelector(".app-timeline-wrapper");
  const box = wrapper.getBoundingClientRect();
  const now = wrapper.querySelector(".app-timeline__now").getBoundingClientRect();
  return {scrolls: wrapper.scrollWidth > wrapper.clientWidth,
          inSight: now.left >= box.left && now.right <= box.right};
}
"""


def test_todays_timeline_opens_with_now_in_sight_on_a_phone(signed_in_page: Page, patient):
    # At midnight's end of a 924px drawing in a 390px screen, "now" and the hours just
    # recorded were out of sight to the right, at any time after about eight in the morning.
    page = signed_in_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/my-tracker/day/{patient.local_today()}")
    shown = page.evaluate(NOW_IN_SIGHT)
    assert shown == {"scrolls": True, "inSight": True}


def test_the_pain_scale_takes_a_few_rows_on_a_phone_not_twelve(signed_in_page: Page):
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto("/my-tracker/episodes/new")
    choices = page.get_by_role("group", name=re.compile("How painful")).get_by_role("radio")
    assert choices.count() == 12
    rows = {round(box["y"]) for box in (choice.bounding_box() for choice in choices.all())}
    assert len(rows) <= 5  # three to a row; "10" and "Not sure" are wider
    assert undersized(choices.all()) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
