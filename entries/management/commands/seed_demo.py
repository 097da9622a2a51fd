"""Make a demo account with ten years of journal, so a newcomer can see Daybook full."""

import datetime as dt
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from entries import demo
from entries.models import Entry, keep_tags_in_step
from entries.text import count_words


class Command(BaseCommand):
    help = "Create (or refill) a demo account with years of made-up journal entries."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=2026, help="Same seed, same journal.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete the account's existing entries first (needed if it has any).",
        )

    def handle(self, email, years, seed, replace, **options):
        if years < 1:
            raise CommandError("--years must be at least 1.")
        email = User.objects.normalize_email(email)
        with transaction.atomic():
            user, created = User.objects.get_or_create(email=email)
            if created:
                user.set_unusable_password()
                # A demo account gets prompts like anyone who signed up.
                user.schedule_next_prompt(timezone.now())
                user.save()
            EmailAddress.objects.update_or_create(
                user=user, email=email, defaults={"verified": True, "primary": True}
            )
            existing = Entry.objects.for_user(user)
            if existing.exists():
                if not replace:
                    raise CommandError(
                        f"{email} already has entries. Use --replace to delete them and reseed."
                    )
                existing.delete()
            today = timezone.localdate(timezone=ZoneInfo(user.timezone))
            days = 365 * years + years // 4
            entries = [
                Entry(user=user, date=date, body=text, words=count_words(text))
                for date, text in demo.journal(today - dt.timedelta(days=1), days, seed=seed)
            ]
            Entry.objects.bulk_create(entries, batch_size=500)
            keep_tags_in_step(entries)
        if options["verbosity"]:
            self.stdout.write(
                f"{email}: {len(entries)} entries over {years} years. "
                "Log in with the email address; the code arrives by email."
            )
