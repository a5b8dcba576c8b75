"""Every eRaati state change, one function per verb.

Answers and contacts never meet here: ``submit_response`` knows nothing of contacts and ``opt_in``
nothing of responses; they are called from separate requests.
"""

import datetime
import hashlib
import json
import logging
import secrets
from functools import partial

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from dateutil.relativedelta import relativedelta
from django.core import signing
from django.db import IntegrityError, OperationalError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.permissions import require
from kuulluksi.dates import local_shift

from . import conf
from .consent import CURRENT_CONSENT_VERSION
from .models import (
    Answer,
    Contact,
    ContactAccessLog,
    InvitationToken,
    Meeting,
    MeetingInvitation,
    PendingContact,
    Question,
    Quote,
    Response,
    SubmissionReceipt,
    Survey,
    SurveyInvitation,
)
from .senders import sender_for

logger = logging.getLogger(__name__)

WITHDRAW_SALT = "eraati.withdraw"
POOL_SALT = "eraati.pending-contact"
# Every sealed opt-in is this long whatever it holds (ASCII-escaped JSON of the longest allowed fields
# fits), so a row's size tells nothing, e.g. the length of an e-mail address.
SEALED_PLAINTEXT_BYTES = 4096
NONCE_BYTES = 12
CONTACTS_PERMISSION = "eraati.view_contacts"
# A rewrite held back by an older transaction is tried again this often, at most this many times (a day).
CONTACT_REWRITE_RETRY_MINUTES = 10
CONTACT_REWRITE_ATTEMPTS = 144
CONTACT_REWRITE_LOCK_TIMEOUT_MS = 2000
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE when lock_timeout ran out


class SurveyNotOpen(Exception):
    """The survey is not open for answers (not yet open, or closed)."""


class InvalidInvitation(Exception):
    """The invitation token is unknown, belongs to another survey or was used already."""


class AlreadySubmitted(Exception):
    """This filled-in form was stored already (its first sending succeeded, maybe unseen by the sender)."""


class MeetingFull(Exception):
    """Every seat of the meeting is taken."""


