"""Template helpers for the NHS.UK design system: the crispy-forms pack and the header."""

from django import forms, template
from django.forms.widgets import ChoiceWidget, Input
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

_WIDGET_CLASSES = [
    (forms.Select, "nhsuk-select"),
    (forms.Textarea, "nhsuk-textarea"),
    (forms.FileInput, "nhsuk-file-upload"),
    (forms.CheckboxInput, "nhsuk-checkboxes__input"),
    (Input, "nhsuk-input"),
]
_WIDTHS = {"date": "nhsuk-input--width-10", "time": "nhsuk-input--width-5"}


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


# Django's message for an empty required field: the same words under every field, so an
# error summary of them leaves the reader guessing which answers are missing.
GENERIC_REQUIRED = str(forms.Field.default_error_messages["required"])
# Labels that need no "the" in front: "Enter your password".
_OWN_ARTICLE = {"your", "their", "the", "a", "an"}


@register.filter
def named_errors(field) -> list[str]:
    """The field's errors, with Django's generic "required" message naming the field."""
    return [
        missing_answer(field) if str(error) == GENERIC_REQUIRED else error for error in field.errors
    ]


def missing_answer(field) -> str:
    """What to say when a field is left empty, made from its label."""
    if field.is_hidden:
        # Only a page sent without what the app put in it: an old copy, or a broken one.
        return "This form was sent incomplete. Reload the page and try again."
    label = str(field.label).removesuffix(" (optional)").strip()
    if label.endswith("?"):
        return f"Answer “{label}”"
    first, _, rest = label.partition(" ")
    # "Date" reads "the date"; a capital that is not just the first letter ("ON") stays.
    if first[1:].islower():
        first = first.lower()
    name = " ".join(word for word in (first, rest) if word)
    if first not in _OWN_ARTICLE:
        name = f"the {name}"
    verb = "Choose" if isinstance(field.field.widget, ChoiceWidget) else "Enter"
    return f"{verb} {name}."


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
def nav_item(context, href: str, text: str):
    """A main-menu link, marked as the current one on its own page.

    A tag rather than an included template: every page draws the menu.
    """
    request = context.get("request")
    path = request.path if request else ""
    return format_html(
        '<li class="nhsuk-header__navigation-item{}">'
        '<a class="nhsuk-header__navigation-link" href="{}"{}>{}</a></li>',
        " nhsuk-header__navigation-item--current" if href in (path, path[:-1]) else "",
        href,
        mark_safe(' aria-current="page"') if path == href else "",
        text,
    )
