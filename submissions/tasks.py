"""Background work for submissions, run by django-tasks: immediately in development and tests, by a
`python manage.py db_worker` process in production (TASKS_BACKEND=django_tasks_db.DatabaseBackend)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django_tasks import task


@task()
def send_email(*, to: list[str], subject: str, body: str) -> int:
    """Send one plain-text email. Arguments are plain strings so a database-backed queue can hold them."""
    message = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to)
    return message.send()