def hash_token(token: str) -> str:
    """Tokens are 32 random bytes, so a plain SHA-256 is enough: only the hash is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


# --- Answers --------------------------------------------------------------------------------------
def new_submission_key() -> str:
    """A random key for one filled-in answer form; the form carries it until the answers are stored."""
    return new_token()[0]


def submit_response(
    survey: Survey,
    answers: list[tuple[Question, int | None, str]],
    *,
    invitation_token: str = "",
    submission_key: str = "",
) -> Response:
    """Store one anonymous response whole, or nothing. A deeper survey spends its token in the same transaction.

    The token is spent by deleting its hash from the survey's set: of two concurrent uses only one
    deletes a row, the other gets ``InvalidInvitation``. If storing the answers fails, the token stays
    unspent. The shared transaction links the answer to a hash that no row connects to a contact.

    ``submission_key`` makes sending the same form again harmless: its receipt is written in the same
    transaction, so if the connection broke after the commit but before the reply, the second sending
    raises ``AlreadySubmitted`` instead of storing the answers twice.
    """
    if not survey.is_open():
        raise SurveyNotOpen
    try:
        with transaction.atomic():
            if submission_key:
                # The primary key makes a concurrent second sending fail here, before anything else.
                SubmissionReceipt.objects.create(
                    key_hash=hash_token(submission_key), submitted_on=timezone.localdate()
                )
            if survey.is_deeper:
                spent, _per_model = InvitationToken.objects.filter(
                    survey=survey, token_hash=hash_token(invitation_token or "")
                ).delete()
                if spent != 1:
                    raise InvalidInvitation
            response = Response.objects.create(survey=survey, submitted_on=timezone.localdate())
            Answer.objects.bulk_create(
                Answer(
                    response=response,
                    question=question,
                    value=value,
                    text=text,
                    record_key=response.record_key,
                )
                for question, value, text in answers
            )
    except IntegrityError:
        if was_submitted(submission_key):
            raise AlreadySubmitted from None
        raise
    return response


def was_submitted(submission_key: str) -> bool:
    """True when the form with this key has been stored (its receipt exists)."""
    return bool(submission_key) and SubmissionReceipt.objects.filter(pk=hash_token(submission_key)).exists()


def invitation_is_valid(survey: Survey, token: str) -> bool:
    return (
        bool(token) and InvitationToken.objects.filter(survey=survey, token_hash=hash_token(token)).exists()
    )


# --- Contacts -------------------------------------------------------------------------------------
def opt_in(
    *, name="", email="", phone="", wants_surveys=False, wants_councils=False, language="fi"
) -> PendingContact:
    """Put opt-in details, checked as a contact would be, into the pending pool, sealed.

    They become a ``Contact`` at the next daily flush, together with everyone else's of that day and
    in random order: a contact row written at opt-in time would sit right after its author's response
    in row order, in ``xmin`` and in the WAL (docs/privacy.md, "Opt-in contacts carry no order").
    """
    today = timezone.localdate()
    contact = _new_contact(
        {
            "name": name.strip(),
            "email": email.strip(),
            "phone": phone.strip(),
            "wants_surveys": wants_surveys,
            "wants_councils": wants_councils,
            "language": language,
            "consent_version": CURRENT_CONSENT_VERSION,
            "consented_on": today.isoformat(),
        }
    )
    contact.full_clean()
    return PendingContact.objects.create(sealed=_seal(contact))


def _pool_cipher() -> AESGCM:
    return AESGCM(salted_hmac(POOL_SALT, "pool key", algorithm="sha256").digest())


def _seal(contact: Contact) -> bytes:
    fields = {
        name: getattr(contact, name)
        for name in (
            "name",
            "email",
            "phone",
            "wants_surveys",
            "wants_councils",
            "language",
            "consent_version",
        )
    }
    fields["consented_on"] = contact.consented_on.isoformat()
    plaintext = json.dumps(fields, ensure_ascii=True).encode()
    if len(plaintext) > SEALED_PLAINTEXT_BYTES:
        raise ValueError("Opt-in details longer than the sealed size.")
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + _pool_cipher().encrypt(nonce, plaintext.ljust(SEALED_PLAINTEXT_BYTES), None)


def _unseal(sealed: bytes) -> dict:
    sealed = bytes(sealed)
    return json.loads(_pool_cipher().decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], None))


def _new_contact(fields: dict) -> Contact:
    consented_on = datetime.date.fromisoformat(fields["consented_on"])
    return Contact(
        **{**fields, "consented_on": consented_on},
        expires_on=consented_on + relativedelta(months=conf.contact_retention_months()),
    )


def flush_pending_contacts() -> list[Contact]:
    """Make every pending opt-in a contact, all in one transaction and in random order; returns them.

    Run by the daily purge only, so that a day's contacts share one transaction id and their row order
    is a shuffle. A seal that no longer opens (``SECRET_KEY`` was changed) is dropped and counted in
    the log: there is nothing to recover it with.
    """
    with transaction.atomic():
        pending = list(PendingContact.objects.select_for_update())
        contacts, unreadable = [], 0
        for row in pending:
            try:
                contacts.append(_new_contact(_unseal(bytes(row.sealed))))
            except (InvalidTag, ValueError):
                unreadable += 1
        secrets.SystemRandom().shuffle(contacts)
        Contact.objects.bulk_create(contacts)
        PendingContact.objects.filter(pk__in=[row.pk for row in pending]).delete()
    if unreadable:
        logger.warning("Dropped %d pending opt-in(s) that no longer open.", unreadable)
    return contacts


def withdraw_token(contact: Contact) -> str:
    return signing.Signer(salt=WITHDRAW_SALT).sign(str(contact.pk))


def withdraw_url(contact: Contact) -> str:
    with translation.override(contact.language):
        path = reverse("eraati:withdraw", args=[withdraw_token(contact)])
    return conf.site_url() + path


def contact_for_withdraw_token(token: str) -> Contact | None:
    try:
        contact_id = signing.Signer(salt=WITHDRAW_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return Contact.objects.filter(pk=contact_id).first()


def withdraw(token: str) -> bool:
    """Withdraw consent: the contact row (and its invitations) are deleted at once, and a task rewrites
    the table after the commit so that no old row version keeps the details (``forget_deleted_contacts``)."""
    from .tasks import forget_deleted_contacts as forget_task

    contact = contact_for_withdraw_token(token)
    if contact is None:
        return False
    contact.delete()
    transaction.on_commit(forget_task.enqueue)
    return True


def purge_expired_contacts(today: datetime.date | None = None) -> int:
    """The daily run: make the pending opt-ins contacts, delete contacts whose consent has expired,
    rewrite the table's physical order, drop old receipts. Returns how many contacts were deleted."""
    today = today or timezone.localdate()
    flush_pending_contacts()
    _total, per_model = Contact.objects.filter(expires_on__lt=today).delete()
    purge_submission_receipts(today)
    forget_deleted_contacts()
    return per_model.get(Contact._meta.label, 0)


