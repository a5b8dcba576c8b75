#!/usr/bin/env python
"""Django's command-line utility for Kuulluksi."""

import os
import sys
from pathlib import Path


def main():
    root = Path(__file__).resolve().parent
    # `site/` holds the project package and the CMS apps; it is a folder, not a package.
    for path in (root / "site", root):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kuulluksi.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
