"""python manage.py import_entries EMAIL FILE [--format FORMAT]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from entries import limits
from entries.models import ImportJob, add_imported
from entries.transfer import importers


class Command(BaseCommand):
    help = (
        "Import a journal export into someone's journal, all or nothing. A day that already "
        "has an entry gets the imported text added, unless that text is already there."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The account's email address.")
        parser.add_argument("file", type=Path, help="The export file.")
        parser.add_argument(
            "--format", choices=importers.FORMATS, help="Worked out from the file if not given."
        )

    def handle(self, *args, email, file, format, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(email)
        except User.DoesNotExist:
            raise CommandError(f"No account has the address {email}.") from None
        try:
            size = file.stat().st_size
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        if size > ImportJob.MAX_BYTES:
            raise CommandError(f"{file} is {size:,} bytes; imports are limited to 50 MB.")
        try:
            latest = limits.latest_day(user.timezone)
            journal = importers.parse(file.read_bytes(), format, file.name, latest)
        except importers.FormatError as error:
            raise CommandError(f"{file.name}, {error}. Nothing was imported.") from None
        try:
            with transaction.atomic():
                counts = add_imported(user, journal.entries, save=True)
        except (limits.TooLong, limits.OutOfRange) as error:
            problem = ImportJob.limit_problem(error)
            raise CommandError(f"{file.name}, {problem}. Nothing was imported.") from None
        skipped = counts["unchanged"] + journal.empty
        self.stdout.write(
            f"Imported {len(journal.entries)} days: {counts['added']} added, "
            f"{counts['merged']} merged, {skipped} skipped "
            f"({counts['unchanged']} already there, {journal.empty} with no text)."
        )
        if journal.media:
            self.stdout.write(f"{journal.media} photos or other attachments were left out.")
