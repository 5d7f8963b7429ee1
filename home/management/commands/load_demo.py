"""Load the demo content a newcomer sees first (CONTRACT.md). Idempotent: run it as often as you like."""

from django.core.management.base import BaseCommand
from django.db import transaction

from home import demo as home_demo


class Command(BaseCommand):
    help = "Load the demo content (page tree, centers, notices, events, submissions, accounts). Safe to re-run."

    def handle(self, *args, **options):
        with transaction.atomic():
            context = home_demo.load()
            summary = [f"{len(context['users'])} accounts"]
            for module_name in ("directory.demo", "notices.demo", "submissions.demo"):
                try:
                    module = __import__(module_name, fromlist=["load"])
                except ModuleNotFoundError:
                    continue
                summary.append(module.load(context))
        self.stdout.write(self.style.SUCCESS("Demo content loaded: " + "; ".join(s for s in summary if s)))
        password = home_demo.demo_password()
        self.stdout.write("Log in at /admin/ as one of: " + ", ".join(context["users"]) + f"  (password: {password})")
