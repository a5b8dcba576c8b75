"""The Swedish list, the fuller English list and "almost always hostile" terms held before publishing.

``load_defaults`` adds the lists and terms that are missing (rows coordinators edited stay as they
are). A default term that moved to another default list (``mamu`` and ``matu`` from the flag list to
the hold list) is moved with its hit count, unless a coordinator has put it on the new list already.
"""

from django.db import migrations

MOVED = {
    "mamu": "Lähes aina halventavat",
    "matu": "Lähes aina halventavat",
    "illegals": "Lähes aina halventavat",
}
FROM_LIST = "Seurattavat sanat"


def update_defaults(apps, schema_editor):
    from moderation.defaults import load_defaults

    WatchedTerm = apps.get_model("moderation", "WatchedTerm")
    WatchList = apps.get_model("moderation", "WatchList")
    old = {t.term: t for t in WatchedTerm.objects.filter(watch_list__name=FROM_LIST, term__in=MOVED)}
    load_defaults(apps)
    for term, list_name in MOVED.items():
        if term not in old:
            continue
        target = WatchList.objects.get(name=list_name)
        WatchedTerm.objects.filter(watch_list=target, term=term, hit_count=0).delete()
        if not WatchedTerm.objects.filter(watch_list=target, term=term).exists():
            old[term].watch_list = target
            old[term].save(update_fields=["watch_list"])
    apps.get_model("moderation", "MatcherVersion").objects.update_or_create(
        pk=1, defaults={"token": "defaults-0004"}
    )


class Migration(migrations.Migration):
    dependencies = [("moderation", "0003_audit_log_refuses_delete_on_sqlite")]

    operations = [migrations.RunPython(update_defaults, migrations.RunPython.noop)]
