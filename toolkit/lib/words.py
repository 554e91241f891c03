"""Counts and lists in words, for messages and summaries."""


def plural(count: int, one: str, many: str) -> str:
    """`one` for a count of 1, else `many`: "1 dose", "3 doses", "0 entries"."""
    return one if count == 1 else many


def counted(count: int, one: str, many: str) -> str:
    """ "1 half-hour", "2 half-hours"."""
    return f"{count} {plural(count, one, many)}"


def and_list(names: list[str]) -> str:
    """ "the patient, John and Sue"; "" for no names."""
    return " and ".join(filter(None, [", ".join(names[:-1]), names[-1]])) if names else ""
