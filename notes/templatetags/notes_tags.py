from django import template
from django.template.defaultfilters import linebreaksbr, urlize
from django.utils import timezone

from notes.forms import AppointmentReminderForm
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


# A length not among the form's choices (one brought by an import) is said in these.
BEFORE_UNITS = [(7 * 24 * 60, "week"), (24 * 60, "day"), (60, "hour"), (1, "minute")]


@register.filter
def before_words(reminder) -> str:
    """How long before its appointment a reminder is, in the words it was chosen with ("1 week
    before"): whole days are counted on the calendar, so the week the clocks change is still
    a week, not "6 days, 23 hours"."""
    minutes = reminder.minutes_before
    if minutes is None:
        minutes = reminder.appointment.minutes_before(reminder.at)
    label = dict(AppointmentReminderForm.BEFORE).get(minutes)
    if label:
        return label
    parts = []
    for size, unit in BEFORE_UNITS:
        count, minutes = divmod(minutes, size)
        if count:
            parts.append(f"{count} {unit}{'s' if count > 1 else ''}")
    return f"{', '.join(parts)} before" if parts else "at the time of"
