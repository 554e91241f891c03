"""Form widgets the design system's pages need that Django's own draw too slowly."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe


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
