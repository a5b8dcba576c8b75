import io
import json

import pytest
from django.core.management import call_command

from moderation.models import WatchedTerm


@pytest.fixture
def run(monkeypatch):
    def factory(text, *args):
        monkeypatch.setattr("sys.stdin", io.StringIO(text))
        out = io.StringIO()
        call_command("screen", *args, stdout=out)
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