def forget_deleted_contacts(attempt: int = 1) -> bool:
    """Leave no readable copy of the contacts deleted so far; returns whether that is done.

    Rewrites the contacts table (``scramble_contact_order``) and, on SQLite, checkpoints the write-ahead
    log. On PostgreSQL a transaction that began before a delete may still see the deleted row, so the
    rewrite must keep that row version; when one was running, the rewrite is tried again
    ``CONTACT_REWRITE_RETRY_MINUTES`` later (where the task backend can defer), at most
    ``CONTACT_REWRITE_ATTEMPTS`` times, after which the next daily run starts over.
    """
    from .tasks import forget_deleted_contacts as forget_task

    done = scramble_contact_order()
    _forget_old_page_images()
    if not done and attempt < CONTACT_REWRITE_ATTEMPTS and forget_task.get_backend().supports_defer:
        later = local_shift(timezone.now(), minutes=CONTACT_REWRITE_RETRY_MINUTES)
        forget_task.using(run_after=later).enqueue(attempt=attempt + 1)
    if not done:
        logger.info("Deleted contacts' old row versions wait for an older transaction (attempt %d).", attempt)
    return done


def _forget_old_page_images() -> None:
    """SQLite keeps the earlier images of changed pages, deleted contacts' among them, in its write-ahead
    log until a checkpoint; this one copies the log into the database (where ``secure_delete`` has zeroed
    the deleted cells) and truncates it. PostgreSQL's WAL is the server's: see docs/privacy.md."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def purge_submission_receipts(today: datetime.date | None = None) -> int:
    """Delete receipts of earlier days: a form is sent again within minutes, and a kept receipt is one
    more thing on the respondent's device (the key in the form) that could be compared with the database."""
    deleted, _per_model = SubmissionReceipt.objects.filter(
        submitted_on__lt=today or timezone.localdate()
    ).delete()
    return deleted


