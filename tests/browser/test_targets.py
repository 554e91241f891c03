"""Form controls, and links and buttons that stand on their own, are targets of at least 44 by
44 CSS pixels (DESIGN.md), wide screen or narrow."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page

from notes.models import Appointment, Note
from tests.browser.axe import assert_accessible
from tests.tracker import make
from tests.tracker.test_summary_links import make_link

# Each visible text input and select: its kind and its size on screen.
CONTROLS = """
() => [...document.querySelectorAll("input.nhsuk-input, select.nhsuk-select")]
  .filter((control) => control.offsetParent !== null)
  .map((control) => {
    const box = control.getBoundingClientRect();
    const kind = control.tagName === "SELECT" ? "select" : control.type;
    return {kind, id: control.id, width: box.width, height: box.height};
  })
"""


def undersized(locators) -> list[str]:
    """The names of those of these links or buttons smaller than 44 by 44 px."""
    small = []
    for locator in locators:
        box = locator.bounding_box()
        if box["width"] < 44 or box["height"] < 44:
            small.append(
                f"{locator.inner_text().split()[0]!r} {box['width']:.0f}x{box['height']:.0f}"
            )
    return small


def too_small(page: Page) -> tuple[set[str], list[dict]]:
    controls = page.evaluate(CONTROLS)
    small = [c for c in controls if c["width"] < 44 or c["height"] < 44]
    return {c["kind"] for c in controls}, small


@pytest.mark.parametrize("width", [320, 1280])
def test_every_kind_of_text_input_and_select_is_at_least_44px_each_way(page: Page, settings, width):
    settings.ROOT_URLCONF = "tests.toolkit.every_field"
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/every-field")
    kinds, small = too_small(page)
    assert kinds >= {"text", "email", "password", "date", "time", "select"}
    assert small == []


@pytest.mark.parametrize(
    "path,kinds",
    [
        ("/my-tracker/summary", {"date", "number"}),
        ("/my-tracker/doses/new", {"date", "time"}),
        ("/information/", {"search"}),
        ("/account/profile", {"text", "select"}),
    ],
)
def test_the_inputs_of_real_forms_are_at_least_44px_each_way(
    signed_in_page: Page, patient, path, kinds
):
    make.medication(patient)
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(path)
    found, small = too_small(page)
    assert found >= kinds
    assert small == []


def test_keeping_a_record_is_as_easy_to_hit_as_deleting_it(signed_in_page: Page, patient):
    note = Note.objects.create(patient=patient, written_on="2025-01-01", title="T", text="x")
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(reverse("notes_note_delete", args=[note.pk]))
    delete = page.get_by_role("button", name="Delete").bounding_box()
    keep = page.get_by_role("link", name="Keep it").bounding_box()
    assert keep["height"] >= 44 and keep["width"] >= 44
    assert keep["height"] == delete["height"]
    assert_accessible(page)  # the one page that asks before any record is deleted


def test_the_tracker_homes_links_are_44px_tall(signed_in_page: Page, patient):
    make.medication(patient)
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto("/my-tracker")
    links = page.locator(".app-tracker-section a").all()
    assert len(links) >= 6
    assert [link.inner_text() for link in links if link.bounding_box()["height"] < 44] == []


def test_every_part_of_a_time_is_in_sight(page: Page, settings):
    settings.ROOT_URLCONF = "tests.toolkit.every_field"
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto("/every-field")
    time = page.locator("input[type=time]").first
    time.fill("16:30")
    # The browser here keeps a 12-hour clock: "04:30 PM" and its picker button need some
    # 110 px; the box was 91 px and hid the PM.
    assert time.bounding_box()["width"] >= 150


@pytest.fixture
def tracked(patient):
    """Records on every list: a dose taken today, two episodes, a meal."""
    medication = make.medication(patient)
    now = timezone.now()
    make.dose(patient, medication, now)
    make.episode(patient, now - timedelta(days=2), now - timedelta(days=2) + timedelta(minutes=20))
    make.episode(patient, now - timedelta(days=1), now - timedelta(days=1) + timedelta(minutes=5))
    make.meal(patient, now - timedelta(hours=1))


@pytest.mark.parametrize(
    "path,count",
    [
        ("/my-tracker", 1),  # "Doses recorded today"
        ("/my-tracker/medications", 1),
        ("/my-tracker/episodes", 2),
        ("/my-tracker/meals", 1),
    ],
)
def test_each_records_change_link_is_44px_each_way(signed_in_page: Page, tracked, path, count):
    page = signed_in_page
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(path)
    links = page.locator("main").get_by_role("link", name=re.compile(r"^Change\b")).all()
    assert len(links) == count
    assert undersized(links) == []


def test_the_summarys_downloads_and_sharing_links_are_44px_each_way(signed_in_page: Page, tracked):
    page = signed_in_page
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto("/my-tracker/summary")
    names = [
        "Download as PDF",
        "Download as a spreadsheet (CSV)",
        "Download as data (JSON)",
        "Share with your specialist by a link",
    ]
    links = [page.get_by_role("link", name=name, exact=True) for name in names]
    assert undersized(links) == []


@pytest.mark.parametrize("width", [320, 375, 1280])
def test_the_headers_account_links_are_44px_each_way(signed_in_page: Page, page: Page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/")
    account = page.get_by_role("navigation", name="Account")
    signed_in = [account.get_by_role("link"), account.get_by_role("button", name="Log out")]
    assert undersized(signed_in) == []
    page.context.clear_cookies()
    page.goto("/")
    signed_out = account.get_by_role("link").all()
    assert [link.inner_text() for link in signed_out] == ["Log in", "Create an account"]
    assert undersized(signed_out) == []


@pytest.mark.parametrize("width", [320, 1280])
def test_the_site_names_link_home_is_44px_each_way(page: Page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(reverse("login"))
    home = page.locator(".app-header__service-name")
    assert undersized([home]) == []


@pytest.mark.parametrize(("width", "folded"), [(375, True), (1280, False)])
def test_the_main_menus_links_are_44px_each_way(signed_in_page: Page, page: Page, width, folded):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/")
    menu = page.get_by_role("navigation", name="Main menu")
    # On a narrow screen they fold under "More", which opens to show them.
    more = menu.get_by_role("button", name="Browse More")
    assert more.is_visible() == folded
    if folded:
        more.click()
    links = [link for link in menu.get_by_role("link").all() if link.is_visible()]
    assert [link.inner_text() for link in links] == [
        "Information",
        "My Tracker",
        "My Reminders & Notes",
    ]
    assert undersized(links) == []


# Each episode's actions: the space between them and its details above, and between them and
# the next episode's heading below (none after the last).
EPISODE_ACTION_GAPS = """
() => [...document.querySelectorAll(".app-episode-actions")].map((actions) => {
  const box = actions.getBoundingClientRect();
  const details = actions.previousElementSibling.getBoundingClientRect();
  const next = actions.nextElementSibling;
  const heading = next && next.matches("h2") ? next.getBoundingClientRect() : null;
  return {above: box.top - details.bottom, below: heading ? heading.top - box.bottom : null};
})
"""


def test_each_episodes_actions_sit_with_that_episode(signed_in_page: Page, tracked):
    """Its "Change" is nearer its own details than the next episode's heading, so it is not
    taken for that episode's."""
    page = signed_in_page
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto("/my-tracker/episodes")
    gaps = page.evaluate(EPISODE_ACTION_GAPS)
    assert len(gaps) == 2
    first = gaps[0]
    assert first["below"] is not None
    assert first["below"] >= 2 * first["above"], gaps
    assert_accessible(page)


