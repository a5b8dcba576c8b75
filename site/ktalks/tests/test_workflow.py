"""Notes are written by coordinators and published only after approval by a different group."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Workflow, WorkflowPage, WorkflowState

from ktalks import services
from ktalks.models import KTalkPage

from . import factories

pytestmark = pytest.mark.django_db


def _draft(parent):
    return factories.ktalk(parent=parent, title="Muistio luonnoksena", live=False)


def test_workflow_is_assigned_to_the_index_with_a_group_approval_task(ktalk_index):
    workflow = WorkflowPage.objects.get(page=ktalk_index).workflow
    assert workflow.name == services.WORKFLOW_NAME
    assert workflow.active
    tasks = [task.specific for task in workflow.tasks.all()]
    assert [list(task.groups.values_list("name", flat=True)) for task in tasks] == [[services.APPROVER_GROUP]]
    assert _draft(ktalk_index).get_workflow() == workflow


def test_setting_up_the_workflow_twice_changes_nothing(ktalk_index):
    counts = (Workflow.objects.count(), GroupPagePermission.objects.count(), Group.objects.count())
    services.ensure_notes_workflow(ktalk_index)
    assert (Workflow.objects.count(), GroupPagePermission.objects.count(), Group.objects.count()) == counts


def test_coordinator_can_write_and_submit_but_not_publish(ktalk_index, coordinator):
    draft = _draft(ktalk_index)
    permissions = draft.permissions_for_user(coordinator)
    assert permissions.can_edit()
    assert not permissions.can_publish()
    assert ktalk_index.permissions_for_user(coordinator).can_add_subpage()


def test_submitted_notes_are_published_only_when_an_approver_approves(ktalk_index, coordinator, approver):
    draft = _draft(ktalk_index)
    draft.save_revision(user=coordinator)
    state = draft.get_workflow().start(draft, coordinator)
    task_state = state.current_task_state
    task = task_state.task.specific

    assert task.get_actions(draft, coordinator) == []  # coordinators cannot approve
    assert [name for name, *_rest in task.get_actions(draft, approver)][:2] == ["reject", "approve"]
    assert not KTalkPage.objects.get(pk=draft.pk).live

    task.on_action(task_state, approver, "approve")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert KTalkPage.objects.get(pk=draft.pk).live


def test_rejected_notes_stay_unpublished(ktalk_index, coordinator, approver):
    draft = _draft(ktalk_index)
    draft.save_revision(user=coordinator)
    state = draft.get_workflow().start(draft, coordinator)
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, approver, "reject")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not KTalkPage.objects.get(pk=draft.pk).live