def scramble_contact_order() -> bool:
    """Rewrite the contacts table in the order of the random ids; returns whether the rewrite left no
    row version of a contact deleted before it.

    Closes the gaps that deletes leave, and leaves no copy of a deleted row behind: PostgreSQL's
    CLUSTER writes a new file without the dead row versions, except those that a transaction older
    than the delete may still see (``_older_transactions_running``); on SQLite the rowids are
    renumbered (``secure_delete`` has zeroed the deleted cells). A PostgreSQL rewrite waits at most
    ``CONTACT_REWRITE_LOCK_TIMEOUT_MS`` for a transaction that reads the table (every query behind the
    rewrite waits with it), and is then left for a later try.
    """
    table = connection.ops.quote_name(Contact._meta.db_table)
    held_back = False
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Asked before the rewrite: a transaction that starts later sees every delete committed
                # by now, and cannot make the rewrite keep their old row versions.
                held_back = _older_transactions_running(cursor)
                # CLUSTER rewrites the table (dropping old row versions too) in the order of the random ids.
                primary_key = connection.ops.quote_name(f"{Contact._meta.db_table}_pkey")
                # Deferred foreign-key checks of a delete in the same transaction must run first.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute(f"SET LOCAL lock_timeout = {int(CONTACT_REWRITE_LOCK_TIMEOUT_MS)}")
                cursor.execute(f"CLUSTER {table} USING {primary_key}")
            elif connection.vendor == "sqlite":
                cursor.execute(f"SELECT id FROM {table} ORDER BY id")  # noqa: S608
                ids = [row[0] for row in cursor.fetchall()]
                for position, contact_id in enumerate(ids, start=1):
                    cursor.execute(f"UPDATE {table} SET rowid = %s WHERE id = %s", [-position, contact_id])  # noqa: S608
                cursor.execute(f"UPDATE {table} SET rowid = -rowid")  # noqa: S608
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) != LOCK_NOT_AVAILABLE:
            raise
        return False
    return not held_back


def _older_transactions_running(cursor) -> bool:
    """Whether anything holds back PostgreSQL's removal horizon for this database to before now, so that
    row versions deleted by the transactions committed so far would survive a rewrite: a transaction id
    older than those commits anywhere on the server (every snapshot, the rewrite's own too, counts it as
    running), a snapshot that old in this database, a prepared transaction or a replication slot.

    Transaction ids are compared by their age (distance to the next id), as PostgreSQL does; the
    threshold is the first id not yet committed when this asks, ``xmax`` of its snapshot.
    """
    cursor.execute(
        """
        WITH threshold AS (
            SELECT (pg_snapshot_xmax(pg_current_snapshot())::text::bigint % 4294967296)::text::xid AS xid
        )
        SELECT
            EXISTS (
                SELECT 1 FROM pg_stat_activity, threshold
                WHERE pid <> pg_backend_pid()
                  AND (
                    age(backend_xid) > age(threshold.xid)
                    OR ((datname = current_database() OR datname IS NULL)
                        AND age(backend_xmin) > age(threshold.xid))
                  )
            )
            OR EXISTS (
                SELECT 1 FROM pg_prepared_xacts, threshold WHERE age(transaction) > age(threshold.xid)
            )
            OR EXISTS (
                SELECT 1 FROM pg_replication_slots, threshold
                WHERE age(xmin) > age(threshold.xid) OR age(catalog_xmin) > age(threshold.xid)
            )
        """
    )
    return cursor.fetchone()[0]


def _append_access_log(user, action: str, *, detail: str, count: int) -> None:
    """The one way into the append-only access log of contacts, free text and raw answers."""
    ContactAccessLog.objects.create(user=user, action=action, detail=detail[:300], contact_count=count)


def record_contact_access(user, action: str, *, detail: str = "", contact_count: int = 0) -> None:
    require(user, CONTACTS_PERMISSION)
    _append_access_log(user, action, detail=detail, count=contact_count)


# What staff may read of the answers themselves, and the permission each needs.
ANSWER_ACCESS_PERMISSIONS: dict[str, str] = {
    ContactAccessLog.Action.FREE_TEXT: "eraati.add_quote",
    ContactAccessLog.Action.ANSWERS: "eraati.export_answers",
}


def record_answer_access(user, action: str, survey: Survey, *, count: int) -> None:
    """Log that ``user`` read a survey's free-text answers or exported its raw answers."""
    require(user, ANSWER_ACCESS_PERMISSIONS[action])
    _append_access_log(user, action, detail=f"survey {survey.pk}", count=count)


