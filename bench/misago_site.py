"""The Misago site of bench/misago_compare.py, inside Misago's venv: ``application`` for daphne, and run
as a script, the seeding (users, threads, a 5,000-post thread; then ANALYZE) that prints the thread's path.

    .tools/misago-venv/bin/python bench/misago_site.py --users 200 --threads 50 --posts 5000
"""

import argparse
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "misago_settings")
application = get_asgi_application()


def seed(users: int, threads: int, posts: int) -> str:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from misago.categories.models import Category
    from misago.threads.checksums import update_post_checksum
    from misago.threads.models import Post
    from misago.threads.test import post_thread

    with open(os.devnull, "w") as quiet:
        call_command("createfakeusers", users, stdout=quiet)
        call_command("createfakethreads", threads, stdout=quiet)
    authors = list(get_user_model().objects.order_by("id")[:20])
    category = Category.objects.all_categories().first()
    thread = post_thread(category, title="Five thousand posts", poster=authors[0])
    html = (
        '<p>This is a <strong>load test</strong> post with a <a href="https://example.org/">link</a> and</p>'
        "<ul><li>a list</li><li>of items</li></ul>"
    )
    now = timezone.now()
    made = Post.objects.bulk_create(
        (
            Post(
                category=category,
                thread=thread,
                poster=authors[n % len(authors)],
                poster_name=authors[n % len(authors)].username,
                original="This is a **load test** post",
                parsed=html,
                checksum="",
                posted_on=now,
                updated_on=now,
            )
            for n in range(posts - 1)
        ),
        batch_size=2000,
    )
    for post in made:
        update_post_checksum(post)
    Post.objects.bulk_update(made, ["checksum"], batch_size=2000)
    thread.synchronize()
    thread.save()
    category.synchronize()
    category.save()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return thread.get_absolute_url()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--threads", type=int, default=50)
    parser.add_argument("--posts", type=int, default=5000)
    args = parser.parse_args()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    print(seed(args.users, args.threads, args.posts))
