"""Demo content for moderation: the shipped rules and watch lists (idempotent).

Forum and chat bring their own demo posts; the queue fills as the demo accounts use them.
"""

from django.apps import apps

from .defaults import load_defaults
from .models import Rule, WatchedTerm, WatchList
from .rules import current_rules_version


def load(command):
    load_defaults(apps)
    command.stdout.write(
        f"Moderation: {Rule.objects.count()} rules (version {current_rules_version()}), "
        f"{WatchList.objects.count()} watch lists, {WatchedTerm.objects.count()} watched terms."
    )
