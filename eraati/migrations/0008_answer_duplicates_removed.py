"""Remove repeated rows for the same option of the same response before the constraint forbids them."""

from django.db import migrations
from django.db.models import Count, Min


def remove_repeated_options(apps, schema_editor):
    Answer = apps.get_model("eraati", "Answer")
    repeated = (
        Answer.objects.exclude(value=None)
        .values("response_id", "question_id", "value")
        .annotate(rows=Count("id"), first=Min("id"))
        .filter(rows__gt=1)
    )
    for group in repeated.iterator():
        Answer.objects.filter(
            response_id=group["response_id"], question_id=group["question_id"], value=group["value"]
        ).exclude(pk=group["first"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("eraati", "0007_access_log_covers_free_text_and_raw_answers"),
    ]

    operations = [
        migrations.RunPython(remove_repeated_options, migrations.RunPython.noop),
    ]
