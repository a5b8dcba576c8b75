from django.core.management.base import BaseCommand

from cms.setup import setup_site


class Command(BaseCommand):
    help = (
        "Create the home page and the footer pages if they do not exist yet (idempotent, safe in production)."
    )

    def handle(self, *args, **options):
        home = setup_site()
        self.stdout.write(f"Site ready: home page {home.title!r}.")
