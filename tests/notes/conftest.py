from datetime import UTC, datetime

import pytest

SMALL_PAGE = """# Tremor

Some text.

**They may ask about:**

- When did it start?
- Which hand?

## Useful Organisations & Contacts

| Organisation | About | Phone Number | Website |
| --- | --- | --- | --- |
| Tremor Help | Help | 0800 000 000 | <a href="https://tremor.example.org">tremor.example.org</a> |
"""


@pytest.fixture
def small_page(settings, tmp_path):
    """An information page with two questions to add and one organisation."""
    (tmp_path / "tremor.md").write_text(SMALL_PAGE)
    settings.CONTENT_DIR = tmp_path
    return "tremor"


# Wednesday 1 April 2026, 13:00 in London.
APRIL_NOW = datetime(2026, 4, 1, 12, tzinfo=UTC)


@pytest.fixture
def april_client(client, patient, frozen):
    """The patient's client on the afternoon of 1 April 2026."""
    frozen(APRIL_NOW)
    client.force_login(patient)  # after the clock moves, or the session has expired
    return client
