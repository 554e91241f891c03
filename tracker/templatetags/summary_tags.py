"""Words for the summary's numbers (lateness and durations), and its printed header."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

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


@register.simple_tag(takes_context=True)
def column_name(context, name: str) -> str:
    """A cell's column name, shown on narrow screens, where each row becomes a block of lines.

    Left out on paper, where every table keeps its header row: WeasyPrint styles each
    element, shown or not, and these added about 100 ms to a 5-day PDF.
    """
    if context.get("paper"):
        return ""
    return format_html('<span class="nhsuk-table__heading" aria-hidden="true">{} </span>', name)


@register.filter
def alongside(cells: list, days: list) -> list[tuple]:
    """Each day with its cell of a row whose columns are days: narrow screens name the day."""
    return list(zip(days, cells, strict=True))


@register.filter
def css_string(value: str) -> SafeString:
    """A quoted CSS string of any text: all but letters and digits as escapes, so nothing in
    it can end the string or the <style> element around it. Spaces too: one right after an
    escape would be taken as the escape's end."""
    escaped = "".join(c if c.isalnum() else f"\\{ord(c):06x}" for c in str(value))
    return mark_safe(f'"{escaped}"')  # noqa: S308 - every other character is escaped
