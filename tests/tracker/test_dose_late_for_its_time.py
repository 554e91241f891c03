"""A dose typed on the form more than 2 hours after a time with no dose: asked whether it was
that dose, taken late (a bedtime dose taken in the small hours), rather than filed as an extra
dose and leaving the time to read as not recorded."""

from django.urls import reverse

from tests.conftest import grant_care, new_token, sign_in_as_carer
from tests.toolkit.test_form_pack import Page
from tests.tracker import make
from tests.tracker.make import utc
from tracker.models import Dose

QUESTION_QUERIES = 6


def typed(client, med, day: str, time: str, token: str, **answer):
    data = {"medication": med.pk, "date": day, "time": time, "token": token, **answer}
    return client.post(reverse("dose_new"), data)


def question(response) -> tuple[str, str, dict[str, str]]:
    page = Page(response.content.decode())
    buttons = {
        " ".join("".join(b.itertext()).split()): b.get("value")
        for b in page.all("main form button")
    }
    return page.text("h1"), page.text("main h1 + p"), buttons


def test_a_bedtime_dose_typed_after_midnight_is_asked_about_then_filed_late(
    patient_client, patient, frozen
):
    frozen(utc(2026, 11, 28, 9))
    med = make.medication(patient, name="Co-careldopa", schedule=["08:00", "22:30"])
    token = new_token()
    response = typed(patient_client, med, "2026-11-28", "00:40", token)
    assert response.status_code == 200
    assert not Dose.objects.exists()
    assert question(response) == (
        "Was this the dose due at 22:30 on Friday 27 November?",
        "This dose of Co-careldopa, taken at 00:40, is 2 hours 10 minutes late for the dose "
        "due at 22:30 on Friday 27 November, which is not recorded as taken.",
        {"Yes, that dose, taken late": "2026-11-27T22:30:00Z", "No, an extra dose": "extra"},
    )
    typed(patient_client, med, "2026-11-28", "00:40", token, for_time="2026-11-27T22:30:00Z")
    dose = Dose.objects.get()
    assert (dose.taken_at, dose.scheduled_for) == (
        utc(2026, 11, 28, 0, 40),
        utc(2026, 11, 27, 22, 30),
    )
    assert dose.minutes_late == 130
    # The same answer sent twice records one dose.
    typed(patient_client, med, "2026-11-28", "00:40", token, for_time="2026-11-27T22:30:00Z")
    assert Dose.objects.count() == 1


def test_an_extra_dose_is_filed_for_no_time(patient_client, patient, frozen):
    frozen(utc(2026, 11, 28, 9))
    med = make.medication(patient, schedule=["08:00", "22:30"])
    typed(patient_client, med, "2026-11-28", "00:40", new_token(), for_time="extra")
    assert Dose.objects.get().scheduled_for is None


def test_a_time_already_taken_is_not_asked_about(patient_client, patient, frozen):
    frozen(utc(2026, 11, 28, 9))
    med = make.medication(patient, schedule=["08:00", "22:30"])
    make.dose(patient, med, utc(2026, 11, 27, 22, 35), utc(2026, 11, 27, 22, 30))
    response = typed(patient_client, med, "2026-11-28", "00:40", new_token())
    assert response.status_code == 302
    assert Dose.objects.filter(scheduled_for=None).count() == 1


def test_a_time_more_than_6_hours_before_is_not_asked_about(patient_client, patient, frozen):
    frozen(utc(2026, 11, 28, 9))
    med = make.medication(patient, schedule=["08:00", "18:00"])
    response = typed(patient_client, med, "2026-11-28", "00:40", new_token())
    assert response.status_code == 302
    assert Dose.objects.get().scheduled_for is None


def test_an_answer_for_another_time_asks_again(patient_client, patient, frozen):
    # A page made up by hand, or the times changed since it was asked.
    frozen(utc(2026, 11, 28, 9))
    med = make.medication(patient, schedule=["08:00", "22:30"])
    response = typed(
        patient_client, med, "2026-11-28", "00:40", new_token(), for_time="2026-11-27T08:00:00Z"
    )
    assert response.status_code == 200
    assert not Dose.objects.exists()


def test_a_carer_is_asked_about_the_patients_dose(client, patient, carer, frozen):
    frozen(utc(2026, 11, 28, 9))
    grant_care(patient, carer, tracker="edit")
    sign_in_as_carer(client, carer, patient)
    med = make.medication(patient, schedule=["22:30"])
    response = typed(client, med, "2026-11-28", "00:40", new_token())
    assert question(response)[0] == "Was this the dose due at 22:30 on Friday 27 November?"


def test_the_question_takes_a_fixed_number_of_queries(
    patient_client, patient, frozen, django_assert_num_queries
):
    frozen(utc(2026, 11, 28, 9))
    med = make.medication(patient, schedule=["08:00", "22:30"])
    for day in range(20, 27):  # a week of bedtime doses taken on time
        make.dose(patient, med, utc(2026, 11, day, 22, 35), utc(2026, 11, day, 22, 30))
    # However many doses the medicine has had: the week before adds none.
    with django_assert_num_queries(QUESTION_QUERIES):
        response = typed(patient_client, med, "2026-11-28", "00:40", new_token())
    assert response.status_code == 200
