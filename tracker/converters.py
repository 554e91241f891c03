from datetime import date

from toolkit.lib.local_time import FIRST_DAY, LAST_DAY


class IsoDateConverter:
    """YYYY-MM-DD in a URL; an impossible date (2026-02-30), or one outside the days the
    tracker takes (0001-01-01), raises ValueError, so a 404."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        day = date.fromisoformat(value)
        if not FIRST_DAY <= day <= LAST_DAY:
            raise ValueError(f"{day} is outside the days the tracker takes")
        return day

    def to_url(self, value: date) -> str:
        return value.isoformat()
