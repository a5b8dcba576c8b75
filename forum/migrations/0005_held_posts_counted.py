from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_held_posts(apps, schema_editor):
    """Topics that already have posts waiting for a moderator get their count."""
    Post = apps.get_model("forum", "Post")
    Topic = apps.get_model("forum", "Topic")
    held = (
        Post.objects.filter(topic=OuterRef("pk"), moderation_state="held")
        .order_by()
        .values("topic")
        .annotate(n=Count("id"))
        .values("n")
    )
    Topic.objects.update(held_count=Coalesce(Subquery(held), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("forum", "0004_writers_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="topic",
            name="held_count",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(count_held_posts, migrations.RunPython.noop),
    ]
