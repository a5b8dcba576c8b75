from django.core.management.base import BaseCommand

from chat import services


class Command(BaseCommand):
    help = (
        "Close chat sessions whose end has passed and delete messages older than the retention periods "
        "(CHAT_RETENTION_DAYS, CHAT_SUPERVISION_RETENTION_DAYS). Run it from cron, e.g. every 10 minutes."
    )

    def handle(self, *args, **options):
        closed = services.close_finished_sessions()
        deleted = services.purge_expired_messages()
        self.stdout.write(f"Closed {closed} session(s); deleted {deleted} message(s).")
