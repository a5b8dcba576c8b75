"""Demo step for the CMS: the same starting pages a production site gets from ``setup_site``."""

from .setup import setup_site


def load(command):
    setup_site()
    command.stdout.write("Home page and footer pages ready.")
