"""A summary is rendered once per version of the records, and never shown stale or to
anyone else: every change through the app, an import, or a new name shows at once."""

import io
import json

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from tests.conftest import grant_care, new_token, sign_in_as_carer
from tests.tracker.make import episode, medication, utc
from tests.tracker.test_summary_links import make_link
from toolkit import portability
from tracker import summary_cache

URL = "/my-tracker/summary?start=2026-03-02&days=3"


@pytest.fixture
def builds(monkeypatch):
    """The summaries built from the database, as (patient name, start)."""
    made = []
    real = summary_cache.Summary.build

    def build(patient, start, end, **kwargs):
        made.append((patient.name, start))
        return real(patient, start, end, **kwargs)

    monkeypatch.setattr(summary_cache.Summary, "build", build)
    return made


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_a_summary_of_days_not_yet_over_is_made_afresh_as_times_pass(
    patient_client, patient, frozen
):
    frozen(utc(2026, 3, 1, 9))
    medication(patient, schedule=["12:00"])
    frozen(utc(2026, 3, 4, 11))  # 11:00 in London
    url = "/my-tracker/summary?start=2026-03-04&days=1"
    assert "Not yet due" in patient_client.get(url).content.decode()
    frozen(utc(2026, 3, 4, 13))
    page = patient_client.get(url).content.decode()
    assert "Not yet due" not in page
    assert "Not recorded" in page


def test_the_same_summary_is_rendered_once(
    patient_client, patient, builds, django_assert_num_queries
):
    episode(patient, utc(2026, 3, 3, 9), utc(2026, 3, 3, 10), body_sites=["neck"])
    pages = [patient_client.get(URL).content.decode() for _ in range(2)]
    with django_assert_num_queries(2):  # the session with its person, the records version
        pages.append(patient_client.get(URL).content.decode())
    assert all("Neck" in page for page in pages)
    assert len(builds) == 1
    for _ in range(2):
        assert "Neck" in pdf_text(patient_client.get(URL.replace("summary?", "summary.pdf?")))
    assert len(builds) == 2


def test_a_record_deleted_in_the_app_is_gone_from_the_next_summary(patient_client, patient):
    found = episode(patient, utc(2026, 3, 3, 9), utc(2026, 3, 3, 10), body_sites=["neck"])
    pdf_url = URL.replace("summary?", "summary.pdf?")
    assert "Neck" in patient_client.get(URL).content.decode()
    assert "Neck" in pdf_text(patient_client.get(pdf_url))
    patient_client.post(f"/my-tracker/episodes/{found.pk}/delete")
    assert "Neck" not in patient_client.get(URL).content.decode()
    assert "Neck" not in pdf_text(patient_client.get(pdf_url))


def test_a_carers_change_shows_in_the_patients_summary(client, patient, carer):
    found = episode(patient, utc(2026, 3, 3, 9), utc(2026, 3, 3, 10), body_sites=["neck"])
    grant_care(patient, carer, tracker="edit")
    patient_client = make_client_for(patient)
    assert "Neck" in patient_client.get(URL).content.decode()
    sign_in_as_carer(client, carer, patient)
    assert client.post(f"/my-tracker/episodes/{found.pk}/delete").status_code == 302
    assert "Neck" not in patient_client.get(URL).content.decode()


def test_a_read_only_carers_refused_change_keeps_the_summary(client, patient, carer, builds):
    found = episode(patient, utc(2026, 3, 3, 9), utc(2026, 3, 3, 10), body_sites=["neck"])
    grant_care(patient, carer, tracker="view")
    sign_in_as_carer(client, carer, patient)
    assert "Neck" in client.get(URL).content.decode()
    assert client.post(f"/my-tracker/episodes/{found.pk}/delete").status_code == 403
    assert "Neck" in client.get(URL).content.decode()
    assert len(builds) == 1


def test_each_patient_sees_only_their_own_summary_of_the_same_days(client, patient, stranger):
    episode(patient, utc(2026, 3, 3, 9), utc(2026, 3, 3, 10), body_sites=["neck"])
    episode(stranger, utc(2026, 3, 3, 9), utc(2026, 3, 3, 10), body_sites=["hand"])
    for person, own, other in ((patient, "Neck", "Hand"), (stranger, "Hand", "Neck")):
        for _ in range(2):
            page = make_client_for(person).get(URL).content.decode()
            assert own in page and other not in page and person.name in page


