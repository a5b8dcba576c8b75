"""Background work for eRaati: invitations, the daily purge of expired contacts and the rewrite that
leaves no copy of deleted contacts.

Invitation tasks receive the survey or meeting only: the invitations wait queued in their own rows, so
the task queue (which keeps its rows) never holds a contact id. Each token is created inside the task
and only its hash is stored, so no usable token ever waits in the queue either.
"""

from django_tasks import task

from . import services


@task()
def send_survey_invitations(*, survey_id: int) -> int:
    return services.deliver_survey_invitations(survey_id)


@task()
def send_meeting_invitations(*, meeting_id: int) -> int:
    return services.deliver_meeting_invitations(meeting_id)


@task()
def purge_expired_contacts() -> int:
    return services.purge_expired_contacts()


@task()
def forget_deleted_contacts(*, attempt: int = 1) -> bool:
    """Queued by a withdrawal and re-queued by itself while an older transaction holds the deleted rows."""
    return services.forget_deleted_contacts(attempt)
