from django import template
from django.template.defaultfilters import linebreaksbr, urlize

register = template.Library()


@register.filter(is_safe=True)
def user_text(value: str) -> str:
    """Text a person typed: escaped, with its web addresses clickable and line breaks kept."""
    return linebreaksbr(urlize(value, autoescape=True), autoescape=True)


WEEKDAY_NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


@register.filter
def weekday_names(days) -> str:
    if days is None:
        return "every day"
    return ", ".join(WEEKDAY_NAMES[d] for d in days)
