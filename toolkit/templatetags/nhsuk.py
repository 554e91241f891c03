"""Template helpers for the NHS.UK design system: the crispy-forms pack and the header."""

import re

from django import forms, template
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.widgets import ChoiceWidget, Input
from django.utils.html import format_html

register = template.Library()

_WIDGET_CLASSES = [
    (forms.Select, "nhsuk-select"),
    (forms.Textarea, "nhsuk-textarea"),
    (forms.FileInput, "nhsuk-file-upload"),
    (forms.CheckboxInput, "nhsuk-checkboxes__input"),
    (Input, "nhsuk-input"),
]
# Wide enough for every part a browser shows: where it keeps a 12-hour clock, a time has
# an AM/PM part too, which a narrower box hid (16:30 read "04:30").
_WIDTHS = {"date": "nhsuk-input--width-10", "time": "nhsuk-input--width-10"}
_IN_FULL = {
    "date": " in full: day, month and year",
    "time": " in full: hours and minutes, and AM or PM if the box shows them",
}


def describedby(field) -> str:
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


@register.simple_tag
def nhsuk_widget(field):
    """Render a single-value field's widget with the design system's classes and ARIA links."""
    widget = field.field.widget
    base = next((cls for kind, cls in _WIDGET_CLASSES if isinstance(widget, kind)), "")
    classes = [base, widget.attrs.get("class", "")]
    if field.errors and base in ("nhsuk-input", "nhsuk-select", "nhsuk-textarea"):
        classes.append(f"{base}--error")
    if isinstance(widget, Input) and widget.input_type in _WIDTHS:
        classes.append(_WIDTHS[widget.input_type])
    attrs = {"class": " ".join(c for c in classes if c)}
    if ids := describedby(field):
        attrs["aria-describedby"] = ids
    return field.as_widget(attrs=attrs)


@register.simple_tag
def nhsuk_describedby(field):
    return describedby(field)


@register.filter
def widget_type(field) -> str:
    """'checkbox', 'radios', 'checkboxes' or 'input': which NHS.UK pattern renders this field."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


# Labels that need no "the" in front: "Enter your password".
_OWN_ARTICLE = {"your", "their", "the", "a", "an"}
# Django's own words from a validator rather than a field: every field checks its length.
_VALIDATOR_WORDS = {MaxLengthValidator.code: MaxLengthValidator.message}


@register.filter
def named_errors(field) -> list[str]:
    """The field's errors, Django's own words replaced by ours, which name the field.

    Django's words are the same under every field ("This field is required.") or speak
    like a machine ("Ensure this value has at most 100 characters (it has 101)."): an error
    summary of them leaves the reader guessing which answer is wrong, and how to put it
    right. A form's own message for an error is kept.
    """
    return [in_our_words(field, error) for error in field.errors.as_data()]


def in_our_words(field, error: ValidationError) -> str:
    said = next(iter(error))
    if error.message is not djangos_words(field.field, error.code):
        return said
    if error.code == "required":
        return missing_answer(field)
    if error.code == MaxLengthValidator.code:
        return too_long(field, error.params["limit_value"])
    # Only a dropdown's, radios' or checkboxes': their choices are the list the words speak of.
    if error.code == "invalid_choice" and isinstance(field.field.widget, ChoiceWidget):
        return not_in_list(field)
    return said


def djangos_words(field: forms.Field, code: str | None):
    """Django's own message for `code` on this kind of field (None where it has none).

    Compared by identity with an error's message: a form's own message, even with the same
    words, is a different object.
    """
    for kind in type(field).__mro__:
        messages = vars(kind).get("default_error_messages", {})
        if code in messages:
            return messages[code]
    return _VALIDATOR_WORDS.get(code)


def missing_answer(field) -> str:
    """What to say when a field is left empty, made from its label."""
    if field.is_hidden:
        # Only a page sent without what the app put in it: an old copy, or a broken one.
        return "This form was sent incomplete. Reload the page and try again."
    label = short_label(field)
    if label.endswith("?"):
        return f"Answer “{label}”"
    verb = "Choose" if isinstance(field.field.widget, ChoiceWidget) else "Enter"
    # A browser sends a date or time box typed only in part as empty: "Enter the time" would
    # tell someone who typed 7:30 but not PM that they typed nothing.
    in_full = _IN_FULL.get(getattr(field.field.widget, "input_type", None), "")
    return f"{verb} {named(label)}{in_full}."


def too_long(field, limit: int) -> str:
    label = short_label(field)
    subject = f"The answer to “{label}”" if label.endswith("?") else label
    return f"{subject} must be {limit:,} characters or fewer."


def not_in_list(field) -> str:
    label = short_label(field)
    what = f"an answer to “{label}”" if label.endswith("?") else named(label)
    return f"Choose {what} from the list."


def short_label(field) -> str:
    """The label without what it says in brackets at its end ("(optional)", or an
    explanation), which an error message naming the field can do without."""
    return re.sub(r"\s*\([^()]*\)$", "", str(field.label)).strip()


def named(label: str) -> str:
    """A label as an error message names it: "Date" is "the date", "Your name" stays."""
    first, _, rest = label.partition(" ")
    # A capital that is not just the first letter ("ON") stays.
    if first[1:].islower():
        first = first.lower()
    name = " ".join(word for word in (first, rest) if word)
    return name if first in _OWN_ARTICLE else f"the {name}"


@register.filter
def error_anchor(field) -> str:
    """Where the error summary's link should land: the first option of a group."""
    if widget_type(field) in ("radios", "checkboxes"):
        return f"{field.auto_id}_0"
    return field.auto_id


