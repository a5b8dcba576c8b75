"""Delete opt-in contacts whose consent has expired. Run daily (cron or a systemd timer)."""

from django.core.management.base import BaseCommand

from eraati import services
from eraati.tasks import purge_expired_contacts


class Command(BaseCommand):
    help = "Delete expired eRaati contacts (queues the task; --now runs it in this process)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run the purge here instead of queueing it.")

    def handle(self, *args, now=False, **options):
        if now:
            deleted = services.purge_expired_contacts()
            self.stdout.write(f"Deleted {deleted} expired contact(s).")
        else:
            result = purge_expired_contacts.enqueue()
            self.stdout.write(f"Purge queued (task {result.id}).")
