from datetime import timedelta

from django.utils import timezone

from moderation import selectors, services
from moderation.models import QueueItem


def test_figures_count_waiting_oldest_and_median(post, make_user, moderator, settings):
    settings.MODERATION_NEW_USER_HELD_POSTS = 1
    now = timezone.now()
    items = [post(author=make_user(), text=f"Viesti {n}")[0] for n in range(4)]
    queue = list(QueueItem.objects.order_by("pk"))
    for queue_item, minutes in zip(queue, (90, 60, 30, 10), strict=True):
        QueueItem.objects.filter(pk=queue_item.pk).update(created_at=now - timedelta(minutes=minutes))
    for queue_item in queue[:3]:
        services.decide(queue_item, moderator=moderator, action="approve")
    figures = selectors.dashboard_figures(now=timezone.now())
    assert figures["waiting"] == 1
    assert figures["oldest"].object_id == str(items[3].pk)
    assert figures["decided_this_month"] == 3
    assert 59 <= figures["median_minutes"] <= 61


def test_figures_when_nothing_happened(db):
    figures = selectors.dashboard_figures()
    assert figures["waiting"] == 0
    assert figures["oldest"] is None
    assert figures["median_seconds"] is None
