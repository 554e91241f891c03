from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.checks import check
from content.pages import images_dir as default_images_dir


class Command(BaseCommand):
    help = (
        "List broken links, links not made for their address (javascript: and the like), "
        "in-page links without a heading, HTML the sanitiser removes, missing images, pages "
        "without a title, lines of the search words file (search-words.txt) that search "
        "cannot read, and the rest docs/deploying.md lists. Exits 1 when it finds an error."
    )

    def add_arguments(self, parser):
        parser.add_argument("--content-dir", type=Path, help="default: CONTENT_DIR")
        parser.add_argument("--images-dir", type=Path, help="default: CONTENT_IMAGES_DIR")

    def handle(self, *args, content_dir=None, images_dir=None, **options):
        for folder in (content_dir, images_dir):
            if folder is not None and not folder.is_dir():
                raise CommandError(f"{folder} is not a folder")
        images = (images_dir or default_images_dir()).resolve()
        self.stdout.write(f"Images folder: {images}")
        findings = check(content_dir, images)
        errors = [f for f in findings if f.error]
        for finding in findings:
            label = "error" if finding.error else "warning"
            line = f":{finding.line}" if finding.line else ""
            where = f"{finding.page}{line}: " if finding.page else ""
            self.stdout.write(f"{where}{label}: {finding.message}")
        warnings = len(findings) - len(errors)
        self.stdout.write(f"{len(errors)} error(s), {warnings} warning(s)")
        if errors:
            raise SystemExit(1)
