from django.db import migrations, models

# What a send found stopped or moved used to be recorded as missed, with these words.
CANCELLED_WORDS = "stopped or moved before it was sent"


def mark_cancelled(apps, schema_editor):
    Delivery = apps.get_model("notes", "Delivery")
    Delivery.objects.filter(status="missed", error=CANCELLED_WORDS).update(
        status="cancelled", error=""
    )


def mark_missed(apps, schema_editor):
    Delivery = apps.get_model("notes", "Delivery")
    Delivery.objects.filter(status="cancelled").update(status="missed", error=CANCELLED_WORDS)


class Migration(migrations.Migration):
    dependencies = [
        ("notes", "0009_reminders_count_from"),
    ]

    operations = [
        migrations.AlterField(
            model_name="delivery",
            name="status",
            field=models.CharField(
                choices=[
                    ("pending", "Pending"),
                    ("sent", "Sent"),
                    ("missed", "Missed"),
                    ("failed", "Failed"),
                    ("cancelled", "Cancelled"),
                ],
                default="pending",
                max_length=10,
            ),
        ),
        migrations.RunPython(mark_cancelled, mark_missed),
    ]
