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


# The responsive tables' extras are for screens only: on paper every table keeps its header
# row, and WeasyPrint styles each element, shown or not. The column names, their wrappers and
# the roles cost a 5-day PDF about 150 ms.


@register.tag
def column(parser, token):
    """{% column "Began" %}…{% endcolumn %}: a cell's content, with its column's name shown
    on narrow screens, where each row becomes a block of lines."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% column %} takes the column's name")
    nodelist = parser.parse(("endcolumn",))
    parser.delete_first_token()
    return ColumnNode(parser.compile_filter(bits[1]), nodelist)


class ColumnNode(template.Node):
    def __init__(self, name, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context) -> str:
        content = self.nodelist.render(context)  # rendered, so already escaped
        if context.get("paper"):
            return content
        return format_html(
            '<span class="nhsuk-table__heading" aria-hidden="true">{} </span><span>{}</span>',
            self.name.resolve(context),
            mark_safe(content),  # noqa: S308 - the template's own output
        )


@register.filter
def table_roles(paper: bool) -> dict[str, SafeString]:
    """The ARIA roles of a table's parts, as `{{ roles.cell }}`: they keep its meaning when
    narrow screens restyle it. None on paper. (A lookup, not a tag per cell: it is cheap.)"""
    if paper:
        return {}
    parts = ("table", "rowgroup", "row", "columnheader", "rowheader", "cell")
    return {part: format_html(' role="{}"', part) for part in parts}


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
