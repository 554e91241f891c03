from datetime import datetime

import pytest


@pytest.fixture
def frozen(monkeypatch):
    """Set what `timezone.now()` answers for the rest of the test."""

    def freeze(instant: datetime) -> datetime:
        monkeypatch.setattr("django.utils.timezone.now", lambda: instant)
        return instant

    return freeze
