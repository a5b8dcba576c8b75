"""Background work of the chat: closing sessions whose time is up, purging old messages."""

from django_tasks import task

from . import services


@task()
def purge_chat_messages() -> int:
    return services.purge_expired_messages()


@task()
def close_finished_chat_sessions() -> int:
    return services.close_finished_sessions()
