"""The moderation workflow of notices: draft → review by a provincial editor → publish."""

from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, Task, Workflow, WorkflowPage, WorkflowTask

from home.roles import PROVINCIAL_EDITORS

# Workflow and task names are data Wagtail shows as they are ("提交通知审核"): named in the admin's first
# language, Chinese. The English names of earlier versions are renamed in place.
WORKFLOW_NAME = "通知审核"
TASK_NAME = "省级编辑审核"
FORMER_NAMES = {WORKFLOW_NAME: "Notice review", TASK_NAME: "Provincial editors approval"}
# Wagtail's own migration creates a default workflow and task for the whole tree, both "Moderators approval".
WAGTAIL_DEFAULT_NAMES = {"Moderators approval": "内容审核"}


def ensure_notice_workflow(*index_pages) -> Workflow:
    """The notice review workflow ("通知审核") (one group-approval task for Provincial editors), assigned to each
    notices index page given (one per language). Safe to run again."""
    group, _ = Group.objects.get_or_create(name=PROVINCIAL_EDITORS)
    for english, chinese in WAGTAIL_DEFAULT_NAMES.items():
        Workflow.objects.filter(name=english).update(name=chinese)
        Task.objects.filter(name=english).update(name=chinese)
    Workflow.objects.filter(name=FORMER_NAMES[WORKFLOW_NAME]).update(name=WORKFLOW_NAME)
    GroupApprovalTask.objects.filter(name=FORMER_NAMES[TASK_NAME]).update(name=TASK_NAME)
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
