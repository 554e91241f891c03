"""What the pages offer a carer. One who may only look is offered nothing to press: no button
or link that would end in "You cannot do this" (403). One who may record is offered what the
patient is, in words about the patient."""

import contextlib
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from notes.models import Contact, Note, Question
from tests.conftest import grant_care, new_token, sign_in_as_carer
from tests.toolkit.test_form_pack import Page
from toolkit.models import AccessEvent, CareGrant
from tracker.models import DiaryEntry, Meal

# Views that change records, whether by a POST of their own or by a form they show.
WRITING_VIEWS = {
    "tracker_right_now",
    *(
        f"{record}_{action}"
        for record in ("medication", "dose", "episode", "meal")
        for action in ("new", "edit", "delete")
    ),
    "medication_stop",
    "dose_take",
    "episode_now",
    "episode_stopped",
    "meal_ate",
    "diary_run",
    "diary_slots",
    "notes_question",
    "notes_question_asked",
    "notes_questions_from_page",
    "notes_note",
    "notes_note_new",
    "notes_appointment_new",
    "notes_appointment_edit",
    "notes_appointment_tracking",
    "notes_contact",
    "notes_contact_new",
    "notes_contact_from_page",
    "notes_reminder",
    "notes_reminder_new",
    "notes_reminder_active",
}

PAGES = [
    "tracker_home",
    "medication_list",
    "episode_list",
    "meal_list",
    "diary_today",
    "notes_home",
    "notes_questions",
    "notes_notes",
    "notes_appointments",
    "notes_appointment",
    "notes_contacts",
    "notes_reminders",
    "information_page",
]


def offered_writes(html: str) -> set[str]:
    """The writing views the page's main content links to or posts to."""
    main = html.split('id="maincontent"', 1)[1]
    targets = re.findall(r'<form method="post" action="([^"]*)"', main)
    targets += re.findall(r'href="(/[^"#?]*)', main)
    names = set()
    for target in targets:
        with contextlib.suppress(Resolver404):  # a link outside the app
            names.add(resolve(target).url_name)
    return names & WRITING_VIEWS


@pytest.fixture
def carer_page(records, patient, carer):
    def get(name: str, level: str) -> str:
        CareGrant.objects.filter(pk=records["grant"]).update(tracker=level, notes=level)
        client = sign_in_as_carer(Client(), carer, patient)
        if name == "notes_appointment":
            url = reverse(name, kwargs={"pk": records["appointment"]})
        elif name == "tracker_summary":
            url = reverse("summary")
        elif name == "information_page":
            url = "/information/managing-symptoms/cramps-and-spasms"
        else:
            url = reverse(name)
        response = client.get(url, follow=True)
        assert response.status_code == 200
        return response.content.decode()

    return get


@pytest.mark.parametrize("name", PAGES)
def test_a_carer_who_may_only_look_is_offered_nothing_that_changes_records(carer_page, name):
    assert offered_writes(carer_page(name, "view")) == set()


# My Reminders & Notes' front page only leads to the others.
@pytest.mark.parametrize("name", [name for name in PAGES if name != "notes_home"])
def test_a_carer_who_may_record_is_offered_what_the_patient_is(carer_page, name):
    assert offered_writes(carer_page(name, "edit"))


def test_a_carer_who_may_only_look_still_sees_todays_doses_and_the_diary(carer_page):
    html = carer_page("tracker_home", "view")
    assert "Co-careldopa" in html
    assert "Not recorded as taken yet." in html or "<strong>Taken</strong>" in html
    assert "the diary says: nothing yet." in html
    assert "Today\u2019s ON/OFF diary" in html


def test_the_page_that_lists_reminders_names_the_patients_address(carer_page, patient, carer):
    html = carer_page("notes_reminders", "view")
    assert f"by email to {patient.email}, at the time chosen, in Mary&#x27;s own time zone" in html
    assert carer.email not in html.split('id="maincontent"', 1)[1]


def test_an_information_page_offers_a_carer_the_patients_notes(carer_page):
    html = carer_page("information_page", "edit")
    assert ">Keep this for Mary&#x27;s appointment</h2>" in html
    assert (
        "Save the questions on this page to Mary&#x27;s notes, so Mary can think about the "
        "answers before seeing the specialist." in html
    )
    assert "Add these questions to Mary&#x27;s notes" in html
    assert "</span> to Mary&#x27;s contacts</button>" in html
    assert "your notes" not in html and "your appointment" not in html


def test_an_information_page_offers_the_patient_their_own_notes(patient_client):
    html = patient_client.get("/information/managing-symptoms/cramps-and-spasms").text
    assert ">Keep this for your appointment</h2>" in html
    assert "Save the questions on this page to your notes, so you can think" in html


