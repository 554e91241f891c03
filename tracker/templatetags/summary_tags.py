"""Words for the summary's numbers: lateness and durations."""

from django import template

from tracker.derived import hours_and_minutes
from tracker.schedule import describe_lateness

register = template.Library()


@register.filter
def lateness(minutes: int | None) -> str:
    return describe_lateness(minutes)


@register.filter
def duration(minutes: int | None) -> str:
    return "" if minutes is None else hours_and_minutes(minutes)


@register.filter
def hours(value: float | None) -> str:
    """Hours to one decimal place, or a dash when there is nothing to show."""
    return "\N{EN DASH}" if value is None else f"{value:.1f}"
