import re
from datetime import timedelta

import pytest
from django.urls import reverse

from tests.conftest import grant_care, sign_in_as_carer
from tests.tracker import make
from tests.tracker.make import utc
from tracker.models import DiaryEntry, Dose, Meal, SymptomEpisode

# The session with its person, then the page's own: medications, today's doses, the
# current slot, open episodes.
HOME_QUERIES = 5


def button_names(page: str) -> list[str]:
    """What a screen reader announces for each button: its text, visible and visually hidden,
    with the space the browser puts between the two (so hidden text that starts with ": "
    would read "Taken : Co-careldopa")."""
    buttons = re.findall(r"<button\b[^>]*>(.*?)</button>", page, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", button).split()) for button in buttons]


def test_the_information_address_redirects_to_the_tracker(patient_client):
    response = patient_client.get("/information/my-tracker")
    assert response.status_code == 301
    assert response["Location"] == reverse("tracker_home")


def test_an_empty_tracker_offers_to_add_a_medicine(patient_client):
    page = patient_client.get(reverse("tracker_home")).content.decode()
    assert "Add a medicine" in page
    assert "Right now I am…" in page
    assert "Dystonia now" in page
    assert "I ate" in page


def test_an_empty_tracker_asks_a_carer_for_the_patients_medicines(client, patient, carer):
    grant_care(patient, carer, tracker="edit")
    sign_in_as_carer(client, carer, patient)
    page = client.get(reverse("tracker_home")).content.decode()
    assert (
        "Add the medicines Mary takes and when, and you can record each dose here with one tap."
        in page
    )
    response = client.get(reverse("dose_new"), follow=True)
    assert response.redirect_chain == [(reverse("medication_new"), 302)]
    assert "Add Mary&#x27;s medicine first, then record doses of it." in response.text


def test_an_empty_tracker_asks_the_patient_for_their_medicines(patient_client):
    page = patient_client.get(reverse("tracker_home")).content.decode()
    assert "Add the medicines you take and when" in page
    response = patient_client.get(reverse("dose_new"), follow=True)
    assert "Add your medicine first, then record doses of it." in response.text


def test_today_lists_each_scheduled_dose_with_a_taken_button(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 12))
    med = make.medication(patient)
    make.dose(patient, med, utc(2026, 1, 10, 7, 20), utc(2026, 1, 10, 7))
    page = patient_client.get(reverse("tracker_home")).content.decode()
    assert page.count(">Taken<span") == 3  # 11:00, 15:00 and 19:00
    taken = [name for name in button_names(page) if name.startswith("Taken")]
    assert taken == [f"Taken Co-careldopa due at {time}" for time in ("11:00", "15:00", "19:00")]
    assert "<strong>Taken</strong> at 07:20" in page
    assert "20 minutes late for 07:00" in page


def test_a_time_the_clocks_skip_onto_another_of_its_times_is_one_dose(
    patient_client, patient, frozen
):
    # 29 March 2026, 02:10 BST: 01:30 fell due at 02:30, the medicine's other time.
    frozen(utc(2026, 3, 29, 1, 10))
    make.medication(patient, "Ropinirole", schedule=("01:30", "02:30"))
    page = patient_client.get(reverse("tracker_home")).content.decode()
    taken = [name for name in button_names(page) if name.startswith("Taken")]
    assert taken == ["Taken Ropinirole due at 02:30"]


def test_the_one_tap_buttons_come_before_the_doses_recorded_today(patient_client, patient, frozen):
    """On a phone each dose recorded is a block of lines: listed among the medicines, five of
    them pushed "Right now I am…" and "Dystonia now" screens down."""
    frozen(utc(2026, 1, 10, 20))
    med = make.medication(patient)
    for hour in (7, 11, 15, 19):
        make.dose(patient, med, utc(2026, 1, 10, hour, 5), utc(2026, 1, 10, hour))
    page = patient_client.get(reverse("tracker_home")).content.decode()
    order = [
        page.index(words)
        for words in (
            "Today\u2019s medicines",
            "Right now I am",
            "Dystonia now",
            "ate</button>",
            ">Doses recorded today<",
            "appointment</h2>",
        )
    ]
    assert order == sorted(order)
    assert 'aria-labelledby="doses-today-heading"' in page


def test_right_now_fills_the_current_half_hour(patient_client, patient, frozen):
    frozen(utc(2026, 7, 1, 13, 47))  # 14:47 BST
    response = patient_client.post(reverse("tracker_right_now"), {"state": "on"}, follow=True)
    entry = DiaryEntry.objects.get()
    assert (entry.slot_start, entry.state, entry.recorded_by) == (
        utc(2026, 7, 1, 13, 30),
        "on",
        patient,
    )
    assert "Recorded “ON without dyskinesia” for 14:30 to 15:00." in response.content.decode()
    patient_client.post(reverse("tracker_right_now"), {"state": "off"})
    assert DiaryEntry.objects.get().state == "off"
    page = patient_client.get(reverse("tracker_home")).content.decode()
    assert "the diary says: <strong>OFF</strong>" in page