def address(records, name: str) -> str:
    """The page a URL name leads to; "notes_question:question" is the one of that record."""
    url, _, record = name.partition(":")
    return reverse(url, args=[records[record]] if record else [])


@pytest.mark.parametrize(
    "at,back",
    [
        ("medication_list", "Back to My Tracker"),
        ("dose_edit:dose", "Back"),
        ("notes_questions", "Back to My Reminders & Notes"),
        ("notes_question:question", "Back to your questions"),
        ("information_search", "Back to Information"),  # the breadcrumbs, on a narrow screen
    ],
)
def test_every_back_link_is_44px_each_way_and_before_the_main_content(
    signed_in_page: Page, records, at, back
):
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(address(records, at))
    links = page.locator(".nhsuk-back-link").filter(visible=True).all()
    assert [" ".join(link.inner_text().split()) for link in links] == [back]
    assert undersized(links) == []
    # Where the design system puts it: "Skip to main content" skips it.
    assert links[0].evaluate("(link) => link.closest('main') === null")
    assert_accessible(page)


@pytest.mark.parametrize(
    "at,name",
    [
        ("dose_edit:dose", "Delete it (this dose)"),
        ("medication_edit:medication", "I have stopped taking Co-careldopa"),
        ("meal_list", "Record a meal"),
        ("episode_list", "Record dystonia from earlier"),
        ("notes_question:question", "Remove this question"),
        ("notes_contact:contact", "Remove this contact"),
        ("notes_note:note", "Delete this note"),
        ("notes_appointment_edit:appointment", "Delete this appointment"),
        ("notes_reminder:reminder", "Delete this reminder"),
        ("notes_appointment:appointment", "Remind me before this appointment"),
        ("notes_contacts", "Change Helpline"),
        ("notes_contacts", "Call Helpline on 0808 800 0303"),
        ("notes_contacts", "help@example.org"),
        ("notes_contacts", "https://example.org/help"),
        ("notes_notes", "Change the note T of 1 January 2025"),
        ("delete_account", "Keep my account"),
        ("change_email", "Back to your profile"),
        ("profile", "Change your password"),
        ("profile", "Who has seen my records"),
        ("access_log", "Back to sharing"),
        ("sharing_invite", "Back to sharing"),
        ("summary_links", "Back to your summary"),
        ("sharing", "See every time someone else looked at or changed your records"),
    ],
)
def test_links_that_stand_on_their_own_are_44px_each_way(signed_in_page: Page, records, at, name):
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(address(records, at))
    assert undersized([page.get_by_role("link", name=name, exact=True)]) == []


