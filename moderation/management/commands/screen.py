"""Screen text lines from standard input against the watch lists: one JSON object per line.

    echo "Ne ryssät taas" | python manage.py screen
    {"text": "Ne ryssät taas", "action": "block", "rule": 2, "held": false, "evasion": false, "matches": [...]}

``action`` is allow, review or block; ``rule`` the number of the rule of the weightiest match; ``held``
whether a review is held before publishing (or flagged after). The exit status is 1 when any line is
blocked, so that a script can test a text: ``echo "Asun Pakilassa" | python manage.py screen`` exits 0.
Nothing is saved and no hit is counted: coordinators use it to test the lists.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from moderation.services import BLOCK, screen


class Command(BaseCommand):
    help = (
        "Screen lines of text from standard input; print one JSON object per line (exit 1 if one is blocked)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-text", action="store_true", help="Leave the text itself out of the output.")

    def handle(self, *args, no_text=False, **options):
        blocked = 0
        for line in sys.stdin:
            text = line.rstrip("\n")
            if not text.strip():
                continue
            screening = screen(text)
            blocked += screening.action == BLOCK
            result = {
                "action": screening.action,
                "rule": screening.rule_number,
                "held": screening.hold_before_publishing,
                **screening.as_dict(),
            }
            if not no_text:
                result = {"text": text, **result}
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        if blocked:
            raise CommandError(f"{blocked} line(s) would be blocked.", returncode=1)
