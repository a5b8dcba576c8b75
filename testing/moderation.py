"""Moderation helpers for tests in any app: create the test-only content table and submit through the
pipeline."""

from django.db import connection

from moderation import services


def create_sample_table() -> None:
    """Create the table of ``moderation.tests.sample.SampleContent`` once per test database."""
    from django.contrib.contenttypes.models import ContentType

    from moderation.tests.sample import SampleContent

    if SampleContent._meta.db_table not in connection.introspection.table_names():
        with connection.schema_editor() as editor:
            editor.create_model(SampleContent)
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_model(SampleContent)


def submit(*, author, text: str, thread: str = "main"):
    """Post like an app does: check, save with the verdict's state, record. Returns (item or None, verdict)."""
    from moderation.tests.sample import SampleContent

    def save(initial_state: str) -> SampleContent:
        return SampleContent.objects.create(
            author=author, text=text, thread=thread, moderation_state=initial_state
        )

    try:
        return services.submit(author=author, text=text, save=save)
    except services.SubmissionBlocked as blocked:
        return None, blocked.verdict
