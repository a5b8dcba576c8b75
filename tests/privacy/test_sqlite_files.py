"""A withdrawn or expired contact leaves no readable copy in the embedded database's files.

The attacker here reads the raw bytes of the SQLite database file and of its write-ahead log (``-wal``)
and shared-memory file (``-shm``) after the daily run, looking for the e-mail address and phone number
of a contact who withdrew. SQLite keeps old page images in the WAL until a checkpoint, and deleted cells
in the file unless ``secure_delete`` is on: the settings turn it on and the daily run checkpoints and
truncates the log.
"""

import subprocess
import sys
import textwrap

import pytest

from testing.processes import ROOT, project_env

pytestmark = pytest.mark.slow

EMAIL = "vetaytyva.henkilo@example.org"
PHONE = "+358401234567"

SCRIPT = textwrap.dedent(
    f"""
    import django
    django.setup()
    from django.core.management import call_command
    from eraati import services
    from eraati.models import Contact

    call_command("migrate", verbosity=0)
    services.opt_in(email="{EMAIL}", phone="{PHONE}", wants_surveys=True)
    services.opt_in(email="pysyva@example.org", wants_surveys=True)
    services.purge_expired_contacts()  # yesterday's run: the pool becomes contacts
    leaving = Contact.objects.get(email="{EMAIL}")
    assert services.withdraw(services.withdraw_token(leaving))
    services.purge_expired_contacts()  # today's run
    """
)
# Read while the site still has the database open (a server does, all day): closing the last connection
# would checkpoint and delete the log on its own.
READ_FILES = textwrap.dedent(
    """
    import pathlib, sys
    from django.db import connection
    connection.ensure_connection()
    database = pathlib.Path(connection.settings_dict["NAME"])
    dump = b"".join(path.read_bytes() for path in database.parent.glob(database.name + "*"))
    pathlib.Path(sys.argv[1]).write_bytes(dump)
    """
)


def _files_while_open(database, *, daily_run: bool = True) -> bytes:
    """Run the story in a site process on a file database; the bytes of its files, read before it exits."""
    if daily_run:
        script = SCRIPT
    else:  # the row deleted without the service, whose task would checkpoint at once, and no daily run
        script = SCRIPT.rsplit("services.purge_expired_contacts()", 1)[0].replace(
            "assert services.withdraw(services.withdraw_token(leaving))", "leaving.delete()"
        )
    dump = database.parent / "dump.bin"
    env = project_env(
        {
            "PATH": "/usr/bin:/bin",
            "DATABASE_URL": f"sqlite:///{database}",
            "DJANGO_SETTINGS_MODULE": "kuulluksi.settings",
        }
    )
    subprocess.run(
        [sys.executable, "-c", script + READ_FILES, str(dump)], env=env, cwd=ROOT, check=True, timeout=300
    )
    return dump.read_bytes()


def test_after_the_daily_run_no_file_holds_a_withdrawn_contact(tmp_path, report_channel):
    database = tmp_path / "kuulluksi.sqlite3"
    everything = _files_while_open(database)
    assert b"pysyva@example.org" in everything  # the attacker can read the files: the one who stays shows
    found = [detail for detail in (EMAIL, PHONE) if detail.encode() in everything]
    report_channel(
        "SQLite database, -wal and -shm files: withdrawn contact's details after the daily run",
        linked=len(found),
        out_of=2,
        chance=0.0,
    )
    assert found == []


def test_a_delete_alone_leaves_the_contact_in_the_files(tmp_path):
    """What the withdrawal's task and the daily run remove: after a plain delete the row's bytes are
    still there (WAL frames)."""
    database = tmp_path / "kuulluksi.sqlite3"
    assert EMAIL.encode() in _files_while_open(database, daily_run=False)
