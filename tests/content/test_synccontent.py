import os
import shutil
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from content.pages import get_page

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(*args, cwd):
    subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args],  # noqa: S607
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path):
    origin = tmp_path / "origin"
    (origin / "pages-content").mkdir(parents=True)
    (origin / "pages-content" / "tremor.md").write_text("# Tremor\n\nFirst edition.\n")
    git("init", "--quiet", "--initial-branch", "main", cwd=origin)
    git("add", ".", cwd=origin)
    git("commit", "--quiet", "-m", "First", cwd=origin)
    return origin


def sync(*args):
    out = StringIO()
    call_command("synccontent", *args, stdout=out)
    return out.getvalue()


def test_content_is_published_from_git_and_updated_atomically(repo, tmp_path, settings):
    link = tmp_path / "current"
    settings.CONTENT_DIR = link / "pages-content"
    assert "Published" in sync("--repo", str(repo), "--into", str(link))
    assert link.is_symlink()
    assert "First edition." in get_page("tremor").html
    first_checkout = link.resolve()

    (repo / "pages-content" / "tremor.md").write_text("# Tremor\n\nSecond edition.\n")
    git("commit", "--quiet", "-am", "Second", cwd=repo)
    assert "Published" in sync("--repo", str(repo), "--into", str(link))
    assert link.resolve() != first_checkout
    assert "Second edition." in get_page("tremor").html
    assert "Already up to date" in sync("--repo", str(repo), "--into", str(link))


def test_old_checkouts_are_removed_and_the_previous_one_kept(repo, tmp_path):
    link = tmp_path / "current"
    for edition in range(3):
        (repo / "pages-content" / "tremor.md").write_text(f"# Tremor\n\nEdition {edition}.\n")
        git("commit", "--quiet", "-am", f"Edition {edition}", cwd=repo)
        sync("--repo", str(repo), "--into", str(link))
    assert len(list((tmp_path / ".current.checkouts").iterdir())) == 2


def test_a_missing_branch_or_a_real_folder_is_refused(repo, tmp_path):
    with pytest.raises(CommandError, match="no branch"):
        sync("--repo", str(repo), "--branch", "nope", "--into", str(tmp_path / "current"))
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(CommandError, match="not a link"):
        sync("--repo", str(repo), "--into", str(folder))
    with pytest.raises(CommandError, match="must not start"):
        sync("--repo", "--upload-pack=touch /tmp/x", "--into", str(tmp_path / "current"))


def test_the_first_publish_runs_before_the_content_folder_exists(repo, tmp_path):
    """On a new machine CONTENT_DIR names a folder only synccontent makes: the check that it
    holds pages (content.E001) must not stop the command that would fill it."""
    link = tmp_path / "current"
    # From the command line, as an operator runs it: call_command skips the system checks.
    published = subprocess.run(
        [sys.executable, "manage.py", "synccontent", "--repo", str(repo), "--into", str(link)],
        cwd=django_settings.BASE_DIR,
        env={**os.environ, "CONTENT_DIR": str(link / "pages-content")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert published.returncode == 0, published.stderr
    assert "Published" in published.stdout
    assert (link / "pages-content" / "tremor.md").is_file()


def test_a_commit_with_no_pages_where_the_site_reads_them_is_not_published(
    repo, tmp_path, settings
):
    """A folder renamed in the repository would take every information page offline: the
    live pages stay, and the command fails, so the timer that runs it says so."""
    link = tmp_path / "current"
    settings.CONTENT_DIR = link / "pages-content"
    sync("--repo", str(repo), "--into", str(link))
    published = link.resolve()
    git("mv", "pages-content", "pages", cwd=repo)
    git("commit", "--quiet", "-m", "Rename", cwd=repo)
    with pytest.raises(CommandError, match="no pages in pages-content: nothing was published"):
        sync("--repo", str(repo), "--into", str(link))
    assert link.resolve() == published
    assert "First edition." in get_page("tremor").html
    assert len(list((tmp_path / ".current.checkouts").iterdir())) == 1
