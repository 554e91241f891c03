"""Publishing from git: a fresh checkout of the branch, then an atomic switch.

The content folder (or a folder above it) is a symbolic link to the current
checkout. A new version is cloned next to it and the link is replaced in one
rename, so a request never sees a half-updated folder. The previous checkout is
kept (a request may still be reading it); older ones are removed.
"""

import os
import shutil
import subprocess
import time
from pathlib import Path

GIT_ENV = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}


class SyncError(Exception):
    pass


def _git(*args: str, cwd: Path | None = None) -> str:
    try:
        done = subprocess.run(  # noqa: S603 - fixed program, arguments as a list
            ["git", *args],  # noqa: S607 - git from PATH, as operators install it
            cwd=cwd,
            env=GIT_ENV,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
    except subprocess.CalledProcessError as error:
        raise SyncError(error.stderr.strip() or f"git {args[0]} failed") from None
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SyncError(str(error)) from None
    return done.stdout.strip()


def remote_commit(repo: str, branch: str) -> str:
    out = _git("ls-remote", "--", repo, f"refs/heads/{branch}")
    if not out:
        raise SyncError(f"no branch {branch!r} in {repo}")
    return out.split()[0]


def current_commit(link: Path) -> str | None:
    if not link.is_symlink() or not link.exists():
        return None
    try:
        return _git("rev-parse", "HEAD", cwd=link.resolve())
    except SyncError:
        return None


def sync(
    repo: str, link: Path, branch: str = "main", pages: Path | None = None
) -> tuple[bool, str]:
    """Bring `link` to the branch's latest commit. Returns (changed, commit).

    `pages` is where the site reads pages (CONTENT_DIR): a commit with none there is not
    published, as it would take every information page offline.
    """
    if repo.startswith("-") or branch.startswith("-"):
        raise SyncError("the repository and branch must not start with '-'")
    if link.exists() and not link.is_symlink():
        raise SyncError(f"{link} is a folder, not a link this command manages")
    commit = remote_commit(repo, branch)
    if current_commit(link) == commit:
        return False, commit
    checkouts = link.parent / f".{link.name}.checkouts"
    checkouts.mkdir(parents=True, exist_ok=True)
    target = checkouts / f"{time.strftime('%Y%m%d%H%M%S')}-{commit[:12]}"
    _git("clone", "--quiet", "--depth", "1", "--branch", branch, "--", repo, str(target))
    within = pages.relative_to(link) if pages and pages.is_relative_to(link) else Path()
    if next((target / within).rglob("*.md"), None) is None:
        shutil.rmtree(target, ignore_errors=True)
        where = f"in {within}" if within.parts else "in it"
        raise SyncError(f"commit {commit[:12]} has no pages {where}: nothing was published")
    previous = link.resolve() if link.is_symlink() else None
    temporary = link.parent / f".{link.name}.new"
    if temporary.is_symlink():
        temporary.unlink()
    temporary.symlink_to(target)
    os.replace(temporary, link)
    for old in checkouts.iterdir():
        if old not in {target, previous}:
            shutil.rmtree(old, ignore_errors=True)
    return True, commit