@pytest.mark.parametrize("level", ["view", "edit"])
def test_a_carer_is_not_offered_what_only_the_patient_may_do(carer_page, level):
    for name in ("tracker_summary", "notes_home"):
        main = carer_page(name, level).split('id="maincontent"', 1)[1]
        assert "/my-tracker/summary/links" not in main
        assert "/my-notes/calendar" not in main


def test_the_patient_is_offered_a_link_for_their_specialist(patient_client, records):
    assert "Share with your specialist by a link" in patient_client.get(reverse("summary")).text


@pytest.mark.parametrize("closed, path", [("tracker", "/my-tracker"), ("notes", "/my-notes")])
def test_a_carer_is_not_led_to_a_part_they_may_not_see(patient, carer, closed, path):
    grant_care(patient, carer, **{closed: "none"})
    client = sign_in_as_carer(Client(), carer, patient)
    for url in ("/", "/account/profile"):
        assert f'href="{path}"' not in client.get(url).text, url
    # The part's home, reached by a link written in a page, says it is not shared.
    response = client.get(path)
    assert response.status_code == 403
    assert "Mary has not shared My" in response.text
    # Links the clinicians wrote into a page stay; the page's own calls to action go.
    page = client.get("/information/managing-symptoms/cramps-and-spasms").text
    offered = {"tracker": "Track this in My Tracker", "notes": "Add these questions"}[closed]
    assert offered not in page


def test_everyone_else_finds_both_parts_in_the_menu(client, patient):
    assert 'href="/my-tracker"' in client.get("/").text  # the card, for someone to sign up
    client.force_login(patient)
    menu = client.get("/account/profile").text.split('aria-label="Main menu"', 1)[1]
    assert 'href="/my-tracker"' in menu and 'href="/my-notes"' in menu


def test_headings_name_whose_records_a_carer_is_looking_at(carer_page):
    assert "<h1>Mary&#x27;s medicines</h1>" in carer_page("medication_list", "view")
    assert "Mary&#x27;s summary for the specialist" in carer_page("tracker_home", "view")
    assert "<h2>Mary&#x27;s reminders</h2>" in carer_page("notes_reminders", "view")


@pytest.mark.parametrize(
    ("name", "title"),
    [("tracker_home", "Mary&#x27;s Tracker"), ("notes_home", "Mary&#x27;s Reminders & Notes")],
)
def test_the_browser_title_names_whose_records_a_carer_is_looking_at(carer_page, name, title):
    assert f"<title>{title} \N{EN DASH} " in carer_page(name, "view")


@pytest.mark.parametrize(
    ("name", "title"), [("tracker_home", "My Tracker"), ("notes_home", "My Reminders & Notes")]
)
def test_the_browser_title_is_the_patients_own(patient_client, name, title):
    assert f"<title>{title} \N{EN DASH} " in patient_client.get(reverse(name)).text


@pytest.mark.parametrize("name", ["medication_list", "episode_list", "meal_list", "diary_today"])
def test_a_carer_is_led_back_to_the_patients_tracker(carer_page, name):
    html = carer_page(name, "view")
    link = f'<a class="nhsuk-back-link" href="{reverse("tracker_home")}">'
    assert f"{link}Back to Mary&#x27;s Tracker</a>" in html
    assert "Back to My Tracker" not in html


def test_a_carer_who_may_record_presses_buttons_that_speak_of_the_patient(carer_page, records):
    html = carer_page("tracker_home", "edit")
    assert ">Mary ate</button>" in html
    assert ">I ate<" not in html


NEW_RECORD_PAGES = [
    "medication_new",
    "dose_new",
    "episode_new",
    "episode_now",
    "meal_new",
    "notes_note_new",
    "notes_appointment_new",
    "notes_contact_new",
    "notes_reminder_new",
]


@pytest.mark.parametrize("name", NEW_RECORD_PAGES)
@pytest.mark.parametrize("level, status", [("view", 403), ("edit", 200)])
def test_a_form_for_a_new_record_is_refused_before_it_is_filled_in(
    records, patient, carer, name, level, status
):
    CareGrant.objects.filter(pk=records["grant"]).update(tracker=level, notes=level)
    client = sign_in_as_carer(Client(), carer, patient)
    assert client.get(reverse(name)).status_code == status


def test_opening_a_form_is_logged_as_a_look_and_sending_it_as_a_change(records, patient, carer):
    CareGrant.objects.filter(pk=records["grant"]).update(notes="edit")
    client = sign_in_as_carer(Client(), carer, patient)
    url = reverse("notes_contact", kwargs={"pk": records["contact"]})
    client.get(url)
    assert list(AccessEvent.objects.values_list("action", flat=True)) == ["viewed"]
    client.post(url, {"name": "Parkinson's nurse"})
    assert list(AccessEvent.objects.values_list("action", flat=True).order_by("at")) == [
        "viewed",
        "changed",
    ]


