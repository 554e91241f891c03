"""The summary on paper: the PDF's text, its running header and its length."""

import base64
import gc
import io
from collections import Counter
from datetime import date, timedelta
from urllib.parse import unquote

import pytest
from django.db.models import F
from django.template.loader import render_to_string
from PIL import Image
from pypdf import PdfReader

from notes.models import Question
from tests.tracker.make import dose, episode, meal, medication, utc
from tests.tracker.test_summary import fill
from toolkit.models import TimeZoneChange
from tracker.management.commands.seeddemo import seed
from tracker.models import DiaryEntry, Dose, Meal, SymptomEpisode
from tracker.summary import Summary
from tracker.summary_formats import as_pdf


def demo_like_days(patient, first: date, count: int):
    """Days like the demo account's: a full diary, four doses, two episodes and meals a day."""
    med = medication(patient)
    extra = medication(patient, name="Rasagiline", schedule=["08:00"])
    for n in range(count):
        day = first + timedelta(days=n)
        states = {i: "asleep" for i in range(14)} | {i: "off" for i in range(14, 16)}
        states |= {i: "on_nontroublesome" for i in range(24, 28)} | {46: "asleep", 47: "asleep"}
        fill(patient, day, states)
        y, m, d = day.year, day.month, day.day
        for hour, minutes in ((7, 5), (11, 40), (15, 10), (19, 0)):
            dose(patient, med, utc(y, m, d, hour, minutes), utc(y, m, d, hour))
        dose(patient, extra, utc(y, m, d, 8, 0), utc(y, m, d, 8))
        episode(patient, utc(y, m, d, 6, 10), utc(y, m, d, 6, 50), body_sites=["toes", "foot"])
        episode(patient, utc(y, m, d, 14, 30), utc(y, m, d, 14, 45), pain=3)
        for hour in (8, 13, 18):
            meal(patient, utc(y, m, d, hour, 30), protein_rich=hour == 13)


def test_three_demo_like_days_fit_on_two_a4_pages_with_name_and_range_on_each(
    patient_client, patient
):
    demo_like_days(patient, date(2026, 3, 2), 3)
    response = patient_client.get("/my-tracker/summary.pdf?start=2026-03-02&days=3")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="summary-2026-03-02-to-2026-03-04.pdf"' in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    assert 1 <= len(reader.pages) <= 2
    pages = [page.extract_text() for page in reader.pages]
    for number, text in enumerate(pages, start=1):
        assert text.count("Mary · 2 Mar 2026 to 4 Mar 2026") == 1
        assert f"Page {number} of {len(pages)}" in text
    width, height = reader.pages[0].mediabox.width, reader.pages[0].mediabox.height
    assert (round(float(width) / 72 * 25.4), round(float(height) / 72 * 25.4)) == (210, 297)
    text = "\n".join(pages)
    for expected in ("Daily totals", "Self-reported", "Co-careldopa", "Patterns", "Dystonia"):
        assert expected in text


def test_five_days_all_recalled_in_the_evening_still_fit_on_two_pages(patient_client, patient):
    """The diary welcomes recall at night: every entry then carries "recalled", and the
    printed tables keep each entry to one line all the same."""
    demo_like_days(patient, date(2026, 3, 2), 5)
    later = timedelta(hours=5)
    for model, happened in (
        (Dose, "taken_at"),
        (SymptomEpisode, "started_at"),
        (Meal, "eaten_at"),
        (DiaryEntry, "slot_start"),
    ):
        model.objects.update(recorded_at=F(happened) + later, recorded_by=patient)
    response = patient_client.get("/my-tracker/summary.pdf?start=2026-03-02&days=5")
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Recalled entries (recorded more than 2 hours after the event): 290" in text
    # Each day says so too, in a phrase rather than a list of its stretches and meals.
    assert text.count("\u2013 Recalled later: all the diary; all 3 meals.") == 5
    assert len(reader.pages) == 2


