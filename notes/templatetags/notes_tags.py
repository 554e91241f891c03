from django import template
from django.template.defaultfilters import linebreaksbr, urlize
from django.utils import timezone

from toolkit.lib.local_time import wall_label

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


@register.filter
def wall_time(instant) -> str:
    """An instant's time on the clock of the zone in use (the patient's): "01:30 (GMT)" when
    that time happens twice on its day, as everywhere else a time is shown."""
    return wall_label(timezone.localtime(instant))