def test_the_way_to_a_forgotten_password_is_44px_each_way(page: Page):
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(reverse("login"))
    forgotten = page.get_by_role("link", name="Forgotten your password?", exact=True)
    assert undersized([forgotten]) == []


def test_an_information_pages_way_to_my_tracker_is_44px_each_way(signed_in_page: Page):
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto("/information/managing-symptoms/cramps-and-spasms")
    track = page.get_by_role("link", name="Track this in My Tracker", exact=True)
    assert undersized([track]) == []
    assert_accessible(page)


@pytest.mark.parametrize("width", [320, 1280])
def test_an_information_pages_contents_links_are_44px_tall_and_no_taller(page: Page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/information/managing-symptoms/cramps-and-spasms")
    links = page.get_by_role("navigation", name="Table of contents").get_by_role("link").all()
    assert len(links) >= 5
    heights = [link.bounding_box()["height"] for link in links]
    assert [link.inner_text() for link, h in zip(links, heights, strict=True) if h < 44] == []
    # One line of 44px each: the list stays as compact as before.
    assert sorted(heights)[len(heights) // 2] < 50
    assert undersized(links) == []


def test_each_search_results_title_and_heading_is_44px_each_way(page: Page):
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto("/information/search?q=stretching")
    titles = page.locator(".app-search-results__item h2 a").all()
    headings = page.locator(".app-search-results__headings a").all()
    assert titles and headings
    assert undersized(titles + headings) == []
    assert_accessible(page)


@pytest.mark.parametrize("width", [320, 1280])
def test_an_information_pages_video_link_and_breadcrumbs_are_44px_each_way(page: Page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/information/managing-symptoms/cramps-and-spasms")
    links = page.locator(".app-video__link a, .nhsuk-breadcrumb a").filter(visible=True).all()
    assert len(links) >= 2
    assert undersized(links) == []


@pytest.mark.parametrize("width", [320, 1280])
def test_an_information_pages_web_addresses_in_a_table_are_44px_each_way(page: Page, width):
    # "Useful organisations": each web address alone in its cell, to be tapped.
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/information/managing-symptoms/cramps-and-spasms")
    links = page.locator(".app-content td a").filter(visible=True).all()
    assert len(links) >= 3
    assert undersized(links) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_pages_a_missing_address_may_have_meant_are_44px_each_way(page: Page):
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto("/information/managing-symptoms/cramps-and-spasm")
    likely = page.get_by_role("main").get_by_role("listitem").get_by_role("link").all()
    assert likely
    assert undersized(likely) == []


def test_the_diarys_fill_in_link_is_44px_each_way(signed_in_page: Page, patient):
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 900})
    # Nothing recorded: one stretch, to fill in. Yesterday's, all past whatever the hour: just
    # after midnight, today has none.
    page.goto(f"/my-tracker/diary/{(patient.local_today() - timedelta(days=1)).isoformat()}")
    fill_in = page.get_by_role("link", name=re.compile(r"^Fill in "))
    assert undersized([fill_in]) == []


# Whether a point near each corner of each clickable card, and its middle, follows its link.
CARD_HITS = """
() => [...document.querySelectorAll(".nhsuk-card--clickable")].map((card) => {
  card.scrollIntoView({block: "center"});
  const box = card.getBoundingClientRect();
  const link = card.querySelector(".nhsuk-card__link");
  const points = [
    [box.left + 4, box.top + 4], [box.right - 4, box.top + 4],
    [box.left + 4, box.bottom - 4], [box.right - 4, box.bottom - 4],
    [box.left + box.width / 2, box.top + box.height / 2],
  ];
  return {
    name: link.textContent,
    size: [box.width, box.height],
    hits: points.every(([x, y]) => link.contains(document.elementFromPoint(x, y))),
  };
})
"""


@pytest.mark.parametrize(("path", "count"), [("/", 3), ("/my-notes", 6)])
def test_a_cards_target_is_the_whole_card_not_only_its_heading(signed_in_page: Page, path, count):
    """A card's heading link is 25px tall on a phone, but the design system stretches the link
    over the whole card (`nhsuk-card--clickable`): the card is what a finger has to hit."""
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(path)
    cards = page.evaluate(CARD_HITS)
    assert len(cards) == count
    assert [card["name"] for card in cards if not card["hits"]] == []
    assert all(width >= 44 and height >= 44 for width, height in (c["size"] for c in cards))


@pytest.mark.parametrize("width", [320, 1280])
def test_each_appointments_link_is_44px_each_way(signed_in_page: Page, patient, width):
    """The date is the only way into an appointment from the list."""
    now = timezone.now()
    for days in (-30, 3, 10):
        Appointment.objects.create(
            patient=patient, starts_at=now + timedelta(days=days), role="neurologist"
        )
    page = signed_in_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(reverse("notes_appointments"))
    links = page.locator("main table").get_by_role("link").all()
    assert len(links) == 3
    assert undersized(links) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # On a phone each appointment is a block of labelled lines, not a squeezed row.
    rows = page.locator("main tbody tr").evaluate_all(
        "(rows) => rows.map((row) => getComputedStyle(row).display)"
    )
    assert (set(rows) == {"table-row"}) == (width == 1280)
    assert_accessible(page)


def test_the_information_indexs_links_are_44px_tall_and_no_taller(page: Page, settings, tmp_path):
    settings.CONTENT_DIR = tmp_path
    for number in range(8):
        (tmp_path / f"general-{number}.md").write_text(f"# General {number}\n")
    for section in ("symptoms", "living"):
        (tmp_path / section / "advice").mkdir(parents=True)
        (tmp_path / section / f"{section}.md").write_text(f"# {section.title()}\n")
        for number in range(6):
            (tmp_path / section / f"page-{number}.md").write_text(f"# Page {number}\n")
            (tmp_path / section / "advice" / f"tip-{number}.md").write_text(f"# Tip {number}\n")
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto("/information/")
    links = page.locator("main li a, main h2 a, main h3 a").all()
    assert len(links) >= 30
    heights = [link.bounding_box()["height"] for link in links]
    assert [link.inner_text() for link, h in zip(links, heights, strict=True) if h < 44] == []
    # One line of 44px each (a long title wraps): the list stays easy to scan.
    assert sorted(heights)[len(heights) // 2] < 50


@pytest.mark.parametrize("width", [320, 1280])
def test_the_footers_links_are_44px_each_way(page: Page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(reverse("login"))
    links = page.locator("footer").get_by_role("link").all()
    assert [link.inner_text() for link in links] == ["Information pages", "About this toolkit"]
    assert undersized(links) == []


def test_the_shared_summarys_download_link_is_44px_each_way(page: Page, patient):
    raw, _ = make_link(patient)
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto(reverse("specialist_summary", kwargs={"token": raw}))
    download = page.get_by_role("link", name="Download it as a PDF", exact=True)
    assert undersized([download]) == []


def test_every_taken_button_is_at_the_same_place_on_its_row(signed_in_page: Page, patient):
    """Beside a short medicine, or under a long one that wraps: one place to aim for."""
    long = "Co-careldopa (Sinemet CR) modified-release"
    make.medication(patient, long, schedule=("07:00", "11:00"))
    make.medication(patient, "Rasagiline", schedule=("08:00",))
    page = signed_in_page
    page.set_viewport_size({"width": 360, "height": 900})
    page.goto("/my-tracker")
    buttons = page.locator(".app-schedule button").all()
    assert len(buttons) == 3
    edges = {round(box["x"] + box["width"]) for box in (b.bounding_box() for b in buttons)}
    assert len(edges) == 1


def test_the_summarys_days_in_words_open_from_a_44px_target(signed_in_page: Page, tracked):
    page = signed_in_page
    page.set_viewport_size({"width": 320, "height": 900})
    page.goto("/my-tracker/summary")
    summaries = page.locator("summary.nhsuk-details__summary").all()
    assert summaries
    assert undersized(summaries) == []


@pytest.mark.parametrize("width", [320, 1280])
def test_each_link_of_a_forms_problems_is_44px_each_way(signed_in_page: Page, width):
    page = signed_in_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(reverse("episode_now"))
    page.locator("main form button[type=submit]").last.click()
    links = page.locator(".nhsuk-error-summary__list a")
    links.first.wait_for()
    assert links.count() >= 2
    assert undersized(links.all()) == []
    assert_accessible(page)