def test_a_specialist_link_shows_the_kept_summary_of_its_own_patient_only(
    client, patient, stranger, builds
):
    episode(patient, utc(2026, 3, 3, 9), utc(2026, 3, 3, 10), body_sites=["neck"])
    make_client_for(stranger).get(URL)
    raw, _ = make_link(patient)
    shared = client.get(f"/s/{raw}").content.decode()
    own = make_client_for(patient).get(URL).content.decode()
    assert "Neck" in shared and "Neck" in own and patient.name in shared
    assert f"/s/{raw}.pdf" in shared
    assert f"/s/{raw}" not in own
    assert [name for name, _ in builds] == [stranger.name, patient.name]


def test_an_import_shows_in_the_next_summary(patient_client, patient, stranger, tmp_path):
    episode(stranger, utc(2026, 3, 3, 9), utc(2026, 3, 3, 10), body_sites=["neck"])
    assert "Neck" not in patient_client.get(URL).content.decode()
    file = tmp_path / "records.json"
    file.write_text(json.dumps(portability.export_document(stranger)))
    call_command("importrecords", str(file), "--user", patient.email, stdout=io.StringIO())
    assert "Neck" in patient_client.get(URL).content.decode()


def test_a_carers_new_name_shows_in_the_summaries_they_recorded_in(client, patient, carer):
    episode(patient, utc(2026, 3, 3, 9), utc(2026, 3, 3, 10), recorded_by=carer)
    patient_client = make_client_for(patient)
    assert "Recorded by John (carer).<" in patient_client.get(URL).content.decode()
    client.force_login(carer)
    response = client.post("/account/profile", {"display_name": "Johnny", "time_zone": "UTC"})
    assert response.status_code == 302
    assert "Recorded by Johnny (carer).<" in patient_client.get(URL).content.decode()


def test_a_pdf_that_failed_is_not_kept(patient_client, patient, monkeypatch):
    real = summary_cache.as_pdf

    def fail(html):
        raise OSError("no fonts")

    pdf_url = URL.replace("summary?", "summary.pdf?")
    monkeypatch.setattr(summary_cache, "as_pdf", fail)
    assert patient_client.get(pdf_url).status_code == 503
    monkeypatch.setattr(summary_cache, "as_pdf", real)
    assert patient_client.get(pdf_url).status_code == 200


def make_client_for(person):
    from django.test import Client

    client = Client()
    client.force_login(person)
    return client


def test_the_next_appointment_shortcut_follows_new_appointments_and_the_clock(
    patient_client, patient, monkeypatch
):
    now = [utc(2026, 3, 10, 9)]
    monkeypatch.setattr("django.utils.timezone.now", lambda: now[0])
    assert "before your next appointment" not in patient_client.get(URL).content.decode()
    for day in ("2026-03-20", "2026-04-20"):
        response = patient_client.post(
            "/my-notes/appointments/new",
            {"day": day, "time": "10:00", "role": "neurologist", "token": new_token()},
        )
        assert response.status_code == 302
    # Its days have not begun: a summary of them cannot be made yet.
    assert "before your next appointment" not in patient_client.get(URL).content.decode()
    now[0] = utc(2026, 3, 17, 9)  # as many of them as are over
    page = patient_client.get(URL).content.decode()
    assert "/my-tracker/summary?start=2026-03-15&amp;days=2" in page
    assert patient_client.get("/my-tracker/summary?start=2026-03-15&days=2").status_code == 200
    now[0] = utc(2026, 3, 20, 9)
    page = patient_client.get(URL).content.decode()
    assert "/my-tracker/summary?start=2026-03-15&amp;days=5" in page
    now[0] = utc(2026, 4, 17, 9)  # the first has passed; the records have not changed
    page = patient_client.get(URL).content.decode()
    assert "/my-tracker/summary?start=2026-04-15&amp;days=2" in page


def test_opening_a_form_keeps_the_summary_and_sending_it_does_not(patient_client, patient, builds):
    found = episode(patient, utc(2026, 3, 3, 9), utc(2026, 3, 3, 10), body_sites=["neck"])
    patient_client.get(URL)
    assert patient_client.get(f"/my-tracker/episodes/{found.pk}").status_code == 200
    patient_client.get(URL)
    assert len(builds) == 1  # a form looked at changes nothing
    patient_client.post(f"/my-tracker/episodes/{found.pk}/delete")
    patient_client.get(URL)
    assert len(builds) == 2
