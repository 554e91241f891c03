"""A new secret for every calendar address a carer may have seen.

Carers with access to notes could open the calendar page, and its address kept working
after their access ended. Carers no longer see it; an address one may already have seen
stops working, and the patient gets a new one on their calendar page.
"""

import secrets

from django.db import migrations


def retire_addresses_carers_saw(apps, schema_editor):
    CalendarFeed = apps.get_model("notes", "CalendarFeed")
    CareGrant = apps.get_model("toolkit", "CareGrant")
    shared = CareGrant.objects.filter(carer__isnull=False).exclude(notes="none")
    for feed in CalendarFeed.objects.filter(patient__in=shared.values("patient")):
        feed.salt = secrets.token_hex()
        feed.save(update_fields=["salt"])


class Migration(migrations.Migration):
    dependencies = [
        ("notes", "0002_page_url"),
        ("toolkit", "0005_sessions_with_their_person"),
    ]

    operations = [migrations.RunPython(retire_addresses_carers_saw, migrations.RunPython.noop)]