def test_right_now_refuses_an_unknown_state(patient_client):
    response = patient_client.post(reverse("tracker_right_now"), {"state": "dancing"}, follow=True)
    assert response.status_code == 200
    assert "Choose one of the buttons" in response.content.decode()
    assert not DiaryEntry.objects.exists()


def test_an_ongoing_episode_offers_it_has_stopped(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 12))
    make.episode(patient, utc(2026, 1, 10, 11, 30), body_sites=["neck"])
    page = patient_client.get(reverse("tracker_home")).content.decode()
    assert "Dystonia since 11:30 (neck)." in page
    assert "It has stopped now, the dystonia that started at 11:30" in button_names(page)


def test_an_ongoing_episode_and_its_stop_button_come_before_the_doses(
    patient_client, patient, frozen
):
    """ "Dystonia now" says to press "It has stopped" when it stops: below the doses and the
    diary's buttons, that was screens down a phone."""
    frozen(utc(2026, 1, 10, 12, 20))
    make.medication(patient)
    episode = make.episode(patient, utc(2026, 1, 10, 12, 17), body_sites=["foot"])
    page = patient_client.get(reverse("tracker_home")).content.decode()
    stop = reverse("episode_stopped", args=[episode.pk])
    assert page.index("</h1>") < page.index("Dystonia since 12:17 (foot).") < page.index(stop)
    assert page.index(stop) < page.index("Today\u2019s medicines") < page.index(">Taken<span")
    assert page.count(f'action="{stop}"') == 1
    # One going on already: "Dystonia now" would start another over it.
    assert reverse("episode_now") not in page
    response = patient_client.post(stop, follow=True)
    assert response.redirect_chain[-1][0] == reverse("tracker_home")
    SymptomEpisode.objects.get(pk=episode.pk, ended_at=utc(2026, 1, 10, 12, 20))
    after = response.content.decode()
    assert "Dystonia since" not in after
    assert f'href="{reverse("episode_now")}"' in after


def test_each_episode_going_on_is_listed_with_its_own_stop_button(patient_client, patient, frozen):
    frozen(utc(2026, 1, 10, 12, 30))
    make.episode(patient, utc(2026, 1, 10, 11, 5), body_sites=["foot"])
    make.episode(patient, utc(2026, 1, 10, 12, 17), body_sites=["neck", "face"])
    page = patient_client.get(reverse("tracker_home")).content.decode()
    assert "Dystonia since 11:05 (foot)." in page
    assert "Dystonia since 12:17 (neck, face or jaw)." in page
    stops = [name for name in button_names(page) if name.startswith("It has stopped")]
    assert sorted(stops) == [
        f"It has stopped now, the dystonia that started at {time}" for time in ("11:05", "12:17")
    ]


def test_a_carer_who_may_only_view_sees_the_episode_going_on_without_the_button(
    client, patient, carer, frozen
):
    frozen(utc(2026, 1, 10, 12, 20))
    grant_care(patient, carer, tracker="view")
    sign_in_as_carer(client, carer, patient)
    make.episode(patient, utc(2026, 1, 10, 12, 17), body_sites=["foot"])
    page = client.get(reverse("tracker_home")).content.decode()
    assert "Dystonia since 12:17 (foot)." in page
    assert not [name for name in button_names(page) if name.startswith("It has stopped")]


def fill(patient, count: int, now):
    """`count` of each kind of record, all but a few on earlier days."""
    med = make.medication(patient)
    starts = [now - timedelta(hours=6 * n) for n in range(count)]
    Dose.objects.bulk_create(
        Dose(patient=patient, medication=med, taken_at=at, scheduled_for=None) for at in starts
    )
    SymptomEpisode.objects.bulk_create(
        SymptomEpisode(
            patient=patient,
            started_at=at,
            ended_at=at + timedelta(minutes=20),
            severity="mild",
            motor_state="off",
            body_sites=["foot"],
        )
        for at in starts
    )
    Meal.objects.bulk_create(Meal(patient=patient, eaten_at=at) for at in starts)
    DiaryEntry.objects.bulk_create(
        DiaryEntry(
            patient=patient,
            slot_start=now.replace(minute=0) - timedelta(minutes=30 * n),
            state="on",
        )
        for n in range(count)
    )


@pytest.mark.parametrize("count", [1, 1000])
@pytest.mark.parametrize("going_on", [0, 2], ids=["none going on", "two going on"])
def test_the_home_costs_the_same_queries_however_long_the_record(
    patient_client, patient, frozen, django_assert_num_queries, count, going_on
):
    now = frozen(utc(2026, 1, 10, 12, 10))
    fill(patient, count, now)
    for minutes in range(going_on):
        make.episode(patient, now - timedelta(minutes=minutes + 1))
    with django_assert_num_queries(HOME_QUERIES):
        response = patient_client.get(reverse("tracker_home"))
    assert response.status_code == 200
