"""Read queries for the moderation pages and the admin, each with a fixed number of queries."""

import statistics

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from kuulluksi import dates

from .models import Appeal, AuditEntry, Decision, ModeratedContent, QueueItem, Report, Sanction


def moderated_content_type(content_type_id: int) -> ContentType | None:
    """The content type if it is a moderated content model, else None."""
    content_type = ContentType.objects.filter(pk=content_type_id).first()
    model = content_type.model_class() if content_type else None
    if model is None or not issubclass(model, ModeratedContent):
        return None
    return content_type


def open_queue():
    """The queue, oldest first, with reports and their rules (three queries for any length)."""
    return (
        QueueItem.objects.filter(status=QueueItem.Status.OPEN)
        .select_related("content_type", "author", "claimed_by")
        .prefetch_related(Prefetch("reports", queryset=Report.objects.select_related("rule")))
        .order_by("created_at", "id")
    )


def queue_item_detail(pk: int) -> QueueItem:
    return (
        QueueItem.objects.select_related("content_type", "author", "claimed_by")
        .prefetch_related(Prefetch("reports", queryset=Report.objects.select_related("rule", "reporter")))
        .get(pk=pk)
    )


def decision_for_author(pk: int, user) -> Decision | None:
    return Decision.objects.select_related("rule", "content_type").filter(pk=pk, author=user).first()


def latest_decisions_for_author(items: list[ModeratedContent], user) -> dict[int, Decision]:
    """The latest decision on each of ``user``'s own ``items`` (one query): what the author may appeal
    from beside the item itself."""
    if not items or not user.is_authenticated:
        return {}
    content_type = ContentType.objects.get_for_model(items[0])
    decisions = Decision.objects.filter(
        content_type=content_type, object_id__in=[str(item.pk) for item in items], author=user
    ).order_by("-created_at", "-id")
    latest: dict[int, Decision] = {}
    for decision in decisions:
        latest.setdefault(int(decision.object_id), decision)
    return latest


def appeal_or_none(appealed: Decision | Sanction) -> Appeal | None:
    target = {"decision": appealed} if isinstance(appealed, Decision) else {"sanction": appealed}
    return Appeal.objects.filter(**target).select_related("decided_by").first()


def appeal_by_id(pk: int) -> Appeal | None:
    return Appeal.objects.select_related("decision__rule", "sanction__rule").filter(pk=pk).first()


def sanction_or_none(pk: int) -> Sanction | None:
    return Sanction.objects.select_related("rule", "user", "subject_type").filter(pk=pk).first()


def pending_appeals():
    return (
        Appeal.objects.filter(status=Appeal.Status.PENDING)
        .select_related(
            "author",
            "decision__rule",
            "decision__moderator",
            "decision__content_type",
            "sanction__rule",
            "sanction__imposed_by",
            "sanction__user",
        )
        .prefetch_related("sanction__subject")
        .order_by("filed_at", "id")
    )


def sanctions():
    return (
        Sanction.objects.select_related("user", "rule", "imposed_by", "lifted_by")
        .prefetch_related("subject")
        .order_by("-starts_at", "-id")
    )


def audit_log() -> QuerySet[AuditEntry]:
    return AuditEntry.objects.select_related("actor", "subject_user", "rule", "content_type").order_by(
        "-created_at", "-id"
    )


def audit_log_actors() -> QuerySet:
    """The people who appear in the log as the one who acted, by pseudonym (the log's "who" filter)."""
    return (
        get_user_model()
        .objects.filter(pk__in=AuditEntry.objects.filter(actor__isnull=False).values("actor"))
        .order_by("username")
    )


def dashboard_figures(now=None) -> dict:
    """Queue length, the oldest waiting item, and the median time to decision this month (seconds)."""
    now = now or timezone.now()
    waiting = QueueItem.objects.filter(status=QueueItem.Status.OPEN).aggregate(count=Count("id"))["count"]
    oldest = QueueItem.objects.filter(status=QueueItem.Status.OPEN).order_by("created_at").first()
    month_start = dates.month_start(now)
    durations = [
        (decided - created).total_seconds()
        for created, decided in QueueItem.objects.filter(
            status=QueueItem.Status.DECIDED, decided_at__gte=month_start
        ).values_list("created_at", "decided_at")
        if decided is not None
    ]
    median = statistics.median(durations) if durations else None
    return {
        "waiting": waiting,
        "oldest": oldest,
        "median_seconds": median,
        "median_minutes": round(median / 60) if median is not None else None,
        "decided_this_month": len(durations),
    }
