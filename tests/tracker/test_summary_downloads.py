"""The summary's downloads are saved as files named for their days, as their links say."""

import pytest


@pytest.mark.parametrize("extension", ["pdf", "csv", "json"])
def test_each_download_is_saved_as_a_file_named_for_its_days(patient_client, extension):
    response = patient_client.get(f"/my-tracker/summary.{extension}?start=2026-03-02&days=3")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="summary-2026-03-02-to-2026-03-04.{extension}"'
    )