def test_a_form_sent_by_a_carer_is_logged_as_a_change_only_when_it_saved(
    records, patient, carer, client
):
    CareGrant.objects.filter(pk=records["grant"]).update(tracker="edit")
    sign_in_as_carer(client, carer, patient)
    # Refused for what was typed: the form comes back, and nothing was saved.
    refused = client.post(reverse("meal_new"), {"date": "", "time": "", "token": new_token()})
    assert refused.status_code == 200
    assert list(AccessEvent.objects.values_list("action", flat=True)) == ["viewed"]
    AccessEvent.objects.all().delete()

    saved = client.post(reverse("meal_ate"), {"token": new_token()})
    assert saved.status_code == 302
    assert list(AccessEvent.objects.values_list("action", flat=True)) == ["changed"]


def test_a_change_sent_by_a_carer_who_may_only_look_is_refused_and_logged(
    records, patient, carer, client
):
    # A tab left open from before the patient took "record" away.
    CareGrant.objects.filter(pk=records["grant"]).update(tracker="view", notes="view")
    sign_in_as_carer(client, carer, patient)
    response = client.post(reverse("meal_ate"), {"token": new_token()})
    assert response.status_code == 403
    assert list(Meal.objects.filter(patient=patient).values_list("pk", flat=True)) == [
        records["meal"]
    ]
    event = AccessEvent.objects.get()
    assert (event.actor, event.action, event.what) == (carer, "refused", "tracker")
    # Opening a form is not a change tried: only what was sent is logged.
    client.get(reverse("meal_new"))
    assert AccessEvent.objects.count() == 1

    client.force_login(patient)
    log = " ".join(
        Page(client.get(reverse("access_log")).content.decode()).text("main table").split()
    )
    assert "Was refused a change: My Tracker" in log


def test_a_carer_setting_reminders_is_told_they_go_to_the_patient(carer_page, records):
    appointment = carer_page("notes_appointment", "edit")
    assert "We can email Mary each day to fill in Mary&#x27;s diary" in appointment
    assert ">Remind Mary to track</button>" in appointment
    assert "Remind Mary each day at" in appointment
    assert "Remind Mary before this appointment" in appointment
    assert "Reminders go by email to Mary, at mary@example.com, not to you." in carer_page(
        "notes_reminder_new", "edit"
    )


CRAMPS = "managing-symptoms/cramps-and-spasms"


def test_once_access_has_ended_an_information_page_keeps_questions_in_the_carers_own_notes(
    patient, carer
):
    grant = grant_care(patient, carer, notes="edit")
    client = sign_in_as_carer(Client(), carer, patient)
    CareGrant.objects.filter(pk=grant.pk).update(revoked_at=timezone.now())

    page = client.get(f"/information/{CRAMPS}").content.decode()
    assert "Your access to Mary&#x27;s records has ended." in page
    assert "Add these questions to my notes" in page
    response = client.post(reverse("notes_questions_from_page"), {"page": CRAMPS})
    assert response.status_code == 302
    assert Question.objects.filter(patient=carer).count() == 5
    assert not Question.objects.filter(patient=patient).exists()
    # Said once, on the page where it was first found.
    # Said once as a message; on the pages after, above the page, for a while.
    later = Page(client.get(f"/information/{CRAMPS}").content.decode())
    assert "has ended" not in later.text(".nhsuk-main-wrapper")
    assert later.text("#care-ended-title") == "Your access to Mary's records has ended."


def test_a_form_sent_for_the_patient_after_access_ended_saves_nothing_anywhere(patient, carer):
    grant = grant_care(patient, carer, notes="edit")
    client = sign_in_as_carer(Client(), carer, patient)
    form = reverse("notes_contact_new")
    client.get(form)
    CareGrant.objects.filter(pk=grant.pk).update(revoked_at=timezone.now())

    response = client.post(form, {"name": "Parkinson's nurse", "token": new_token()})
    assert response.status_code == 403
    assert "Your access to Mary&#x27;s records has ended." in response.content.decode()
    assert not Contact.objects.exists()
    assert client.get(form).status_code == 200  # their own records, from now on


