"""Background work for the forum: notifying followers and the e-mail digest, never inside a request."""

from django_tasks import task

from . import digest


@task()
def notify_followers(*, post_id: int) -> int:
    """In-site notifications about a newly published post. Returns how many people were notified."""
    return digest.notify_followers(post_id)


@task()
def send_digests() -> int:
    """E-mail each digest subscriber what was written in what they follow. Returns the e-mails sent."""
    return digest.send_digests()
