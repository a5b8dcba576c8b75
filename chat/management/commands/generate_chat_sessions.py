from django.core.management.base import BaseCommand

from chat import services


class Command(BaseCommand):
    help = (
        "Generate the coming sessions of every recurring chat session series (and their volunteers' "
        "shifts), as far ahead as each series says. Idempotent; run it daily from cron."
    )

    def handle(self, *args, **options):
        created = services.generate_all_series_sessions()
        self.stdout.write(f"Generated {created} session(s).")
