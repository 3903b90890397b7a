"""The git commands `okr sync` runs, through the ``git`` program (no library): each one
line of stderr away from a message a person can act on."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import StoreError
from .i18n import _

if TYPE_CHECKING:
    from .sync import Report

NETWORK_TIMEOUT = 300.0  # a fetch, push or clone; a local command gets a tenth of it


class SyncError(StoreError):
    """Sync cannot go on; the store is as it was (local work stays committed). ``report``:
    what the sync did before it stopped (a merge it applied before the push failed)."""

    report: Report | None = None


class Unreachable(SyncError):
    """The remote did not answer (or refused us)."""


class Rejected(SyncError):
    """A push the remote refused because someone pushed first."""


@dataclass
class Status:
    head: str | None  # None: no commit yet
    branch: str | None
    upstream: str | None  # "origin/main"
    ahead: int
    behind: int
    untracked: int  # new journal files not committed yet


class Git:
    """git, run in a store directory (which may be a sub-directory of the repository)."""

    def __init__(self, cwd: Path, env: dict[str, str] | None = None, *, shared: bool = False) -> None:
        self.cwd = cwd
        self.env = env
        self.shared = shared  # what git writes (a clone, merged journal files) gets the store's modes

    def with_env(self, env: dict[str, str]) -> Git:
        return Git(self.cwd, {**(self.env or {}), **env}, shared=self.shared)

    def run(self, *args: str, check: bool = True, network: bool = False, stdin: str | None = None,
            what: str = "") -> subprocess.CompletedProcess[str]:
        """``what``: the command's object in an error ("to URL"), in the user's language."""
        if shutil.which("git") is None:
            raise SyncError(_("okr sync needs git, which is not installed (or not on PATH)"))
        timeout = NETWORK_TIMEOUT if network else NETWORK_TIMEOUT / 10
        env = {**os.environ, **(self.env or {})}
        try:
            done = subprocess.run(["git", *args], cwd=self.cwd, env=env, input=stdin, capture_output=True,
                                  text=True, timeout=timeout, check=False,
                                  stdin=None if stdin is not None else subprocess.DEVNULL,
                                  umask=0o007 if self.shared else 0o077)
        except subprocess.TimeoutExpired:
            error = Unreachable if network else SyncError
            said = (_("git {command} {what} got no answer in {seconds} s") if what
                    else _("git {command} got no answer in {seconds} s"))
            raise error(said.format(command=args[0], what=what, seconds=f"{timeout:.0f}")) from None
        if check and done.returncode != 0:
            error = Unreachable if network else SyncError
            said = _("git {command} {what} failed: {why}") if what else _("git {command} failed: {why}")
            raise error(said.format(command=args[0], what=what, why=last_line(done.stderr or done.stdout)))
        return done

    def out(self, *args: str) -> str:
        return self.run(*args).stdout.strip()

    def ok(self, *args: str) -> bool:
        return self.run(*args, check=False).returncode == 0

    # -- questions ---------------------------------------------------------------------
    def toplevel(self) -> Path | None:
        done = self.run("rev-parse", "--show-toplevel", check=False)
        return Path(done.stdout.strip()) if done.returncode == 0 else None

    def status(self) -> Status:
        """Branch, upstream, ahead/behind (as of the last fetch) and new journal files: one call."""
        lines = self.run("status", "--porcelain=v2", "--branch", "--untracked-files=all", "-z",
                         "--", "journal").stdout.split("\0")
        head = branch = upstream = None
        ahead = behind = untracked = 0
        for line in lines:
            if line.startswith("# branch.oid "):
                head = None if line.endswith("(initial)") else line.split()[2]
            elif line.startswith("# branch.head "):
                branch = None if line.endswith("(detached)") else line.split(" ", 2)[2]
            elif line.startswith("# branch.upstream "):
                upstream = line.split(" ", 2)[2]
            elif line.startswith("# branch.ab "):
                a, b = line.split()[2:4]
                ahead, behind = int(a), -int(b)
            elif line.startswith("? "):
                untracked += 1
        return Status(head, branch, upstream, ahead, behind, untracked)

    def untracked(self) -> list[str]:
        """New journal files, relative to the store directory."""
        out = self.run("ls-files", "-z", "--others", "--exclude-standard", "--", "journal").stdout
        return [p for p in out.split("\0") if p]

    def added(self, since: str, until: str = "HEAD") -> list[str]:
        """Journal files added between two commits, relative to the store directory."""
        out = self.run("diff", "-z", "--name-only", "--relative", "--diff-filter=A", "--no-renames",
                       since, until, "--", "journal").stdout
        return [p for p in out.split("\0") if p]

    def is_ancestor(self, commit: str) -> bool:
        return self.ok("merge-base", "--is-ancestor", commit, "HEAD")

    def remote_url(self, remote: str = "origin") -> str | None:
        done = self.run("remote", "get-url", remote, check=False)
        return done.stdout.strip() if done.returncode == 0 else None

    def remote_branches(self, url: str) -> list[str]:
        out = self.run("ls-remote", "--heads", url, network=True, what=url).stdout
        return [line.split("refs/heads/", 1)[1] for line in out.splitlines() if "refs/heads/" in line]

    def identity(self, host: str) -> dict[str, str]:
        """Who commits: the user's git identity if git has one, else this host's."""
        if self.ok("var", "GIT_COMMITTER_IDENT"):
            return {}
        name, email = f"okr sync {host}", f"{host}@okr-sync.invalid"
        return {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
                "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}

    # -- changes -----------------------------------------------------------------------
    def add(self, paths: Sequence[str]) -> None:
        if paths:
            self.run("add", "--pathspec-from-file=-", "--pathspec-file-nul", stdin="\0".join(paths))

    def commit(self, message: str, author: dict[str, str]) -> None:
        self.with_env(author).run("commit", "-q", "--no-verify", "-m", message)

    def fetch(self, remote: str | None = None) -> None:
        """Fetch from ``remote``, or from the current branch's."""
        done = self.run("fetch", "-q", *([remote] if remote else []), check=False, network=True)
        if done.returncode != 0:
            where = self.remote_url(remote or "origin") or remote or _("the remote")
            raise Unreachable(_("cannot fetch from {where}: {why}").format(where=where, why=last_line(done.stderr)))

    def merge(self, upstream: str, author: dict[str, str]) -> None:
        done = self.with_env(author).run("merge", "-q", "--no-edit", "--no-stat", "-m", "okr sync: merge", upstream,
                                         check=False)
        if done.returncode != 0:
            self.run("merge", "--abort", check=False)
            raise SyncError(_("git could not merge {upstream} ({why}); a journal file was changed after it was "
                              "written; nothing was merged").format(upstream=upstream,
                                                                    why=last_line(done.stdout + done.stderr)))

    def push(self, remote: str, branch: str) -> None:
        done = self.run("push", "-q", remote, f"HEAD:refs/heads/{branch}", check=False, network=True)
        if done.returncode == 0:
            return
        if any(s in done.stderr for s in ("[rejected]", "non-fast-forward", "fetch first", "[remote rejected]")):
            raise Rejected(last_line(done.stderr))
        raise Unreachable(_("git push to {where} failed: {why}").format(where=self.remote_url(remote) or remote,
                                                                        why=last_line(done.stderr)))


def last_line(text: str) -> str:
    """git's most telling line: the last 'fatal:'/'error:' one, else the last one."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    told = [line for line in lines if line.startswith(("fatal:", "error:", "ssh:", "remote:"))]
    return (told or lines or [_("no message")])[-1]
