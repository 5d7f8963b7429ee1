"""Load the demo content a newcomer sees first (docs/contract.md). Idempotent: run it as often as you like."""

import importlib

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
    ("submissions.demo_evaluation", "load_evaluation"),
]


class Command(BaseCommand):
    help = "Load the demo content (page tree, centers, notices, events, submissions, accounts). Safe to re-run."

    def handle(self, *args, **options):
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
        self.stdout.write(self.style.SUCCESS("Demo content loaded: " + "; ".join(s for s in summary if s)))
        self.stdout.write(
            "Log in at /admin/ as one of: " + ", ".join(context["users"]) + f"  (password: {home_demo.demo_password()})"
        )
