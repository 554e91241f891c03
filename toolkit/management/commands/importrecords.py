import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from toolkit import portability
from toolkit.forms import AddressField
from toolkit.models import User, validate_time_zone


class Command(BaseCommand):
    help = (
        "Load a data document (as from Download my data) into an account: "
        "all of it or, on any problem, none of it."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="the account's email address")
        parser.add_argument(
            "--create",
            action="store_true",
            help="make the account (with no usable password) if it does not exist",
        )

    def handle(self, *args, file: Path, user: str, create: bool, **options):
        # As the sign-up form takes an address: an empty --user (a shell variable not set)
        # must not find, or make, an account with no address.
        try:
            user = AddressField().clean(user)
        except ValidationError as error:
            raise CommandError(f"--user {user!r}: {' '.join(error.messages)}") from None
        try:
            size = file.stat().st_size
            if size > portability.MAX_BYTES:
                raise CommandError(f"{file} is larger than {portability.MAX_BYTES // 2**20} MB.")
            read = file.read_bytes()
        except OSError as error:  # a file gone, not allowed, or a folder
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        try:
            document = json.loads(read)
        except UnicodeDecodeError as error:  # json reads UTF-8, -16 and -32, not Latin-1
            raise CommandError(
                f"{file} is not UTF-8 text (byte {error.start + 1} is not): save it as UTF-8 "
                "and import it again."
            ) from None
        except (ValueError, RecursionError) as error:  # RecursionError: nested too deep
            raise CommandError(f"{file} is not a JSON document: {error}") from None
        try:
            portability.check_header(document)
            # One transaction: a new account is not left behind when its records fail.
            with transaction.atomic():
                patient = self.account(user, create, document)
                portability.import_document(document, patient, patient)
        except portability.DataError as error:
            raise CommandError(f"Nothing was imported. {error}") from None
        self.stdout.write(f"Imported the records into {patient.email}.")
        zone = document.get("time_zone")
        if isinstance(zone, str) and zone and zone != patient.time_zone:
            # Times are instants, so nothing moves; but days are cut on the account's clock,
            # and a person who moved with their records may not see the days they recorded.
            self.stdout.write(
                f"The document was made on {zone}'s clock; the account keeps {patient.time_zone},"
                f" so its days and times are shown on {patient.time_zone}'s clock. If the"
                " person lives by the other, they can change it on their profile page."
            )

    def account(self, email: str, create: bool, document: dict) -> User:
        found = User.objects.filter(email__iexact=email).first()
        if found:
            return found
        if not create:
            raise CommandError(f"No account has the email {email}. Add --create to make one.")
        zone = document.get("time_zone") or "Europe/London"
        try:
            if not isinstance(zone, str):
                raise ValidationError("not a name")
            validate_time_zone(zone)
        except ValidationError:
            raise portability.DataError("time_zone", f"{zone!r} is not an IANA time zone") from None
        return User.objects.create_user(email, None, time_zone=zone)
