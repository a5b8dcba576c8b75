"""The first rule set and the default watch lists, loaded from ``moderation/data/*.json``.

The data migration calls ``load_defaults`` with the historical app registry; the demo loader calls it
with the real one. Existing rows are left as they are (coordinators may have edited them), so loading
twice changes nothing.
"""

import json
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def read(name: str):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def load_defaults(apps) -> None:
    Rule = apps.get_model("moderation", "Rule")
    RulesVersion = apps.get_model("moderation", "RulesVersion")
    WatchList = apps.get_model("moderation", "WatchList")
    WatchedTerm = apps.get_model("moderation", "WatchedTerm")
    MatcherVersion = apps.get_model("moderation", "MatcherVersion")

    rules = read("rules.json")
    for data in rules:
        Rule.objects.get_or_create(number=data["number"], defaults=data)
    if not RulesVersion.objects.exists():
        RulesVersion.objects.create(number=1, note="Ensimmäiset yhteisön säännöt", rules=rules)
    for data in read("watchlists.json"):
        watch_list, _created = WatchList.objects.get_or_create(
            name=data["name"],
            defaults={
                "action": data["action"],
                "rule": Rule.objects.get(number=data["rule"]),
                "description": data["description"],
            },
        )
        for term in data["terms"]:
            WatchedTerm.objects.get_or_create(
                watch_list=watch_list,
                term=term["term"],
                defaults={"match": term["match"], "exceptions": "\n".join(term.get("exceptions", []))},
            )
    MatcherVersion.objects.update_or_create(pk=1, defaults={"token": "defaults"})
