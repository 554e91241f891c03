"""Specialist links: made and stopped by the patient, opened without an account."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from notes.models import Question
from tests.tracker.make import episode, utc
from toolkit.lib.tokens import new_token
from toolkit.models import AccessEvent, SpecialistLink
from toolkit.records_version import records_changed


def make_link(patient, *, start=date(2026, 3, 2), days=3, valid=timedelta(days=14)):
    raw, hashed = new_token()
    link = SpecialistLink.objects.create(
        patient=patient,
        recorded_by=patient,
        token_hash=hashed,
        start_date=start,
        days=days,
        expires_at=timezone.now() + valid,
    )
    return raw, link


def test_the_patient_makes_a_link_and_sees_it_once(patient_client, patient):
    response = patient_client.post(
        "/my-tracker/summary/links", {"start": "2026-03-02", "days": "5", "valid_days": "14"}
    )
    assert response.status_code == 302
    page = patient_client.get("/my-tracker/summary/links").content.decode()
    url = re.search(r'value="(http://testserver/s/[^"]+)"', page).group(1)
    link = SpecialistLink.objects.get(patient=patient)
    assert (link.start_date, link.days) == (date(2026, 3, 2), 5)
    assert timedelta(days=13, hours=23) < link.expires_at - timezone.now() <= timedelta(days=14)
    token = url.rsplit("/", 1)[1]
    assert len(token) >= 22  # at least 128 bits
    assert token not in link.token_hash
    # Shown once: the token is never stored, so it cannot be shown again.
    assert url not in patient_client.get("/my-tracker/summary/links").content.decode()


def test_making_a_link_says_so_in_words_with_when_it_stops_in_the_patients_time(
    patient_client, patient, frozen
):
    # A screen reader hears the message (init.mjs focuses it); nothing else on the page changes
    # where focus is. Eastern time is already on summer time by the 16th.
    patient.time_zone = "America/New_York"
    patient.save(update_fields=["time_zone"])
    frozen(utc(2026, 3, 2, 15, 30))
    response = patient_client.post(
        "/my-tracker/summary/links",
        {"start": "2026-02-28", "days": "3", "valid_days": "14"},
        follow=True,
    )
    said = "Link made. It works until 11:30 on Monday 16 March 2026."
    assert [str(m) for m in response.context["messages"]] == [
        f"{said} Copy it below and send it to your specialist."
    ]
    page = response.content.decode()
    assert 'class="nhsuk-inset-text app-message" role="status"' in page
    assert said in page
    assert "http://testserver/s/" in page  # the link itself, below


@pytest.mark.parametrize("valid_days", ["0", "91", "365", "soon"])
def test_a_link_works_for_at_most_90_days(patient_client, patient, valid_days):
    response = patient_client.post(
        "/my-tracker/summary/links", {"start": "2026-03-02", "days": "3", "valid_days": valid_days}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "nhsuk-error-summary" in page
    # In the words of the field, not Django's "less than or equal to 90".
    assert response.context["form"].errors["valid_days"] == [
        "Enter how many days the link should keep working, from 1 to 90."
    ]
    assert "equal to" not in page
    assert not SpecialistLink.objects.exists()


def test_a_link_to_days_still_to_come_is_refused_with_its_latest_first_day(
    patient_client, patient, frozen
):
    frozen(utc(2026, 3, 4, 12))
    response = patient_client.post(
        "/my-tracker/summary/links", {"start": "2026-03-03", "days": "5", "valid_days": "14"}
    )
    assert response.status_code == 200
    assert "nhsuk-error-summary" in response.content.decode()
    assert response.context["form"].errors["start"] == [
        "The last day must be today or earlier. For 5 days, the latest first day is "
        "28 February 2026."
    ]
    assert not SpecialistLink.objects.exists()
    # Ending today is allowed.
    response = patient_client.post(
        "/my-tracker/summary/links", {"start": "2026-02-28", "days": "5", "valid_days": "14"}
    )
    assert response.status_code == 302
    assert SpecialistLink.objects.get().days == 5


def test_anyone_with_the_link_reads_the_summary_and_each_opening_is_logged(client, patient):
    episode(patient, utc(2026, 3, 3, 9), note="private note")
    raw, link = make_link(patient)
    response = client.get(f"/s/{raw}")
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "no-referrer"
    content = response.content.decode()
    assert "Mary" in content
    assert "Tue 3 Mar 09:00" in content
    assert f"/s/{raw}.pdf" in content
    until = link.expires_at.astimezone(patient.zone)
    said = f"which works until {until:%H:%M} on {until:%A} {until.day} {until:%B %Y}"
    assert f"{said} (Europe/London time)." in content
    pdf = client.get(f"/s/{raw}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["X-Robots-Tag"] == "noindex"
    link.refresh_from_db()
    assert link.open_count == 2
    assert link.last_opened_at is not None
    events = AccessEvent.objects.filter(patient=patient, action=AccessEvent.Action.LINK_OPENED)
    assert events.count() == 2
    assert {(e.actor_id, e.what) for e in events} == {(None, "summary 2026-03-02 to 2026-03-04")}


def test_the_clinician_reading_a_link_is_not_offered_an_account(client, patient):
    # They came for the summary; "Log in" would also carry the link's secret address along.
    raw, _ = make_link(patient)
    content = client.get(f"/s/{raw}").content.decode()
    assert 'aria-label="Account"' not in content
    assert "Create an account" not in content
    assert 'aria-label="Account"' in client.get("/information/").content.decode()


def test_the_link_list_shows_how_often_and_when_each_link_was_opened(patient_client, patient):
    raw, _ = make_link(patient)
    patient_client.get(f"/s/{raw}")
    page = patient_client.get("/my-tracker/summary/links").content.decode()
    assert "1 time" in page
    assert "2 Mar 2026 to 4 Mar 2026" in page


def test_an_expired_link_shows_a_gone_page(client, patient):
    raw, link = make_link(patient, valid=timedelta(seconds=-1))
    response = client.get(f"/s/{raw}")
    assert response.status_code == 410
    assert "no longer works" in response.content.decode()
    assert response["X-Robots-Tag"] == "noindex"
    assert client.get(f"/s/{raw}.pdf").status_code == 410
    link.refresh_from_db()
    assert link.open_count == 0
    assert not AccessEvent.objects.exists()


def test_a_stopped_link_shows_a_gone_page(patient_client, client, patient):
    raw, link = make_link(patient)
    response = patient_client.post(f"/my-tracker/summary/links/{link.id}/stop")
    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    patient_client.logout()
    assert client.get(f"/s/{raw}").status_code == 410


def test_an_unknown_token_is_not_found(client, db):
    response = client.get("/s/not-a-real-token-at-all")
    assert response.status_code == 404
    assert response["X-Robots-Tag"] == "noindex"


def test_a_link_never_shows_another_patients_records(client, patient, stranger):
    episode(patient, utc(2026, 3, 3, 9))
    episode(stranger, utc(2026, 3, 3, 14, 45))
    raw, _ = make_link(stranger)
    content = client.get(f"/s/{raw}").content.decode()
    assert "Sam" in content
    assert "14:45" in content
    assert "Mary" not in content
    assert "Tue 3 Mar 09:00" not in content


def test_a_stranger_cannot_stop_someone_elses_link(stranger_client, patient):
    _, link = make_link(patient)
    assert stranger_client.post(f"/my-tracker/summary/links/{link.id}/stop").status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None


def test_the_patient_is_told_their_questions_go_with_the_link_and_later_changes_show(
    client, patient
):
    Question.objects.create(patient=patient, text="Ask about sleep", page_path="", page_title="")
    token, _ = make_link(patient)
    page = client.get(f"/s/{token}").content.decode()
    assert "Ask about sleep" in page
    Question.objects.create(patient=patient, text="Written after the link", page_path="")
    records_changed(patient.pk)  # as the questions page does
    client.force_login(patient)
    said = " ".join(client.get("/my-tracker/summary/links").content.decode().split())
    assert "with your questions still to ask" in said
    later = "a record of those days, or a question, that you add or change later is shown too"
    assert later in said
    client.logout()
    assert "Written after the link" in client.get(f"/s/{token}").content.decode()
