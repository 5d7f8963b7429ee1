"""Background work for submissions, run by django-tasks: immediately in development and tests, by a
`python manage.py db_worker` process in production (TASKS_BACKEND=django_tasks_db.DatabaseBackend)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django_tasks import task

from submissions.alerts import sending


def build_email(*, to: list[str], subject: str, body: str, attachments=()) -> EmailMessage:
    """A plain-text email; `attachments` are (filename, text content, MIME type) triples."""
    message = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to)
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    return message


@task()
def send_email(*, to: list[str], subject: str, body: str, attachments: list | None = None) -> int:
    """Send one plain-text email. Arguments are plain strings (attachments as [filename, text, MIME
    type] lists) so a database-backed queue can hold them."""
    return build_email(to=to, subject=subject, body=body, attachments=attachments or ()).send()


@task()
def send_notice_alerts(*, notice_id: int) -> int:
    """Email the subscribers a just-published notice matches (`submissions.alerts.sending`); returns how
    many were sent. Idempotent: `send_alerts` may run over the same notice later and sends nothing again."""
    return sending.send_notice_alerts(notice_id).sent