# --- Invitations ---------------------------------------------------------------------------------
# Inviting queues one invitation row per contact and enqueues a task that names only the survey or
# meeting: task rows, which the queue keeps, never hold a contact id. The task sends what is queued.


def _queue_invitations(contacts, *, invitation_model, invited_to: dict) -> int:
    """Queue invitations for contacts without a sent one; returns how many wait to be sent."""
    sent = invitation_model.objects.filter(sent_on__isnull=False, **invited_to).values("contact_id")
    contact_ids = list(contacts.exclude(pk__in=sent).values_list("pk", flat=True))
    invitation_model.objects.bulk_create(
        (invitation_model(contact_id=pk, **invited_to) for pk in contact_ids), ignore_conflicts=True
    )
    return len(contact_ids)


def invite_to_survey(actor, survey: Survey, contacts) -> int:
    """Queue invitations to a deeper survey for contacts not invited to it yet; returns how many."""
    from .tasks import send_survey_invitations

    require(actor, CONTACTS_PERMISSION)
    if not survey.is_deeper:
        raise ValueError("Only deeper surveys take invitations.")
    count = _queue_invitations(
        contacts.filter(wants_surveys=True),
        invitation_model=SurveyInvitation,
        invited_to={"survey": survey},
    )
    record_contact_access(
        actor, ContactAccessLog.Action.INVITE, detail=f"survey {survey.pk}", contact_count=count
    )
    if count:
        transaction.on_commit(partial(send_survey_invitations.enqueue, survey_id=survey.pk))
    return count


def _reachable(queued):
    """(invitation, sender) of each queued invitation a configured sender can deliver. A contact no
    sender reaches (e.g. phone only, before an SMS sender exists) stays queued and can be sent later."""
    for invitation in queued:
        sender = sender_for(invitation.contact)
        if sender is not None:
            yield invitation, sender


def _send(invitation, sender, compose, token: str, **fields) -> bool:
    """Mark one invitation sent (with ``fields``) and send its message in one transaction: a failing
    sender leaves it queued. Returns False if another run sent it first."""
    contact = invitation.contact
    with transaction.atomic():
        marked = (
            type(invitation)
            .objects.filter(pk=invitation.pk, sent_on__isnull=True)
            .update(sent_on=timezone.localdate(), **fields)
        )
        if not marked:
            return False
        with translation.override(contact.language):
            subject, body = compose(token, withdraw_url(contact))
        sender.send(contact, subject=subject, body=body, withdraw_url=withdraw_url(contact))
    return True


def deliver_survey_invitations(survey_id: int) -> int:
    """Send the survey's queued invitations; returns how many were sent.

    Every token of the sending is minted first and stored in one transaction, ordered by hash, before
    any message goes out: the database learns that these tokens exist, never whose they are. A message
    that fails leaves its token unused (it dies with the survey) and its invitation queued.
    """
    survey = Survey.objects.get(pk=survey_id)

    def compose(token, withdraw):
        link = conf.site_url() + reverse("eraati:answer", args=[survey.slug]) + f"?kutsu={token}"
        subject = _("Invitation: %(title)s") % {"title": survey.title}
        body = _(
            "Hello,\n\nyou asked to be invited to deeper surveys. Please answer “%(title)s” "
            "by %(closes)s:\n%(link)s\n\nThe link works once. Your answers are anonymous "
            "and not linked to your contact details.\n\n"
            "To withdraw your consent and delete your contact details at once:\n%(withdraw)s\n"
        ) % {
            "title": survey.title,
            "closes": date_format(timezone.localtime(survey.closes_at), "SHORT_DATE_FORMAT"),
            "link": link,
            "withdraw": withdraw,
        }
        return subject, body

    queued = SurveyInvitation.objects.filter(survey=survey, sent_on__isnull=True).select_related("contact")
    reachable = list(_reachable(queued))
    tokens = [new_token() for _ in reachable]
    InvitationToken.objects.bulk_create(
        InvitationToken(survey=survey, token_hash=token_hash)
        for _token, token_hash in sorted(tokens, key=lambda t: t[1])
    )
    return sum(
        _send(invitation, sender, compose, token)
        for (invitation, sender), (token, _hash) in zip(reachable, tokens, strict=True)
    )


