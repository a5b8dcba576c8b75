"""Check the publications of surveys whose results are public, before readers ask. Run hourly."""

from django.core.management.base import BaseCommand

from eraati import disclosure


class Command(BaseCommand):
    help = "Run the disclosure check of every survey with public results (cached; new ones take seconds)."

    def handle(self, *args, **options):
        count = disclosure.prepare_publication_checks()
        self.stdout.write(f"Checked the published results of {count} survey(s).")
