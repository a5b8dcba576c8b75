"""Load the demo content and demo accounts. Idempotent: running it again changes nothing.

Each project app may have a ``demo.py`` module with a ``load(command)`` function; they run in the
order of DEMO_APPS, after the site and the demo accounts exist. A module that makes accounts also has
``demo_accounts()``, and the command ends with all of them, so that a newcomer sees how to sign in.
"""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings

from accounts.demo import DEMO_PASSWORD
from cms.languages import synchronise_page_trees

DEMO_APPS = ["accounts", "cms", "moderation", "forum", "ktalks", "eraati", "chat"]


class Command(BaseCommand):
    help = "Load the demo content and demo accounts (embedded default only; idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo accounts even in the production profile (never on a real site).",
        )

    def handle(self, *args, allow_production=False, **options):
        if settings.PRODUCTION and not allow_production:
            raise CommandError("Demo accounts have known passwords: not loaded in the production profile.")
        accounts = []
        # The demo's notifications would print a screenful of e-mails on the console backend.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            for app in DEMO_APPS:
                try:
                    module = importlib.import_module(f"{app}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{app}.demo":
                        raise
                    continue
                with transaction.atomic():
                    module.load(self)
                accounts += getattr(module, "demo_accounts", list)()
            # The pages the apps made, in the Swedish and English trees too (as aliases until translated).
            synchronise_page_trees()
        self.stdout.write("")
        self.stdout.write(f"Demo accounts, all with the password {DEMO_PASSWORD}:")
        for pseudonym, what in accounts:
            self.stdout.write(f"  {pseudonym:<16} {what}")
