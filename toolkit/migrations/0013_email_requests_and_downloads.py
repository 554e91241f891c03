from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("toolkit", "0012_email_claim"),
    ]

    operations = [
        migrations.CreateModel(
            name="EmailRequest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("sender", models.CharField(max_length=64)),
                ("asked_at", models.DateTimeField(db_index=True)),
            ],
        ),
        migrations.AlterField(
            model_name="accessevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("viewed", "viewed"),
                    ("changed", "changed"),
                    ("downloaded", "downloaded"),
                    ("access_changed", "changed access"),
                    ("link_opened", "opened a specialist link"),
                ],
                max_length=20,
            ),
        ),
        # The column stays until the next release: the release before this one reads it
        # while `migrate` runs and until the restart. It may be null, so rows made without it
        # are accepted meanwhile.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="user", name="reset_link_sent_at"),
            ],
        ),
    ]