def invite_to_meeting(actor, meeting: Meeting, contacts) -> int:
    """Queue invitations to a council meeting for contacts not invited to it yet; returns how many."""
    from .tasks import send_meeting_invitations

    require(actor, CONTACTS_PERMISSION)
    count = _queue_invitations(
        contacts.filter(wants_councils=True),
        invitation_model=MeetingInvitation,
        invited_to={"meeting": meeting},
    )
    record_contact_access(
        actor, ContactAccessLog.Action.INVITE, detail=f"meeting {meeting.pk}", contact_count=count
    )
    if count:
        transaction.on_commit(partial(send_meeting_invitations.enqueue, meeting_id=meeting.pk))
    return count


def deliver_meeting_invitations(meeting_id: int) -> int:
    """Send the meeting's queued invitations, each with its own token (kept as a hash with the contact:
    meeting replies are identified by design); returns how many were sent."""
    meeting = Meeting.objects.select_related("council").get(pk=meeting_id)

    def compose(token, withdraw):
        link = conf.site_url() + reverse("eraati:rsvp", args=[token])
        subject = _("Invitation: %(council)s") % {"council": meeting.council.name}
        body = _(
            "Hello,\n\nyou are invited to the meeting of %(council)s on %(when)s at %(place)s.\n\n"
            "Agenda:\n%(agenda)s\n\nPlease tell us whether you can come:\n%(link)s\n\n"
            "To withdraw your consent and delete your contact details at once:\n%(withdraw)s\n"
        ) % {
            "council": meeting.council.name,
            "when": date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT"),
            "place": meeting.place,
            "agenda": meeting.agenda,
            "link": link,
            "withdraw": withdraw,
        }
        return subject, body

    queued = MeetingInvitation.objects.filter(meeting=meeting, sent_on__isnull=True).select_related("contact")
    sent = 0
    for invitation, sender in _reachable(queued):
        token, token_hash = new_token()
        sent += _send(invitation, sender, compose, token, token_hash=token_hash)
    return sent


def meeting_invitation_for_token(token: str) -> MeetingInvitation | None:
    return (
        MeetingInvitation.objects.select_related("meeting__council")
        .filter(token_hash=hash_token(token), token_hash__isnull=False)
        .first()
    )


def rsvp(token: str, reply: str) -> MeetingInvitation:
    """Record a yes or no. A yes is refused when the meeting is full (seats counted under a lock)."""
    with transaction.atomic():
        invitation = (
            MeetingInvitation.objects.select_for_update().filter(token_hash=hash_token(token)).first()
        )
        if invitation is None:
            raise InvalidInvitation
        meeting = Meeting.objects.select_for_update().get(pk=invitation.meeting_id)
        if reply == MeetingInvitation.Reply.YES and invitation.reply != reply:
            taken = meeting.invitations.filter(reply=MeetingInvitation.Reply.YES).count()
            if taken >= meeting.capacity:
                raise MeetingFull
        invitation.reply = reply
        invitation.replied_on = timezone.localdate()
        invitation.save(update_fields=["reply", "replied_on"])
    return invitation


# --- Quotes ---------------------------------------------------------------------------------------
def pick_quote(actor, answer: Answer) -> Quote:
    """Copy a free-text answer into an unpublished quote for staff to redact and publish."""
    require(actor, "eraati.add_quote")
    if not answer.question.type.free_text:
        raise ValueError("Only free-text answers can be quoted.")
    return Quote.objects.create(question=answer.question, text=answer.text)
