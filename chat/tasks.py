"""Background work of the chat: purging old messages (enqueued when a session closes with no retention)."""

from django_tasks import task

from . import services


@task()
def purge_chat_messages() -> int:
    return services.purge_expired_messages()
