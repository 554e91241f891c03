"""Contact websites that are not web pages are read as the contact form reads one, or cleared.

A contact's website is shown as a link. Before only web pages (http or https) were taken,
one could be typed as `ftp://…`, and one taken from an information page's table could be
a bare `www.…` or a `javascript:` link. A bare `www.…` becomes `https://www.…`, as the form
has it; any other that is not a web page is cleared, so none runs script when followed and
the form and an import refuse none saved.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import migrations

# The contact form's reading of a website when this was written, kept here unchanged.
WEB_PAGE = forms.URLField(
    max_length=500, assume_scheme="https", validators=[URLValidator(schemes=["http", "https"])]
)


def web_page(website: str) -> str:
    try:
        return WEB_PAGE.clean(website)
    except ValidationError:
        return ""


def clear_websites_that_are_not_web_pages(apps, schema_editor):
    Contact = apps.get_model("notes", "Contact")
    for contact in Contact.objects.exclude(website="").only("website").iterator():
        website = web_page(contact.website)
        if website != contact.website:
            contact.website = website
            contact.save(update_fields=["website"])


class Migration(migrations.Migration):
    dependencies = [
        ("notes", "0006_question_page_columns_database_defaults"),
    ]

    operations = [
        migrations.RunPython(clear_websites_that_are_not_web_pages, migrations.RunPython.noop),
    ]