def _conditional_fields(form) -> dict:
    """A form's `conditional_fields` (see `toolkit.forms.ConditionalFieldsMixin`): drawn under
    their choice and revealed when it is chosen; without JavaScript they all show."""
    return getattr(form, "conditional_fields", {})


@register.filter
def top_level_fields(form) -> list:
    """The form's fields less those drawn under a choice, so that none is drawn twice."""
    under_choices = {
        name
        for choices in _conditional_fields(form).values()
        for names in choices.values()
        for name in names
    }
    return [field for field in form if field.name not in under_choices]


@register.simple_tag
def revealed_fields(field, option) -> list:
    """The fields to draw under this option of a radio (or checkbox) group."""
    names = _conditional_fields(field.form).get(field.name, {}).get(option.data["value"], ())
    return [field.form[name] for name in names]


@register.simple_tag(takes_context=True)
def error_prefix(context) -> str:
    """ "Error: " before the title of a page whose form was sent back with errors, as the
    design system asks: the title is what a screen reader reads first, and a tab shows."""
    # By type(), not isinstance(): that would evaluate the lazy values in the context (the
    # CSRF token sets a cookie, and a page that sets one is never kept).
    refused = any(
        issubclass(type(value), forms.BaseForm) and value.is_bound and value.errors
        for value in context.flatten().values()
    )
    return "Error: " if refused else ""


@register.simple_tag(takes_context=True)
def nav_item(context, href: str, text: str):
    """A main-menu link, marked as the current one on its own page and every page under it:
    aria-current="page" on its own page, "true" (the section) on the pages under it.

    A tag rather than an included template: every page draws the menu.
    """
    request = context.get("request")
    path = request.path if request else ""
    section = href.rstrip("/")
    if path in (section, f"{section}/"):
        current = "page"
    # Only a link to a section of its own: one to "/" would be current everywhere.
    elif section and path.startswith(f"{section}/"):
        current = "true"
    else:
        current = ""
    return format_html(
        '<li class="nhsuk-header__navigation-item{}">'
        '<a class="nhsuk-header__navigation-link" href="{}"{}>{}</a></li>',
        " nhsuk-header__navigation-item--current" if current else "",
        href,
        format_html(' aria-current="{}"', current) if current else "",
        text,
    )
