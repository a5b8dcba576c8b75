import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from moderation.models import WatchedTerm


@pytest.fixture
def run(monkeypatch):
    def factory(text, *args):
        monkeypatch.setattr("sys.stdin", io.StringIO(text))
        out = io.StringIO()
        try:
            call_command("screen", *args, stdout=out)
        except CommandError as blocked:
            assert blocked.returncode == 1
        return [json.loads(line) for line in out.getvalue().splitlines()]

    return factory


def test_one_json_object_per_line(db, run):
    lines = run("Rasismi on väärin\nNe ryssät taas\n\nmamut\nMustalaisia\n")
    assert [line["action"] for line in lines] == ["allow", "block", "review", "review"]
    assert lines[0]["matches"] == []
    assert lines[1]["text"] == "Ne ryssät taas"
    assert lines[1]["matches"][0]["term"] == "ryssä"
    assert lines[1]["matches"][0]["list"] == "Rasistiset haukkumasanat"
    assert lines[3]["matches"][0]["list_action"] == "hold"


def test_evasion_and_no_text(db, run):
    (line,) = run("r y s s ä\n", "--no-text")
    assert "text" not in line
    assert line["evasion"] is True


def test_command_counts_no_hits(db, run):
    run("ryssä\n")
    assert WatchedTerm.objects.get(term="ryssä").hit_count == 0


def test_outcome_and_rule(db, run):
    allowed, blocked, held = run("Asun Pakilassa\nvenäläisryssät\nJoku huusi minulle ryssä\n")
    assert (allowed["action"], allowed["rule"]) == ("allow", None)
    assert (blocked["action"], blocked["rule"]) == ("block", 2)
    assert (held["action"], held["held"], held["rule"]) == ("review", True, 2)


def test_exit_status_is_nonzero_only_for_a_block(db, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Asun Pakilassa\n"))
    call_command("screen", stdout=io.StringIO())  # no error
    monkeypatch.setattr("sys.stdin", io.StringIO("Asun Pakilassa\nvenäläisryssät\n"))
    with pytest.raises(CommandError) as blocked:
        call_command("screen", stdout=io.StringIO())
    assert blocked.value.returncode == 1


@pytest.mark.slow
def test_from_the_shell(tmp_path):
    """``echo … | python manage.py screen`` on a fresh embedded database: exit 0 allows, 1 blocks."""
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "PYTHONPATH": f"{root / 'site'}:{root}",
        "DJANGO_SETTINGS_MODULE": "kuulluksi.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'screen.sqlite3'}",
    }
    manage = [sys.executable, str(root / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True, cwd=tmp_path)
    allow = subprocess.run([*manage, "screen"], input="Asun Pakilassa\n", env=env, text=True,
                           capture_output=True, cwd=tmp_path)  # fmt: skip
    block = subprocess.run([*manage, "screen"], input="venäläisryssät\n", env=env, text=True,
                           capture_output=True, cwd=tmp_path)  # fmt: skip
    assert allow.returncode == 0 and json.loads(allow.stdout)["action"] == "allow"
    assert block.returncode == 1 and json.loads(block.stdout)["action"] == "block"
