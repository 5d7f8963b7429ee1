"""The moderation workflow of notices: draft → review by a provincial editor → publish."""

from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from home.roles import PROVINCIAL_EDITORS

WORKFLOW_NAME = "Notice review"
TASK_NAME = "Provincial editors approval"


def ensure_notice_workflow(*index_pages) -> Workflow:
    """The "Notice review" workflow (one group-approval task for Provincial editors), assigned to each
    notices index page given (one per language). Safe to run again."""
    group, _ = Group.objects.get_or_create(name=PROVINCIAL_EDITORS)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(group)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for page in index_pages:
        WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow
