from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from content.sync import SyncError, sync


class Command(BaseCommand):
    help = (
        "Publish content from a git repository: clone the branch's latest commit and "
        "switch the content link to it in one step."
    )
    # The content check (content.E001) fails until a first publish makes CONTENT_DIR, which
    # is this command's job; what it needs of its own arguments, sync() checks.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--repo", required=True, help="git URL or path")
        parser.add_argument("--branch", default="main")
        parser.add_argument(
            "--into",
            type=Path,
            help="the link to switch (default: CONTENT_DIR). For a repository with pages "
            "in a subfolder, point CONTENT_DIR at LINK/pages-content and pass --into LINK.",
        )

    def handle(self, *args, repo, branch, into=None, **options):
        link = Path(into or settings.CONTENT_DIR)
        try:
            changed, commit = sync(repo, link, branch, Path(settings.CONTENT_DIR))
        except SyncError as error:
            raise CommandError(str(error)) from None
        if changed:
            self.stdout.write(f"Published {commit[:12]} from {branch}.")
        else:
            self.stdout.write(f"Already up to date at {commit[:12]}.")
