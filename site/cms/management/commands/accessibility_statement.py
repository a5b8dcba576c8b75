from django.core.management.base import BaseCommand, CommandError

from cms.setup import publish_accessibility_statement


class Command(BaseCommand):
    help = "Rewrite and publish the accessibility statement from the latest audit (cms/accessibility.py)."

    def handle(self, *args, **options):
        page = publish_accessibility_statement()
        if page is None:
            raise CommandError("The site has no accessibility statement page: run setup_site first.")
        self.stdout.write(f"Published {page.title!r}.")
