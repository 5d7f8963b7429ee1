"""Load the demo content a newcomer sees first (docs/contract.md). Idempotent: run it as often as you like."""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from home import demo as home_demo

# Each app contributes its part, in this order; each step gets the context the earlier ones filled in.
DEMO_STEPS = [
    ("directory.demo", "load"),
    ("notices.demo", "load"),
    ("directory.demo_lifecycle", "load_lifecycle"),
    ("submissions.demo", "load"),
    ("submissions.demo_desk", "load_desk"),
    ("submissions.demo_registrations", "load_registrations"),
    ("submissions.demo_evaluation", "load_evaluation"),
]


class Command(BaseCommand):
    help = "Load the demo content (page tree, centers, notices, events, submissions, accounts). Safe to re-run."

    def add_arguments(self, parser):
        parser.add_argument(
            "--address",
            help="The address the site will be served at (e.g. http://127.0.0.1:8000): end with a box saying "
            "where to go and how to log in, as `make run` does.",
        )

    def handle(self, *args, address=None, **options):
        with transaction.atomic():
            context = home_demo.load()
            summary = [f"{len(context['users'])} accounts"]
            for module_name, function_name in DEMO_STEPS:
                try:
                    module = importlib.import_module(module_name)
                except ModuleNotFoundError as exc:
                    if exc.name != module_name:
                        raise
                    continue
                summary.append(getattr(module, function_name)(context))
        self.stdout.write(self.style.SUCCESS("Demo content loaded:"))
        for part in summary:
            if part:
                self.stdout.write(f"  - {part}")
        password = home_demo.demo_password()
        if address:
            self.stdout.write(self.style.SUCCESS(welcome_box(address.rstrip("/"), list(context["users"]), password)))
        else:
            self.stdout.write(f"Log in at /admin/ as one of: {', '.join(context['users'])}  (password: {password})")


def email_destination() -> str:
    """Where mail sent by the site goes in this configuration, in a newcomer's words."""
    backend = settings.EMAIL_BACKEND.rsplit(".", 2)[-2]
    return {
        "console": "printed in this terminal (console backend)",
        "filebased": f"written to files in {getattr(settings, 'EMAIL_FILE_PATH', '?')}",
        "locmem": "kept in memory (tests)",
        "dummy": "thrown away (dummy backend)",
    }.get(backend, f"sent through {settings.EMAIL_HOST}:{settings.EMAIL_PORT}")


def welcome_box(address: str, users: list[str], password: str) -> str:
    """The last thing `make run` prints before the server starts: the address and the login, in a box."""
    lines = [
        f"Site:      {address}/   (English: {address}/en/)",
        f"Admin:     {address}/admin/",
        f"Accounts:  {', '.join(users)}",
        f"Password:  {password}   (the same for every account)",
        "Try:       /submissions/status/ with a receipt number from the desk and code DEMO2345",
        f"Email:     {email_destination()}",
        "Stop:      Ctrl+C",
    ]
    width = max(len(line) for line in lines)
    rule = "+" + "-" * (width + 2) + "+"
    return "\n".join(["", rule, *(f"| {line.ljust(width)} |" for line in lines), rule, ""])
