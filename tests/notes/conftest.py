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
