"""python manage.py export_entries EMAIL --format FORMAT [--output FILE]"""

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from entries.models import Entry, Photo
from entries.transfer.exporters import FORMATS


class Command(BaseCommand):
    help = "Write someone's whole journal, oldest first, to a file or standard output."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The account's email address.")
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument("--output", help="A file to write; standard output if not given.")

    def handle(self, *args, email, format, output, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(email)
        except User.DoesNotExist:
            raise CommandError(f"No account has the address {email}.") from None
        kind = FORMATS[format]
        chunks = kind.write(Photo.objects.attached(Entry.objects.for_export(user)))
        if output:
            # Written whole or not at all would need the journal in memory;
            # a failed export leaves a partial file, and says so.
            mode = ("wb", None) if kind.binary else ("w", "utf-8")
            with open(output, mode[0], encoding=mode[1]) as file:
                for chunk in chunks:
                    file.write(chunk)
        elif kind.binary:
            if sys.stdout.isatty():
                raise CommandError("A zip file would garble the terminal: use --output FILE.")
            for chunk in chunks:
                sys.stdout.buffer.write(chunk)
            sys.stdout.buffer.flush()
        else:
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