def test_a_page_asked_for_after_access_ended_shows_the_carers_own_records(patient, carer):
    grant = grant_care(patient, carer, tracker="edit")
    client = sign_in_as_carer(Client(), carer, patient)
    CareGrant.objects.filter(pk=grant.pk).update(revoked_at=timezone.now())

    response = client.get(reverse("tracker_home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Your access to Mary&#x27;s records has ended." in page
    assert "You are working on Mary" not in page


def test_pages_left_open_for_the_patient_after_access_ended_save_nothing_anywhere(patient, carer):
    # Mary's tracker home, her diary and a note form open in three tabs; Mary stops sharing.
    grant = grant_care(patient, carer, tracker="edit", notes="edit")
    client = sign_in_as_carer(Client(enforce_csrf_checks=True), carer, patient)
    tabs = [csrf_of(client, url) for url in ("/my-tracker", "/my-tracker", "/my-notes/notes/new")]
    CareGrant.objects.filter(pk=grant.pk).update(revoked_at=timezone.now())

    sends = [
        (reverse("meal_ate"), {"token": new_token()}),
        (reverse("tracker_right_now"), {"state": "off"}),
        (reverse("notes_note_new"), {"text": "Very stiff at lunch", "token": new_token()}),
    ]
    for token, (url, data) in zip(tabs, sends, strict=True):
        response = client.post(url, {**data, "csrfmiddlewaretoken": token})
        assert response.status_code == 403
    assert "This page was out of date" in response.content.decode()
    assert not Meal.objects.exists()
    assert not DiaryEntry.objects.exists()
    assert not Note.objects.exists()
    # A page asked for afresh is the carer's own, and its forms save there.
    fresh = csrf_of(client, "/my-tracker")
    response = client.post(
        reverse("meal_ate"), {"token": new_token(), "csrfmiddlewaretoken": fresh}
    )
    assert response.status_code == 302
    assert Meal.objects.get().patient == carer


def csrf_of(client, url: str) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_pages_left_open_save_nothing_after_access_ended_was_found_by_a_page_not_found(
    patient, carer
):
    # The first request after Mary stopped sharing was the page of one of her meals: "Page not
    # found", as a stranger would get. The tabs still open were drawn for Mary.
    grant = grant_care(patient, carer, tracker="edit")
    meal = Meal.objects.create(patient=patient, eaten_at=timezone.now())
    client = sign_in_as_carer(Client(enforce_csrf_checks=True), carer, patient)
    tab = csrf_of(client, "/my-tracker")
    CareGrant.objects.filter(pk=grant.pk).update(revoked_at=timezone.now())

    assert client.get(reverse("meal_edit", args=[meal.pk])).status_code == 404
    response = client.post(reverse("meal_ate"), {"token": new_token(), "csrfmiddlewaretoken": tab})
    assert response.status_code == 403
    assert Meal.objects.get() == meal


def test_after_access_ends_a_carers_own_pages_say_so_for_a_while(
    records, patient, carer, client, frozen
):
    """The message is seen once, by whichever tab asks first; a tab left open on Mary's diary,
    reloaded after, showed the carer's own empty diary at the same address without a word."""
    now = frozen(timezone.now())
    sign_in_as_carer(client, carer, patient)
    CareGrant.objects.filter(pk=records["grant"]).update(revoked_at=now)
    banner = "Your access to Mary's records has ended."

    first = Page(client.get(reverse("tracker_home")).content.decode())
    assert banner in first.text(".nhsuk-main-wrapper")  # the message
    assert not first.all("#care-ended-title")
    diary = Page(client.get(reverse("diary_today"), follow=True).content.decode())
    assert diary.text("#care-ended-title") == banner
    assert "You are working on your own records." in diary.text(".app-acting-for")

    frozen(now + timedelta(hours=13))
    assert not Page(client.get(reverse("tracker_home")).content.decode()).all("#care-ended-title")


def test_after_access_ends_the_list_of_whom_a_carer_helps_ends_the_banner(
    records, patient, carer, client, frozen
):
    """A carer left helping nobody had no way to put it away but waiting twelve hours."""
    now = frozen(timezone.now())
    sign_in_as_carer(client, carer, patient)
    CareGrant.objects.filter(pk=records["grant"]).update(revoked_at=now)
    client.get(reverse("tracker_home"))  # the message, once
    assert Page(client.get(reverse("diary_today"), follow=True).text).all("#care-ended-title")

    caring = Page(client.get(reverse("caring")).text)
    assert not caring.all("#care-ended-title")
    assert not Page(client.get(reverse("diary_today"), follow=True).text).all("#care-ended-title")


def test_after_access_ends_a_page_sent_on_says_it_once_not_twice(
    records, patient, carer, client, frozen
):
    """The diary found the access ended and sent the carer on to today's page, which showed
    the message and, under it, the banner saying the same again."""
    now = frozen(timezone.now())
    sign_in_as_carer(client, carer, patient)
    CareGrant.objects.filter(pk=records["grant"]).update(revoked_at=now)
    banner = "Your access to Mary's records has ended."

    sent_on = Page(client.get(reverse("diary_today"), follow=True).text)
    assert banner in sent_on.text(".nhsuk-main-wrapper")  # the message
    assert not sent_on.all("#care-ended-title")
    assert Page(client.get(reverse("tracker_home")).text).text("#care-ended-title") == banner
