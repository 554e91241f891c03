"""The summary's tables (their cells, roles and rows: `tracker.summary_tables`), hours in words,
and a CSS string for its printed header."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from tracker import summary_tables
from tracker.diary import one_decimal

register = template.Library()


@register.filter
def hours(value: float | None) -> str:
    """Hours to one decimal place, or a dash when there is nothing to show."""
    return "\N{EN DASH}" if value is None else f"{one_decimal(value):.1f}"


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
        paper = bool(context.get("paper"))
        return mark_safe(  # noqa: S308 - the template's own output, and an escaped name
            summary_tables.column(str(self.name.resolve(context)), content, paper)
        )


@register.filter
def table_roles(paper: bool) -> dict[str, SafeString]:
    """The roles of a table's parts, as `{{ roles.cell }}` (`summary_tables.roles`)."""
    return {part: mark_safe(role) for part, role in summary_tables.roles(paper).items()}  # noqa: S308


@register.simple_tag
def episode_headers(paper) -> SafeString:
    return mark_safe(summary_tables.episode_headers(bool(paper)))  # noqa: S308 - escaped


@register.simple_tag
def episode_rows(summary, paper) -> SafeString:
    return mark_safe(summary_tables.episode_rows(summary, bool(paper)))  # noqa: S308 - escaped


@register.simple_tag
def schedule_rows(summary, paper) -> SafeString:
    return mark_safe(summary_tables.schedule_rows(summary, bool(paper)))  # noqa: S308 - escaped


@register.simple_tag
def other_doses(summary) -> SafeString:
    return mark_safe(summary_tables.other_doses(summary))  # noqa: S308 - escaped


@register.filter
def css_string(value: str) -> SafeString:
    """A quoted CSS string of any text: all but letters and digits as escapes, so nothing in
    it can end the string or the <style> element around it. Spaces too: one right after an
    escape would be taken as the escape's end."""
    escaped = "".join(c if c.isalnum() else f"\\{ord(c):06x}" for c in str(value))
    return mark_safe(f'"{escaped}"')  # noqa: S308 - every other character is escaped
