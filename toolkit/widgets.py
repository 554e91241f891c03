"""Form widgets of our own: ones Django draws too slowly, and a box of lines that counts its
line breaks as a browser does."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


class DateInput(forms.DateInput):
    """The browser's own date picker, whatever the site's date formats."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


# The site writes times on the 24-hour clock, but a browser set to a 12-hour one shows a time
# box with AM and PM, and hours typed over a time filled in as PM stay PM. Which one a browser
# shows cannot be told from the page, so the hint suits both.
TIME_HINT = (
    "For example 07:30, or 19:05 (7:05 PM) in the evening. If the box shows AM or PM, "
    "check that too."
)


class TimeInput(forms.TimeInput):
    """The browser's own time picker, whatever the site's time formats."""

    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class PlainSelect(forms.Select):
    """A select of plain options (no groups), drawn in Python.

    Django draws every option from a template: that took 28 ms for the profile's time
    zones and two thirds of the diary page, whose 48 half-hours each have a select.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value is None else str(value)
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if str(key) == chosen else ""}>'
            f"{escape(label)}</option>"
            for key, label in self.choices
        )
        select_attrs = flatatt(self.build_attrs(self.attrs, attrs) | {"name": name})
        return mark_safe(f"<select{select_attrs}>{options}</select>")  # noqa: S308 - escaped


class PlainHiddenInput(forms.HiddenInput):
    """A hidden input drawn in Python, as PlainSelect is: Django's template for it took
    longer over the diary's 48 half-hours than PlainSelect over all their selects."""

    def render(self, name, value, attrs=None, renderer=None):
        # flatatt leaves out a value of None: an empty value is sent as "" all the same.
        given = {"type": "hidden", "name": name, "value": self.format_value(value)}
        return format_html("<input{}>", flatatt(given | self.build_attrs(self.attrs, attrs)))


class LinesInput(forms.Textarea):
    """A box of several lines whose line breaks are kept as one character each.

    Browsers send a line break in a box as CR LF but count it as one character against the
    box's `maxlength`, so text that fitted the box was refused as too long by the same limit.
    """

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value