def test_a_long_summary_runs_on_with_the_header_on_every_page(patient_client, patient):
    demo_like_days(patient, date(2026, 3, 2), 14)
    response = patient_client.get("/my-tracker/summary.pdf?start=2026-03-02&days=14")
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) > 2
    for page in reader.pages:
        assert "Mary · 2 Mar 2026 to 15 Mar 2026" in page.extract_text()


def test_an_empty_range_still_makes_a_pdf(patient_client, patient):
    assert not DiaryEntry.objects.exists()
    response = patient_client.get("/my-tracker/summary.pdf?start=2026-03-02&days=3")
    reader = PdfReader(io.BytesIO(response.content))
    assert "No episodes recorded" in reader.pages[0].extract_text()


def structure(node, found: Counter, described: list) -> None:
    """Counts the tagged PDF's structure elements by type, and gathers the pictures' text."""
    node = node.get_object()
    if not isinstance(node, dict):
        return
    if "/S" in node:
        found[node["/S"]] += 1
    if "/Alt" in node:
        described.append(str(node["/Alt"]))
    kids = node.get("/K")
    for kid in kids if isinstance(kids, list) else [kids]:
        if kid is not None and (hasattr(kid, "get_object") or isinstance(kid, dict)):
            structure(kid, found, described)


def test_the_pdf_is_tagged_for_screen_readers(patient_client, patient):
    """Headings, tables with header cells, and each day's timeline described."""
    demo_like_days(patient, date(2026, 3, 2), 3)
    response = patient_client.get("/my-tracker/summary.pdf?start=2026-03-02&days=3")
    root = PdfReader(io.BytesIO(response.content)).trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and root["/Lang"] == "en-GB"
    found, described = Counter(), []
    structure(root["/StructTreeRoot"], found, described)
    assert found["/H1"] == 1 and found["/Table"] >= 3
    assert found["/H2"] >= 5 and found["/TH"] > 0
    timelines = [text for text in described if text.startswith("Timeline of")]
    assert len(timelines) == 3


def test_the_pdf_draws_timelines_and_key_without_svg_patterns(patient_client, patient):
    """WeasyPrint draws each pattern use as its own picture: the print page uses none."""
    demo_like_days(patient, date(2026, 3, 2), 3)
    summary = Summary.build(patient, date(2026, 3, 2), date(2026, 3, 4))
    # The paper timelines are SVG files in data: URLs.
    paper = unquote(render_to_string("tracker/summary_pdf.html", {"summary": summary}))
    screen = patient_client.get("/my-tracker/summary?start=2026-03-02&days=3").content.decode()
    assert "<pattern" not in paper
    assert "<pattern" in screen
    timeline = '<svg class="app-timeline"'
    assert paper.count(timeline) == screen.count(timeline) == 3


def test_only_the_screen_gets_the_narrow_screen_table_extras(patient_client, patient):
    """Column names in each cell and ARIA roles reflow the tables on a phone; WeasyPrint
    would only spend time styling them."""
    demo_like_days(patient, date(2026, 3, 2), 3)
    summary = Summary.build(patient, date(2026, 3, 2), date(2026, 3, 4))
    paper = render_to_string("tracker/summary_pdf.html", {"summary": summary})
    screen = patient_client.get("/my-tracker/summary?start=2026-03-02&days=3").content.decode()
    for extra in ('class="nhsuk-table__heading"', ' role="cell"', ' role="row"'):
        assert extra in screen
        assert extra not in paper
    assert "Mean of 3 complete days" in paper


def test_the_pdf_draws_only_pictures_the_page_carries_never_a_file_or_an_address(tmp_path):
    picture = tmp_path / "picture.png"
    Image.new("RGB", (4, 4), "black").save(picture)
    carried = "data:image/png;base64," + base64.b64encode(picture.read_bytes()).decode()
    sources = [picture.as_uri(), "http://127.0.0.1:9/picture.png", carried]
    page = "".join(f'<img src="{source}">' for source in sources)
    assert len(PdfReader(io.BytesIO(as_pdf(page))).pages[0].images) == 1


