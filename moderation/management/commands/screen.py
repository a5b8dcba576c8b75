"""Screen text lines from standard input against the watch lists: one JSON object per line.

    echo "Ne ryssät taas" | python manage.py screen
    {"text": "Ne ryssät taas", "action": "block", "evasion": false, "matches": [{"term": "ryssä", ...}]}

Nothing is saved and no hit is counted: coordinators use it to test the lists.
"""

import json
import sys

from django.core.management.base import BaseCommand

from moderation.services import screen


class Command(BaseCommand):
    help = "Screen lines of text from standard input; print one JSON object per line."

    def add_arguments(self, parser):
        parser.add_argument("--no-text", action="store_true", help="Leave the text itself out of the output.")

    def handle(self, *args, no_text=False, **options):
        for line in sys.stdin:
            text = line.rstrip("\n")
            if not text.strip():
                continue
            result = screen(text).as_dict()
            if not no_text:
                result = {"text": text, **result}
            self.stdout.write(json.dumps(result, ensure_ascii=False))
