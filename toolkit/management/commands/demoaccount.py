from django.core.management.base import BaseCommand

from toolkit.models import User

DEMO_EMAIL = "demo@example.com"
DEMO_PASSWORD = "parkinsons-demo"  # noqa: S105 - a local demo account, printed on purpose


class Command(BaseCommand):
    help = "Create the local demo account once, and print how to log in."

    def handle(self, *args, **options):
        if not User.objects.filter(email=DEMO_EMAIL).exists():
            User.objects.create_user(DEMO_EMAIL, DEMO_PASSWORD, display_name="Demo patient")
            self.stdout.write("Created the demo account.")
        self.stdout.write(
            f"Log in at http://127.0.0.1:8000/account/log-in as {DEMO_EMAIL} / {DEMO_PASSWORD}"
        )