def test_the_garbage_collector_is_back_on_after_a_pdf_even_one_that_failed(monkeypatch):
    as_pdf("<p>Summary</p>")
    assert gc.isenabled()

    def fail(self, *args, **kwargs):
        raise RuntimeError("cairo: out of memory")

    monkeypatch.setattr("weasyprint.HTML.write_pdf", fail)
    with pytest.raises(RuntimeError):
        as_pdf("<p>Summary</p>")
    assert gc.isenabled()


@pytest.mark.parametrize("doses", [3, 4, 5, 6])
def test_the_episode_table_never_starts_at_a_pages_foot_without_an_episode(
    patient_client, patient, doses
):
    """However far down the dose table pushes it, the table's heading, its header row and a
    day's name go over to the next page with that day's first episode."""
    times = [f"{hour:02d}:00" for hour in range(7, 7 + doses)]
    med = medication(patient, schedule=times)
    for n in range(3):
        day = date(2026, 3, 2) + timedelta(days=n)
        fill(
            patient,
            day,
            {i: ("asleep", "off", "on", "on_nontroublesome")[i // 4 % 4] for i in range(48)},
        )
        y, m, d = day.year, day.month, day.day
        for hour in range(7, 7 + doses):
            dose(patient, med, utc(y, m, d, hour, 5), utc(y, m, d, hour))
        for hour in (6, 7, 8):
            episode(patient, utc(y, m, d, hour, 10), utc(y, m, d, hour, 40), body_sites=["toes"])
    response = patient_client.get("/my-tracker/summary.pdf?start=2026-03-02&days=3")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    for text in pages:
        if "Before first" in text:  # the episode table's header row
            assert "Dystonia: Toes" in text
    # Words for screen readers only (the tables' hidden captions) are not on paper.
    assert not any("Hours in each state per day" in text for text in pages)


def test_three_demo_like_days_with_questions_and_prepared_answers_still_fit_on_two_pages(
    patient_client, patient
):
    demo_like_days(patient, date(2026, 3, 2), 3)
    page = {"page_path": "managing-symptoms/cramps-and-spasms", "page_title": "Cramps and spasms"}
    for asked in ("Describe what you experience", "When does it happen?"):
        Question.objects.create(patient=patient, text=asked, page_text=asked, **page)
    for asked, answer in (
        ("Is the problem affected by your Parkinson's medication?", "Worse before a dose."),
        ("How does it impact on your daily activities or sleep?", "It wakes me at 5."),
        ("Does anything help it / make it worse?", "Stretching helps."),
    ):
        Question.objects.create(patient=patient, text=asked, page_text=asked, answer=answer, **page)
    for asked in ("Should I take my evening dose earlier?", "Can I still drive?"):
        Question.objects.create(patient=patient, text=asked)
    response = patient_client.get("/my-tracker/summary.pdf?start=2026-03-02&days=3")
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Stretching helps." in text and "Can I still drive?" in text
    assert len(reader.pages) == 2


def test_five_days_of_the_demo_with_a_time_zone_note_and_own_questions_fit_on_two_pages(
    patient_client, patient
):
    """The demo's records for these days have ten episodes, the most it makes; the footer,
    "About this record", stays whole under its heading all the same."""
    seed(patient, [date(2026, 3, 7) + timedelta(days=n) for n in range(5)])
    TimeZoneChange.objects.create(
        person=patient, earlier="Europe/Paris", changed_at=utc(2026, 3, 10, 12)
    )
    for asked in (
        "Should I take my evening dose earlier?",
        "Can I still drive?",
        "Would a different tablet help my toes curling in the morning?",
    ):
        Question.objects.create(patient=patient, text=asked)
    response = patient_client.get("/my-tracker/summary.pdf?start=2026-03-07&days=5")
    pages = [
        " ".join(page.extract_text().split())
        for page in PdfReader(io.BytesIO(response.content)).pages
    ]
    text = " ".join(pages)
    assert "the patient lived by Europe/Paris time" in text
    assert "Would a different tablet help" in text
    footer = [page for page in pages if "About this record" in page]
    assert len(footer) == 1 and "Generated" in footer[0], pages[-1]
    assert len(pages) == 2, pages[-1]


def test_five_days_kept_as_people_keep_them_fit_on_two_pages(patient_client, patient, carer):
    """One day with lunchtime left out, one with most of it, each night recalled in the
    morning, a carer's doses one day and episodes another, episodes recalled, what helped
    two episodes and a note on another, doses as needed, and questions of their own. Each
    incomplete day says why, under its date."""
    demo_like_days(patient, date(2026, 3, 2), 5)
    for model, happened in (
        (Dose, "taken_at"),
        (SymptomEpisode, "started_at"),
        (Meal, "eaten_at"),
        (DiaryEntry, "slot_start"),
    ):
        model.objects.update(recorded_at=F(happened), recorded_by=patient)
    night = DiaryEntry.objects.filter(slot_start__hour__lt=7)
    night.update(recorded_at=F("slot_start") + timedelta(hours=9))
    carer.display_name = "Margaret Walker"
    carer.save()
    Dose.objects.filter(taken_at__day=4).update(recorded_by=carer)
    SymptomEpisode.objects.filter(started_at__day=6).update(recorded_by=carer)
    recalled = SymptomEpisode.objects.filter(started_at__day=5)
    recalled.update(recorded_at=F("started_at") + timedelta(hours=3))
    SymptomEpisode.objects.filter(started_at__day__in=(2, 6), started_at__hour=6).update(
        relief=["stretching", "warmth"]
    )
    SymptomEpisode.objects.filter(started_at__day=3, started_at__hour=14).update(
        note="Came on walking to the shops."
    )
    as_needed = medication(patient, name="Madopar dispersible", schedule=[], as_needed=True)
    for day in (3, 5):
        dose(patient, as_needed, utc(2026, 3, day, 14, 40))
    DiaryEntry.objects.filter(
        slot_start__gte=utc(2026, 3, 5, 12), slot_start__lt=utc(2026, 3, 5, 13, 30)
    ).delete()
    DiaryEntry.objects.filter(
        slot_start__gte=utc(2026, 3, 6, 7, 30), slot_start__lt=utc(2026, 3, 7)
    ).delete()
    for asked in ("Could the morning cramps be helped by a night-time dose?", "Can I still drive?"):
        Question.objects.create(patient=patient, text=asked)
    response = patient_client.get("/my-tracker/summary.pdf?start=2026-03-02&days=5")
    reader = PdfReader(io.BytesIO(response.content))
    # The words as the PDF breaks them: "half-" at a line's end.
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    text = text.replace("half- hours", "half-hours")
    assert "Thu 5 Mar Incomplete: 3 of 48 half-hours missing" in text
    assert "Fri 6 Mar Incomplete: 33 of 48 half-hours missing" in text
    assert "Can I still drive?" in text and "About this record" in text
    assert len(reader.pages) == 2


def test_a_note_of_one_long_word_is_broken_to_the_width_of_its_column(patient_client, patient):
    """A pasted address ran over the columns beside it and off the page."""
    address = "https://example.org/" + "a" * 300
    episode(patient, utc(2026, 3, 2, 9), utc(2026, 3, 2, 9, 30), note=address)
    response = patient_client.get("/my-tracker/summary.pdf?start=2026-03-02&days=3")
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    pieces = [line for line in text.splitlines() if "aaaa" in line]
    assert "a" * 300 not in text and "".join(pieces).count("a") > 290
    assert len(pieces) > 5 and max(len(piece) for piece in pieces) < 60
