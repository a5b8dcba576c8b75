from django.core.management.base import BaseCommand

from forum.tasks import send_digests


class Command(BaseCommand):
    help = "Queue the forum's e-mail digest (run it once a day, e.g. from cron)."

    def handle(self, *args, **options):
        result = send_digests.enqueue()
        self.stdout.write(f"Forum digest queued ({result.id}).")
