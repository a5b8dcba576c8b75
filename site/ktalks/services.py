"""Every change to K-talk data goes through a function here (permission check, transaction, audit).

Page content (the notes) changes through Wagtail's own page actions and the approval workflow.
"""

import datetime

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import GroupApprovalTask, GroupPagePermission, Page, Workflow, WorkflowPage, WorkflowTask

from accounts import roles
from accounts.permissions import require

from .models import Commitment, CommitmentStatus, CommitmentUpdate, DecisionMaker, KTalkIndexPage, KTalkPage

APPROVER_GROUP = "ktalk_approver"
WORKFLOW_NAME = "K-talk notes approval"
APPROVAL_TASK_NAME = "Approval by K-talk approvers"
COMMITMENT_UPDATE_ACTION = "ktalks.commitment_update"

# Page permissions on the K-talk index, inherited by every K-talk under it.
COORDINATOR_PAGE_PERMISSIONS = ("add_page", "change_page")
APPROVER_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")
APPROVER_PERMISSIONS = ("wagtailadmin.access_admin",)


@transaction.atomic
def create_commitment(*, user, ktalk: KTalkPage, decision_maker: DecisionMaker, promise: str) -> Commitment:
    """Record what a decision-maker said they would do at a K-talk (status: promised)."""
    if user is not None:  # None is the system itself (data migrations, demo loading)
        require(user, "ktalks.add_commitment")
    commitment = Commitment.objects.create(ktalk=ktalk, decision_maker=decision_maker, promise=promise)
    log(instance=commitment, action="wagtail.create", user=user)
    return commitment


@transaction.atomic
def record_commitment_update(
    commitment: Commitment,
    *,
    user,
    status: str,
    note: str,
    date: datetime.date | None = None,
) -> CommitmentUpdate:
    """Add a dated follow-up to a commitment; the latest update sets the commitment's status."""
    if user is not None:  # None is the system itself (data migrations, demo loading)
        require(user, "ktalks.change_commitment")
    if status not in CommitmentStatus.values:
        raise ValueError(f"Unknown commitment status {status!r}")
    update = CommitmentUpdate.objects.create(
        commitment=commitment, status=status, note=note, date=date or timezone.localdate()
    )
    refresh_commitment_status(commitment, user=user)
    return update


def refresh_commitment_status(commitment: Commitment, *, user) -> Commitment:
    """Set the status to that of the latest dated update ("promised" without updates); audit a change.

    The admin's create and edit views call this after saving the commitment and its inline updates.
    """
    latest = commitment.updates.order_by("-date", "-pk").first()
    status = latest.status if latest else CommitmentStatus.PROMISED
    if status != commitment.status:
        previous = commitment.status
        Commitment.objects.filter(pk=commitment.pk).update(status=status, updated_at=timezone.now())
        commitment.status = status
        log(
            instance=commitment,
            action=COMMITMENT_UPDATE_ACTION,
            user=user,
            data={"from": previous, "to": status},
        )
    return commitment


def _page_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


@transaction.atomic
def ensure_notes_workflow(index_page: Page) -> Workflow:
    """Set up, idempotently, who may write and who may approve K-talk notes under ``index_page``.

    * Coordinators get add/change page permissions on the index: they write notes and submit them.
    * The ``ktalk_approver`` group gets publish permission too; only its members (and superusers)
      can approve the "K-talk notes approval" workflow's single group approval task.
    * The workflow is assigned to the index, so every K-talk page under it goes through it.
    """
    coordinators, _created = Group.objects.get_or_create(name=roles.COORDINATOR)
    approvers, _created = Group.objects.get_or_create(name=APPROVER_GROUP)
    for dotted in APPROVER_PERMISSIONS:
        app_label, codename = dotted.split(".")
        approvers.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    for group, codenames in (
        (coordinators, COORDINATOR_PAGE_PERMISSIONS),
        (approvers, APPROVER_PAGE_PERMISSIONS),
    ):
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=index_page, permission=_page_permission(codename)
            )

    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=APPROVAL_TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=APPROVAL_TASK_NAME)
    task.groups.add(approvers)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index_page, defaults={"workflow": workflow})
    return workflow


def ensure_all_notes_workflows() -> None:
    """Run after every migrate: each K-talk index has its workflow and page permissions."""
    for index_page in KTalkIndexPage.objects.all():
        ensure_notes_workflow(index_page)
