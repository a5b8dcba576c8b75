"""Background work for eRaati: invitations and the daily purge of expired contacts.

Invitation tasks receive contact ids only; each token is created inside the task and only its hash
is stored, so no usable token ever waits in the task queue.
"""

from django_tasks import task

from . import services


@task()
def send_survey_invitations(*, survey_id: int, contact_ids: list[str]) -> int:
    return services.deliver_survey_invitations(survey_id, contact_ids)


@task()
def send_meeting_invitations(*, meeting_id: int, contact_ids: list[str]) -> int:
    return services.deliver_meeting_invitations(meeting_id, contact_ids)


@task()
def purge_expired_contacts() -> int:
    return services.purge_expired_contacts()
